# Caption Desk: `make run` opens the sample desk, `make test` runs the whole suite.
# Both set up everything they need on a fresh Debian machine (Python 3.11 and pip present).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
RUN_HOME := .desk-home

.PHONY: install run test test-deps run-deps lint typecheck bench clean screenshot dist dist-check

install: $(STAMP)

# The C compiler and Python's headers build the thumbnails' DC scan (docs/imaging.md). Optional:
# without them the package installs and Pillow decodes (then `make test` says the scan is missing).
$(STAMP): pyproject.toml setup.py editor_app/imaging/_dcscan.c
	-@packaging/ensure-debian-packages.sh cc:gcc \
		"$$($(PYTHON) -c 'import sysconfig; print(sysconfig.get_paths()["include"])')/Python.h:python3-dev"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# Debian packages the tests need: exiftool (interop checks), PostgreSQL (the shared-desk catalog).
# pg_ctlcluster (postgresql-common) comes with any server version, not with the client alone;
# tests/pgserver.py then runs the newest /usr/lib/postgresql/*/bin server on a throw-away port.
# desktop-file-utils and appstream validate resources/*.desktop and *.metainfo.xml; chromium
# renders `check --format html` in tests/ops/test_html_report_browser.py; cjpeg writes the JPEG
# scan shapes Pillow cannot (tests/imaging/test_dcscale.py).
test-deps:
	@packaging/ensure-debian-packages.sh exiftool:libimage-exiftool-perl \
		pg_ctlcluster:postgresql desktop-file-validate:desktop-file-utils \
		appstreamcli:appstream chromium:chromium cjpeg:libjpeg-turbo-progs

# Qt's xcb platform plugin needs these on a fresh Debian machine.
run-deps:
	@packaging/ensure-debian-packages.sh lib:libxcb-cursor.so.0:libxcb-cursor0 \
		lib:libxcb-icccm.so.4:libxcb-icccm4 lib:libxcb-keysyms.so.1:libxcb-keysyms1 \
		lib:libxkbcommon-x11.so.0:libxkbcommon-x11-0 lib:libEGL.so.1:libegl1 \
		lib:libfontconfig.so.1:libfontconfig1 lib:libGL.so.1:libgl1 \
		lib:libxcb-xkb.so.1:libxcb-xkb1 lib:libxcb-render-util.so.0:libxcb-render-util0 \
		lib:libxcb-image.so.0:libxcb-image0 lib:libxcb-shape.so.0:libxcb-shape0 \
		lib:libdbus-1.so.3:libdbus-1-3

run: install run-deps
	$(VENV)/bin/caption-desk --home $(RUN_HOME) gui resources/sample-desk

test: install test-deps lint typecheck
	QT_QPA_PLATFORM=offscreen CAPTION_DESK_REQUIRE_TOOLS=1 $(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check editor_app tests benchmarks resources packaging
	$(VENV)/bin/ruff format --check editor_app tests benchmarks resources packaging

# Render the real window on the sample desk under Xvfb into docs/desk.png (look at it).
screenshot: install run-deps
	@packaging/ensure-debian-packages.sh xvfb-run:xvfb xauth:xauth
	xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) resources/take_screenshot.py docs/desk.png

typecheck: install
	$(VENV)/bin/mypy

bench: install test-deps
	@packaging/ensure-debian-packages.sh exiv2:exiv2 mkfs.xfs:xfsprogs
	$(PY) benchmarks/scan.py
	$(PY) benchmarks/write.py --xfs
	$(PY) benchmarks/check.py
	$(PY) benchmarks/catalog.py

# The standalone app: dist/caption-desk/caption-desk (PyInstaller one-folder; docs/install.md).
DIST_STAMP := $(VENV)/.dist-stamp

$(DIST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dist]'
	@touch $(DIST_STAMP)

# PyInstaller reads the libraries' dependencies with objdump (binutils) and ldd.
dist: $(DIST_STAMP)
	@packaging/ensure-debian-packages.sh objdump:binutils
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/caption-desk.spec
	install -m 755 packaging/caption-desk-gui dist/caption-desk/caption-desk-gui

# Build, then drive the frozen binary: --version, show, check (>= 500 files, the process pool),
# set + exiftool read-back, the window under Xvfb with a screenshot (build/dist-check/).
dist-check: dist run-deps
	@packaging/ensure-debian-packages.sh exiftool:libimage-exiftool-perl xvfb-run:xvfb xauth:xauth
	xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) packaging/dist_check.py dist/caption-desk \
		build/dist-check

clean:
	rm -rf $(VENV) $(RUN_HOME) build dist *.egg-info .pytest_cache
