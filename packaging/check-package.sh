#!/usr/bin/env bash
# Builds CX Pilot's two Debian packages and checks them the way Debian does, then installs them on this machine,
# runs them from /usr/bin and removes them again:
#   1. builds cxpilot, cxpilotd and the packaged data in BUILD_DIR (a Release/RelWithDebInfo build; configured here
#      if it does not exist yet) and runs cpack -G DEB: cxpilot_*.deb and cxpilot-service_*.deb in BUILD_DIR/packages;
#   2. lintian on both (fails on any error or warning; the warnings we accept are overridden, with the reason, in
#      packaging/debian/*.lintian-overrides and installed with the package), appstreamcli validate --no-net on the
#      AppStream metadata, desktop-file-validate on the desktop entry, every option of each --help in the man pages,
#      no Qt Widgets (nor Gui) in cxpilot-service's dependencies;
#   3. apt-get install ./cxpilot_*.deb ./cxpilot-service_*.deb, then: cxpilot --version, cxpilot db migrate on a new
#      SQLite database, the demo's first paint from /usr/bin/cxpilot (window found with xdotool, a screenshot that is
#      not blank: BUILD_DIR/packages/first-paint.png; the app icon on the window), cxpilotd --help/--version, ldd
#      of cxpilotd without Widgets;
#   4. apt-get purge of both, then nothing of them is left (every file dpkg listed, /usr/share/cxpilot, /etc/cxpilot,
#      /var/lib/cxpilot).
# Usage: packaging/check-package.sh [BUILD_DIR]   (default $CXPILOT_BUILD_DIR, else build-ci). Needs root (or sudo)
# for apt-get, and an X display for the first paint: $DISPLAY (tests/run-all.sh's Xvfb), else Xvfb is started here.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-${CXPILOT_BUILD_DIR:-$ROOT/build-ci}}"
OUT="$BUILD/packages"
JOBS="${CXPILOT_JOBS:-$(nproc)}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
START=$(date +%s)

WORK="$(mktemp -d /tmp/cxpilot-package.XXXXXX)"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

step() { echo "== $* =="; }
fail() {
  echo "check-package: FAILED: $*" >&2
  exit 1
}

# ---- 1. build and package -------------------------------------------------------------------------------------
step "build ($BUILD)"
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cache() { sed -n "s/^$1:[A-Z]*=//p" "$BUILD/CMakeCache.txt"; }
case "$(cache CMAKE_BUILD_TYPE)" in
  Release | RelWithDebInfo | MinSizeRel) ;;
  *) fail "$BUILD is a '$(cache CMAKE_BUILD_TYPE)' build: a package needs Release or RelWithDebInfo" ;;
esac
if [ "$(cache CXPILOT_SANITIZE)" = ON ] || [ "$(cache CXPILOT_FUZZ)" = ON ]; then
  fail "$BUILD is a sanitizer or fuzzing build"
fi
# Every file a package installs is made by one of these targets (cpack itself builds nothing: the install rules
# skip the "all" dependency, so the package stage does not build the test suite).
cmake --build "$BUILD" -j"$JOBS" --target cxpilot cxpilotd cx_package_data

step "cpack -G DEB ($OUT)"
rm -rf "$OUT"
mkdir -p "$OUT"
cpack --config "$BUILD/CPackConfig.cmake" -G DEB -B "$OUT" >"$OUT/cpack.log" 2>&1 || {
  cat "$OUT/cpack.log"
  fail "cpack"
}
APP_DEB="$(ls "$OUT"/cxpilot_*.deb)"
SERVICE_DEB="$(ls "$OUT"/cxpilot-service_*.deb)"
for deb in "$APP_DEB" "$SERVICE_DEB"; do
  echo "$(basename "$deb"): $(du -h "$deb" | cut -f1) (installed $(dpkg-deb -f "$deb" Installed-Size) KiB)"
  echo "  Depends: $(dpkg-deb -f "$deb" Depends)"
done

# ---- 2. quality gates -----------------------------------------------------------------------------------------
step "lintian"
# --fail-on error,warning: an error or an unexplained warning fails; informational tags (-I) are shown, not fatal.
lintian --fail-on error,warning -I --tag-display-limit 0 "$APP_DEB" "$SERVICE_DEB" | tee "$OUT/lintian.log" ||
  fail "lintian"
