#!/usr/bin/env bash
# The 0.1 operator (28c01c8) and this tree's, side by side on one Lease, as in a rolling update
# and a rollback (not run by CI):
#   scripts/upgrade-side-by-side.sh [--old DIR] [--new DIR] [--interval S] [--ticks N]
# --old DIR  cvc-operator built from 28c01c8 (default $CVC_OLD_BIN_DIR, else ../build-28c01c8/bin)
# --new DIR  this tree's build: cvc-operator, kube-sandbox, fake-coingecko (default
#            $CVC_NEW_BIN_DIR, else build/bin)
# --interval seconds between price calls (default 2); --ticks windows watched per phase (default 3)
# Build the old one with (from the repository's root):
#   git worktree add ../old-28c01c8 28c01c8
#   cmake -S ../old-28c01c8 -B ../build-28c01c8 -DCMAKE_BUILD_TYPE=Release -DCVC_BUILD_UI=OFF -DCVC_BUILD_BENCH=OFF
#   cmake --build ../build-28c01c8 --target cvc-operator
# One kube-sandbox (this tree's CRD and examples/ plus two CVCs), one fake-coingecko whose prices
# and price times stay put unless a phase moves them, and both operators with leader election on the
# Lease default/cvc-operator. Each phase does one thing (a start, a price move, a SIGTERM to the
# leader, which releases the Lease, so the other takes over), then prints the writes to CVCs each
# operator made from the sandbox's write log (GET /sandbox/writes): during the handover or change,
# then in each following window of one interval. Writes on unchanged ticks should be 0/0; the
# script exits 1 when the last window of a phase has any. The operators write with field managers
# cvc-operator-28c01c8 and cvc-operator-new (one field manager each only to tell them apart).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; }
old_bin=${CVC_OLD_BIN_DIR:-$root/../build-28c01c8/bin}
new_bin=${CVC_NEW_BIN_DIR:-$root/build/bin}
interval=2
ticks=3
while (($#)); do
  case $1 in
    --old) old_bin=$2; shift 2 ;;
    --new) new_bin=$2; shift 2 ;;
    --interval) interval=$2; shift 2 ;;
    --ticks) ticks=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "upgrade-side-by-side.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ $interval =~ ^[1-9][0-9]*$ && $ticks =~ ^[1-9][0-9]*$ ]] || { echo "upgrade-side-by-side.sh: --interval and --ticks take whole numbers > 0" >&2; exit 2; }
for b in "$old_bin/cvc-operator" "$new_bin/cvc-operator" "$new_bin/kube-sandbox" "$new_bin/fake-coingecko"; do
  [[ -x $b ]] || { echo "upgrade-side-by-side.sh: no executable $b (see --help)" >&2; exit 2; }
done
command -v kubectl >/dev/null || { echo "upgrade-side-by-side.sh: needs kubectl (scripts/install-deps.sh)" >&2; exit 2; }

tmp=$(mktemp -d)
declare -A pid=()
cleanup() {
  for p in "${pid[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "upgrade-side-by-side.sh: $*" >&2; for f in "$tmp"/*.log; do echo "--- $f" >&2; tail -20 "$f" >&2; done; exit 1; }

# Waits until FILE has a line matching the extended REGEX; prints its first capture.
wait_line() {
  local file=$1 regex=$2 deadline=$((SECONDS + 20))
  until grep -Eq "$regex" "$file" 2>/dev/null; do
    ((SECONDS < deadline)) || fail "no /$regex/ in $file within 20 s"
    sleep 0.2
  done
  grep -Eo "$regex" "$file" | head -1 | sed -E "s#$regex#\\1#"
}
# Polls the shell command until it succeeds, at most SECONDS.
wait_until() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    ((SECONDS < deadline)) || fail "$what did not happen within $seconds s"
    sleep 0.2
  done
}

"$new_bin/kube-sandbox" --ephemeral --port 0 --kubeconfig "$tmp/kubeconfig" --preload "$root/crds" \
  --preload "$root/examples" > "$tmp/sandbox.log" 2>&1 &
