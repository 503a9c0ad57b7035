#!/usr/bin/env bash
# build-runtime-root.sh: builds the runtime root that deploy/Dockerfile describes, without a
# container engine, and runs `cvc-operator --check` inside it against a kube-sandbox outside.
#
#   scripts/build-runtime-root.sh [BUILD_DIR] [--keep]     (run as root; BUILD_DIR defaults to build/)
#
#   1. The runtime stage of deploy/Dockerfile, read from the Dockerfile itself so the two cannot
#      drift: Debian bookworm minbase (what debian:bookworm-slim is made from) by debootstrap, with
#      exactly the packages its `apt-get install` names, apt lists and .debs removed. The root is
#      cached as a tarball keyed by the package list (first run: a few minutes; then seconds).
#   2. BUILD_DIR/bin/cvc-operator, stripped, as /usr/local/bin/cvc-operator; `ldd` inside the root
#      must resolve every library.
#   3. kube-sandbox on the host with deploy/overlays/operator-only preloaded (rendered by
#      `kubectl kustomize`) and a token for the ServiceAccount cvc-system/cvc-operator.
#   4. Runs the binary as a pod runs it: chrooted into a read-only bind mount of the root
#      (readOnlyRootFilesystem), as user 65532:65532 (USER 65532:65532), /proc mounted, a tmpfs
#      /run holding the ServiceAccount's token, CA and namespace at the in-cluster paths, and
#      KUBERNETES_SERVICE_HOST/PORT naming the sandbox: `cvc-operator --check -v` with the
#      in-cluster configuration.
#
# Outside CI (it needs root and the Debian mirror). Exit status: 0 when --check succeeded, 1 when
# it or the root failed, 2 on a setup error. The last line says which.
#
# Knobs (environment):
#   CVC_RUNTIME_ROOT_DIR=/var/tmp/cvc-runtime-root   cache (tarballs) and the working root
#   CVC_RUNTIME_ROOT_REFRESH=1                       rebuild the cached root
#   DEBIAN_MIRROR=<the host's apt mirror>            where debootstrap downloads from
#   KUBECTL=kubectl                                  renders the overlay (any kubectl from 1.20 on)
set -euo pipefail

PROG=build-runtime-root
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SUITE=bookworm
VARIANT=minbase
WORK=${CVC_RUNTIME_ROOT_DIR:-/var/tmp/cvc-runtime-root}
KUBECTL=${KUBECTL:-kubectl}
APT_LOCK=(-o DPkg::Lock::Timeout=300)

say() { printf '%s: %s\n' "$PROG" "$*"; }
die() { say "ERROR: $*"; exit 2; }

KEEP=0; BUILD=""
for a in "$@"; do
  case "$a" in
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $a" ;;
    *) [ -z "$BUILD" ] || die "one BUILD_DIR only"; BUILD=$a ;;
  esac
done
BUILD=$(cd "${BUILD:-$SRC/build}" 2>/dev/null && pwd) || die "no build directory ${BUILD:-$SRC/build}"
OPERATOR=$BUILD/bin/cvc-operator
SANDBOX_BIN=$BUILD/bin/kube-sandbox

# ---------------------------------------------------------------- checks
[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot, mount)"
[ -x "$OPERATOR" ] || die "no $OPERATOR: build the cvc-operator target first"
[ -x "$SANDBOX_BIN" ] || die "no $SANDBOX_BIN: build the kube-sandbox target first"
command -v "$KUBECTL" >/dev/null 2>&1 || die "no kubectl ($KUBECTL) to render deploy/overlays/operator-only"
for t in chroot mount umount tar gzip strip sha256sum base64 awk sed; do
  command -v "$t" >/dev/null 2>&1 || die "host tool missing: $t"
done
if ! command -v debootstrap >/dev/null 2>&1; then
  say "installing debootstrap on the host (Debian package)"
  apt-get "${APT_LOCK[@]}" install -y debootstrap >/dev/null ||
    { apt-get "${APT_LOCK[@]}" update >/dev/null && apt-get "${APT_LOCK[@]}" install -y debootstrap >/dev/null; } ||
    die "could not install debootstrap"
fi

host_mirror() {
  local m=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    m=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$m" ] && [ -f /etc/apt/sources.list ]; then
    m=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^(https?|ftp|file):/ && $i !~ /security/) { print $i; exit } }' /etc/apt/sources.list)
  fi
  echo "${m:-http://deb.debian.org/debian}"
}
MIRROR=${DEBIAN_MIRROR:-$(host_mirror)}

