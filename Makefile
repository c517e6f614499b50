# Two commands do everything on a fresh Debian machine with Python 3.11:
#   make book   — venv + pinned deps (with the dask extra), demo data if missing, whole site into _build/html
#   make test   — the same install + Debian chromium and JupyterLab (.venv-lab) for browser tests, then pytest
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
JSSTAMP := node_modules/.installed-stamp
# JupyterLab, to look at executed notebooks (and for the test that does): a venv of its own, since
# in .venv it would slow every `import altair` by ≈ 1.4 s. Its kernels run in .venv (helpers, pandas…).
LAB    := .venv-lab
LABSTAMP := $(LAB)/.installed-stamp

.PHONY: install book test bench bench-scale chromium node fonts demo lab clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e ".[dask]"
	touch $@

# The chart libraries the site serves itself (vega, vega-lite, vega-embed), exact versions from
# package-lock.json; npm comes from Debian when the machine has none.
node:
	@command -v npm >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }

$(JSSTAMP): package.json package-lock.json
	$(MAKE) --no-print-directory node
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# The PDFs' fonts (Typst embeds them, vl-convert draws the charts' text with them): Liberation Sans
# (Arial's metrics) and DejaVu Sans (the narrow no-break space), from Debian.
fonts:
	@test -d /usr/share/fonts/truetype/liberation -a -d /usr/share/fonts/truetype/dejavu || { apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-liberation fonts-dejavu-core >/dev/null; }

install: $(STAMP) $(JSSTAMP) fonts

$(LABSTAMP): requirements-lab.txt $(STAMP)
	$(PYTHON) -m venv $(LAB)
	$(LAB)/bin/pip install --quiet --disable-pip-version-check -r requirements-lab.txt
	$(BIN)/python -m ipykernel install --prefix $(LAB) --name python3 --display-name "Python 3 (comext)" >$(LAB)/kernel.log 2>&1 \
		|| { cat $(LAB)/kernel.log; exit 1; }
	touch $@

lab: $(LABSTAMP)

demo: install
	$(BIN)/comext data demo

# The site with every fiche's and territory's PDF (`comext build --no-pdf` makes none).
book: install
	$(BIN)/comext build $(if $(CI),--quiet,)

# Figures of the build (full site, no change, one département, comext run): not a timed test.
bench: install
	$(BIN)/comext bench

# How cost grows with the records (demonstration data ×1, ×2, ×4, same totals) and with the pages
# (25 %, 50 %, 100 % of the départements): figures, not a timed test.
bench-scale: install
	$(BIN)/comext bench --scale 1,2,4 --pages

# Debian's chromium (browser tests) and poppler-utils (pdfinfo, pdftotext, pdffonts: the PDF tests).
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v pdffonts >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; }

test: install chromium lab
	$(BIN)/pytest -q

clean:
	rm -rf _build pages extra data/cache _static/comext-vega.js
