# Everyday commands. `make run` and `make test` do all set-up on a bare machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1:8000
PYTEST_ARGS ?= -n 2

.PHONY: run test venv lint format messages worker beat clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

run: venv
	sh scripts/system-deps.sh pdf
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py render_pending_pdfs
	$(PY) manage.py runserver $(HOST)

test: venv
	sh scripts/system-deps.sh pdf browser
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: venv
	$(PY) manage.py makemessages -l kk -l ru -l en --ignore=.venv --ignore=var --ignore=tests --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

worker: venv
	$(VENV)/bin/celery -A lims worker --loglevel=INFO

beat: venv
	$(VENV)/bin/celery -A lims beat --loglevel=INFO

clean:
	rm -rf $(VENV) var
