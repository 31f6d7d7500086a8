# The commands of the README: `make run`, `make test` and `make bench`.

SHELL := /bin/sh
PORT ?= 8000
# full: a school group of 50 schools and 20,000 pupils; quick: 2 small schools.
BENCH_SIZE ?= full
BENCH_OUT := build/bench
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv

UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PYTHON := $(shell scripts/find-python)
RUN := $(UV) run --frozen --python $(PYTHON)

.PHONY: run serve bench test test-sqlite test-postgres install install-dev lint messages clean

run: install
	$(RUN) --no-dev groeidocument migrate --no-input
	$(RUN) --no-dev groeidocument seeddemo
	@echo "Groeidocument runs on http://127.0.0.1:$(PORT)/ (stop with Ctrl+C)"
	$(RUN) --no-dev groeidocument runserver 127.0.0.1:$(PORT)

# Like run, without demo data and with the production server: for a database
# with a real school.
serve: install
	$(RUN) --no-dev groeidocument migrate --no-input
	$(RUN) --no-dev groeidocument serve --bind 127.0.0.1:$(PORT)

# Measure every key page on SQLite and on a throwaway PostgreSQL cluster, each
# in an empty database of its own, and write docs/benchmarks.md. Exits 1 when
# a target is missed, after writing the report.
bench: install-dev
	mkdir -p $(BENCH_OUT)
	GROEIDOCUMENT_DATA_DIR=$$(mktemp -d) $(RUN) python -m groeidocument.bench pass \
	  --size $(BENCH_SIZE) --load --output $(BENCH_OUT)/sqlite.json
	GROEIDOCUMENT_DATA_DIR=$$(mktemp -d) $(RUN) python scripts/with-postgres \
	  python -m groeidocument.bench pass --size $(BENCH_SIZE) --load --two-servers \
	  --output $(BENCH_OUT)/postgresql.json
	$(RUN) python -m groeidocument.bench report \
	  $(BENCH_OUT)/sqlite.json $(BENCH_OUT)/postgresql.json \
	  --output docs/benchmarks.md --command "make bench BENCH_SIZE=$(BENCH_SIZE)"

test: install-dev
	$(MAKE) test-sqlite test-postgres

test-sqlite:
	GROEIDOCUMENT_DATA_DIR=$$(mktemp -d) $(RUN) pytest $(PYTEST_ARGS)

test-postgres:
	GROEIDOCUMENT_DATA_DIR=$$(mktemp -d) $(RUN) python scripts/with-postgres pytest $(PYTEST_ARGS)

# --inexact keeps the test tools that make test installed.
install: $(UV)
	$(UV) sync --frozen --no-dev --inexact --python $(PYTHON)

install-dev: $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the accessibility checks will fail. Install Node.js and npm."; fi

# Bootstrap uv into a private folder when the machine has none.
.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/python -m pip install --quiet uv

lint: install-dev
	$(RUN) ruff check groeidocument tests
	$(RUN) ruff format --check groeidocument tests

messages: install-dev
	$(RUN) sh -c 'cd groeidocument && groeidocument makemessages --locale nl_BE --no-obsolete --no-location && groeidocument compilemessages --locale nl_BE'

clean:
	rm -rf .venv .tools node_modules build
