"""Opening a folder in the real window: rows before identity, one rules engine, moves found late."""

import contextlib
import gc
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

import editor_app.ops.desk as ops_desk
from editor_app.imaging.cache import ThumbnailCache
from editor_app.ops.live_flags import LiveChecker
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.views.main_window_view import MainWindowView
from editor_app.ui.widgets import folder_load, thumbnail_loader
from editor_app.ui.widgets.desk import Desk
from tests.imaging.pictures import photo_with_thumbnail
from tests.ui.desks import SAMPLE_DESK, close_desk, open_desk, sample_folder


@pytest.fixture
def folder(tmp_path):
    return sample_folder(tmp_path, ("cat-01.jpg", "launch-01.jpg", "launch-02.jpg"))


def _wait_identified(qtbot, desk):
    """Until an identity-pass batch reports nothing left (the window hashes after the rows)."""
    done = []
    desk.folder_load.hashed.connect(lambda changes: done.append(changes.left == 0))
    qtbot.waitUntil(lambda: any(done), timeout=30_000)


def _all_hashed(db: Path) -> bool:
    """Every photo of the SQLite catalog ``db`` has its image hash (read aside: a second
    catalog opened in this process would take the window's models over)."""
    with contextlib.closing(sqlite3.connect(db)) as connection:
        photos, pending = connection.execute(
            "SELECT count(*), coalesce(sum(image_hash = ''), 0) FROM photo"
        ).fetchone()
    return photos > 0 and pending == 0


def test_the_badges_come_from_the_engine_of_the_live_flags(qtbot, tmp_path, folder, monkeypatch):
    built = []

    class Counted(LiveChecker):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            built.append(self)

    def no_validate(*_args, **_kwargs):
        raise AssertionError("the window checks with its rules engine, not validate")

    (folder / "broken.jpg").write_bytes(b"not a picture")  # at least one finding
    monkeypatch.setattr(folder_load, "LiveChecker", Counted)
    monkeypatch.setattr(ops_desk, "validate", no_validate)
    desk = open_desk(qtbot, tmp_path, folder)
    try:
        assert len(built) == 1
        assert desk.engine is built[0].engine  # set with the rows, not built after them
        flagged = {p.key for p, _ in desk.model.all_findings()}
        assert flagged and flagged == set(built[0].findings())
        qtbot.wait(200)
        assert len(built) == 1  # no second engine afterwards
    finally:
        close_desk(desk)


def test_the_spelling_suggestions_are_prepared_after_the_badges_show(qtbot, tmp_path, folder):
    # 1-2 s of CPU on a cold process: not between the rows and their badges
    from editor_app.captions.dictionary import dictionary

    english = dictionary("en")
    english.__dict__.pop("_letters", None)
    view = MainWindowView()
    qtbot.addWidget(view)
    desk = Desk(view, TaskRunner(view), cache=ThumbnailCache(tmp_path / "t"))
    prepared_at_load = []
    desk.folder_load.loaded.connect(  # after the window's own slot: the badges are set
        lambda _loaded: prepared_at_load.append("_letters" in english.__dict__)
    )
    with qtbot.waitSignal(desk.folder_loaded, timeout=30_000):
        desk.open_folder(folder)
    try:
        assert prepared_at_load == [False]
        qtbot.waitUntil(lambda: "_letters" in english.__dict__, timeout=30_000)
    finally:
        desk.shutdown()


def test_the_rest_of_a_load_after_its_badges_is_dropped_for_a_newer_folder(qtbot, tmp_path, folder):
    (folder / "broken.jpg").write_bytes(b"not a picture")  # at least one badge
    (tmp_path / "other").mkdir()
    other = sample_folder(tmp_path / "other", ("cafe-01.jpg", "cafe-02.jpg"))
    view = MainWindowView()
    qtbot.addWidget(view)
    desk = Desk(view, TaskRunner(view), cache=ThumbnailCache(tmp_path / "t"))
    loaded, badges = [], []

    def switch(_loaded):  # the first folder's badges are set: open another one at once
        badges.append(len(list(desk.model.all_findings())))
        if len(badges) == 1:
            desk.open_folder(other)

    desk.folder_load.loaded.connect(switch)
    desk.folder_loaded.connect(loaded.append)
    try:
        desk.open_folder(folder)
        qtbot.waitUntil(lambda: bool(loaded), timeout=30_000)
        qtbot.wait(200)
        assert loaded == [other]  # the first folder's second step never ran
        assert badges[0] > 0  # its badges were set in the first step
        assert {p.path.parent for p in desk.model.photos()} == {other}
    finally:
        desk.shutdown()


