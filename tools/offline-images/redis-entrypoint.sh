#!/bin/sh
# Entrypoint of the offline redis:7 stand-in: as the official image, runs redis-server as
# the `redis` user and turns protected mode off when no config file is given.
set -eu
if [ "${1:-}" = redis-server ]; then
  shift
  case "${1:-}" in *.conf) ;; *) set -- --protected-mode no --bind '* -::*' "$@" ;; esac
  if [ "$(id -u)" = 0 ]; then
    chown -R redis:redis /data
    exec setpriv --reuid=redis --regid=redis --init-groups redis-server "$@"
  fi
  exec redis-server "$@"
fi
exec "$@"