# The hardening tags are informational in lintian; here they fail: every binary is built with Debian's hardening
# flags (CMakeLists.txt, cx_common). Except hardening-no-fortify-functions, which lintian documents as a possible
# false positive: our C++ calls no libc function whose buffer size the compiler knows, so there is nothing to
# fortify (the flag is on: see the compile commands). The stack protector is checked directly instead.
if grep 'hardening-no-' "$OUT/lintian.log" | grep -vq 'hardening-no-fortify-functions'; then
  fail "lintian: a binary lacks Debian's hardening flags"
fi
for deb in "$APP_DEB" "$SERVICE_DEB"; do
  dpkg-deb -x "$deb" "$WORK/hardening"
done
for bin in "$WORK/hardening/usr/bin/cxpilot" "$WORK/hardening/usr/bin/cxpilotd"; do
  # (the symbol table into a variable: grep -q would close the pipe early, and pipefail would count that)
  symbols="$(objdump -T "$bin")"
  [[ "$symbols" == *__stack_chk_fail* ]] || fail "$(basename "$bin") is built without -fstack-protector-strong"
done
echo "lintian: no errors, no warnings, no hardening-no-* but fortify (overrides: packaging/debian/*.lintian-overrides)"

step "AppStream, desktop entry, man pages"
mkdir -p "$WORK/app" "$WORK/service"
dpkg-deb -x "$APP_DEB" "$WORK/app"
dpkg-deb -x "$SERVICE_DEB" "$WORK/service"
appstreamcli validate --no-net "$WORK/app/usr/share/metainfo/io.cxpilot.CxPilot.metainfo.xml" || fail "appstreamcli"
desktop-file-validate "$WORK/app/usr/share/applications/io.cxpilot.CxPilot.desktop" || fail "desktop-file-validate"
echo "desktop-file-validate: io.cxpilot.CxPilot.desktop passed"
# Every option a --help names is in the man page (the pages are written by hand: this keeps them honest).
check_man() {
  local page="$1" help="$2" text option missing=()
  text="$(zcat "$page" | sed 's/\\-/-/g')"
  for option in $(grep -o -- '--[a-z][a-z-]*' <<<"$help" | sort -u); do
    grep -q -- "$option" <<<"$text" || missing+=("$option")
  done
  [ "${#missing[@]}" -eq 0 ] || fail "$(basename "$page") lacks ${missing[*]}"
  echo "$(basename "$page"): every option of --help is documented"
}
check_man "$WORK/app/usr/share/man/man1/cxpilot.1.gz" "$("$BUILD/bin/cxpilot" --help)"
check_man "$WORK/service/usr/share/man/man8/cxpilotd.8.gz" "$("$BUILD/bin/cxpilotd" --help)"

step "the app package carries the German and Spanish catalogues"
for lang in de es; do
  [ -s "$WORK/app/usr/share/cxpilot/translations/cxpilot_$lang.qm" ] || fail "cxpilot_$lang.qm is not in the app package"
done
echo "translations: $(cd "$WORK/app/usr/share/cxpilot/translations" && echo *.qm)"

step "cxpilot-service does not pull in a desktop"
if dpkg-deb -f "$SERVICE_DEB" Depends | grep -Eq 'libqt6widgets|libqt6gui|libqt6charts'; then
  fail "cxpilot-service depends on Qt Widgets/Gui: $(dpkg-deb -f "$SERVICE_DEB" Depends)"
fi
echo "cxpilot-service Depends: no Qt Widgets, Gui or Charts"

# ---- 3. install and run ---------------------------------------------------------------------------------------
step "apt-get install"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y --no-install-recommends "$APP_DEB" "$SERVICE_DEB" >"$WORK/install.log" 2>&1 || {
  cat "$WORK/install.log"
  fail "apt-get install"
}
dpkg -L cxpilot cxpilot-service | sort -u >"$WORK/files"
echo "installed: $(wc -l <"$WORK/files") paths"

# The installed programs run with a throw-away home, so this machine's user settings are neither read nor written.
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_DATA_HOME="$WORK/home/.local/share"
export XDG_CACHE_HOME="$WORK/home/.cache" XDG_RUNTIME_DIR="$WORK/runtime"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

step "run from /usr/bin"
[ "$(command -v cxpilot)" = /usr/bin/cxpilot ] || fail "cxpilot is not /usr/bin/cxpilot"
/usr/bin/cxpilot --version
mkdir -p "$WORK/db"
/usr/bin/cxpilot db migrate --database "sqlite://$WORK/db/cx.db" || fail "cxpilot db migrate"
[ -s "$WORK/db/cx.db" ] || fail "db migrate made no database"
/usr/bin/cxpilotd --version
/usr/bin/cxpilotd --help >/dev/null || fail "cxpilotd --help"
if ldd /usr/bin/cxpilotd | grep -Eq 'libQt6(Widgets|Gui)'; then fail "cxpilotd links Qt Widgets/Gui"; fi
echo "ldd /usr/bin/cxpilotd: no Qt Widgets or Gui"
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify /usr/lib/systemd/system/cxpilotd.service || fail "systemd-analyze verify cxpilotd.service"
  echo "systemd-analyze verify cxpilotd.service: passed"
