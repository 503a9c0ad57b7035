#!/usr/bin/env bash
# Installs every Debian bookworm package that building, running and testing CVC Dashboard needs,
# and makes Debian's kubectl 1.20 available to the tests whatever kubectl the machine has.
# Idempotent: packages already present are skipped, so a second run only checks.
#   scripts/install-deps.sh          build + run + test dependencies
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  # build
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qtkeychain-qt6-dev qt6-qpa-plugins
  libqt6sql6-sqlite libyaml-cpp-dev libssl-dev openssl ca-certificates
  # kube-sandbox's protobuf bodies (libprotobuf, protoc) and the OpenAPI v2 message definitions
  # kubectl reads /openapi/v2 with (gnostic's OpenAPIv2.proto)
  libprotobuf-dev protobuf-compiler golang-github-googleapis-gnostic-dev
  # CRD `pattern`s matched in linear time with RE2 semantics, as kube-apiserver does
  libre2-dev
  # an iterative JSON parser without a depth limit, so one deeply nested object the API server
  # stores cannot make a whole LIST or watch unreadable (Qt's parser stops at 1024 levels)
  rapidjson-dev
  # kube-sandbox speaks HTTP/2 (ALPN h2) as kube-apiserver does: libnghttp2 does the framing,
  # HPACK and flow control (core/http's Http2Connection)
  libnghttp2-dev
  # tests: a display-less GUI, a real Secret Service, screenshots, fuzzing, a second Kubernetes client
  xvfb xauth x11-apps imagemagick dbus-daemon gnome-keyring libsecret-tools
  clang libclang-rt-14-dev python3 python3-kubernetes procps curl
  # the .desktop launcher and the AppStream metainfo checked as desktops read them (resources/)
  desktop-file-utils appstream
  # promtool: /metrics checked on a live scrape, the alert rules unit-tested (deploy/monitoring).
  # Debian ships it only inside the Prometheus server package.
  prometheus
)
# A fresh bookworm machine has no kubectl: Debian's kubernetes-client (kubectl 1.20) becomes the
# system one. A machine with another kubectl keeps it, and gets 1.20 unpacked beside the project.
command -v kubectl >/dev/null 2>&1 || packages+=(kubernetes-client)

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
apt_updated=false
apt_update() {
  $apt_updated && return 0
  "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
  apt_updated=true
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}" >&2
  apt_update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
fi

# The tests always run with Debian's kubectl 1.20 (what bookworm users have) besides any other.
# When the system kubectl is another one, the package is unpacked (not installed: it would replace
# /usr/bin/kubectl) into .tools/, where cmake/CvcKubectls.cmake looks for it.
is_kubectl_120() { "$1" version --client 2>/dev/null | grep -q 'GitVersion:"v1\.20\.'; }
local_kubectl="$root/.tools/kubernetes-client/usr/bin/kubectl"
if ! is_kubectl_120 "$(command -v kubectl)" && ! is_kubectl_120 "$local_kubectl"; then
  echo "Unpacking Debian's kubernetes-client (kubectl 1.20) into $root/.tools/" >&2
  apt_update
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  chmod 0755 "$work"   # apt's download sandbox user must be able to write here
  (cd "$work" && apt-get -o DPkg::Lock::Timeout=300 download -qq kubernetes-client >/dev/null 2>&1) ||
    (cd "$work" && apt-get -o APT::Sandbox::User=root download -qq kubernetes-client >/dev/null)
  rm -rf "$root/.tools/kubernetes-client" && mkdir -p "$root/.tools"
  dpkg-deb -x "$work"/kubernetes-client_*.deb "$root/.tools/kubernetes-client"
  is_kubectl_120 "$local_kubectl" || { echo "error: $local_kubectl is not kubectl 1.20" >&2; exit 1; }
fi
