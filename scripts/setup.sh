#!/usr/bin/env bash
# Installs everything huiying needs into ./.venv and ./node_modules, from pinned lock files.
# Usage: scripts/setup.sh [dev]   ("dev" adds test tools and Debian's chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade "pip==26.0.1"
if [ "${1:-}" = "dev" ]; then
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.lock
else
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
fi
.venv/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
if [ -f package-lock.json ]; then
  if ! command -v npm >/dev/null; then
    echo "npm not found: installing Debian's nodejs and npm" >&2
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
  fi
  npm ci --silent --no-audit --no-fund
fi
# PDF export (WeasyPrint) needs Pango, and PDFs and chart images need a Chinese font.
if ! fc-list 2>/dev/null | grep -qi wqy || ! ldconfig -p 2>/dev/null | grep -q libpangoft2; then
  echo "installing Debian's Pango and a CJK font for PDF and chart export" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    libpango-1.0-0 libpangoft2-1.0-0 fonts-wqy-microhei >/dev/null
fi
if [ "${1:-}" = "dev" ] && [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's chromium for the browser tests" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
