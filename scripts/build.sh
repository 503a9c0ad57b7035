#!/usr/bin/env bash
# Configures and builds into ./build (Ninja). Extra arguments go to `cmake --build`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CVC_BUILD_DIR:-$root/build}
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${CVC_BUILD_TYPE:-Release} >/dev/null
fi
cmake --build "$build" -j"$(nproc)" "$@"
