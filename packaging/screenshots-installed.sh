#!/usr/bin/env bash
# The installed package as a support agent starts it, in German or Spanish: the menu entry's demo action
# (Exec=cxpilot --demo) under a window manager, driven by the keyboard, with screenshots to look at.
#   xvfb-run -a -s "-screen 0 1440x900x24" packaging/screenshots-installed.sh de OUTDIR
# Needs the package installed (README, "Install the package") and openbox, xdotool, imagemagick (bootstrap).
set -euo pipefail
LANG_CODE="${1:?language: de, es or en}"
OUT="${2:?output folder}"
mkdir -p "$OUT"
EXEC="$(sed -n 's/^Exec=//p' /usr/share/applications/io.cxpilot.CxPilot.desktop | grep -- --demo)"
HOME="$(mktemp -d)" XDG_CONFIG_HOME="$(mktemp -d)" XDG_DATA_HOME="$(mktemp -d)"
export HOME XDG_CONFIG_HOME XDG_DATA_HOME
case "$LANG_CODE" in
  de) export LANG=de_DE.UTF-8 LANGUAGE=de ;;
  es) export LANG=es_ES.UTF-8 LANGUAGE=es ;;
  *) export LANG=C.UTF-8 ;;
esac
openbox >/dev/null 2>&1 &
WM=$!
sleep 1
$EXEC >"$OUT/app-$LANG_CODE.log" 2>&1 &
APP=$!
WID="$(xdotool search --sync --onlyvisible --name "CX Pilot" | head -1)"
sleep 12 # the demo ingests its knowledge base and drafts the first replies
xdotool windowactivate --sync "$WID"
xdotool windowsize "$WID" 1440 880
xdotool key --window "$WID" ctrl+j # the next waiting draft, into the approvals drawer
sleep 4
import -window root "$OUT/queue-drawer-$LANG_CODE.png"
xdotool key --window "$WID" ctrl+2 # the dashboard
sleep 4
import -window root "$OUT/dashboard-$LANG_CODE.png"
kill "$APP" "$WM" 2>/dev/null || true
wait "$APP" 2>/dev/null || true
echo "screenshots in $OUT"