pid[sandbox]=$!
wait_line "$tmp/sandbox.log" 'listening on (https://[0-9.]+:[0-9]+)' >/dev/null
k() { kubectl --kubeconfig "$tmp/kubeconfig" "$@"; }
k apply -f - >/dev/null <<'EOF'
apiVersion: crypto.tools/v1
kind: CryptoValueCalculator
metadata: {name: nothing-held, labels: {team: treasury}}
spec: {coin: dogecoin, amount: 0}
---
apiVersion: crypto.tools/v1
kind: CryptoValueCalculator
metadata: {name: born-invalid}
spec: {coin: shiba-inu, amount: -5}
EOF
cvcs=$(k get cvc -o name | wc -l)

"$new_bin/fake-coingecko" --port 0 > "$tmp/prices.log" 2>&1 &
pid[prices]=$!
cg=$(wait_line "$tmp/prices.log" 'listening on (http://127\.0\.0\.1:[0-9]+)')
t0=1796634000   # 2026-12-07T09:00:00Z: fixed, so a tick without a price move is unchanged
price() {   # COIN USD SECONDS_AFTER_T0
  curl -sS --fail -X POST -H 'Content-Type: application/json' "$cg/_admin/state" \
    --data "{\"prices\":{\"$1\":{\"usd\":$2,\"usd_24h_change\":1.5,\"last_updated_at\":$((t0 + $3))}}}" >/dev/null
}
price bitcoin 41222 0; price ethereum 3095.76 0; price dogecoin 0.0821 0; price shiba-inu 0.00000812 0

start_operator() {   # old|new
  local which=$1 bin id
  if [[ $which == old ]]; then bin=$old_bin; id=28c01c8; else bin=$new_bin; id=new; fi
  "$bin/cvc-operator" --kubeconfig "$tmp/kubeconfig" --coingecko-url "$cg/api/v3" --interval "${interval}s" \
    --lease-namespace default --lease-duration 4s --renew-deadline 3s --retry-period 500ms \
    --identity "$id" --field-manager "cvc-operator-$id" --health-addr 127.0.0.1:0 >> "$tmp/$which.log" 2>&1 &
  pid[$which]=$!
  wait_line "$tmp/$which.log" 'health and metrics on (http://127\.0\.0\.1:[0-9]+)' >/dev/null
}
stop_operator() {   # old|new: SIGTERM, which releases the Lease
  kill -TERM "${pid[$1]}"
  wait "${pid[$1]}" || fail "cvc-operator ($1) exited with $? on SIGTERM"
  unset "pid[$1]"
}
holder() { k get lease cvc-operator -n default -o jsonpath='{.spec.holderIdentity}' 2>/dev/null; }
holder_is() { [[ $(holder) == "$1" ]]; }
rv() { k get --raw /sandbox/stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["resourceVersion"])'; }
# "old/new": the operators' writes to CVCs with a resourceVersion in (FROM, TO].
writes() {
  k get --raw "/sandbox/writes?sinceResourceVersion=$1" | python3 -c '
import json, sys
to = int(sys.argv[1])
n = {"cvc-operator-28c01c8": 0, "cvc-operator-new": 0}
for w in json.load(sys.stdin)["items"]:
    if w["resource"] == "cryptovaluecalculators" and int(w["resourceVersion"]) <= to and w["fieldManager"] in n:
        n[w["fieldManager"]] += 1
print("%d/%d" % (n["cvc-operator-28c01c8"], n["cvc-operator-new"]))' "$2"
}
all_valued() {
  k get cvc -o json | python3 -c '
import json, sys
items = json.load(sys.stdin)["items"]
ok = all(i["metadata"].get("annotations", {}).get("value") or i["spec"]["amount"] < 0 for i in items)
ok = ok and all(i.get("status", {}).get("conditions") for i in items)
sys.exit(0 if ok else 1)'
}
value_of() { k get cvc "$1" -o jsonpath='{.metadata.annotations.value}'; }
value_is() { [[ $(value_of "$1") == "$2" ]]; }   # NAME VALUE

