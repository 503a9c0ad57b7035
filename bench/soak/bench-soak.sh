#!/bin/sh
# bench-soak: tests/e2e/tst_operatorsoak for longer than CI runs it (default 10 minutes): two
# cvc-operator replicas, kubectl edits and rotating faults against kube-sandbox; prints its
# figures. Usage: bench/soak/bench-soak.sh [seconds] [build dir]   (defaults: 600, build)
set -eu
seconds=${1:-600}
build=${2:-build}
test_binary="$build/tests/tst_operatorsoak"
if [ ! -x "$test_binary" ]; then
    echo "bench-soak: $test_binary not found; build it with: cmake --build $build --target tst_operatorsoak" >&2
    exit 2
fi
echo "bench-soak: $seconds s of rotating faults ($test_binary)"
# QtTest stops a test function after 5 minutes unless told otherwise.
QTEST_FUNCTION_TIMEOUT=$(( (seconds + 300) * 1000 )) CVC_SOAK_SECONDS="$seconds" "$test_binary" -maxwarnings 0 2>&1 | grep -E "QINFO|PASS|FAIL|Totals|Loc:" | sed 's/^QINFO  : TestOperatorSoak::faultsRotateAndNothingIsLost() /figures: /'
