# Two entry points for people: `make site` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Material 9.7+ prints a notice about MkDocs 2.0 on every build. We build with MkDocs 1.x on
# purpose (see design/site-decisions.md, "Why MkDocs 1.x"), so the notice is noise that would
# hide real warnings.
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site test browser-test bench bench-check mutation serve watch check generate schema lint clean

# The site is built into an empty folder: MkDocs' own cleaning keeps hidden files and leaves a
# link in place, and writes through it. Search data comes only from this build's Pagefind run:
# the site hook stops a build whose docs/ holds pagefind/ or search-facets/, and anything
# else in their place is removed before Pagefind writes (it never empties its folder).
site: $(VENV)/.site-deps
	$(PY) -m generator generate
	rm -rf site
	$(PY) -m mkdocs build --strict --site-dir site
	rm -rf site/pagefind site/search-facets
	$(PY) -m pagefind --quiet
	$(PY) -m generator search-facets

test: $(VENV)/.dev-deps
	$(PY) -m pytest -m "not browser"

# Debian's Chromium driven by Playwright; axe-core from npm, loaded from disk.
browser-test: $(VENV)/.dev-deps tests/browser/node_modules/.installed
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	$(PY) -m pytest -m browser

# Not part of `make test`: builds synthetic corpora of 1,000 and 10,000 briefings (BENCH_SIZES),
# beside plain pages of the same text, and times the live preview.
bench: $(VENV)/.dev-deps
	$(PY) benchmarks/bench.py

# Not part of `make test` either: times `check` on hostile input at the loader's size limits.
bench-check: $(VENV)/.dev-deps
	$(PY) benchmarks/check_bounds.py

# Not part of `make test` either (about an hour on two cores): mutation testing of the event
# state rule, the evidence matching and the Markdown escaping (design/testing.md).
# One target, or part of one: make mutation MUTATE="event_state --where STATUS_WEIGHT"
mutation: $(VENV)/.dev-deps
	$(PY) tests/mutation/mutate.py $(MUTATE)

tests/browser/node_modules/.installed: tests/browser/package-lock.json
	cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Live preview: one full build, then each save regenerates and re-renders only the pages it
# reaches and the browser reloads; search is indexed again in the background (generator/build/preview.py).
# Another address than mkdocs.yml's dev_addr: make serve DEV_ADDR=127.0.0.1:8001
serve: $(VENV)/.site-deps
	$(PY) -m generator watch --serve $(if $(DEV_ADDR),--dev-addr $(DEV_ADDR))

# Regenerate on every save without a preview server.
watch: $(VENV)/.site-deps
	$(PY) -m generator watch

check: $(VENV)/.site-deps
	$(PY) -m generator check

generate: $(VENV)/.site-deps
	$(PY) -m generator generate

schema: $(VENV)/.site-deps
	$(PY) -m generator schema

lint: $(VENV)/.dev-deps
	$(PY) -m ruff check generator tests
	$(PY) -m ruff format --check generator tests
	$(PY) -m mypy

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	touch $@

$(VENV)/.site-deps: requirements.lock $(VENV)/.created
	$(PY) -m pip install -qq --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev-deps: requirements-dev.lock $(VENV)/.created
	$(PY) -m pip install -qq --require-hashes -r requirements-dev.lock
	touch $@ $(VENV)/.site-deps

clean:
	rm -rf site $(VENV)
