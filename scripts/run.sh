#!/usr/bin/env bash
# Quick start, command one: install what is needed, build, and start CVC Dashboard.
# With a kubeconfig (--kubeconfig, $KUBECONFIG or ~/.kube/config) it connects like kubectl.
# Without one it starts the built-in kube-sandbox with the CRD and the examples loaded.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CVC_BUILD_DIR:-$root/build}
"$root/scripts/install-deps.sh"
echo "Building (log: $build.log)..." >&2
"$root/scripts/build.sh" >"$build.log" 2>&1 || { tail -n 80 "$build.log"; exit 1; }
bin="$build/bin"

has_kubeconfig=false
for a in "$@"; do case "$a" in --kubeconfig|--kubeconfig=*) has_kubeconfig=true;; esac; done
[ -n "${KUBECONFIG:-}" ] && has_kubeconfig=true
[ -f "$HOME/.kube/config" ] && has_kubeconfig=true

if [ -x "$bin/cvc-dashboard" ]; then
  if $has_kubeconfig; then exec "$bin/cvc-dashboard" "$@"; fi
  exec "$bin/cvc-dashboard" --sandbox "$@"
fi

# No dashboard in this build: run the sandbox in the foreground so kubectl can be used beside it.
data="${XDG_DATA_HOME:-$HOME/.local/share}/cvc-dashboard/sandbox"
mkdir -p "$data"
exec "$bin/kube-sandbox" --port 0 --data "$data/state.db" --kubeconfig "$data/kubeconfig" \
  --preload "$root/crds" --preload "$root/examples"
