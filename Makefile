# Integra: `make demo` serves the demo, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_PASSWORD ?= integra-demo-2026
# The browser tests drive Debian's chromium (conftest.py); `make test` installs it on a fresh machine.
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test chromium lint messages bench clean-db

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
	# The job worker (integra.jobs) runs beside the server and stops with it; it also sends the messages that are
	# due (integra.outreach). E-mail goes to the console unless INTEGRA_EMAIL_URL says otherwise; SMS is off
	# without INTEGRA_SMSAPI_TOKEN.
	export INTEGRA_EMAIL_URL="$${INTEGRA_EMAIL_URL:-console://}"; \
	$(BIN)/integra worker & worker=$$!; trap 'kill $$worker 2>/dev/null || true' EXIT INT TERM; \
	  $(BIN)/integra runserver --insecure 127.0.0.1:8000

test: $(STAMP) chromium
	$(BIN)/integra compiletranslations
	$(BIN)/python -m pytest -q

# Installs Debian's chromium when it is missing and apt-get can be used as root; otherwise one line says what to do.
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "== installing Debian chromium for the browser tests"; \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium || exit 1; \
	    test -x "$(CHROMIUM)" || { echo "chromium was installed but $(CHROMIUM) is missing" >&2; exit 1; }; \
	  else \
	    echo "make test needs Debian's chromium at $(CHROMIUM): install it as root with 'apt-get install chromium'" >&2; \
	    exit 1; \
	  fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

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
