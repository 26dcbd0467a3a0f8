# Two entry points (see README): `make site` and `make test`. Both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# pip's and apt's own output goes here; the terminal shows one line a stage
LOG := $(VENV)/setup.log
export NO_MKDOCS_2_WARNING := 1

# $(call logged,what it does,command): runs command with its output in $(LOG); on failure
# says so in Chinese and shows the log's last lines
logged = { $(2); } >>$(LOG) 2>&1 || { echo "失败：$(1)。完整输出见 $(LOG)，最后 30 行："; tail -n 30 $(LOG); exit 1; }

.PHONY: install site serve offline print print-tools test validate bench chromium clean

$(BIN)/python:
	@echo "[准备] 创建 Python 虚拟环境 $(VENV)"
	@$(PYTHON) -m venv $(VENV) || { echo "失败：无法用 $(PYTHON) 创建虚拟环境（Debian 上需要 python3-venv）"; exit 1; }
	@$(call logged,升级 pip,$(BIN)/python -m pip install --upgrade pip)

# reinstall when the dependency list changes
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "[准备] 安装 peixun 及其依赖（pip 的输出在 $(LOG)）"
	@$(call logged,安装 Python 依赖,$(BIN)/python -m pip install -e '.[test]')
	@touch $@

install: $(VENV)/.installed

# make site YEAR=2018 builds the site as of that year (default: edition in mkdocs.yml)
site: $(VENV)/.installed print-tools
	@$(BIN)/peixun build $(if $(YEAR),--year $(YEAR))

# make serve: the preview at http://127.0.0.1:8000/ (PORT=… to change), updated on every save
serve: $(VENV)/.installed print-tools
	@$(BIN)/peixun serve $(if $(PORT),--port $(PORT)) $(if $(YEAR),--year $(YEAR))

# make offline SCOPE=330000 writes dist/peixun-<year>-330000.zip (default: national)
offline: $(VENV)/.installed
	@$(BIN)/peixun offline --scope $(or $(SCOPE),national) $(if $(YEAR),--year $(YEAR))

validate: $(VENV)/.installed
	@$(BIN)/peixun validate

# browser tests use Debian's chromium (Playwright's own download does not work here)
chromium: $(BIN)/python
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "[准备] 安装 Debian 的 chromium（浏览器测试需要；apt 的输出在 $(LOG)）"; \
	  $(call logged,安装 chromium,apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium); }

# the print edition needs Debian's CJK fonts (embedded in the PDFs) and, to read PDFs back
# in the tests and in the privacy check, poppler's pdftotext
print-tools:
	@{ fc-list 2>/dev/null | grep -q NotoSerifCJK || [ -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ]; } && command -v pdftotext >/dev/null 2>&1 || { \
	  echo "[准备] 安装 Debian 的 fonts-noto-cjk 和 poppler-utils（印刷版需要；apt 的输出在 $(LOG)）"; \
	  $(call logged,安装中文字体和 poppler-utils,apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y fonts-noto-cjk poppler-utils); }

# make print YEAR=2016 SCOPE=330000 writes dist/print/*.pdf (default: the edition, national)
print: $(VENV)/.installed print-tools
	@$(BIN)/peixun print $(if $(YEAR),--year $(YEAR)) $(if $(SCOPE),--scope $(SCOPE))

test: $(VENV)/.installed chromium print-tools
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed
	$(BIN)/python bench/validate.py --scale national
	$(BIN)/python bench/build.py --scale national
	$(BIN)/python bench/phone.py --site bench/out/site-national
	$(BIN)/python bench/incremental.py --scale national --skip-baseline
	$(BIN)/python bench/preview.py --scale national --edits 20
	$(BIN)/python bench/offline.py --scale national --scope 330000

# removes only what peixun and make wrote: a site with peixun's marker, peixun's zips in
# dist/, the venv and the benchmark data
clean:
	@if [ -x $(BIN)/peixun ]; then $(BIN)/peixun clean; fi
	rm -rf $(VENV) bench/out
