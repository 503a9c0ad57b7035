#!/usr/bin/env bash
# Long fuzzing runs (the ctests with label "fuzz" only fuzz for seconds):
#   scripts/run-fuzzers.sh [--minutes N] [--jobs J] [--no-merge] [target...]
# Builds every fuzz/ project of the tree (clang) into build-fuzz/ (or $CVC_FUZZ_BUILD_DIR), then
# fuzzes each target for N minutes (default 10), J targets at a time (default 1), through
# cmake/CvcRunFuzzers.cmake like the ctests. Each run starts from the target's checked-in corpus
# and writes new inputs to a scratch folder; afterwards the inputs that bring new coverage are
# merged into the checked-in corpus (libFuzzer -merge=1; --no-merge leaves the tree alone), and
# every crash, leak, timeout or out-of-memory input is copied there as a regression input.
# Targets are named like their executables without "fuzz_" (kubeconfig, jsonpath, ...); none
# means all. Prints one line per target and exits non-zero when anything was found.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CVC_FUZZ_BUILD_DIR:-$root/build-fuzz}
minutes=10
jobs=1
merge=ON
wanted=()
while (($#)); do
  case $1 in
    --minutes) minutes=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --no-merge) merge=OFF; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run-fuzzers.sh: unknown option $1" >&2; exit 2 ;;
    *) wanted+=("$1"); shift ;;
  esac
done
[[ $minutes =~ ^[0-9]+$ && $minutes -gt 0 ]] || { echo "run-fuzzers.sh: --minutes takes a whole number" >&2; exit 2; }
[[ $jobs =~ ^[0-9]+$ && $jobs -gt 0 ]] || { echo "run-fuzzers.sh: --jobs takes a whole number" >&2; exit 2; }
driver=$root/cmake/CvcRunFuzzers.cmake

# Every fuzz project and its targets: <folder>/fuzz/CMakeLists.txt, targets fuzz_<name>.cpp. A
# project's build folder is named after its component, like the ctests (core/kube/fuzz: kube).
declare -A projectOf=()
projects=()
targets=()
for list in $(cd "$root" && find core sandbox -path '*/fuzz/CMakeLists.txt' | sort); do
  dir=$root/$(dirname "$list")
  project=$(basename "$(dirname "$dir")")
  projects+=("$project:$dir")
  for source in "$dir"/fuzz_*.cpp; do
    name=$(basename "$source" .cpp)
    name=${name#fuzz_}
    projectOf[$name]=$project:$dir
    targets+=("$name")
  done
done
if ((${#wanted[@]})); then
  for name in "${wanted[@]}"; do
    [[ -n ${projectOf[$name]:-} ]] || { echo "run-fuzzers.sh: no target $name (have: ${targets[*]})" >&2; exit 2; }
  done
  targets=("${wanted[@]}")
fi

needed=()
for name in "${targets[@]}"; do
  entry=${projectOf[$name]}
  [[ " ${needed[*]:-} " == *" $entry "* ]] || needed+=("$entry")
done
for entry in "${needed[@]}"; do
  project=${entry%%:*}
  echo "== building the fuzz targets of ${entry#*:} into $build/$project"
  cmake -DMODE=build -DSOURCE_DIR="${entry#*:}" -DBUILD_DIR="$build/$project" -DJOBS=2 -P "$driver"
done

summaries=$build/summaries
rm -rf "$summaries"
mkdir -p "$summaries"
run() {
  local name=$1 entry=${projectOf[$1]}
  local project=${entry%%:*} dir=${entry#*:}
  echo "== fuzz_$name: $minutes min (log: $build/$project/logs/fuzz_$name.log)"
  cmake -DMODE=run -DSOURCE_DIR="$dir" -DBUILD_DIR="$build/$project" -DTARGET="$name" \
        -DSECONDS=$((minutes * 60)) -DMERGE=$merge -DKEEP_FINDINGS=ON \
        -DSUMMARY_FILE="$summaries/$name" -P "$driver" >"$summaries/$name.out" 2>&1 || true
  echo "== fuzz_$name: done, $(cut -d';' -f6 "$summaries/$name" 2>/dev/null || echo '?') finding(s)"
}
for name in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= jobs)); do
    wait -n || true
  done
  run "$name" &
done
wait

echo
printf '%-28s %7s %14s %8s %8s %9s\n' target minutes execs new merged findings
status=0
found=()
for name in "${targets[@]}"; do
  if [[ ! -s $summaries/$name ]]; then
    printf '%-28s did not run: see %s\n' "fuzz_$name" "$summaries/$name.out"
    status=1
    continue
  fi
  IFS=';' read -r _ seconds execs new merged findings files <"$summaries/$name"
  printf '%-28s %7s %14s %8s %8s %9s\n' "fuzz_$name" "$(awk "BEGIN { printf \"%.1f\", $seconds / 60 }")" \
         "$execs" "$new" "$merged" "$findings"
  if ((findings > 0)); then
    status=1
    for file in $files; do found+=("$file"); done
  elif grep -q "failed (exit" "$summaries/$name.out"; then
    status=1
    found+=("fuzz_$name failed without an input: $summaries/$name.out")
  fi
done
if ((${#found[@]})); then
  echo
  echo "Findings (now regression inputs in the corpus; fix the code, add a unit test, commit both):"
  printf '  %s\n' "${found[@]}"
fi
exit $status
