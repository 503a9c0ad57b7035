#!/usr/bin/env bash
# The dashboard as a person starts it: a real X server (Xvfb), `cvc-dashboard --sandbox`, prices from
# the local CoinGecko-compatible server. Passes when kubectl beside it shows the values the window
# wrote and the screen shows the window; saves the screen as screenshots/xvfb-main-window.png in the
# build folder for people to look at (not compared pixel by pixel).
#   xvfb_screenshot.sh BIN_DIR BUILD_DIR
set -euo pipefail
bin=$1
out=$2/screenshots
mkdir -p "$out"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
export HOME=$work XDG_RUNTIME_DIR=$work/run KUBECACHEDIR=$work/kubecache
mkdir -m 0700 -p "$XDG_RUNTIME_DIR"
unset QT_QPA_PLATFORM

# Polls COMMAND every 0.2 s until it succeeds or SECONDS pass; the poll interval is not synchronisation.
wait_for() {
  local seconds=$1; shift
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}

"$bin/fake-coingecko" --port 0 >"$work/prices.out" 2>&1 &
pids+=($!)
wait_for 20 grep -qs 'listening on' "$work/prices.out" || { echo "fake-coingecko did not start"; cat "$work/prices.out"; exit 1; }
prices=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/prices.out")

cat >"$work/inside-x.sh" <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
bin=$1 prices=$2 shot=$3 work=$4
kubeconfig=$HOME/.local/share/cvc-dashboard/sandbox/kubeconfig
"$bin/cvc-dashboard" --sandbox --coingecko-url "$prices/api/v3" >"$work/dashboard.out" 2>&1 &
app=$!
wait_for() {
  local seconds=$1; shift
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    kill -0 "$app" 2>/dev/null || { echo "cvc-dashboard exited early:"; cat "$work/dashboard.out"; return 1; }
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}
valued() { [ -f "$kubeconfig" ] && kubectl --kubeconfig "$kubeconfig" get cvc 2>/dev/null | grep -q '\$94\.8106'; }
# A blank X screen has one colour; the mapped window has many.
painted() { import -window root "$shot" 2>/dev/null && [ "$(convert "$shot" -format %k info:)" -gt 200 ]; }
wait_for 60 valued || { echo "kubectl never showed the value the window writes"; cat "$work/dashboard.out"; kubectl --kubeconfig "$kubeconfig" get cvc || true; exit 1; }
kubectl --kubeconfig "$kubeconfig" get cvc
wait_for 30 painted || { echo "the window never appeared on the X screen"; exit 1; }
import -window root "$shot"   # once more, now that the table has its values
kill -TERM "$app"
wait "$app"   # a clean SIGTERM: loop stopped, lease released, sandbox stopped, exit 0
EOF
chmod +x "$work/inside-x.sh"

xvfb-run -a -s "-screen 0 1400x900x24" "$work/inside-x.sh" "$bin" "$prices" "$out/xvfb-main-window.png" "$work"
echo "screenshot: $out/xvfb-main-window.png"
