#!/usr/bin/env bash
# Builds the packages from a configured build directory and checks the .deb the way a user meets
# it: the validators, then `apt install ./liqheat_*.deb`, the installed programs on the installed
# sample, and a clean removal. Run by .ci/run after the tests. Usage: check-deb.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source_dir=$PWD
build=${1:-build/release}

if [ "$(id -u)" -eq 0 ]; then run() { "$@"; }; else run() { sudo "$@"; }; fi
step() { echo "check-deb: $*"; }

step "validating the desktop entry and the AppStream metadata"
desktop-file-validate packaging/desktop/org.liqheat.liqheat.desktop
appstreamcli validate --no-net --explain packaging/desktop/org.liqheat.liqheat.metainfo.xml

step "building the packages"
(cd "$build" && cpack -G "DEB;TGZ" >/dev/null)
deb=$(ls "$build"/liqheat_*_*.deb)
tgz=$(ls "$build"/liqheat-*-Linux-*.tar.gz)
step "made $(basename "$deb") and $(basename "$tgz")"

step "lintian"
lintian --fail-on error --tag-display-limit 0 "$deb" 2>&1 | grep -v 'running with root privileges' || true
lintian --fail-on error "$deb" >/dev/null 2>&1 || { echo "check-deb: lintian reports errors" >&2; exit 1; }

step "installing with apt"
run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$source_dir/$deb" >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sample=/usr/share/liqheat/samples/btcusdt-5m-sample.json.gz
step "installed: $(/usr/bin/liqheat-cli --version), $(/usr/bin/liqheat --version 2>/dev/null | tail -n 1)"
/usr/bin/liqheat-cli clusters "$sample" --top 3 >"$work/clusters.json"
grep -q '"side"' "$work/clusters.json"
QT_QPA_PLATFORM=offscreen HOME="$work" XDG_RUNTIME_DIR="$work" /usr/bin/liqheat --screenshot "$work/window.png" 2>/dev/null
[ -s "$work/window.png" ] && [ "$(head -c 8 "$work/window.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]
for f in /usr/share/applications/org.liqheat.liqheat.desktop /usr/share/metainfo/org.liqheat.liqheat.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/liqheat.svg /usr/share/man/man1/liqheat.1.gz \
         /usr/share/man/man1/liqheat-cli.1.gz /usr/share/doc/liqheat/copyright; do
    [ -f "$f" ] || { echo "check-deb: $f is not installed" >&2; exit 1; }
done
step "the installed programs ran: clusters on the installed sample, a screenshot offscreen"

step "removing"
run env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq liqheat >/dev/null
if [ -e /usr/bin/liqheat ] || [ -e /usr/bin/liqheat-cli ] || [ -e /usr/share/liqheat ]; then
    echo "check-deb: files remain after removal" >&2
    exit 1
fi
step "removed cleanly"
