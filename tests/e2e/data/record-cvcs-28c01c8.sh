#!/usr/bin/env bash
# Records what the 0.1 operator (commit 28c01c8) writes into CVCs, as test data for
# tests/e2e/tst_operatorupgrade (not run by CI; the recorded files are checked in):
#   tests/e2e/data/record-cvcs-28c01c8.sh BIN_DIR [OUT_DIR]
# BIN_DIR holds kube-sandbox, fake-coingecko and cvc-operator built from 28c01c8, e.g.
#   git worktree add /tmp/old 28c01c8
#   cmake -S /tmp/old -B /tmp/build-28c01c8 -DCMAKE_BUILD_TYPE=Release -DCVC_BUILD_UI=OFF -DCVC_BUILD_BENCH=OFF
#   cmake --build /tmp/build-28c01c8 --target cvc-operator kube-sandbox fake-coingecko
#   tests/e2e/data/record-cvcs-28c01c8.sh /tmp/build-28c01c8/bin
# OUT_DIR (default: this folder) receives cvcs-written-by-28c01c8.json (a List of the CVCs as the
# API returned them, less uid, resourceVersion, creationTimestamp and managedFields) and
# cvcs-written-by-28c01c8.prices.json (fake-coingecko's /_admin/state at the end: the same prices
# and price times make the test's ticks "unchanged" for every CVC).
#
# The story, with 28c01c8's CRD (git show 28c01c8:crds/cryptovaluecalculators.yaml):
#   T0: bitcoin 41222, ethereum 3095.76, dogecoin 0.0821, shiba-inu 0.00000812 (24 h changes set)
#       every CVC is created with kubectl apply and valued;
#   turned-invalid: amount 2 -> -1 once valued (InvalidSpec NegativeAmount, annotation removed);
#   T1 = T0 + 300 s: bitcoin 42000, ethereum 3050.1, dogecoin unchanged but with a newer price time
#       (0.1 then writes change "0.00%"), shiba-inu untouched (no second valuation, no change);
#   amount-edited: amount 0.5 -> 1 (0.1 writes the value move, "+100.00%", as change);
#   snapshot; then every price call fails (503) until stale-doge shows PriceStale=True, and
#   stale-doge is taken from that second snapshot (every other CVC from the first).
set -euo pipefail

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; }
[[ ${1:-} == -h || ${1:-} == --help ]] && { usage; exit 0; }
[[ $# -ge 1 && $# -le 2 ]] || { usage >&2; exit 2; }
bin=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
out=${2:-$here}
for b in kube-sandbox fake-coingecko cvc-operator; do
  [[ -x $bin/$b ]] || { echo "record: no executable $bin/$b" >&2; exit 2; }
done
root=$(git -C "$here" rev-parse --show-toplevel)

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# Waits until FILE contains a line matching REGEX; prints the first capture of sed's -E REGEX.
wait_line() {
  local file=$1 regex=$2 seconds=${3:-20}
  local deadline=$((SECONDS + seconds))
  until grep -Eq "$regex" "$file" 2>/dev/null; do
    ((SECONDS < deadline)) || { echo "record: no /$regex/ in $file within ${seconds}s:" >&2; cat "$file" >&2; exit 1; }
    sleep 0.2
  done
  grep -Eo "$regex" "$file" | head -1 | sed -E "s#$regex#\\1#"
}

git -C "$root" show 28c01c8:crds/cryptovaluecalculators.yaml > "$tmp/crd-28c01c8.yaml"
"$bin/kube-sandbox" --ephemeral --port 0 --kubeconfig "$tmp/kubeconfig" --preload "$tmp/crd-28c01c8.yaml" \
  > "$tmp/sandbox.log" 2>&1 &
pids+=($!)
wait_line "$tmp/sandbox.log" 'listening on (https://[0-9.]+:[0-9]+)' >/dev/null
k() { kubectl --kubeconfig "$tmp/kubeconfig" "$@"; }

"$bin/fake-coingecko" --port 0 > "$tmp/prices.log" 2>&1 &
pids+=($!)
cg=$(wait_line "$tmp/prices.log" 'listening on (http://127\.0\.0\.1:[0-9]+)')
t0=1796634000   # 2026-12-07T09:00:00Z
t1=$((t0 + 300))
state() { curl -sS --fail -X POST -H 'Content-Type: application/json' --data "$1" "$cg/_admin/state" >/dev/null; }
state "{\"replacePrices\":true,\"prices\":{
  \"bitcoin\":{\"usd\":41222,\"usd_24h_change\":1.25,\"last_updated_at\":$t0},
  \"ethereum\":{\"usd\":3095.76,\"usd_24h_change\":-0.84,\"last_updated_at\":$t0},
  \"dogecoin\":{\"usd\":0.0821,\"usd_24h_change\":2.5,\"last_updated_at\":$t0},
  \"shiba-inu\":{\"usd\":0.00000812,\"usd_24h_change\":-3.1,\"last_updated_at\":$t0}}}"

"$bin/cvc-operator" --kubeconfig "$tmp/kubeconfig" --coingecko-url "$cg/api/v3" --interval 1s \
  --no-leader-election --health-addr 127.0.0.1:0 -v > "$tmp/operator.log" 2>&1 &
pids+=($!)
wait_line "$tmp/operator.log" 'health and metrics on (http://127\.0\.0\.1:[0-9]+)' >/dev/null

# apply, not `kubectl create namespace`: newer kubectls send that as protobuf, which 28c01c8's sandbox refuses
printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: portfolio\n' | k apply -f - >/dev/null
cvc() {   # NAMESPACE NAME COIN AMOUNT [metadata lines...]
  local ns=$1 name=$2 coin=$3 amount=$4
  shift 4
  {
    printf 'apiVersion: crypto.tools/v1\nkind: CryptoValueCalculator\nmetadata:\n  name: %s\n  namespace: %s\n' "$name" "$ns"
    for line in "$@"; do printf '  %s\n' "$line"; done
    printf 'spec:\n  coin: %s\n  amount: %s\n' "$coin" "$amount"
  } | k apply -f - >/dev/null
}
cvc default bitcoin-stash bitcoin 0.0023 'labels: {team: treasury}' 'annotations: {note: "cold wallet, ask Sam before moving"}'
cvc default lump-of-ethereum ethereum 1.47
cvc default doge-jar dogecoin 1200
cvc default shiba-pile shiba-inu 2500000
cvc default nothing-held dogecoin 0
cvc default amount-edited bitcoin 0.5
cvc default turned-invalid ethereum 2
cvc default born-invalid shiba-inu -5
cvc default stale-doge dogecoin 5000 'labels: {app.kubernetes.io/part-of: savings}'
cvc portfolio long-term-ether ethereum 10.25 'labels: {owner: alice, tier: gold}' \
  'annotations: {description: "ETH bought in 2021", example.com/audit: "2026-Q3"}'

# Waits until python's CONDITION holds for the list `kubectl get cvc -A -o json` returns.
wait_for() {
  local what=$1 condition=$2 deadline=$((SECONDS + 30))
  until k get cvc -A -o json | python3 -c "
import json, sys
items = {i['metadata']['name']: i for i in json.load(sys.stdin)['items']}
def cond(name, type):
    for c in items[name].get('status', {}).get('conditions', []):
        if c['type'] == type: return c.get('status')
def ann(name): return items[name]['metadata'].get('annotations', {}).get('value')
def st(name): return items[name].get('status', {})
sys.exit(0 if ($condition) else 1)"; do
    ((SECONDS < deadline)) || { echo "record: $what did not happen within 30 s" >&2; cat "$tmp/operator.log" >&2; exit 1; }
    sleep 0.3
  done
}
wait_for "the first valuation" "all(ann(n) for n in items if n != 'born-invalid') and cond('born-invalid', 'InvalidSpec') == 'True'"
k patch cvc turned-invalid --type merge -p '{"spec":{"amount":-1}}' >/dev/null
wait_for "InvalidSpec on turned-invalid" "cond('turned-invalid', 'InvalidSpec') == 'True' and ann('turned-invalid') is None"

state "{\"prices\":{
  \"bitcoin\":{\"usd\":42000,\"usd_24h_change\":1.25,\"last_updated_at\":$t1},
  \"ethereum\":{\"usd\":3050.1,\"usd_24h_change\":-0.84,\"last_updated_at\":$t1},
  \"dogecoin\":{\"usd\":0.0821,\"usd_24h_change\":2.5,\"last_updated_at\":$t1}}}"
wait_for "the T1 valuation" "ann('bitcoin-stash') == '\$96.6000' and ann('long-term-ether') == '\$31263.5250' and 'previousValue' in st('doge-jar')"
k patch cvc amount-edited --type merge -p '{"spec":{"amount":1}}' >/dev/null
wait_for "the amount edit's valuation" "ann('amount-edited') == '\$42000.0000' and st('amount-edited').get('observedGeneration') == 2"

strip='
import json, sys
items = []
for i in json.load(sys.stdin)["items"]:
    m = i["metadata"]
    for k in ("uid", "resourceVersion", "creationTimestamp", "managedFields", "selfLink"):
        m.pop(k, None)
    items.append(i)
json.dump({"apiVersion": "v1", "kind": "List", "items": items}, sys.stdout, indent=2, sort_keys=True)
'
k get cvc -A -o json | python3 -c "$strip" > "$tmp/healthy.json"

state '{"failNext":{"count":100000,"status":503}}'
wait_for "PriceStale on stale-doge" "cond('stale-doge', 'PriceStale') == 'True'"
k get cvc -A -o json | python3 -c "$strip" > "$tmp/outage.json"

python3 - "$tmp/healthy.json" "$tmp/outage.json" > "$out/cvcs-written-by-28c01c8.json" <<'EOF'
import json, sys
healthy = json.load(open(sys.argv[1]))
outage = {i["metadata"]["name"]: i for i in json.load(open(sys.argv[2]))["items"]}
healthy["items"] = [outage["stale-doge"] if i["metadata"]["name"] == "stale-doge" else i for i in healthy["items"]]
json.dump(healthy, sys.stdout, indent=2, sort_keys=True)
print()
EOF
cat > "$out/cvcs-written-by-28c01c8.prices.json" <<EOF
{
  "replacePrices": true,
  "prices": {
    "bitcoin": {"usd": 42000, "usd_24h_change": 1.25, "last_updated_at": $t1},
    "ethereum": {"usd": 3050.1, "usd_24h_change": -0.84, "last_updated_at": $t1},
    "dogecoin": {"usd": 0.0821, "usd_24h_change": 2.5, "last_updated_at": $t1},
    "shiba-inu": {"usd": 0.00000812, "usd_24h_change": -3.1, "last_updated_at": $t0}
  }
}
EOF
echo "recorded $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$out/cvcs-written-by-28c01c8.json") CVCs into $out/cvcs-written-by-28c01c8.json"
