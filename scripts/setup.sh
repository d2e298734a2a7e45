#!/usr/bin/env bash
# Set up a fresh machine for Peta Kesos: Debian packages (Chromium for the browser tests, fonts for the map export),
# Python packages, and the browser assets the dashboard serves itself (Leaflet from the npm registry, never a CDN).
# Idempotent: a second run only checks. Needs root (or sudo) for apt-get; skips it where Chromium is present.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi dejavu; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium chromium-driver fonts-dejavu-core fontconfig >/dev/null
fi

python -m pip install -q --disable-pip-version-check -r requirements.txt

if [ ! -f node_modules/leaflet/dist/leaflet.js ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/install_assets.sh
echo "Set-up done."
