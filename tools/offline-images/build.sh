#!/usr/bin/env bash
# Offline images kit: makes the three base images Eloquent's containers need without
# Docker Hub, for air-gapped installations and machines whose registry access stops at the
# Debian mirror and npm.
#
#   tools/offline-images/build.sh            # build what is missing, print the env to use
#   tools/offline-images/build.sh --force    # rebuild all four
#
# Images (tags say they are stand-ins, never the official names):
#   eloquent-offline/debian:bookworm  debootstrap --variant=minbase bookworm, `docker import`ed
#   eloquent-offline/node:20          that + this machine's Node 20 (node, npm, C headers)
#   eloquent-offline/postgres:15      that + Debian's postgresql-15, official-image interface
#   eloquent-offline/redis:7          that + Debian's redis-server (7.0), official-image interface
#
# Use them by exporting what this prints (the Dockerfile and docker-compose.yml read them):
#   NODE_IMAGE=eloquent-offline/node:20 POSTGRES_IMAGE=eloquent-offline/postgres:15
#   REDIS_IMAGE=eloquent-offline/redis:7
# Images that already exist are kept (a CI machine builds them once); `docker save` them to
# carry them to a machine with no network at all (docs/deployment.md → Air-gapped installs).
#
# Needs: root, docker, debootstrap, a Debian mirror (MIRROR, default deb.debian.org) and a
# Node 20 installed on this machine (NODE_PREFIX, default: where `node` is installed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
log() { printf '==> %s\n' "$*" >&2; }

force=0
[ "${1:-}" = --force ] && force=1
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
DEBIAN_IMAGE=eloquent-offline/debian:bookworm
NODE_OFFLINE_IMAGE=eloquent-offline/node:20
POSTGRES_OFFLINE_IMAGE=eloquent-offline/postgres:15
REDIS_OFFLINE_IMAGE=eloquent-offline/redis:7

missing() { [ "$force" = 1 ] || ! docker image inspect "$1" >/dev/null 2>&1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if missing "$DEBIAN_IMAGE"; then
  command -v debootstrap >/dev/null || { log "debootstrap is missing (apt-get install debootstrap)"; exit 1; }
  log "debootstrap --variant=minbase bookworm ($MIRROR)"
  start=$(date +%s)
  debootstrap --variant=minbase bookworm "$work/rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 || {
    tail -n 20 "$work/debootstrap.log" >&2
    exit 1
  }
  # Same trims as Debian's own container images: no package lists or caches in the image.
  rm -rf "$work/rootfs"/var/lib/apt/lists/* "$work/rootfs"/var/cache/apt/*.bin "$work/rootfs"/var/cache/apt/archives/*.deb
  tar -C "$work/rootfs" -c . | docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8' \
    -c 'CMD ["bash"]' - "$DEBIAN_IMAGE" >/dev/null
  rm -rf "$work/rootfs"
  log "$DEBIAN_IMAGE built in $(($(date +%s) - start)) s"
fi

if missing "$NODE_OFFLINE_IMAGE"; then
  node_bin="$(readlink -f "$(command -v node)")"
  prefix="${NODE_PREFIX:-$(dirname "$(dirname "$node_bin")")}"
  major="$("$node_bin" -p 'process.versions.node.split(".")[0]')"
  [ "$major" = 20 ] || { log "this machine's node is $("$node_bin" --version), not 20: set NODE_PREFIX to a Node 20 install"; exit 1; }
  for need in "$prefix/lib/node_modules/npm" "$prefix/include/node/node_api.h"; do
    [ -e "$need" ] || { log "missing $need (a Node install with npm and its headers is needed)"; exit 1; }
  done
  log "$NODE_OFFLINE_IMAGE from $node_bin ($("$node_bin" --version)), npm and headers under $prefix"
  mkdir -p "$work/node/usr-local/bin" "$work/node/usr-local/lib/node_modules" "$work/node/usr-local/include"
  cp "$node_bin" "$work/node/usr-local/bin/node"
  cp -a "$prefix/lib/node_modules/npm" "$work/node/usr-local/lib/node_modules/"
  cp -a "$prefix/include/node" "$work/node/usr-local/include/"
  docker build -q --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" -f "$here/node20.Dockerfile" -t "$NODE_OFFLINE_IMAGE" "$work/node" >/dev/null
fi

for pair in "postgres15:$POSTGRES_OFFLINE_IMAGE" "redis7:$REDIS_OFFLINE_IMAGE"; do
  name="${pair%%:*}" image="${pair#*:}"
  if missing "$image"; then
    log "$image (Debian packages)"
    docker build -q --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" -f "$here/$name.Dockerfile" -t "$image" "$here" >/dev/null
  fi
done

docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep '^eloquent-offline/' >&2
# The settings that select these images (stdout, so a caller can `eval` them).
echo "NODE_IMAGE=$NODE_OFFLINE_IMAGE"
echo "POSTGRES_IMAGE=$POSTGRES_OFFLINE_IMAGE"
echo "REDIS_IMAGE=$REDIS_OFFLINE_IMAGE"
