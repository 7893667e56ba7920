# The two set-up commands: `make demo` and `make test`. Each creates .venv and installs what it needs.
VENV ?= .venv
PYTHON ?= python3
# Datasette's port for `make demo` (make demo PORT=8002 when 8001 is taken).
PORT ?= 8001

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	$(MAKE) compile
	touch $@

# Compile the project's modules to .pyc, as pip does for an installed wheel: an editable install is never compiled,
# and with PYTHONDONTWRITEBYTECODE set every command would compile them again (a tenth of a second per crawl).
# Python ignores a .pyc whose source has changed since (it compiles that module again, as without one);
# `make compile` refreshes them.
.PHONY: compile
compile:
	$(VENV)/bin/python -m compileall -q crawler parsers

# The browser tests drive Debian's Chromium; installing it needs root (CI runs as root) and is skipped when present.
.PHONY: demo test browser
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		(apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver)

demo: $(VENV)/.installed
	$(VENV)/bin/blog-archive demo --port $(PORT)

test: $(VENV)/.installed browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest
