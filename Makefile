# Entry points for people and CI. `make run` serves the demo; `make test` runs everything CI runs.
# Variables from .env (if present) are read and exported; see .env.example.

SHELL := /bin/bash
PORT ?= 8000
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
# Three workers on the two cores: a worker spends about a third of its time waiting for PostgreSQL, so a third one
# uses the cores better (make test took 12.8 min on the CI machine). Each gets its own test database (test_<name>_gw0…).
# A module that shares a module-scoped world runs whole on one worker (--dist loadgroup; tests/conftest.py groups it),
# so it is built once; so do the readers of a world shared across modules (the demo, the permission matrices' world).
PYTEST_WORKERS ?= 3

ifneq (,$(wildcard .env))
include .env
export
endif

.PHONY: help run test lint format bench bench-all migrate demo

help:
	@echo "make run     create .venv, migrate SQLite, load the demo company, serve on 127.0.0.1:$(PORT) (PORT=8001 for another)"
	@echo "             while the rest of the demo loads in the background; 'make demo' loads all of it first"
	@echo "make test    ruff, makemigrations --check, pytest incl. browser tests (PostgreSQL if DATABASE_URL is set)"
	@echo "make lint    ruff check, ruff format --check and lint-imports (the layers in .importlinter)"
	@echo "make format  ruff format and ruff check --fix"
	@echo "make bench-all   every benchmark on PostgreSQL (each seeds its own database once), then the whole table"
	@echo "make bench   the people list and the indicator roll-ups; make bench-value_rankings etc. for one bench"

# The virtualenv is rebuilt only when a requirements file changes (the stamp files record the last install).
$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt requirements-ldap.txt $(VENV)/.installed
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
	$(VENV)/bin/pytest -p no:cacheprovider -n $(PYTEST_WORKERS) --dist loadgroup --no-loadscope-reorder --durations=40 $(PYTEST_ARGS)

# Every benchmark, each in a PostgreSQL database of its own (bench_<name>, created, migrated and seeded once), then
# the whole table of ratios against baselines measured in the same run (bench/README.md). BENCH_ALL_ARGS=--quick for
# fewer rounds, --only=value_rankings,meetings_matrix for some of them.
bench-all: $(VENV)/.installed
	@mkdir -p var
	$(PY) bench/all.py $(BENCH_ALL_ARGS)

# The people list and the indicator roll-ups (the first two benches this project had).
bench: $(VENV)/.installed
	@mkdir -p var
	$(PY) bench/all.py --only run,indicators_rollup

# One bench: `make bench-value_rankings`, `make bench-meetings_matrix ARGS="--branches 100"`.
bench-%: $(VENV)/.installed
	@mkdir -p var
	$(PY) bench/$*.py $(ARGS)
