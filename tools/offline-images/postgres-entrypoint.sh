#!/bin/sh
# Entrypoint of the offline postgres:15 stand-in: initialises the data directory on first
# start (password auth over TCP, like the official image), creates POSTGRES_DB, then runs
# the server as `postgres` in the foreground.
set -eu
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
# Started as another user (Kubernetes runAsUser): the volume is writable through fsGroup.
mkdir -p "$PGDATA" && chmod 700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required (the server accepts password logins over TCP only)}"
  user="${POSTGRES_USER:-postgres}"
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb --username="$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 -D "$PGDATA" >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  db="${POSTGRES_DB:-$user}"
  if [ "$db" != postgres ]; then
    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    psql -v ON_ERROR_STOP=1 --username "$user" --dbname postgres -c "CREATE DATABASE \"$db\"" >/dev/null
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  fi
  echo "initialised $PGDATA (database $db, user $user)"
fi
if [ "${1:-}" = postgres ]; then
  shift
  # jit=off: with Debian 12's LLVM JIT loaded, a backend whose client went away was killed
  # by SIGPIPE (LLVM replaces PostgreSQL's ignore), and the postmaster restarted every
  # backend into crash recovery — seen under the smoke test. Eloquent's queries are short
  # OLTP queries that JIT never helps.
  exec postgres -D "$PGDATA" -c listen_addresses='*' -c jit=off "$@"
fi
exec "$@"
