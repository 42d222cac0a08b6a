# The two commands of the quick start are `make run` and `make test`; everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= portal.settings.dev
# Links in emails point where `make run` serves.
export PORTAL_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test install browser messages messages-update lint format clean-var

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

messages: install
	$(BIN)/python manage.py compilemessages --ignore='.venv' --ignore='var' -v0

## Refresh the Spanish catalogue after adding or changing user-facing strings.
messages-update: install
	$(BIN)/python manage.py makemessages -l es --no-obsolete --ignore='.venv/*' --ignore='var/*' --ignore='tests/*'

## Install, prepare the embedded database and demo content, then start web + worker + beat.
run: messages
	mkdir -p var/mail
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py ensure_admin --quiet
	PORTAL_PORT=$(PORT) $(BIN)/honcho start -f Procfile.dev

## Run the whole test suite (unit, integration, real Celery worker, browser).
test: messages browser
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/pytest

browser:
	@sh scripts/ensure-chromium

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean-var:
	rm -rf var
