# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
WEB_CONCURRENCY ?= 2
export PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test lint lock install install-dev migrate demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed-run

install-dev: $(VENV)/.installed-dev

migrate: install
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) badges keygen --if-missing
	$(FLASK) directory load
	$(FLASK) demo load

run: demo
	@echo "Serving Co-op Learning at http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers $(WEB_CONCURRENCY) --access-logfile - wsgi:app

test: install-dev
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check .

bench: install-dev
	$(BIN)/python -m bench

# Refresh the exact versions of every dependency, direct and indirect.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet -e '.[dev]'
	.lock-venv/bin/pip freeze --exclude-editable --all | grep -v '^pip==' > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV)
