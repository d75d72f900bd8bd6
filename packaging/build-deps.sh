#!/usr/bin/env bash
# Installs everything liqheat needs to build, test and run on Debian 12 (bookworm).
# Safe to run again: apt-get skips what is already installed. Uses sudo only when not root.
set -euo pipefail

# Debian's libzip CMake package names its tools (zipcmp, zipmerge, ziptool): without them
# find_package(libzip) fails.
packages=(
    build-essential cmake ninja-build ccache pkg-config git
    qt6-base-dev qt6-charts-dev qt6-websockets-dev libqt6opengl6-dev libgl-dev libvulkan-dev libxkbcommon-dev
    libcurl4-openssl-dev nlohmann-json3-dev zlib1g-dev libcli11-dev libzip-dev zipcmp zipmerge ziptool libssl-dev libsqlite3-dev
    libgtest-dev libgmock-dev libbenchmark-dev libcpp-httplib-dev
    clang-14 libclang-rt-14-dev
    xvfb xauth fonts-dejavu-core ca-certificates jq
    lintian appstream desktop-file-utils
)

if [ "$(id -u)" -eq 0 ]; then
    run() { "$@"; }
else
    run() { sudo "$@"; }
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "build-deps: installing ${missing[*]}"
    run apt-get update -qq
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "build-deps: all build dependencies present"
