#!/usr/bin/env bash
# Regenerate requirements.lock from requirements.txt: exact versions and sha256 hashes of every package, for
# Python 3.11 on Linux. Run it after changing requirements.txt, then `bash scripts/setup.sh` installs exactly that.
# Uses uv (from PyPI, installed into .venv on demand) because it resolves and hashes in one step.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ ! -x .venv/bin/python ]; then
  echo "No .venv yet: run 'bash scripts/setup.sh' first." >&2
  exit 2
fi
[ -x .venv/bin/uv ] || .venv/bin/python -m pip install -q --disable-pip-version-check uv
.venv/bin/uv pip compile requirements.txt --python-version 3.11 --generate-hashes --quiet \
  --custom-compile-command "bash scripts/lock.sh" -o requirements.lock
echo "requirements.lock regenerated: $(grep -c '==' requirements.lock) packages pinned with hashes."
