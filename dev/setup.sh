#!/usr/bin/env bash
# Installs what the local stack needs from the OS: Valkey 8 (valkey-server, valkey-cli) and openssl.
# Idempotent: does nothing when both are already on PATH. Usage: npm run setup (as root on Debian/Ubuntu).
set -euo pipefail

INSTALL_HELP='Valkey 8 (valkey-server and valkey-cli) is required for the local stack. Install it with `npm run setup` (Debian/Ubuntu, as root), `brew install valkey` (macOS), or `apt-get install -t bookworm-backports valkey-server` (Debian 12 with bookworm-backports enabled), or point VALKEY_SERVER / VALKEY_CLI at the binaries; without a local install you can run `docker run -p 6390:6379 valkey/valkey:8` instead.'
BACKPORTS_FILE=/etc/apt/sources.list.d/bookworm-backports.sources

have() { command -v "$1" >/dev/null 2>&1; }
valkey_version() { valkey-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p'; }

need_valkey=0
need_openssl=0
{ have valkey-server && have valkey-cli; } || need_valkey=1
have openssl || need_openssl=1

if [[ $need_valkey -eq 0 && $need_openssl -eq 0 ]]; then
  echo "valkey-server is already installed: $(command -v valkey-server) (Valkey $(valkey_version)); openssl is present."
  exit 0
fi

os_id=''
os_like=''
os_codename=''
if [[ -r /etc/os-release ]]; then
  # shellcheck disable=SC1091
  . /etc/os-release
  os_id="${ID:-}"
  os_like="${ID_LIKE:-}"
  os_codename="${VERSION_CODENAME:-}"
fi
is_debian_like=0
if have apt-get && [[ "$os_id" == debian || "$os_id" == ubuntu || " $os_like " == *" debian "* || " $os_like " == *" ubuntu "* ]]; then
  is_debian_like=1
fi

if [[ $is_debian_like -eq 0 || $(id -u) -ne 0 ]]; then
  if [[ $need_valkey -eq 1 ]]; then
    echo "$INSTALL_HELP" >&2
  else
    echo 'openssl is required to create the test CA of the local TLS cluster; install it with your package manager (e.g. `apt-get install openssl` as root, or `brew install openssl`).' >&2
  fi
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt_updated=0
apt_update() {
  if [[ $apt_updated -eq 0 ]]; then
    apt-get update
    apt_updated=1
  fi
}

if [[ $need_valkey -eq 1 ]]; then
  if [[ "$os_id" == debian && "$os_codename" == bookworm ]]; then
    if [[ ! -e "$BACKPORTS_FILE" ]]; then
      echo "Adding Debian bookworm-backports ($BACKPORTS_FILE)"
      cat >"$BACKPORTS_FILE" <<'EOF'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    fi
    apt_update
    apt-get install -y -t bookworm-backports valkey-server valkey-tools
  else
    apt_update
    if ! apt-get install -y valkey-server valkey-tools; then
      echo "Could not install valkey-server with apt-get on ${PRETTY_NAME:-this system}." >&2
      echo "$INSTALL_HELP" >&2
      exit 1
    fi
  fi

  # The package may have started a system-wide server on the default port 6379; the stack starts its own.
  if have systemctl && [[ -d /run/systemd/system ]]; then
    systemctl disable --now valkey-server >/dev/null 2>&1 || true
  fi
  if [[ -x /etc/init.d/valkey-server ]]; then
    /etc/init.d/valkey-server stop >/dev/null 2>&1 || true
    if have update-rc.d; then update-rc.d valkey-server disable >/dev/null 2>&1 || true; fi
  fi
fi

if [[ $need_openssl -eq 1 ]]; then
  apt_update
  apt-get install -y openssl
fi

hash -r
if ! have valkey-server || ! have valkey-cli; then
  echo "valkey-server/valkey-cli are still not on PATH after installing." >&2
  echo "$INSTALL_HELP" >&2
  exit 1
fi
echo "Installed $(command -v valkey-server) (Valkey $(valkey_version)) and $(command -v valkey-cli); openssl: $(command -v openssl)."
