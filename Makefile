# Two commands do everything on a fresh Debian machine with Python 3.11:
#   make book   — venv + pinned deps, demo data if missing, whole site into _build/html
#   make test   — the same install + Debian chromium for browser tests, then pytest
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install book test chromium demo clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

install: $(STAMP)

demo: install
	$(BIN)/comext data demo

book: install
	$(BIN)/comext build $(if $(CI),--quiet,)

chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: install chromium
	$(BIN)/pytest -q

clean:
	rm -rf _build pages data/cache
