#!/usr/bin/env bash
# Installs every Debian bookworm package that building, running and testing CVC Dashboard needs.
# Idempotent: packages already present are skipped, so a second run only checks.
#   scripts/install-deps.sh          build + run + test dependencies
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qtkeychain-qt6-dev qt6-qpa-plugins
  libqt6sql6-sqlite libyaml-cpp-dev libssl-dev openssl ca-certificates
  # tests: a display-less GUI, a real Secret Service, screenshots, fuzzing, a second Kubernetes client
  xvfb xauth x11-apps imagemagick dbus-daemon gnome-keyring libsecret-tools
  clang libclang-rt-14-dev python3 python3-kubernetes procps curl
)
# The machine's own kubectl (a dispatcher to 1.27–1.33) is preferred; Debian's 1.20 is the fallback.
command -v kubectl >/dev/null 2>&1 || packages+=(kubernetes-client)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "Installing: ${missing[*]}" >&2
"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
  --no-install-recommends "${missing[@]}" >/dev/null
