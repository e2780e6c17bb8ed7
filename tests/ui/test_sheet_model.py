"""The contact sheet's model on its own: thumbnails by path, shown or filtered out."""

from pathlib import Path

from PySide6.QtGui import QImage

from editor_app.captions.findings import Finding, Severity
from editor_app.metadata.record import PhotoMetadata
from editor_app.ops.desk import DeskPhoto
from editor_app.ui.models.sheet import THUMB_ROLE, ContactSheetModel
from editor_app.ui.models.sheet_view import ViewOptions


def _photos(count: int) -> list[DeskPhoto]:
    return [
        DeskPhoto(i + 1, PhotoMetadata(path=Path(f"/desk/WIRE{i:03d}.jpg"), caption=f"c{i}"))
        for i in range(count)
    ]


def test_thumbnails_are_kept_for_filtered_out_photos_and_dropped_for_strangers(qtmodeltester):
    photos = _photos(3)
    flagged = {1: (Finding("missing-credit", Severity.ERROR, photos[0].path, "x"),)}
    model = ContactSheetModel()
    model.set_photos(photos, flagged)
    model.set_options(ViewOptions(filter="problems"))  # only WIRE000 is shown
    assert model.rowCount() == 1
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    model.set_thumbnail(Path("/desk/WIRE002.jpg"), image)  # an equal Path, not the same object
    model.set_thumbnail(Path("/elsewhere/WIRE002.jpg"), image)  # a folder no longer shown
    assert model.has_thumbnail(photos[2].path)
    assert not model.has_thumbnail(Path("/elsewhere/WIRE002.jpg"))
    model.set_options(ViewOptions())
    row = model.row_of_path(Path("/desk/WIRE002.jpg"))
    assert row is not None
    assert model.index(row).data(THUMB_ROLE) is not None
    assert model.index(model.row_of_path(photos[1].path)).data(THUMB_ROLE) is None
    qtmodeltester.check(model)


def test_photos_that_arrive_are_known_for_their_thumbnails(qtmodeltester):
    photos = _photos(3)
    model = ContactSheetModel()
    model.set_photos(photos[:2], {})
    assert model.add_photos(photos[1:]) == [photos[2]]  # WIRE001 is shown already
    model.set_thumbnail(Path("/desk/WIRE002.jpg"), QImage(4, 4, QImage.Format.Format_RGB32))
    assert model.index(model.row_of_path(photos[2].path)).data(THUMB_ROLE) is not None
    qtmodeltester.check(model)


def test_the_row_lookups_follow_every_change_of_keys_paths_and_rows(qtmodeltester):
    def expect(model):
        shown = [model.photo(r) for r in range(model.rowCount())]
        first_row: dict[int, int] = {}
        for row, photo in enumerate(shown):
            first_row.setdefault(photo.key, row)
        assert {p.key: model.row_of(p.key) for p in shown} == first_row
        assert [model.row_of_path(p.path) for p in shown] == list(range(len(shown)))

    listed = [DeskPhoto(0, p.record) for p in _photos(4)]  # a listing: no keys yet
    model = ContactSheetModel()
    model.set_photos(listed, {})
    expect(model)
    rows = [DeskPhoto(10 + i, p.record) for i, p in enumerate(listed)]  # same paths, new keys
    model.set_photos(rows, {})
    expect(model)
    assert model.row_of(0) is None and model.row_of(12) == 2
    flagged = {11: (Finding("missing-credit", Severity.ERROR, rows[1].path, "x"),)}
    model.set_photos(rows, flagged)  # the badges: same keys, paths and rows
    model.set_options(ViewOptions(filter="problems"))
    expect(model)
    assert model.rowCount() == 1 and model.row_of(13) is None
    model.set_options(ViewOptions())
    other = [DeskPhoto(20 + i, p.record) for i, p in enumerate(_photos(6))]  # keys, not paths
    model.set_photos(other, {})
    expect(model)
    assert model.row_of(10) is None and model.row_of(25) == 5
    qtmodeltester.check(model)


def test_new_values_in_the_same_rows_repaint_the_tiles_without_laying_them_out(qtmodeltester):
    """The catalog's rows or the badges replacing what is shown, in the same order: a repaint
    (``tiles_changed``), not a relayout of every tile; a new order is a relayout."""
    listed = [DeskPhoto(0, p.record) for p in _photos(4)]
    model = ContactSheetModel()
    model.set_options(ViewOptions(sort="problems"))
    model.set_photos(listed, {})
    signals: list[str] = []
    model.layoutChanged.connect(lambda *_: signals.append("layout"))
    model.modelReset.connect(lambda: signals.append("reset"))
    model.tiles_changed.connect(lambda: signals.append("tiles"))
    rows = [DeskPhoto(10 + i, p.record) for i, p in enumerate(listed)]  # same paths, new keys
    assert model.set_photos(rows, {}) is False
    assert signals == ["tiles"]
    assert model.row_of(12) == 2 and model.tile(1).photo is rows[1]
    flagged = {13: (Finding("missing-credit", Severity.ERROR, rows[3].path, "x"),)}
    signals.clear()
    assert model.set_photos(rows, flagged) is True  # most problems first: WIRE003 moves up
    assert signals == ["layout"]
    assert model.photo(0) is rows[3] and model.row_of(13) == 0
    signals.clear()
    assert model.set_photos(rows, flagged) is False
    assert signals == ["tiles"]
    qtmodeltester.check(model)
