# The two set-up commands: `make demo` and `make test`. Each creates .venv and installs what it needs.
VENV ?= .venv
PYTHON ?= python3

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

.PHONY: demo test
demo: $(VENV)/.installed
	$(VENV)/bin/blog-archive demo

test: $(VENV)/.installed
	$(VENV)/bin/pytest
