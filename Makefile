# Two entry points (see README): `make site` and `make test`. Both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: install site offline test validate bench chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# reinstall when the dependency list changes
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# make site YEAR=2018 builds the site as of that year (default: edition in mkdocs.yml)
site: $(VENV)/.installed
	$(BIN)/peixun build $(if $(YEAR),--year $(YEAR))

# make offline SCOPE=330000 writes dist/peixun-<year>-330000.zip (default: national)
offline: $(VENV)/.installed
	$(BIN)/peixun offline --scope $(or $(SCOPE),national) $(if $(YEAR),--year $(YEAR))

validate: $(VENV)/.installed
	$(BIN)/peixun validate

# browser tests use Debian's chromium (Playwright's own download does not work here)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "安装 Debian 的 chromium（浏览器测试需要）"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(VENV)/.installed chromium
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed
	$(BIN)/python bench/validate.py --scale national
	$(BIN)/python bench/build.py --scale national
	$(BIN)/python bench/offline.py --scale national --scope 330000

clean:
	rm -rf $(VENV) site dist bench/out