status=0
header=$(printf '%-62s %-8s %-9s' phase leader change)
for ((t = 1; t <= ticks; ++t)); do header+=$(printf ' tick%-3s' "$t"); done
echo "writes to CVCs by 28c01c8/new per phase ($cvcs CVCs, one window per ${interval}s price interval)"
echo "$header"
# PHASE TEXT, then the action as a command; the action returns once it has taken effect.
phase() {
  local text=$1
  shift
  local from to line
  from=$(rv)
  "$@"
  to=$(rv)
  line=$(printf '%-62s %-8s %-9s' "$text" "$(holder)" "$(writes "$from" "$to")")
  local last
  for ((t = 1; t <= ticks; ++t)); do
    from=$to
    sleep "$interval"   # a measuring window of one price interval, not a wait for anything
    to=$(rv)
    last=$(writes "$from" "$to")
    line+=$(printf ' %-7s' "$last")
  done
  echo "$line"
  [[ $last == 0/0 ]] || status=1
}

a_old_alone() { start_operator old; wait_until 20 "28c01c8 leading" holder_is 28c01c8; wait_until 30 "the first valuation" all_valued; }
a_new_joins() { start_operator new; wait_line "$tmp/new.log" '(is held by 28c01c8)' >/dev/null; }
a_old_stops() { stop_operator old; wait_until 10 "the new operator taking over" holder_is new; }
a_old_back() { start_operator old; }
a_btc_moves() { price bitcoin 42000 600; wait_until 20 "bitcoin-stash revalued" value_is bitcoin-stash '$96.6000'; }
a_new_stops() { stop_operator new; wait_until 10 "28c01c8 taking over" holder_is 28c01c8; }
a_new_back() { start_operator new; }
a_both_move() {
  price bitcoin 42500 900; price ethereum 3050.1 900
  wait_until 20 "bitcoin-stash revalued" value_is bitcoin-stash '$97.7500'
  wait_until 20 "lump-of-ethereum revalued" value_is lump-of-ethereum '$4483.6470'
}

phase "1. 28c01c8 alone: first valuation" a_old_alone
phase "2. new starts as a follower" a_new_joins
phase "3. rolling update: 28c01c8 stopped, new takes over" a_old_stops
phase "4. 28c01c8 back as a follower" a_old_back
phase "5. bitcoin 41222 -> 42000 while new leads" a_btc_moves
phase "6. rollback: new stopped, 28c01c8 takes over" a_new_stops
phase "7. new back as a follower" a_new_back
phase "8. bitcoin -> 42500, ethereum -> 3050.1 while 28c01c8 leads" a_both_move
phase "9. 28c01c8 stopped again, new takes over" a_old_stops

echo
echo "kubectl get cvc -o wide, then each status's price, previousPrice, change, previousValue:"
k get cvc -o wide
k get cvc -o json | python3 -c '
import json, sys
for i in json.load(sys.stdin)["items"]:
    s = i.get("status", {})
    print("  %-17s price=%-11s previousPrice=%-9s change=%-9s previousValue=%s" % (i["metadata"]["name"],
          s.get("price", "-"), s.get("previousPrice", "-"), s.get("change", "-"), s.get("previousValue", "-")))'
echo
echo "every write of the run by field manager and resource (Leases: renewals; events: Events posted):"
k get --raw /sandbox/writes | python3 -c '
import collections, json, sys
n = collections.Counter((w["fieldManager"], w["resource"]) for w in json.load(sys.stdin)["items"])
for (manager, resource), count in sorted(n.items()):
    print("  %-26s %-26s %d" % (manager, resource, count))'
echo "Events:"
k get events -o json | python3 -c '
import json, sys
for e in json.load(sys.stdin)["items"]:
    print("  %-8s %-15s %-38s x%d: %s" % (e.get("type", ""), e.get("reason", ""),
          e["involvedObject"].get("kind", "") + "/" + e["involvedObject"].get("name", ""), e.get("count", 1), e.get("message", "")[:64]))'
if ((status)); then echo "some phase still wrote on its last unchanged tick" >&2; fi
exit $status
