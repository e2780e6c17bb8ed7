"""Issue 14 in the window: conflicts resolved side by side, the History tab's restore, the live
shared desk (another process on PostgreSQL), and the wire watch (a slow copy appears once)."""

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from editor_app.metadata.io import read_photo
from editor_app.ops.watch import jpeg_ends
from editor_app.ui.widgets import folder_load
from tests import pgserver
from tests.catalog.conftest import pg_server_url  # noqa: F401  (the session's PostgreSQL)
from tests.ops.test_watch import slow_copy
from tests.ui.desks import SAMPLE_DESK, close_desk, open_desk, sample_folder, settle

ROOT = Path(__file__).resolve().parents[2]
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def folder(tmp_path):
    return sample_folder(tmp_path, ("cat-01.jpg", "launch-01.jpg", "launch-02.jpg"))


def _make_desk(qtbot, tmp_path, folder, catalog_url=None):
    return open_desk(qtbot, tmp_path, folder, catalog_url, settle=0.5)


@pytest.fixture
def desk(qtbot, tmp_path, folder):
    made = _make_desk(qtbot, tmp_path, folder)
    yield made
    close_desk(made)


_settle = settle


def _type(qtbot, desk, name, text):
    widget = desk.view.caption_editor.inputs[name]
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(widget, text)
    return widget


