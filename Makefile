# Entry points for people and CI. `make run` serves the demo; `make test` runs everything CI runs.
# Variables from .env (if present) are read and exported; see .env.example.

SHELL := /bin/bash
PORT ?= 8000
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
# The benchmark gets its own database so it never fills the one you develop or test with.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/dangjian_bench
PYTEST_ARGS ?=
# Two workers for the two cores; each gets its own test database (test_<name>_gw0, _gw1). A module that shares a
# module-scoped world runs whole on one worker (--dist loadgroup; tests/conftest.py groups it), so it is built once.
PYTEST_WORKERS ?= 2

ifneq (,$(wildcard .env))
include .env
export
endif

.PHONY: help run test lint format bench bench-capabilities bench-load migrate demo

help:
	@echo "make run     create .venv, migrate SQLite, load the demo company, serve on 127.0.0.1:$(PORT) (PORT=8001 for another)"
	@echo "             while the rest of the demo loads in the background; 'make demo' loads all of it first"
	@echo "make test    ruff, makemigrations --check, pytest incl. browser tests (PostgreSQL if DATABASE_URL is set)"
	@echo "make lint    ruff check, ruff format --check and lint-imports (the layers in .importlinter)"
	@echo "make format  ruff format and ruff check --fix"
	@echo "make bench   seed group scale on PostgreSQL and time the people list, subtree counts and indicator roll-ups"
	@echo "make bench-capabilities   the capabilities' benchmarks (bench-value_rankings, bench-points_leaderboard …)"

# The virtualenv is rebuilt only when a requirements file changes (the stamp files record the last install).
$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

migrate: $(VENV)/.installed
	@mkdir -p var/static
	DJANGO_DEBUG=true $(PY) manage.py migrate --noinput
	@# The .mo files are committed; recompile when gettext is here so edited .po files show up at once.
	@if command -v msgfmt >/dev/null && [ -d locale ]; then \
		DJANGO_DEBUG=true $(PY) manage.py compilemessages --ignore=.venv --ignore=var -v 0; fi

demo: migrate
	@DJANGO_DEBUG=true $(PY) manage.py seed_demo --url http://127.0.0.1:$(PORT)/

# The site comes up as soon as the demo company and its logins are in (about a minute); the indicators, projects and
# every capability's data then load beside it (seed_demo --stage rest: small transactions, so logins never wait),
# printing their progress. The task worker and that loader run beside the server and stop with it (Ctrl-C).
run: migrate
	@DJANGO_DEBUG=true $(PY) manage.py seed_demo --stage first --url http://127.0.0.1:$(PORT)/
	@export DJANGO_DEBUG=true; \
	$(PY) manage.py run_huey --quiet & worker=$$!; \
	(sleep 5; exec $(PY) manage.py seed_demo --stage rest --url http://127.0.0.1:$(PORT)/) & seeder=$$!; \
	trap 'kill $$worker $$seeder 2>/dev/null; wait $$worker $$seeder 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: lint
	@mkdir -p var/static
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -p no:cacheprovider -n $(PYTEST_WORKERS) --dist loadgroup --durations=40 $(PYTEST_ARGS)

bench: $(VENV)/.installed
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/run.py $(BENCH_ARGS)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/indicators_rollup.py $(BENCH_INDICATOR_ARGS)

# Load test with wrk (Debian package wrk) against production gunicorn: bench/README.md, "Load test".
bench-load: $(VENV)/.installed
	$(PY) bench/load.py $(BENCH_LOAD_ARGS)

# The capabilities' benchmarks, each in a PostgreSQL database of its own (created and migrated if missing): e.g.
# `make bench-value_rankings`. Each prints its ratios against a baseline measured in the same run (bench/README.md).
CAPABILITY_BENCHES := value_rankings meetings_matrix service_sla points_leaderboard assessment_ranking
BENCH_PG ?= postgres://postgres@127.0.0.1:5432

bench-capabilities: $(addprefix bench-,$(CAPABILITY_BENCHES))

bench-%: $(VENV)/.installed
	@createdb -h 127.0.0.1 -U postgres bench_$* 2>/dev/null || true
	DJANGO_DEBUG=true DATABASE_URL=$(BENCH_PG)/bench_$* $(PY) manage.py migrate --noinput -v 0
	DATABASE_URL=$(BENCH_PG)/bench_$* $(PY) bench/$*.py $(BENCH_ARGS_$*)