def test_a_window_shut_down_at_its_badges_does_not_finish_opening(qtbot, tmp_path, folder):
    view = MainWindowView()
    qtbot.addWidget(view)
    desk = Desk(view, TaskRunner(view), cache=ThumbnailCache(tmp_path / "t"))
    loaded, shut = [], []
    desk.folder_load.loaded.connect(lambda _loaded: shut.append(desk.shutdown()))
    desk.folder_loaded.connect(loaded.append)
    desk.open_folder(folder)
    qtbot.waitUntil(lambda: bool(shut), timeout=30_000)
    qtbot.wait(400)  # the steps after the badges, and the sharpening, were due by now
    assert loaded == [] and not desk.wire._timer.isActive()
    assert not desk.thumbnails.scheduled()


def test_a_big_folders_identity_pass_waits_after_the_badges(qtbot, tmp_path, folder, monkeypatch):
    monkeypatch.setattr(folder_load, "AFTER_BADGES_FROM", 3)  # the sample folder is "big"
    monkeypatch.setattr(folder_load, "AFTER_BADGES_MS", 400)
    passes = []
    real_hash_next = folder_load.FolderLoader._hash_next

    def hash_next(self, generation, folder, after):
        passes.append((folder, time.monotonic()))
        return real_hash_next(self, generation, folder, after)

    monkeypatch.setattr(folder_load.FolderLoader, "_hash_next", hash_next)
    desk = open_desk(qtbot, tmp_path, folder)  # returns when the badges show
    try:
        shown = time.monotonic()
        assert passes == []
        _wait_identified(qtbot, desk)
        assert passes[0][1] - shown >= 0.3
        (tmp_path / "other").mkdir()
        other = sample_folder(tmp_path / "other", ("cafe-01.jpg", "cafe-02.jpg", "cat-01.jpg"))
        with qtbot.waitSignal(desk.folder_loaded, timeout=30_000):
            desk.open_folder(other)
        desk.open_folder(folder)  # before the other folder's pass was due: it never runs
        _wait_identified(qtbot, desk)
        assert [opened for opened, _ in passes] == [folder, folder]
    finally:
        close_desk(desk)


def test_the_loaded_rows_reuse_the_index_the_rows_were_shown_with(qtbot, tmp_path, folder):
    from editor_app.ui.models.sheet_view import index_photos

    (folder / "broken.jpg").write_bytes(b"not a picture")  # a grey tile among them
    shown, loaded = [], []
    view = MainWindowView()
    qtbot.addWidget(view)
    desk = Desk(view, TaskRunner(view), cache=ThumbnailCache(tmp_path / "t"))
    desk.folder_load.rows.connect(shown.append)
    desk.folder_load.loaded.connect(loaded.append)
    with qtbot.waitSignal(desk.folder_loaded, timeout=30_000):
        desk.open_folder(folder)
    try:
        assert loaded[0].index is shown[0][1]  # made once on the database lane
        assert loaded[0].index == index_photos(loaded[0].load.photos)
    finally:
        desk.shutdown()


