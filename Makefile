# Engage: `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FLASK_APP := engage

.PHONY: run test lint scan pitr-drill stack stack-stop load faults install install-dev node-tools migrate seed bench clean translations translations-update screenshots

run: install translations
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: install-dev translations node-tools
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .

# wapiti against a throw-away demo instance (its own virtualenv, .venv-wapiti): fails on
# any finding not documented as a false positive in tests/security/wapiti_report.py.
scan: install translations
	bash .ci/wapiti

# The production shape on loopback: nginx (TLS, static files, the readers' cache) in front of
# two gunicorn instances on PostgreSQL and Redis (deploy/stack.sh; nginx from Debian).
stack: install-dev translations
	@command -v nginx >/dev/null || (apt-get install -y -qq nginx >/dev/null)
	bash deploy/stack.sh start

stack-stop:
	bash deploy/stack.sh stop

# Against `make stack`: the mixed load (64 connections, 60 s) with its lost-write check, and
# the same load while PostgreSQL restarts, Redis stops, an instance is killed and mail is
# down. Each appends its table to benchmarks/RESULTS.md (benchmarks/load.py, faults.py).
load: install-dev
	@command -v wrk >/dev/null || (apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python benchmarks/load.py

faults: install-dev
	$(BIN)/python benchmarks/faults.py

# Point-in-time recovery, the recipe in deploy/README.md, on a throw-away PostgreSQL cluster.
pitr-drill: install
	bash deploy/pitr-drill.sh

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
node-tools: node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Tools from npm for the tests (package.json, pinned in package-lock.json): the Nu Html
# Checker, vnu.jar, which runs on Java 17+ (Debian: default-jre-headless). Its install
# script, which would download a Java, is not run. Without npm the HTML check skips.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the Nu Html Checker test will skip"; fi

# Compiled catalogues are built, not committed; each only when its .po is newer, so two
# `make test` runs started side by side (.ci/run) never rewrite a catalogue the other reads.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard engage/translations/*/LC_MESSAGES/messages.po))
translations: $(MO_FILES)
engage/translations/%/LC_MESSAGES/messages.mo: engage/translations/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d engage/translations -l $* -f --statistics

# After changing interface text: collect the strings and merge them into each language.
# pybabel skips folders named _* unless told otherwise: templates/_partials has strings too.
translations-update: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 --no-location \
		--ignore-dirs '.* node_modules' \
		--sort-output --project Engage --copyright-holder "Engage contributors" \
		-o engage/translations/messages.pot .
	$(BIN)/pybabel update -i engage/translations/messages.pot -d engage/translations --no-fuzzy-matching

migrate: install
	$(BIN)/flask db upgrade

seed: migrate
	$(BIN)/flask seed-demo

# City-scale data, then every key page under gunicorn + wrk, on SQLite and PostgreSQL;
# results are appended to benchmarks/RESULTS.md. Needs wrk (Debian package "wrk").
BENCH_SQLITE ?= sqlite:///$(CURDIR)/instance/bench.db
BENCH_POSTGRES ?= postgresql+psycopg://postgres@127.0.0.1:5432/engage_bench
bench: install translations
	command -v wrk >/dev/null || apt-get install -y -qq wrk
	$(BIN)/python benchmarks/run.py --generate --database-url $(BENCH_SQLITE) $(BENCH_ARGS)
	$(BIN)/python benchmarks/run.py --generate --database-url $(BENCH_POSTGRES) $(BENCH_ARGS)

# docs/screenshots/: the demo in a temporary database, key pages at 1280 and 320 px in
# English and Arabic, through Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
screenshots: install-dev translations
	$(BIN)/python tools/screenshots.py

clean:
	rm -rf $(VENV) .venv-wapiti .pytest_cache .ruff_cache node_modules
