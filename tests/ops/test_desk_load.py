"""ops.desk: opening a folder imports it incrementally and builds its tiles from the catalog."""

import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import editor_app.metadata.io as metadata_io
import editor_app.ops.desk as desk_ops
import editor_app.ops.ingest as ingest_ops
import editor_app.ops.read as read_ops
from editor_app.captions.validate import validate
from editor_app.catalog import open_catalog
from editor_app.metadata.record import PhotoMetadata
from editor_app.metadata.writer import write_photo
from editor_app.ops.desk import (
    DeskPhoto,
    list_first,
    list_folder,
    load_folder,
    read_file_facts,
)
from editor_app.settings import DeskSettings
from tests.catalog.catalog_helpers import new_photo
from tests.sample_desk import wire_folder

TODAY = date(2024, 12, 1)


@pytest.fixture
def folder(tmp_path):
    return wire_folder(tmp_path, "launch-*.jpg", broken=True)


@pytest.fixture
def reads(monkeypatch):
    """The names of the files ``read_photo`` opens, wherever the desk's code calls it from."""
    opened: list[str] = []
    real = metadata_io.read_photo

    def counting(path):
        opened.append(Path(path).name)
        return real(path)

    for module in (metadata_io, ingest_ops, read_ops, desk_ops):
        monkeypatch.setattr(module, "read_photo", counting)
    return opened


def _load(catalog, folder):
    return load_folder(catalog, folder, DeskSettings(), jobs=1, today=TODAY)


def test_a_folder_already_in_the_catalog_is_not_read_again(tmp_path, folder, reads):
    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as catalog:
        first = _load(catalog, folder)
        assert sorted(reads) == sorted(p.name for p in folder.iterdir())  # each file once
        reads.clear()
        again = _load(catalog, folder)
        assert reads == ["broken.jpg"]  # never catalogued: tried again, the others not opened
        write_photo(folder / "launch-02.jpg", {"caption": "Changed by another tool."})
        reads.clear()
        changed = _load(catalog, folder)
        assert sorted(reads) == ["broken.jpg", "launch-02.jpg"]
    assert [(p.key, p.record.caption) for p in again.photos] == [
        (p.key, p.record.caption) for p in first.photos
    ]
    assert again.findings == first.findings
    by_name = {p.name: p for p in changed.photos}
    assert by_name["launch-02.jpg"].record.caption == "Changed by another tool."
    assert by_name["broken.jpg"].unreadable and by_name["broken.jpg"].record.error


def test_tiles_from_the_catalog_carry_what_the_rules_read(tmp_path, folder):
    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as catalog:
        _load(catalog, folder)
        load = _load(catalog, folder)
    files = [metadata_io.read_photo(p.path) for p in load.photos]
    expected = {(f.path.name, f.rule) for f in validate(files, DeskSettings(), today=TODAY)}
    shown = {(p.name, f.rule) for p in load.photos for f in load.findings.get(p.key, ())}
    assert shown == expected and shown
    launch = next(p for p in load.photos if p.name == "launch-01.jpg")
    assert launch.captured == files[1].exif.datetime_original  # capture time from the facts


def test_the_info_tab_reads_the_selected_file_only(tmp_path, folder, reads):
    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as catalog:
        _load(catalog, folder)
        reads.clear()
        load = _load(catalog, folder)
        listed = list_folder(catalog, folder)
    photo = next(p for p in load.photos if p.name == "launch-01.jpg")
    assert not photo.record.exif.make and not photo.record.sources  # not kept by the catalog
    reads.clear()
    info = read_file_facts(photo)
    assert reads == ["launch-01.jpg"]
    assert info.record.exif.make == "Canon" and info.record.sources["caption"] == "xmp"
    assert info.record.caption == photo.record.caption and info.key == photo.key
    assert {p.name for p in listed} == {p.name for p in load.photos}
    assert all(p.image_hash for p in listed if p.name != "broken.jpg")


def test_the_first_tiles_are_the_listings_first_and_read_no_file(tmp_path, folder, reads):
    (folder / "Alpha.JPG").write_bytes(b"")  # upper case sorts by its folded name
    (folder / ".hidden.jpg").write_bytes(b"")
    (folder / "notes.txt").write_text("no")
    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as catalog:
        _load(catalog, folder)
        reads.clear()
        listed = list_folder(catalog, folder)
        order = sorted(listed, key=lambda p: p.name.casefold())  # the sheet's order
        head, complete = list_first(catalog, folder, 3)
        assert [p.name for p in head] == [p.name for p in order[:3]]
        assert [p.key for p in head] == [p.key for p in order[:3]]  # catalog ids, hashes
        assert [p.image_hash for p in head] == [p.image_hash for p in order[:3]]
        assert not complete
        everything, complete = list_first(catalog, folder, 100)
        assert complete and sorted(p.name for p in everything) == sorted(p.name for p in listed)
        assert reads == []
        (folder / "sub").mkdir()
        assert list_first(catalog, folder, 3) is None  # its photos sort in: the full listing


def test_a_listing_tile_is_the_photo_the_plain_constructors_make(tmp_path, folder):
    (folder / "new.jpg").write_bytes(b"")  # not in the catalog yet
    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as catalog:
        listed = {p.name: p for p in list_folder(catalog, folder)}
        catalog.add_photos([replace(new_photo(str(folder / "known.jpg")), format="PNG")])
        (folder / "known.jpg").write_bytes(b"")
        known = {p.name: p for p in list_folder(catalog, folder)}["known.jpg"]
    assert listed["new.jpg"] == DeskPhoto(0, PhotoMetadata(path=folder / "new.jpg"))
    assert known.record == PhotoMetadata(path=folder / "known.jpg", format="PNG")
    assert known.key > 0 and known.image_hash == "h"


def test_preloading_imports_what_a_folders_first_load_imports():
    wanted = (
        "PIL.JpegImagePlugin",
        "editor_app.captions.rules.credit",
        "concurrent.futures.process",
    )
    code = (
        "import sys; from editor_app.ops.desk import preload_desk; "
        f"before = [m in sys.modules for m in {wanted!r}]; preload_desk(); "
        f"print(before, [m in sys.modules for m in {wanted!r}])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() and out.stdout.strip() == "[False, False, False] [True, True, True]"