# The runtime stage's `apt-get install … --no-install-recommends <packages> && …`, from the Dockerfile.
runtime_packages() {
  awk '
    /^FROM debian:bookworm-slim/ { slim = 1; next }
    slim && /apt-get install/ { grab = 1 }
    grab { text = text " " $0; if ($0 !~ /\\$/) exit }
    END { print text }' "$SRC/deploy/Dockerfile" |
    sed -e 's/.*--no-install-recommends//' -e 's/&&.*//' -e 's/\\//g' | xargs
}
PACKAGES=$(runtime_packages)
[ -n "$PACKAGES" ] || die "cannot read the runtime packages from deploy/Dockerfile"
for p in $PACKAGES; do
  [[ "$p" =~ ^[a-z0-9][a-z0-9.+-]*$ ]] || die "not a package name in deploy/Dockerfile's runtime stage: $p"
done
grep -q '^USER 65532:65532$' "$SRC/deploy/Dockerfile" || die "deploy/Dockerfile no longer runs as USER 65532:65532: update this script"
grep -q 'COPY --from=build /build/bin/cvc-operator /usr/local/bin/cvc-operator' "$SRC/deploy/Dockerfile" ||
  die "deploy/Dockerfile no longer installs /usr/local/bin/cvc-operator: update this script"

ARCH=$(dpkg --print-architecture)
KEY=$(printf '%s %s %s %s\n' "$SUITE" "$VARIANT" "$ARCH" "$PACKAGES" | sha256sum | cut -c1-12)
TARBALL=$WORK/$SUITE-$VARIANT-$ARCH-$KEY.tar.gz
ROOT=$WORK/root
RUN=$WORK/run          # read-only bind mount of $ROOT, what the chroot sees
TMP=""; SANDBOX_PID=""
mkdir -p "$WORK"

# ---------------------------------------------------------------- cleanup
mounts_under() { # deepest first
  awk -v p="$1" '{ m = $5; gsub(/\\040/, " ", m); if (m == p || index(m, p "/") == 1) print m }' /proc/self/mountinfo | sort -r
}
unmount_all_under() {
  local m
  for m in $(mounts_under "$1"); do umount "$m" 2>/dev/null || umount -l "$m"; done
}
# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
  trap '' INT TERM HUP
  if [ -n "$SANDBOX_PID" ] && kill -0 "$SANDBOX_PID" 2>/dev/null; then
    kill -TERM "$SANDBOX_PID" 2>/dev/null; wait "$SANDBOX_PID" 2>/dev/null || true
  fi
  unmount_all_under "$RUN"
  unmount_all_under "$ROOT"
  [ -n "$TMP" ] && rm -rf "$TMP"
  if [ "$KEEP" = 1 ]; then
    say "kept the root: $ROOT"
  elif [ -z "$(mounts_under "$ROOT")" ]; then
    rm -rf --one-file-system "$ROOT" "$RUN"
  fi
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM HUP
unmount_all_under "$RUN"; unmount_all_under "$ROOT"   # a previous run interrupted hard

