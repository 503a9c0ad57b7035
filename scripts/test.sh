#!/usr/bin/env bash
# Quick start, command two: install what is needed, build, and run every test.
# Tests run inside a private D-Bus session with an unlocked gnome-keyring, so the keychain
# tests talk to a real Secret Service; GUI tests use Qt's offscreen platform.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CVC_BUILD_DIR:-$root/build}
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" >"$build.log" 2>&1 || { tail -n 80 "$build.log"; exit 1; }

export HOME_FOR_TESTS
HOME_FOR_TESTS=$(mktemp -d)
trap 'rm -rf "$HOME_FOR_TESTS"' EXIT
export XDG_RUNTIME_DIR="$HOME_FOR_TESTS/run"
mkdir -p -m 0700 "$XDG_RUNTIME_DIR"
cd "$build"
# ctest's summary is the last thing printed.
HOME="$HOME_FOR_TESTS" dbus-run-session -- sh -c '
  echo -n cvc-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  exec ctest --output-on-failure -j2 "$@"' sh "$@" 2>&1 |
  { grep --line-buffered -v -e "Failed to set fd limit" -e "^dbus-daemon\[" -e "^GNOME_KEYRING" || true; }
