"""ops.ingest with the real reader over every format, and the import progress bar."""

import io
import os

from editor_app.catalog import open_catalog
from editor_app.commands.ingest import summary
from editor_app.commands.progress_bar import TerminalProgress
from editor_app.ops.files import expand_paths
from editor_app.ops.ingest import ingest_paths
from tests.factories import make_jpeg, make_png, make_tiff, make_webp


def test_every_format_is_catalogued(tmp_path):
    for make in (make_jpeg, make_png, make_tiff, make_webp):
        make(tmp_path)
    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as catalog:
        changes = ingest_paths(catalog, [tmp_path])
        assert changes.problems == ()
        formats = sorted(p.format for p in catalog.photos_under([str(tmp_path)]))
    assert formats == ["JPEG", "PNG", "TIFF", "WEBP"]
    assert summary(changes).startswith("4 added, 0 updated")


def test_progress_bar_draws_on_a_terminal_only():
    out = io.StringIO()
    bar = TerminalProgress(out, enabled=True)
    bar(0, 4, "")
    bar(4, 4, "last.jpg")
    bar.finish()
    assert out.getvalue().endswith("] 4/4 last.jpg\x1b[K\r\x1b[K")  # wiped before the summary
    quiet = io.StringIO()
    bar = TerminalProgress(quiet, enabled=False)
    bar(1, 2, "x")
    bar.finish()
    assert quiet.getvalue() == ""


def test_folder_walk_follows_the_files_rules(tmp_path):
    desk = tmp_path / "desk"
    desk.mkdir()
    make_jpeg(desk, "b.JPG")
    make_jpeg(desk, ".hidden.jpg")
    (desk / ".cache").mkdir()
    make_jpeg(desk / ".cache", "x.jpg")
    (desk / "notes.txt").write_text("no")
    (desk / "sub").mkdir()
    make_jpeg(desk / "sub", "a.jpg")
    outside = tmp_path / "outside"
    outside.mkdir()
    make_jpeg(outside, "o.jpg")
    (desk / "link").symlink_to(outside, target_is_directory=True)
    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as catalog:
        changes = ingest_paths(catalog, [desk])
        paths = sorted(catalog.known_files())
    assert changes.problems == ()
    assert paths == [str(desk / "b.JPG"), str(desk / "sub" / "a.jpg")]
    assert paths == sorted(str(p) for p in expand_paths([desk]))


def test_an_unlistable_folder_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    (tmp_path / "desk" / "locked").mkdir(parents=True)
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as catalog:
        changes = ingest_paths(catalog, [tmp_path / "desk"])
    assert [p.reason for p in changes.problems] == ["cannot list the folder (permission denied)"]


def test_the_import_tells_the_reader_what_its_listing_found(tmp_path, monkeypatch):
    """A walked folder's photos are read with their sidecars as the listing found them (no
    lookup on disk); a file named alone is still looked up. Threads here, processes below."""
    from editor_app.metadata import io as io_module
    from editor_app.ops import scanning
    from tests.metadata.builders import jpeg_file, write, xmp_fields

    folder = tmp_path / "desk"
    folder.mkdir()
    for name in ("a", "b", "c"):
        write(folder / f"{name}.jpg", jpeg_file())
    write(folder / "b.XMP", xmp_fields(caption="From the sidecar"))
    looked: list = []
    real = io_module.find_sidecar
    monkeypatch.setattr(io_module, "find_sidecar", lambda p: looked.append(p) or real(p))
    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as catalog:
        assert len(ingest_paths(catalog, [folder], jobs=1).added) == 3
        assert catalog.photo(str(folder / "b.jpg")).fields["caption"] == "From the sidecar"
        assert looked == []
        write(folder / "b.XMP", xmp_fields(caption="Changed"))
        os.utime(folder / "b.XMP", ns=(1, 1))  # changed state: read again, named alone
        ingest_paths(catalog, [folder / "b.jpg"], jobs=1)
        assert catalog.photo(str(folder / "b.jpg")).fields["caption"] == "Changed"
    assert looked == [folder / "b.jpg"]
    # a worker process's task carries the listing's answer too
    sent = scanning._scan_default((str(folder / "b.jpg"), False, "b.XMP"), algorithm="x")
    assert "Changed" in "".join(sent[1])
    assert looked == [folder / "b.jpg"]