# ---------------------------------------------------------------- 1. the root
if [ ! -s "$TARBALL" ] || [ "${CVC_RUNTIME_ROOT_REFRESH:-0}" = 1 ]; then
  BOOT=$WORK/bootstrap.$$
  rm -rf "$BOOT"
  say "debootstrap --variant=$VARIANT $SUITE ($MIRROR) with: $PACKAGES (a few minutes; log $WORK/debootstrap.log)"
  if ! debootstrap --variant="$VARIANT" --arch="$ARCH" --include="${PACKAGES// /,}" "$SUITE" "$BOOT" "$MIRROR" \
      >"$WORK/debootstrap.log" 2>&1 </dev/null; then
    tail -15 "$WORK/debootstrap.log"; unmount_all_under "$BOOT"; rm -rf --one-file-system "$BOOT"
    die "debootstrap failed"
  fi
  unmount_all_under "$BOOT"
  # As the Dockerfile's `rm -rf /var/lib/apt/lists/*`, and no downloaded packages kept.
  rm -rf "$BOOT"/var/lib/apt/lists/* "$BOOT"/var/cache/apt/archives/*.deb
  tar --numeric-owner --one-file-system -C "$BOOT" -czf "$TARBALL.tmp" . && mv -f "$TARBALL.tmp" "$TARBALL"
  rm -rf --one-file-system "$BOOT"
  # Roots for older package lists are of no more use.
  find "$WORK" -maxdepth 1 -name "$SUITE-$VARIANT-$ARCH-*.tar.gz" ! -name "$(basename "$TARBALL")" -delete
  say "cached the root as $TARBALL"
else
  say "root from the cache: $TARBALL"
fi
rm -rf --one-file-system "$ROOT" "$RUN"
mkdir -p "$ROOT" "$RUN"
tar --numeric-owner -C "$ROOT" -xzf "$TARBALL"
# shellcheck disable=SC2016  # dpkg-query's own ${fields}
for p in $PACKAGES; do
  chroot "$ROOT" dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || die "package $p is not installed in the root"
done
# shellcheck disable=SC2016,SC2086  # dpkg-query's ${fields}; one argument per package
say "packages in the root: $(chroot "$ROOT" dpkg-query -W -f '${Package}=${Version} ' $PACKAGES)"

# ---------------------------------------------------------------- 2. the binary
install -m 0755 "$OPERATOR" "$ROOT/usr/local/bin/cvc-operator"
strip "$ROOT/usr/local/bin/cvc-operator"
LDD=$(chroot "$ROOT" ldd /usr/local/bin/cvc-operator) || { echo "$LDD"; say "FAILED: ldd"; exit 1; }
if grep -q 'not found' <<<"$LDD"; then
  grep 'not found' <<<"$LDD"
  say "FAILED: cvc-operator needs libraries the Dockerfile's runtime packages do not provide"
  exit 1
fi
say "cvc-operator ($(du -h "$ROOT/usr/local/bin/cvc-operator" | cut -f1), stripped): all $(grep -c '=>' <<<"$LDD") libraries resolve in the root"
# The mount points the run below uses (a read-only root cannot get them later).
mkdir -p "$ROOT/proc" "$ROOT/run"

# ---------------------------------------------------------------- 3. the sandbox, outside
TMP=$(mktemp -d)
"$KUBECTL" kustomize "$SRC/deploy/overlays/operator-only" >"$TMP/operator-only.yaml" 2>"$TMP/kustomize.err" ||
  { cat "$TMP/kustomize.err"; die "kubectl kustomize deploy/overlays/operator-only failed"; }
"$SANDBOX_BIN" --ephemeral --kubeconfig "$TMP/admin.kubeconfig" --preload "$TMP/operator-only.yaml" \
  --preload "$SRC/examples/bitcoin.yaml" --service-account-token "cvc-system/cvc-operator=$TMP/token" \
  >"$TMP/sandbox.log" 2>&1 &
SANDBOX_PID=$!
PORT=""
for _ in $(seq 1 150); do
  PORT=$(sed -n 's|.*listening on https://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$TMP/sandbox.log" | head -1)
  [ -n "$PORT" ] && break
  kill -0 "$SANDBOX_PID" 2>/dev/null || { cat "$TMP/sandbox.log"; die "kube-sandbox exited"; }
  sleep 0.2
done
[ -n "$PORT" ] || { cat "$TMP/sandbox.log"; die "kube-sandbox did not start listening"; }
CA=$(sed -n 's/.*"\{0,1\}certificate-authority-data"\{0,1\}: *"\{0,1\}\([A-Za-z0-9+/=]*\).*/\1/p' "$TMP/admin.kubeconfig" | head -1)
[ -n "$CA" ] || die "no certificate-authority-data in the sandbox's kubeconfig"
say "kube-sandbox on https://127.0.0.1:$PORT (pid $SANDBOX_PID), deploy/overlays/operator-only installed"

# ---------------------------------------------------------------- 4. run it as the pod would
mount --bind "$ROOT" "$RUN"
mount -o remount,bind,ro "$RUN"
mount -t proc proc "$RUN/proc"
mount -t tmpfs -o mode=0755,size=1m tmpfs "$RUN/run"
SA=$RUN/run/secrets/kubernetes.io/serviceaccount
mkdir -p "$SA"
install -m 0400 -o 65532 -g 65532 "$TMP/token" "$SA/token"
base64 -d <<<"$CA" >"$SA/ca.crt"
printf 'cvc-system' >"$SA/namespace"
chmod 0444 "$SA/ca.crt" "$SA/namespace"
if touch "$RUN/usr/local/bin/probe" 2>/dev/null; then die "the root is writable: the read-only bind mount failed"; fi

in_pod() {
  chroot --userspec=65532:65532 "$RUN" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/nonexistent \
    KUBERNETES_SERVICE_HOST=127.0.0.1 KUBERNETES_SERVICE_PORT="$PORT" POD_NAMESPACE=cvc-system \
    /usr/local/bin/cvc-operator "$@"
}
say "in the root, read-only, as 65532:65532: cvc-operator --check -v (in-cluster configuration)"
set +e
in_pod --check -v
RC=$?
set -e
if [ "$RC" -eq 0 ]; then
  say "OK: cvc-operator --check succeeded in the runtime root ($SUITE $VARIANT + $PACKAGES)"
  exit 0
fi
say "FAILED: cvc-operator --check exited $RC in the runtime root"
exit 1
