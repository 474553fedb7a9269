#!/bin/bash
# Run a command inside a throwaway headless desktop, the way the tests and CI need one:
# a private D-Bus session, Xvfb, and on request an XEmbed tray (trayer), a notification daemon
# (dunst), an unlocked Secret Service keyring (gnome-keyring) and the accessibility (AT-SPI) bus
# that screen readers read the apps through. Stops only what it started;
# exits with the command's status. Inside, MSGCENTER_TEST_DESKTOP lists what is up, so tests that
# need a part fail (never skip) when it is missing.
#
#   scripts/desktop-session.sh [--tray] [--notify] [--keyring] [--a11y] -- COMMAND [ARG...]
#
# Debian packages (.ci/run installs them): xvfb x11-utils xauth xdotool imagemagick dbus
# dbus-x11 trayer dunst libnotify-bin gnome-keyring libsecret-tools libxcb-cursor0
# libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 at-spi2-core python3-pyatspi
set -u
want_tray=0 want_notify=0 want_keyring=0 want_a11y=0
while [ $# -gt 0 ]; do
  case "$1" in
    --tray) want_tray=1 ;;
    --notify) want_notify=1 ;;
    --keyring) want_keyring=1 ;;
    --a11y) want_a11y=1 ;;
    --) shift; break ;;
    *) echo "desktop-session: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ $# -gt 0 ] || { echo "usage: desktop-session.sh [--tray] [--notify] [--keyring] [--a11y] -- COMMAND..." >&2; exit 2; }

# Outside: start a private session bus and run this script again inside it. Without a private bus,
# libdbus would autolaunch a dbus-daemon that outlives Xvfb.
if [ -z "${DESKTOP_SESSION_INSIDE:-}" ]; then
  flags=()
  [ $want_tray = 1 ] && flags+=(--tray)
  [ $want_notify = 1 ] && flags+=(--notify)
  [ $want_keyring = 1 ] && flags+=(--keyring)
  [ $want_a11y = 1 ] && flags+=(--a11y)
  scratch=""
  if [ $want_keyring = 1 ]; then
    # The keyring's files live under a throwaway HOME; XDG_RUNTIME_DIR must be private (0700).
    scratch=$(mktemp -d -t desktop-session.XXXXXX)
    mkdir -p "$scratch/home" "$scratch/data" && mkdir -m 700 "$scratch/run"
    export HOME=$scratch/home XDG_DATA_HOME=$scratch/data XDG_RUNTIME_DIR=$scratch/run
  fi
  DESKTOP_SESSION_INSIDE=1 dbus-run-session -- bash "$0" "${flags[@]}" -- "$@" \
    2> >(grep -v -e 'fd limit' -e 'became a monitor' -e 'Monitoring connection' >&2)
  status=$?
  [ -n "$scratch" ] && rm -rf "$scratch"
  exit $status
fi

bus_has() {  # is a name owned on the session bus?
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null | grep -q 'boolean true'
}

started=()
up=(dbus)
display=90
while [ -e /tmp/.X$display-lock ] || [ -e /tmp/.X11-unix/X$display ]; do display=$((display + 1)); done
Xvfb :$display -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
started+=($!)
for _ in $(seq 200); do xdpyinfo -display :$display >/dev/null 2>&1 && break; sleep 0.05; done
export DISPLAY=:$display QT_QPA_PLATFORM=xcb
xdpyinfo >/dev/null 2>&1 && up+=(x11)

if [ $want_keyring = 1 ]; then
  # --unlock creates the login keyring with a throwaway password: no prompt ever appears.
  eval "$(printf 'session-password' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
  eval "$(gnome-keyring-daemon --start --components=secrets 2>/dev/null)"
  export GNOME_KEYRING_CONTROL
  for _ in $(seq 100); do bus_has org.freedesktop.secrets && { up+=(keyring); break; }; sleep 0.05; done
fi
if [ $want_tray = 1 ]; then
  trayer --edge top --align right --widthtype request --height 28 --SetDockType true \
    --transparent false >/dev/null 2>&1 &
  started+=($!)
  for _ in $(seq 200); do
    if xwininfo -root -tree 2>/dev/null | grep -q '"panel"'; then up+=(tray); break; fi
    sleep 0.05
  done
fi
if [ $want_notify = 1 ]; then
  dunst >/dev/null 2>&1 &
  started+=($!)
  for _ in $(seq 100); do bus_has org.freedesktop.Notifications && { up+=(notify); break; }; sleep 0.05; done
fi
if [ $want_a11y = 1 ]; then
  # The accessibility bus; its registry daemon is started on it when an app first asks.
  /usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 &
  started+=($!)
  for _ in $(seq 100); do bus_has org.a11y.Bus && { up+=(a11y); break; }; sleep 0.05; done
fi
export MSGCENTER_TEST_DESKTOP="${up[*]}"

"$@"
status=$?
for ((i = ${#started[@]} - 1; i >= 0; i--)); do
  kill "${started[$i]}" 2>/dev/null
  wait "${started[$i]}" 2>/dev/null
done
[ -n "${GNOME_KEYRING_PID:-}" ] && kill "$GNOME_KEYRING_PID" 2>/dev/null
exit $status
