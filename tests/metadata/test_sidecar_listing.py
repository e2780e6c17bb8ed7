"""The import's folder listing tells the reader each photo's sidecar: the record is the one
``read_photo(path)`` gives by looking on disk, without the two ``stat`` calls."""

import os

import pytest

from editor_app.metadata import io as io_module
from editor_app.metadata.io import read_photo
from editor_app.metadata.sidecar import LOOK, find_sidecar, listed_sidecar
from tests.metadata.builders import jpeg_file, write, xmp_fields


def _listing(folder):
    """As ``ops.ingest._walk`` lists a folder: entries by name, folders left out."""
    return {e.name: e for e in os.scandir(folder) if not e.is_dir()}


def _regular(path, caption):
    write(path, xmp_fields(caption=caption))


def _fifo(path, _caption):
    os.mkfifo(path)


def _folder(path, _caption):
    path.mkdir()


def _dangling(path, _caption):
    path.symlink_to(path.parent / "nowhere.xmp")


def _link(path, caption):
    _regular(path.parent / "target.bin", caption)
    path.symlink_to(path.parent / "target.bin")


CASES = {
    "none": {},
    "lower": {"p.xmp": _regular},
    "upper": {"p.XMP": _regular},
    "both": {"p.xmp": _regular, "p.XMP": _regular},
    "fifo-then-upper": {"p.xmp": _fifo, "p.XMP": _regular},
    "folder-then-upper": {"p.xmp": _folder, "p.XMP": _regular},
    "dangling-then-upper": {"p.xmp": _dangling, "p.XMP": _regular},
    "symlink": {"p.xmp": _link},
}


@pytest.mark.parametrize("case", CASES)
def test_the_listing_finds_what_the_disk_lookup_finds(tmp_path, case):
    photo = write(tmp_path / "p.jpg", jpeg_file())
    for name, make in CASES[case].items():
        make(tmp_path / name, f"caption from {name}")
    on_disk = find_sidecar(photo)
    listed = listed_sidecar(_listing(tmp_path), photo.name)
    if listed is not LOOK:  # LOOK: an entry that cannot be stat'ed, left to the reader
        assert listed == (on_disk.name if on_disk else None)
    assert read_photo(photo, sidecar=listed) == read_photo(photo)


def test_only_a_dangling_entry_leaves_the_lookup_to_the_reader(tmp_path):
    photo = write(tmp_path / "p.jpg", jpeg_file())
    _dangling(tmp_path / "p.xmp", "")
    assert listed_sidecar(_listing(tmp_path), photo.name) is LOOK
    (tmp_path / "p.xmp").unlink()
    assert listed_sidecar(_listing(tmp_path), photo.name) is None


def test_a_known_sidecar_is_read_without_looking_on_disk(tmp_path, monkeypatch):
    photo = write(tmp_path / "p.jpg", jpeg_file())
    write(tmp_path / "p.xmp", xmp_fields(caption="From the sidecar"))
    looked = []
    monkeypatch.setattr(io_module, "find_sidecar", lambda path: looked.append(path))
    record = read_photo(photo, sidecar="p.xmp")
    assert (record.caption, record.sidecar) == ("From the sidecar", tmp_path / "p.xmp")
    assert read_photo(photo, sidecar=None).caption == ""  # the listing saw none: not read
    assert looked == []
    read_photo(photo)  # the default still looks
    assert looked == [photo]
