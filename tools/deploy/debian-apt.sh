# Sourced by setup-engine.sh and install-kubectl.sh: apt helpers for Debian 12 (root).
# Some tools Eloquent needs are newer in Debian 13 (trixie) than in 12 (bookworm): Compose v2,
# buildx, a kubectl with kustomize v5. They come from a trixie apt source pinned at priority
# 100, so only the packages asked for by name (with -t trixie) come from it.

# Waits for another apt/dpkg run (unattended upgrades, a parallel job) instead of failing.
apt_get() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"; }
apt_updated=0
apt_update_once() { if [ "$apt_updated" = 0 ]; then apt_get update -qq; apt_updated=1; fi; }
apt_install() { apt_update_once; apt_get install -y -qq --no-install-recommends "$@" >/dev/null; }

is_debian_root() { [ "$(id -u)" = 0 ] && [ -r /etc/os-release ] && grep -qE '^ID=debian' /etc/os-release && command -v apt-get >/dev/null; }

add_trixie_source() {
  [ -f /etc/apt/sources.list.d/eloquent-trixie.sources ] && return 0
  printf '==> %s\n' "adding a trixie apt source (pin priority 100)" >&2
  cat >/etc/apt/sources.list.d/eloquent-trixie.sources <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  cat >/etc/apt/preferences.d/eloquent-trixie <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
  apt_updated=0
}

apt_install_trixie() { add_trixie_source; apt_update_once; apt_get install -y -qq --no-install-recommends -t trixie "$@" >/dev/null; }