def test_a_move_found_by_the_identity_pass_reloads_the_tiles(qtbot, tmp_path, folder):
    url = f"sqlite:///{tmp_path / 'catalog.db'}"
    desk = open_desk(qtbot, tmp_path, folder, url)
    try:
        # A small folder's pass starts with the badges and may be over before the window
        # says the folder is loaded: the catalog says whether every picture is hashed.
        qtbot.waitUntil(lambda: _all_hashed(tmp_path / "catalog.db"), timeout=30_000)
        row = desk.model.row_of_path(folder / "launch-01.jpg")
        old_key = desk.model.photo(row).key
        other = tmp_path / "elsewhere"
        other.mkdir()
        shutil.move(folder / "launch-01.jpg", other / "renamed.jpg")
        with qtbot.waitSignal(desk.folder_loaded, timeout=30_000):
            desk.open_folder(other)
        first_key = desk.model.photo(0).key
        assert first_key != old_key  # metadata only: not known as the moved photo yet
        qtbot.waitUntil(lambda: desk.model.photo(0).key == old_key, timeout=30_000)
        assert desk.model.photo(0).path == other / "renamed.jpg"
        assert desk.model.rowCount() == 1
    finally:
        close_desk(desk)


def test_the_first_tiles_come_before_the_whole_listing(qtbot, tmp_path, folder, monkeypatch):
    for i in range(4):
        shutil.copy(SAMPLE_DESK / "cat-01.jpg", folder / f"zz-{i}.jpg")
    monkeypatch.setattr(folder_load, "HEAD_TILES", 2)
    view = MainWindowView()
    qtbot.addWidget(view)
    desk = Desk(view, TaskRunner(view), cache=ThumbnailCache(tmp_path / "t"))
    shown = []
    desk.model.modelReset.connect(lambda: shown.append(desk.model.rowCount()))
    with qtbot.waitSignal(desk.folder_loaded, timeout=30_000):
        desk.open_folder(folder)
    assert [n for n in shown if n][:2] == [2, 7]  # the first tiles, then the whole listing
    assert desk.model.rowCount() == 7
    desk.shutdown()


def test_rows_show_their_captions_before_the_rules_engine_has_loaded(
    qtbot, tmp_path, folder, monkeypatch
):
    release = threading.Event()

    class Slow(LiveChecker):
        def __init__(self, *args, **kwargs):
            assert release.wait(20)
            super().__init__(*args, **kwargs)

    (folder / "broken.jpg").write_bytes(b"not a picture")  # a finding to come
    monkeypatch.setattr(folder_load, "LiveChecker", Slow)
    view = MainWindowView()
    qtbot.addWidget(view)
    desk = Desk(view, TaskRunner(view), cache=ThumbnailCache(tmp_path / "t"))
    loaded = []
    desk.folder_loaded.connect(loaded.append)
    desk.open_folder(folder)
    try:
        qtbot.waitUntil(lambda: any(p.record.caption for p in desk.model.photos()), timeout=30_000)
        assert not loaded and not list(desk.model.all_findings())  # badges still to come
    finally:
        release.set()
    qtbot.waitUntil(lambda: bool(loaded), timeout=30_000)
    assert list(desk.model.all_findings())
    desk.shutdown()


@pytest.fixture
def collector():
    """The collector's thresholds as found; what the loads froze is unfrozen after."""
    before = gc.get_threshold()
    yield before
    gc.set_threshold(*before)
    gc.unfreeze()


def test_no_full_collection_while_a_folder_loads_and_its_rows_are_frozen_after(
    qtbot, tmp_path, folder, monkeypatch, collector
):
    during = []
    real = folder_load.load_folder

    def watched(*args, **kwargs):
        during.append(gc.get_threshold())
        return real(*args, **kwargs)

    monkeypatch.setattr(folder_load, "load_folder", watched)
    frozen = gc.get_freeze_count()
    built_by_the_window: list = []
    real_on_loaded = Desk._on_folder_loaded

    def on_loaded(self, loaded):
        real_on_loaded(self, loaded)
        built_by_the_window.append([loaded])

    monkeypatch.setattr(Desk, "_on_folder_loaded", on_loaded)
    desk = open_desk(qtbot, tmp_path, folder)
    try:
        assert desk._runner.wait(30_000)
        assert during and during[0][2] > 1_000_000  # young collections only
        assert gc.get_threshold() == collector
        assert gc.get_freeze_count() > frozen  # the folder's rows, skipped by later collections
        assert built_by_the_window  # and what the window made of them (gc skips the frozen)
        assert not any(o is built_by_the_window[0] for o in gc.get_objects())
    finally:
        close_desk(desk)


