"""ops.edit with the real writer: JPEG and TIFF in place, PNG through its XMP sidecar."""

import pytest

from editor_app.catalog import open_catalog
from editor_app.metadata.io import read_photo
from editor_app.ops.edit import default_editor, save_edit
from editor_app.ops.export import FileState, caption_sheet
from tests.factories import make_jpeg, make_png, make_tiff


@pytest.fixture
def catalog(tmp_path):
    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as cat:
        yield cat


@pytest.mark.parametrize("make", [make_jpeg, make_tiff, make_png])
def test_saved_caption_reaches_the_file_and_the_sheet(catalog, tmp_path, make):
    path = make(tmp_path)
    outcome = save_edit(catalog, path, {"caption": "Fire", "credit": "AP"}, editor="ann")
    assert outcome.written and not outcome.pending_write
    record = read_photo(path)
    assert (record.caption, record.credit) == ("Fire", "AP")
    (row,) = caption_sheet(catalog)
    assert row.file_state == FileState.UP_TO_DATE and row.version == 2


def test_default_editor_is_the_login_name():
    assert default_editor()
    assert default_editor() != "unknown"
