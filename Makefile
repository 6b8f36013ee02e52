# Integra: `make demo` serves the demo, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_PASSWORD ?= integra-demo-2026

.PHONY: demo test lint messages bench clean-db

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p var
	$(BIN)/integra migrate --noinput
	$(BIN)/integra compiletranslations
	$(BIN)/integra demo-data --if-empty --password $(DEMO_PASSWORD)
	$(BIN)/integra demo-logins --password $(DEMO_PASSWORD)
	# The job worker (integra.jobs) runs beside the server and stops with it.
	$(BIN)/integra worker & worker=$$!; trap 'kill $$worker 2>/dev/null || true' EXIT INT TERM; \
	  $(BIN)/integra runserver --insecure 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/integra compiletranslations
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .

# Extract translatable strings of every app into its own locale/pl/LC_MESSAGES/django.po
messages: $(STAMP)
	for app in integra/*/; do if [ -f $$app/apps.py ]; then (cd $$app && mkdir -p locale && ../../$(BIN)/django-admin makemessages -l pl --ignore 'tests/*' >/dev/null); fi; done
	cd integra && ../$(BIN)/django-admin makemessages -l pl --ignore '*/tests/*' --ignore 'core/*' --ignore 'institutions/*' --ignore 'people/*' --ignore 'projects/*' --ignore 'recruitment/*' --ignore 'casework/*' --ignore 'support/*' --ignore 'outcomes/*' --ignore 'finance/*' --ignore 'reports/*' --ignore 'api/*' >/dev/null

clean-db:
	rm -f var/integra.sqlite3 var/integra.sqlite3-wal var/integra.sqlite3-shm

# Every benchmark figure into bench/RESULTS.md: a fresh PostgreSQL database, the 200k dataset, each
# benchmark once (about 15 minutes on 2 cores; see bench/README.md). Never part of `make test`.
bench: $(STAMP)
	bash bench/run_all.sh