def _held_load(monkeypatch, ending: str) -> tuple[threading.Event, threading.Event]:
    """``load_folder`` held until released (``entered`` set on the way in); then it fails
    when ``ending`` is "failed", else loads."""
    entered, release = threading.Event(), threading.Event()
    real = folder_load.load_folder

    def held(*args, **kwargs):
        entered.set()
        assert release.wait(20)
        if ending == "failed":
            raise OSError("the disk went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(folder_load, "load_folder", held)
    return entered, release


@pytest.mark.parametrize("ending", ["superseded", "failed"])
def test_the_collector_is_back_after_a_load_is_superseded_or_fails(
    qtbot, tmp_path, folder, monkeypatch, collector, ending
):
    real = folder_load.load_folder
    entered, release = _held_load(monkeypatch, ending)
    view = MainWindowView()
    qtbot.addWidget(view)
    desk = Desk(view, TaskRunner(view), cache=ThumbnailCache(tmp_path / "t"))
    failed = []
    desk.folder_load.failed.connect(failed.append)
    desk.open_folder(folder)
    try:
        assert entered.wait(20)
        assert gc.get_threshold()[2] > 1_000_000
        if ending == "superseded":
            monkeypatch.setattr(folder_load, "load_folder", real)
            desk.open_folder(tmp_path)  # another folder: the first load is cancelled
    finally:
        release.set()
    assert desk._runner.wait(30_000)
    qtbot.waitUntil(lambda: desk._runner.pending() == 0, timeout=10_000)
    assert gc.get_threshold() == collector
    assert bool(failed) == (ending == "failed")
    desk.shutdown()


def _green(image) -> bool:
    colour = image.pixelColor(image.width() // 2, image.height() // 2)
    return colour.green() > 150 and colour.red() < 60


@pytest.mark.parametrize("ending", ["loaded", "failed"])
def test_tiles_sharpen_once_the_load_is_over(qtbot, tmp_path, monkeypatch, ending):
    # Embedded thumbnails (green) at once; the decodes of the pictures (red) wait for the
    # badges, except for a photo with no thumbnail of its own, which would show nothing.
    folder = tmp_path / "wire"
    folder.mkdir()
    for name in ("a.jpg", "b.jpg", "c.jpg"):
        photo_with_thumbnail(folder / name)
    Image.new("RGB", (600, 400), (200, 0, 0)).save(folder / "bare.jpg", "JPEG")
    decoded: list[str] = []
    real_decode = thumbnail_loader.make_thumbnail

    def counting(path, *args, **kwargs):
        decoded.append(path.name)
        return real_decode(path, *args, **kwargs)

    monkeypatch.setattr(thumbnail_loader, "make_thumbnail", counting)
    entered, release = _held_load(monkeypatch, ending)
    view = MainWindowView()
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    desk = Desk(view, TaskRunner(view), cache=ThumbnailCache(tmp_path / "t"))
    desk.open_folder(folder)
    try:
        paths = sorted(folder.iterdir())
        qtbot.waitUntil(lambda: all(desk.model.has_thumbnail(p) for p in paths), timeout=10_000)
        assert entered.wait(10)
        qtbot.wait(300)  # time enough for decodes, were any allowed
        assert decoded == ["bare.jpg"]
        assert all(_green(desk.model.thumbnail(p)) for p in paths if p.name != "bare.jpg")
    finally:
        release.set()
    # (bare.jpg may be decoded again once identified: for the disk cache)
    qtbot.waitUntil(lambda: set(decoded) == {"a.jpg", "b.jpg", "bare.jpg", "c.jpg"})
    qtbot.waitUntil(lambda: not any(_green(desk.model.thumbnail(p)) for p in paths))
    assert desk._runner.wait(30_000)
    desk.shutdown()
