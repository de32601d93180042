# Learning Rate, Explained: every command a person runs.
#   make book   set up .venv, execute every notebook, build the site into _build/html
#   make test   set up .venv, run the unit tests and nbval over every notebook
#   make unit   the unit tests and doctests alone (no build, no notebooks), in seconds
#   make lab    open the book in JupyterLab (its own environment, .venv-lab)
#   make bench  measure speed (never part of make test)
#   make clean  remove every build product and both environments

PYTHON  ?= python3
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
LAB     := .venv-lab
HTML    := _build/html
# Sphinx and jupyter-cache do not notice an edit to lrnotes: a hash of the
# package decides when every executed notebook must be thrown away.
LRNOTES_HASH = $(shell cat lrnotes/*.py pyproject.toml requirements.txt | sha256sum | cut -c1-16)

.PHONY: book test unit browser lab bench clean notebooks lint lock

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

book: $(STAMP)
	@if [ "$$(cat _build/.lrnotes-hash 2>/dev/null)" != "$(LRNOTES_HASH)" ]; then \
	  echo "lrnotes changed: re-executing every notebook"; \
	  rm -rf _build/.jupyter_cache _build/.doctrees _build/jupyter_execute $(HTML); \
	fi
	$(VENV)/bin/jupyter-book build . --warningiserror --nitpick --quiet
	@echo "$(LRNOTES_HASH)" > _build/.lrnotes-hash
	@echo "The book is at $(CURDIR)/$(HTML)/index.html"

test: lint book browser
	$(PY) -m pytest tests lrnotes book --nbval --nbval-sanitize-with tests/nbval-sanitize.cfg \
	  --ignore=book/_build -q

unit: $(STAMP)
	$(PY) -m pytest tests lrnotes -q --ignore=tests/test_site.py --ignore=tests/test_browser.py

# The browser tests drive Debian's Chromium through Playwright (which cannot
# download a browser of its own here).
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Chromium first: sudo apt-get install chromium"; exit 1; fi; }

# Re-execute the notebooks in place, so that their committed outputs are fresh
# (run after an edit to a chapter or to lrnotes, then commit the notebooks).
notebooks: $(STAMP)
	$(VENV)/bin/jupyter execute --inplace book/*.ipynb

lint: $(STAMP)
	$(VENV)/bin/ruff check lrnotes tests benchmarks book
	$(VENV)/bin/ruff format --check lrnotes tests benchmarks

$(LAB)/.installed: requirements.txt requirements-lab.txt pyproject.toml
	@test -x $(LAB)/bin/python || $(PYTHON) -m venv $(LAB)
	$(LAB)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-lab.txt
	$(LAB)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

lab: $(LAB)/.installed
	$(LAB)/bin/jupyter lab book $(LAB_ARGS) $(if $(filter 0,$(shell id -u)),--allow-root,)

bench: $(STAMP)
	$(PY) benchmarks/run.py

# Pin the environment anew from the unpinned top-level packages.
lock:
	rm -rf _lock && $(PYTHON) -m venv _lock
	_lock/bin/pip install --quiet "jupyter-book>=1.0.4,<2" numpy matplotlib ipywidgets nbval hypothesis \
	  pytest ipykernel ruff sphinx-mathjax-offline
	{ echo "# The build and test environment, every package pinned. Regenerate with: make lock"; \
	  _lock/bin/pip freeze; } > requirements.txt
	rm -rf _lock

clean:
	rm -rf _build $(VENV) $(LAB) .pytest_cache .ruff_cache *.egg-info
