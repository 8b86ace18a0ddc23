# The two commands of the README's quick start.
.PHONY: run test setup bench lint

run:            ## install, then run huiying with demo data on SQLite: http://127.0.0.1:8000/
	scripts/setup.sh
	.venv/bin/huiying run

test:           ## install test tools, then lint and run the whole suite on SQLite and PostgreSQL
	scripts/test.sh

bench:          ## run the benchmarks (see bench/)
	.venv/bin/python bench/ingest.py

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy
