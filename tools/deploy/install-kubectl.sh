#!/usr/bin/env bash
# Makes `kubectl kustomize` available for the deploy tests (they render k8s/ offline; no
# cluster is contacted). Needs kustomize v4+ inside kubectl (kubectl 1.21+) for components.
# On Debian as root it installs trixie's `kubernetes-client` (bookworm's is 1.20) through the
# pinned trixie source; elsewhere it says what to install and exits 1.
set -euo pipefail
log() { printf '==> %s\n' "$*" >&2; }
kustomize_major() { kubectl version --client -o json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=(JSON.parse(s||"{}").kustomizeVersion||"v0").replace(/^v/,"");console.log(parseInt(v,10)||0)})'; }

if command -v kubectl >/dev/null && [ "$(kustomize_major)" -ge 4 ]; then
  log "kubectl ready: $(kubectl version --client 2>/dev/null | tr '\n' ' ')"
  exit 0
fi
# shellcheck source=tools/deploy/debian-apt.sh
. "$(dirname "$0")/debian-apt.sh"
if ! is_debian_root; then
  echo "The deploy tests need kubectl 1.21+ (kustomize v4+): https://kubernetes.io/docs/tasks/tools/" >&2
  exit 1
fi
log "installing kubectl (kubernetes-client) from trixie"
apt_install_trixie kubernetes-client
log "kubectl ready: $(kubectl version --client 2>/dev/null | tr '\n' ' ')"
