#!/usr/bin/env bash
# Point-in-time recovery drill: the recipe in deploy/README.md, run end to end on a
# throw-away PostgreSQL cluster (its own folder and port; the machine's server is not
# touched). It archives WAL, takes a base backup, writes a row before and after a moment
# T, recovers to T, and checks that the first write is there and the second is not.
# Needs PostgreSQL's server binaries (Debian: postgresql); run as root or as postgres.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PORT=${PITR_PORT:-54329}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -x "$BIN/initdb" ] || { echo "PostgreSQL server binaries not found (Debian: postgresql)"; exit 2; }
WORK=$(mktemp -d)
trap 'as_pg "$BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

# PostgreSQL refuses to run as root: run its programs as the postgres user when we are root.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres "$WORK"; fi
psql_() { as_pg psql -h 127.0.0.1 -p "$PORT" -U postgres -X -qtA "$@"; }

echo "== 1. a cluster that archives its WAL (archive_mode, archive_command)"
as_pg "$BIN/initdb" -D "$WORK/data" -U postgres --auth=trust >/dev/null
as_pg mkdir "$WORK/archive"
cat >> "$WORK/data/postgresql.conf" <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$WORK'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $WORK/archive/%f && cp %p $WORK/archive/%f'
archive_timeout = 60
CONF
as_pg "$BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w start >/dev/null
psql_ -d postgres -c "CREATE DATABASE engage"
URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/engage"
DATABASE_URL=$URL "$ROOT/.venv/bin/flask" --app engage db upgrade >/dev/null 2>&1
DATABASE_URL=$URL "$ROOT/.venv/bin/flask" --app engage seed-demo >/dev/null

echo "== 2. a base backup (pg_basebackup), taken while the site could be running"
as_pg "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PORT" -U postgres -D "$WORK/base" -X stream -c fast

echo "== 3. writes before and after the moment to recover to"
psql_ -d engage -c "UPDATE users SET display_name = 'Before T' WHERE id = 1"
sleep 1
T=$(psql_ -d engage -c "SELECT now()")
sleep 1
psql_ -d engage -c "UPDATE users SET display_name = 'After T' WHERE id = 1"
psql_ -d engage -c "SELECT pg_switch_wal()" >/dev/null   # close the segment so it is archived
for _ in $(seq 50); do
  [ "$(psql_ -d postgres -c "SELECT last_archived_wal IS NOT NULL AND failed_count = 0 FROM pg_stat_archiver")" = t ] && break
  sleep 0.2
done
echo "   T = $T"

echo "== 4. the disaster: the data folder is lost"
as_pg "$BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null
rm -rf "$WORK/data"

echo "== 5. recovery: the base backup, restore_command and recovery_target_time = T"
as_pg cp -a "$WORK/base" "$WORK/data"
cat >> "$WORK/data/postgresql.conf" <<CONF
restore_command = 'cp $WORK/archive/%f %p'
recovery_target_time = '$T'
recovery_target_action = 'promote'
CONF
as_pg touch "$WORK/data/recovery.signal"
as_pg "$BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w start >/dev/null
for _ in $(seq 100); do
  [ "$(psql_ -d postgres -c "SELECT pg_is_in_recovery()")" = f ] && break
  sleep 0.2
done

echo "== 6. check"
name=$(psql_ -d engage -c "SELECT display_name FROM users WHERE id = 1")
people=$(psql_ -d engage -c "SELECT count(*) FROM users")
echo "   users: $people; user 1 is called '$name'"
if [ "$name" != "Before T" ]; then
  echo "FAILED: expected the write before T ('Before T') and not the one after it"
  tail -20 "$WORK/server.log"
  exit 1
fi
echo "Point-in-time recovery drill passed: recovered to T, with the write before it and not the one after."
