#!/bin/bash
# Screenshots of the main window's states for the README, taken in the headless desktop:
#   scripts/desktop-session.sh --tray --notify --keyring -- scripts/screenshots.sh [OUT_DIR]
set -eu
out=${1:-docs/screenshots}
mkdir -p "$out"
home=$(mktemp -d -t msgcenter-shots.XXXXXX)
export MSGCENTER_HOME=$home
shot() { sleep "${2:-1}"; import -window root "$out/$1.png"; }
window() { xdotool search --sync --onlyvisible --name "$1" | head -1; }
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
