#!/usr/bin/env bash
# The whole test suite: lint, types, then pytest on SQLite and on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh dev
export HUIYING_REQUIRE_BROWSER=1
export HUIYING_DATA_DIR="${HUIYING_DATA_DIR:-$(mktemp -d /tmp/huiying-test.XXXXXX)}"

echo "== ruff"; .venv/bin/ruff check . && .venv/bin/ruff format --check .
echo "== mypy huiying/core"; .venv/bin/mypy

echo "== pytest on SQLite"
.venv/bin/pytest -p no:cacheprovider "$@"

echo "== pytest on PostgreSQL"
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
# The pure core tests and the document renderer (tests/core, tests/documents) touch no
# database: run them once, above. The browser flows drive the same service functions whose
# own tests run here; they run on SQLite above, and on PostgreSQL with HUIYING_PG_BROWSER=1
# (kept out of the default to hold CI well under its time budget on two cores).
pg_skip=(--ignore=tests/core --ignore=tests/documents)
[ -n "${HUIYING_PG_BROWSER:-}" ] || pg_skip+=(--ignore=tests/browser)
DATABASE_URL="${HUIYING_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/huiying}" \
  .venv/bin/pytest -p no:cacheprovider "${pg_skip[@]}" "$@"