def _colleague(path, *options, db=None):
    """``caption-desk set`` in another process, as a colleague's workstation would save."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    where = ["--db", db] if db else []
    out = subprocess.run(
        [sys.executable, "-m", "editor_app.cli", *where, "set", str(path), *options,
         "--editor", "colleague"],
        capture_output=True, text=True, env=env, timeout=120, cwd=ROOT,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    return time.monotonic()


# conflicts


def test_a_conflicting_save_opens_the_resolution_and_keeps_both(qtbot, desk, folder):
    path = folder / "cat-01.jpg"
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Home)
    key, started = desk.current_photo().key, desk.current_photo().version
    caption = _type(qtbot, desk, "caption", "My caption.")
    _colleague(path, "--caption", "Their caption.", "--headline", "Their headline")
    caption.setFocus()
    qtbot.keyClick(caption, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: desk.editing.conflicts.dialog is not None, timeout=10_000)
    dialog = desk.editing.conflicts.dialog
    fields = {f.name: f for f in dialog.plan.fields}
    assert fields["caption"].theirs == "Their caption."
    assert fields["caption"].mine == "My caption."
    assert fields["caption"].base == read_photo(SAMPLE_DESK / "cat-01.jpg").caption  # ancestor
    assert dialog.radios["caption"]["mine"].isChecked()  # both changed: mine by default
    assert dialog.radios["headline"]["theirs"].isChecked()  # only they changed it
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # at once: a keystroke on its way, not a choice
    assert desk.editing.conflicts.dialog is dialog
    qtbot.waitUntil(dialog.save_button.isDefault, timeout=5_000)  # a moment later
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # save the merge as proposed
    _settle(qtbot, desk)
    record = read_photo(path)
    assert (record.caption, record.headline) == ("My caption.", "Their headline")
    photo = desk.current_photo()
    assert photo.version == started + 2  # theirs, then ONE merged revision
    assert not desk.drafts.of(key)
    assert desk.view.caption_editor.inputs["headline"].text() == "Their headline"


def test_a_conflicting_save_says_who_and_when_and_offers_to_reload(qtbot, desk, folder):
    path = folder / "cat-01.jpg"
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Home)
    key = desk.current_photo().key
    caption = _type(qtbot, desk, "caption", "My caption.")
    _colleague(path, "--caption", "Their caption.")
    caption.setFocus()
    qtbot.keyClick(caption, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: desk.editing.conflicts.dialog is not None, timeout=10_000)
    dialog = desk.editing.conflicts.dialog
    intro = dialog.findChild(QLabel).text()
    assert re.search(r"colleague saved it at \d\d:\d\d:\d\d UTC", intro), intro
    assert desk.view.caption_editor.inputs["caption"].toPlainText() == "My caption."
    dialog.reload_button.setFocus()
    qtbot.keyClick(dialog.reload_button, Qt.Key.Key_Space)
    _settle(qtbot, desk)
    assert read_photo(path).caption == "Their caption."
    assert not desk.drafts.of(key)  # their version, shown in the field
    assert desk.view.caption_editor.inputs["caption"].toPlainText() == "Their caption."
    assert desk.current_photo().version == 2  # theirs; reloading saved nothing


# history


def _history_tree(qtbot, desk, versions):
    tree = desk.view.history.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == versions, timeout=10_000)
    return tree


def test_the_history_tab_restores_a_revision_as_one_undoable_step(qtbot, desk, folder):
    path = folder / "cat-01.jpg"
    original = read_photo(path).caption
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Home)
    for text in ("First edit.", "Second edit."):
        caption = _type(qtbot, desk, "caption", text)
        qtbot.keyClick(caption, Qt.Key.Key_S, CTRL)
        _settle(qtbot, desk)
    desk.view.tabs.setCurrentWidget(desk.view.history)
    tree = _history_tree(qtbot, desk, 3)
    tree.setFocus()
    _settle(qtbot, desk)
    qtbot.keyClick(tree, Qt.Key.Key_End)  # the oldest: the import
    assert tree.currentItem().text(0) == "1"
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    _settle(qtbot, desk)
    assert read_photo(path).caption == original
    _history_tree(qtbot, desk, 4)
    desk.view.sheet.setFocus()
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Z, CTRL)  # undo the restore
    _settle(qtbot, desk)
    assert read_photo(path).caption == "Second edit."


def test_restoring_a_selection_takes_each_photo_back_to_that_moment(qtbot, desk, folder):
    sheet = desk.view.sheet
    qtbot.keyClick(sheet, Qt.Key.Key_Home)
    qtbot.keyClick(sheet, Qt.Key.Key_Right, SHIFT)
    originals = [read_photo(folder / n).headline for n in ("cat-01.jpg", "launch-01.jpg")]
    headline = _type(qtbot, desk, "headline", "Batch headline")
    qtbot.keyClick(headline, Qt.Key.Key_S, CTRL)
    _settle(qtbot, desk)
    desk.view.tabs.setCurrentWidget(desk.view.history)
    tree = _history_tree(qtbot, desk, 2)
    assert "2 photos" in desk.view.history.restore_button.text()
    tree.setCurrentItem(tree.topLevelItem(1))  # the import
    qtbot.mouseClick(desk.view.history.restore_button, Qt.MouseButton.LeftButton)
    _settle(qtbot, desk)
    restored = [read_photo(folder / n).headline for n in ("cat-01.jpg", "launch-01.jpg")]
    assert restored == originals


# the live shared desk


@pytest.fixture
def pg_desk(qtbot, tmp_path, folder, pg_server_url):  # noqa: F811
    pgserver.reset_database(pg_server_url)
    made = _make_desk(qtbot, tmp_path, folder, catalog_url=pg_server_url)
    yield made
    made.drafts.clear()
    made.view.close()
    made.view.deleteLater()


def test_a_colleagues_save_on_postgresql_appears_in_the_open_window(
    qtbot,
    pg_desk,
    folder,
    pg_server_url,  # noqa: F811
):
    desk = pg_desk
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Home)
    first = desk.current_photo()
    second = desk.model.photo(1)
    caption = _type(qtbot, desk, "caption", "My draft, not saved.")
    desk.view.sheet.setFocus()
    saved_at = _colleague(
        folder / "launch-01.jpg", "--caption", "Saved by a colleague.", db=pg_server_url
    )
    qtbot.waitUntil(
        lambda: desk.model.photo(1).record.caption == "Saved by a colleague.", timeout=5_000
    )
    latency = time.monotonic() - saved_at
    _colleague(first.path, "--headline", "Their headline", db=pg_server_url)
    assert desk.model.photo(1).version == second.version + 1
    qtbot.waitUntil(lambda: desk.view.caption_editor.notice.isVisible(), timeout=5_000)
    notice = desk.view.caption_editor.notice.text()
    assert "colleague" in notice and "unsaved" in notice
    assert caption.toPlainText() == "My draft, not saved."  # the draft is never overwritten
    assert desk.view.caption_editor.inputs["headline"].text() == "Their headline"
    assert desk.editing.bases[first.key] == first.version  # its save will ask to merge
    print(f"live update latency: {latency:.2f} s")
    assert latency < 2.0


def test_a_save_from_another_process_on_sqlite_appears_too(qtbot, desk, folder):
    """Two windows on one workstation: the SQLite catalog's data_version is polled."""
    second = desk.model.photo(1)
    saved_at = _colleague(second.path, "--caption", "Saved next door.")
    qtbot.waitUntil(lambda: desk.model.photo(1).record.caption == "Saved next door.", timeout=5_000)
    assert desk.model.photo(1).version == second.version + 1
    assert time.monotonic() - saved_at < 2.0


