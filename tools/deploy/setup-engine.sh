#!/usr/bin/env bash
# Makes a container engine usable for `npm run deploy:smoke` and `.ci/run`: a running Docker
# daemon, Compose v2 (the compose file needs 2.24+: top-level `name:`, optional `env_file`)
# and BuildKit (the Dockerfile uses cache and secret mounts).
#
# On Debian 12 as root it installs what is missing: `docker.io` and `debootstrap` from
# bookworm; `docker-compose` (2.x) and `docker-buildx` from trixie, through an apt source
# pinned at priority 100 so nothing else is upgraded from it (both packages depend only on
# libc). Then it starts `dockerd` in the background if no daemon answers. Anywhere else it
# says what to install and exits 1. Idempotent: a second run only checks.
#
#   tools/deploy/setup-engine.sh          # see docs/deployment.md → "Running the smoke test"
set -euo pipefail

log() { printf '==> %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
engine_ok() { docker info >/dev/null 2>&1; }
compose_ok() {
  local v
  v=$(docker compose version --short 2>/dev/null) || return 1
  # 2.24 or later (env_file entries with path/required).
  [ "${v%%.*}" -ge 2 ] 2>/dev/null && { [ "${v%%.*}" -gt 2 ] || [ "$(echo "$v" | cut -d. -f2)" -ge 24 ]; }
}
buildx_ok() { docker buildx version >/dev/null 2>&1; }
all_ok() { have docker && engine_ok && compose_ok && buildx_ok; }

if all_ok; then
  log "container engine ready: $(docker version --format 'engine {{.Server.Version}}'), compose $(docker compose version --short), $(docker buildx version | cut -d' ' -f1-2)"
  exit 0
fi

# shellcheck source=tools/deploy/debian-apt.sh
. "$(dirname "$0")/debian-apt.sh"
if ! is_debian_root; then
  cat >&2 <<'EOF'
Eloquent's smoke test needs a container engine, and this script installs one only on
Debian as root. Please install:
  - Docker Engine 20.10+ with BuildKit   (https://docs.docker.com/engine/install/)
  - Docker Compose v2.24+ (`docker compose version`)
  - docker buildx                         (`docker buildx version`)
and make sure `docker info` works for this user; then run `npm run deploy:smoke` again.
EOF
  have docker && ! engine_ok && echo "  (found a docker client, but no daemon answers: is dockerd running?)" >&2
  have docker && engine_ok && ! compose_ok && echo "  (found: $(docker compose version 2>&1 | head -n1))" >&2
  exit 1
fi

if ! have dockerd; then
  log "installing docker.io (Debian's Docker Engine)"
  apt_install docker.io
fi
have debootstrap || { log "installing debootstrap (offline base images)"; apt_install debootstrap; }

if ! compose_ok || ! buildx_ok; then
  # Debian 12's docker-compose is v1.29, which rejects the compose file.
  log "installing docker-compose v2 and docker-buildx from trixie"
  apt_install_trixie docker-compose docker-buildx
fi

if ! engine_ok; then
  log "starting dockerd in the background (log: /var/log/eloquent-dockerd.log)"
  # setsid: the daemon outlives this script and the shell that ran it.
  setsid dockerd >/var/log/eloquent-dockerd.log 2>&1 </dev/null &
  for _ in $(seq 1 60); do engine_ok && break; sleep 1; done
  engine_ok || { tail -n 30 /var/log/eloquent-dockerd.log >&2; log "dockerd did not come up"; exit 1; }
fi

all_ok || { log "the engine is still incomplete: docker compose $(docker compose version 2>&1 | head -n1), buildx: $(docker buildx version 2>&1 | head -n1)"; exit 1; }
log "container engine ready: $(docker version --format 'engine {{.Server.Version}}'), compose $(docker compose version --short), $(docker buildx version | cut -d' ' -f1-2)"
