#!/usr/bin/env bash
# Set up a fresh Debian/Ubuntu machine for Peta Kesos, never touching the system Python:
#  1. Debian packages: Chromium (browser tests), fonts (map export), npm, and python3-venv where `python3 -m venv`
#     does not work (Debian and Ubuntu ship the system Python without it and mark it externally managed, PEP 668);
#  2. a virtual environment at .venv with the exact versions and hashes of requirements.lock;
#  3. the browser assets the dashboard serves itself (Leaflet from the npm registry, never a CDN).
# Idempotent: a second run only checks (the venv is reinstalled only when requirements.lock changes).
# apt-get needs root or sudo; it is skipped when everything is already there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PETAKESOS_PYTHON:-python3}"  # the interpreter the venv is made from (3.11 or newer)
VENV="$ROOT/.venv"

apt_install() {
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing Debian packages: $*"
  export DEBIAN_FRONTEND=noninteractive
  # Another install (unattended upgrades, a second set-up) may hold the dpkg lock: wait for it, don't fail.
  local wait_lock=(-o DPkg::Lock::Timeout=600)
  if [ -z "${APT_UPDATED:-}" ]; then $sudo apt-get "${wait_lock[@]}" update -qq; APT_UPDATED=1; fi
  $sudo apt-get "${wait_lock[@]}" install -y -qq "$@" >/dev/null
}

packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
command -v chromedriver >/dev/null 2>&1 || packages+=(chromium-driver)
fc-list 2>/dev/null | grep -qi dejavu || packages+=(fonts-dejavu-core fontconfig)
command -v npm >/dev/null 2>&1 || packages+=(npm)
command -v "$PYTHON" >/dev/null 2>&1 || packages+=(python3)
if [ ${#packages[@]} -gt 0 ]; then apt_install "${packages[@]}"; fi

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Peta Kesos needs Python 3.11 or newer; $PYTHON is $("$PYTHON" --version 2>&1). Set PETAKESOS_PYTHON to one." >&2
  exit 2
fi

# The venv: made with the system's venv module; python3-venv is installed where Debian left it out.
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
  rm -rf "$VENV"
  if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
    rm -rf "$VENV"
    minor="$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    apt_install python3-venv "python${minor}-venv"
    "$PYTHON" -m venv "$VENV"
  fi
fi

# Install exactly what requirements.lock pins (versions and hashes); skipped when the lock has not changed.
stamp="$VENV/.requirements.lock.sha256"
want="$(sha256sum requirements.lock | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "Installing Python packages into .venv from requirements.lock …"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
  echo "$want" > "$stamp"
fi

if [ ! -f node_modules/leaflet/dist/leaflet.js ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/install_assets.sh
echo "Set-up done: the virtual environment is .venv (run programs as .venv/bin/python, .venv/bin/streamlit)."