fi

step "the demo's first paint"
if [ -z "${DISPLAY:-}" ]; then
  Xvfb -displayfd 5 -screen 0 1600x1000x24 -nolisten tcp 5>"$WORK/display" >"$WORK/xvfb.log" 2>&1 &
  PIDS+=("$!")
  for _ in $(seq 1 100); do [ -s "$WORK/display" ] && break; sleep 0.1; done
  DISPLAY=":$(tr -d '[:space:]' <"$WORK/display")"
  export DISPLAY
fi
# The command of the desktop entry's demo action, as the menu would start it.
DEMO_EXEC="$(sed -n '/^\[Desktop Action demo\]/,/^\[/s/^Exec=//p' /usr/share/applications/io.cxpilot.CxPilot.desktop)"
[ "$DEMO_EXEC" = "cxpilot --demo" ] || fail "unexpected demo Exec line: $DEMO_EXEC"
(cd "$WORK" && exec env PATH=/usr/bin:/bin /usr/bin/cxpilot --demo --quit-after 120000) >"$WORK/demo.log" 2>&1 &
DEMO_PID=$!
PIDS+=("$DEMO_PID")
WID="$(timeout 60 xdotool search --sync --all --onlyvisible --pid "$DEMO_PID" --name 'CX Pilot' | head -n 1)" || true
[ -n "$WID" ] || {
  cat "$WORK/demo.log"
  fail "no window of /usr/bin/cxpilot --demo within 60 s"
}
sleep 5 # the demo's sandbox and the first conversations arrive after the first paint
kill -0 "$DEMO_PID" 2>/dev/null || {
  cat "$WORK/demo.log"
  fail "cxpilot --demo exited"
}
# The window carries the app's icon (the PNGs rendered from resources/icons/cxpilot.svg; Qt hands X11 the sizes
# up to 128 px).
ICON_SIZES="$(xprop -id "$WID" _NET_WM_ICON | grep -o 'Icon ([0-9]* x [0-9]*)' | tr '\n' ' ' || true)"
[[ "$ICON_SIZES" == *"(16 x 16)"* && "$ICON_SIZES" == *"(128 x 128)"* ]] || fail "window icon: '$ICON_SIZES'"
echo "window icon: $ICON_SIZES"
import -window "$WID" "$OUT/first-paint.png"
COLOURS="$(identify -format '%k' "$OUT/first-paint.png")"
GEOMETRY="$(identify -format '%wx%h' "$OUT/first-paint.png")"
kill "$DEMO_PID"
wait "$DEMO_PID" 2>/dev/null || true
[ "$COLOURS" -ge 64 ] || fail "the first paint looks blank: $COLOURS colours ($OUT/first-paint.png)"
echo "first paint: window $WID, $GEOMETRY, $COLOURS colours ($OUT/first-paint.png)"

# ---- 4. remove --------------------------------------------------------------------------------------------------
step "apt-get purge"
$SUDO apt-get purge -y cxpilot cxpilot-service >"$WORK/purge.log" 2>&1 || {
  cat "$WORK/purge.log"
  fail "apt-get purge"
}
if dpkg -L cxpilot >/dev/null 2>&1 || dpkg -L cxpilot-service >/dev/null 2>&1; then
  fail "dpkg still knows the packages"
fi
LEFT=()
while read -r path; do
  # Directories other packages share (/usr, /usr/share/man/man1, ...) stay; our files and our own folders go.
  if [ -e "$path" ] && { [ ! -d "$path" ] || [[ "$path" == */cxpilot* ]]; }; then LEFT+=("$path"); fi
done <"$WORK/files"
for path in /usr/share/cxpilot /etc/cxpilot /var/lib/cxpilot /var/lib/private/cxpilot /usr/share/doc/cxpilot \
  /usr/share/doc/cxpilot-service; do
  if [ -e "$path" ]; then LEFT+=("$path"); fi
done
[ "${#LEFT[@]}" -eq 0 ] || fail "left behind after purge: ${LEFT[*]}"
echo "purged: nothing of cxpilot or cxpilot-service is left"

echo "check-package: all checks passed in $(($(date +%s) - START)) s"
