#!/bin/bash
# Run a command with a throwaway PostgreSQL cluster of its own: initdb into a temporary folder,
# the server on a unix socket in that folder and on loopback TCP at a free port, stopped (and the
# folder removed) when the command ends, however it ends. Inside, MSGCENTER_TEST_DB holds the
# cluster's URL (its `postgres` database); the tests make a database of their own per module.
#
#   scripts/postgres-cluster.sh -- COMMAND [ARG...]
#
# Debian package (.ci/run installs it): postgresql. Run as root, the cluster belongs to the
# `postgres` user (PostgreSQL refuses to run as root); otherwise to the user running this.
# A test cluster: no durability settings (fsync off), trust authentication on loopback only.
set -euo pipefail
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "usage: postgres-cluster.sh -- COMMAND..." >&2; exit 2; }

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/initdb" ] || { echo "postgres-cluster: PostgreSQL is not installed" >&2; exit 2; }

as_owner=()
if [ "$(id -u)" = 0 ]; then
  as_owner=(runuser -u postgres --)
fi
folder=$(mktemp -d -t postgres-cluster.XXXXXX)
chmod 0755 "$folder"
[ "$(id -u)" = 0 ] && chown postgres: "$folder"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$folder/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$folder"
}
trap stop EXIT
trap 'exit 130' INT TERM

"${as_owner[@]}" "$bindir/initdb" -D "$folder/data" -U postgres -A trust -E UTF8 --no-locale \
  >"$folder/initdb.log" 2>&1 || { cat "$folder/initdb.log" >&2; exit 1; }
options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$folder"
options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
"${as_owner[@]}" "$bindir/pg_ctl" -D "$folder/data" -l "$folder/server.log" -o "$options" -w start \
  >/dev/null || { cat "$folder/server.log" >&2; exit 1; }

export MSGCENTER_TEST_DB="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
export MSGCENTER_TEST_PG_BIN="$bindir"
"$@"
