#!/bin/bash
# Screenshots of the main window's states for the README, taken in the headless desktop:
#   scripts/desktop-session.sh --tray --notify --keyring -- scripts/screenshots.sh [OUT_DIR]
set -eu
out=${1:-docs/screenshots}
mkdir -p "$out"
home=$(mktemp -d -t msgcenter-shots.XXXXXX)
export MSGCENTER_HOME=$home
shot() { sleep "${2:-1}"; import -window root "$out/$1.png"; }
# The first visible window called "$1" that is larger than a tray icon (also called that).
window() {
  for _ in $(seq 300); do
    for w in $(xdotool search --onlyvisible --name "$1" 2>/dev/null); do
      width=$(xdotool getwindowgeometry "$w" | sed -n 's/.*Geometry: \([0-9]*\)x.*/\1/p')
      [ "${width:-0}" -gt 100 ] && { echo "$w"; return; }
    done
    sleep 0.1
  done
}
# No window manager gives focus here: take it before sending keys.
quit_app() { xdotool windowfocus --sync "$win"; xdotool key ctrl+q; wait "$app" 2>/dev/null || true; }

# Sign-in: no account yet.
msgcenter --server http://127.0.0.1:8080 & app=$!
win=$(window "Sign in")
shot sign-in
kill $app; wait $app 2>/dev/null || true

# The demo: loaded, a message selected, a search.
msgcenter --demo & app=$!
win=$(window "Message Center")
xdotool windowsize "$win" 1280 770
shot loaded 5
xdotool mousemove 420 160 click 1
shot selected 2
xdotool mousemove 350 58 click 1 type "DDoS"
shot search 2
quit_app

# The tray: started minimized, the demo's first new message pops up after 8 s; then the menu.
msgcenter --demo --minimized & app=$!
sleep 12
import -window root "$home/desktop.png"
convert "$home/desktop.png" -crop 560x230+720+0 +repage "$out/notification.png"
dunstctl close-all
xdotool mousemove 1268 14 click 3
sleep 1
xdotool mousemove 1150 69  # over "Pause notifications": its submenu opens
sleep 1
import -window root "$home/desktop.png"
convert "$home/desktop.png" -crop 560x190+720+0 +repage -scale 150% "$out/tray.png"
xdotool key Escape Escape
sleep 0.5
xdotool mousemove 1268 14 click 3
sleep 1
xdotool mousemove 1150 112 click 1  # Preferences…
win=$(window "Preferences")
xdotool windowmove "$win" 40 40
sleep 1
import -window "$win" "$out/preferences.png"
xdotool windowfocus --sync "$win"
xdotool key Escape
kill $app; wait $app 2>/dev/null || true

# The tray icon as drawn: 0, 7, 42 and 120 unread online, 7 offline; at 32 px, pixel ratio 1 and 2.
python - "$out/tray-icons.png" <<'PYTHON'
import sys
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication
from desktop.views.tray import BadgeIconEngine
app = QApplication(sys.argv[:1])
states = [(0, True), (7, True), (42, True), (120, True), (7, False)]
sheet = QImage(len(states) * 112 + 16, 112, QImage.Format.Format_ARGB32)
sheet.fill(Qt.GlobalColor.white)
painter = QPainter(sheet)
for n, (count, online) in enumerate(states):
    painter.drawImage(16 + n * 112, 40, BadgeIconEngine(count, online).image(QSize(32, 32), 1.0))
    sharp = BadgeIconEngine(count, online).image(QSize(32, 32), 2.0)
    sharp.setDevicePixelRatio(1.0)
    painter.drawImage(56 + n * 112, 24, sharp)
painter.end()
sheet.save(sys.argv[1])
PYTHON

# Offline: the demo's profile, its server gone.
msgcenter --profile demo & app=$!
win=$(window "Message Center")
xdotool windowsize "$win" 1280 770
shot offline 4
quit_app
# Empty: a new account with no messages yet.
printf 'secret\n' | msgcenter-server create-account --db "$home/empty.db" newcomer > /dev/null
msgcenter-server serve --port 0 --db "$home/empty.db" > "$home/server.out" & server=$!
for _ in $(seq 50); do grep -q "listening on" "$home/server.out" && break; sleep 0.1; done
url=$(sed -n 's/.*listening on //p' "$home/server.out")
printf 'secret\n' | msgcenter --profile empty login --server "$url" --username newcomer --password-stdin
msgcenter --profile empty & app=$!
win=$(window "Message Center")
xdotool windowsize "$win" 1280 770
shot empty 3
quit_app
kill $server; wait $server 2>/dev/null || true
rm -rf "$home"
