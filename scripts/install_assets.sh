#!/usr/bin/env bash
# Copy the browser assets installed by npm (package.json / package-lock.json) into static/vendor/, which the
# Streamlit app serves at /app/static/vendor/... (server.enableStaticServing). Run after `npm ci`.
# static/vendor/ and node_modules/ are git-ignored: third-party code is installed, never committed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/node_modules/leaflet/dist"
DEST="${PETAKESOS_STATIC_DIR:-$ROOT/static}/vendor/leaflet"
if [[ ! -f "$SRC/leaflet.js" ]]; then
  echo "node_modules/leaflet not found: run 'npm ci' in $ROOT first (it installs Leaflet from the npm registry)." >&2
  exit 2
fi
rm -rf "$DEST"
mkdir -p "$DEST"
cp "$SRC/leaflet.js" "$SRC/leaflet.css" "$DEST/"
cp -r "$SRC/images" "$DEST/"
cp "$ROOT/node_modules/leaflet/LICENSE" "$DEST/LICENSE"
echo "Leaflet $(node -p "require('$ROOT/node_modules/leaflet/package.json').version" 2>/dev/null || echo '?') -> $DEST"