# the wire watch


def test_a_photo_copied_slowly_into_the_folder_appears_once_when_complete(qtbot, desk, folder):
    before = desk.model.rowCount()
    target = folder / "zz-arriving.jpg"
    copier = threading.Thread(target=slow_copy, args=(SAMPLE_DESK / "cafe-01.jpg", target))
    copier.start()
    while copier.is_alive():
        qtbot.wait(100)
        assert desk.model.rowCount() == before, [  # not while it is being copied
            (desk.model.photo(r).name, desk.model.photo(r).key)
            for r in range(desk.model.rowCount())
        ]
    assert jpeg_ends(target)
    done = time.monotonic()
    qtbot.waitUntil(lambda: desk.model.rowCount() == before + 1, timeout=5_000)
    latency = time.monotonic() - done
    qtbot.wait(1_500)
    assert desk.model.rowCount() == before + 1  # once
    names = [desk.model.photo(r).name for r in range(desk.model.rowCount())]
    assert names.count("zz-arriving.jpg") == 1
    assert desk.model.photo(before).key > 0  # imported into the catalog
    assert desk.view.arrivals_label.text().startswith("1 new")
    print(f"arrival latency: {latency:.2f} s")
    assert latency < 2.5


def test_a_photo_copied_in_while_the_folder_loads_arrives(qtbot, tmp_path, folder, monkeypatch):
    """The import listed the folder before the photo came; the watch starts from that listing,
    so the photo is an arrival (it used to be taken for one that was always there)."""
    real_load = folder_load.load_folder

    def load_then_copy(*args, **kwargs):
        loaded = real_load(*args, **kwargs)
        shutil.copy(SAMPLE_DESK / "cafe-02.jpg", folder / "zz-during.jpg")
        return loaded

    monkeypatch.setattr(folder_load, "load_folder", load_then_copy)
    made = _make_desk(qtbot, tmp_path, folder)
    try:
        before = made.model.rowCount()
        names = lambda: [made.model.photo(r).name for r in range(made.model.rowCount())]  # noqa: E731
        assert "zz-during.jpg" not in names()
        qtbot.waitUntil(lambda: made.model.rowCount() == before + 1, timeout=5_000)
        assert names().count("zz-during.jpg") == 1
        assert made.view.arrivals_label.text().startswith("1 new")
    finally:
        close_desk(made)


def test_the_watch_can_be_switched_off(qtbot, desk, folder):
    desk.view.watch_action.setChecked(False)
    before = desk.model.rowCount()
    shutil.copy(SAMPLE_DESK / "cafe-02.jpg", folder / "zz-new.jpg")
    qtbot.wait(2_000)
    assert desk.model.rowCount() == before


def test_an_unreadable_arrival_is_a_grey_tile_and_counted(qtbot, desk, folder):
    before = desk.model.rowCount()
    (folder / "zz-broken.jpg").write_bytes(b"\xff\xd8 cut short by the wire \xff\xd9")
    qtbot.waitUntil(lambda: desk.model.rowCount() == before + 1, timeout=5_000)
    tile = next(desk.model.photo(r) for r in range(desk.model.rowCount()) if r >= 0
                and desk.model.photo(r).name == "zz-broken.jpg")  # fmt: skip
    assert tile.unreadable
    assert desk.view.arrivals_label.text() == "1 new · 1 with problems"
