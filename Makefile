# The two commands of the README: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app kbb
STAMP  := $(VENV)/.installed

.PHONY: run test lint format messages translations bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy --statistics -d kbb/translations 2>&1 | tail -1

run: $(STAMP) translations
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	$(FLASK) run --host 127.0.0.1 --port 5000 --no-debugger --no-reload

test: $(STAMP) translations
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extract UI strings and merge them into the English catalog (then translate the new entries).
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 --no-location \
		--sort-output -o kbb/translations/messages.pot . templates/_macros
	$(BIN)/pybabel update -i kbb/translations/messages.pot -d kbb/translations -l en \
		--no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Staff list, filtered search and detail page with 10,000 requests, relative to /healthz.
bench: $(STAMP) translations
	$(BIN)/python -m tests.bench.run $(BENCH_ARGS)
