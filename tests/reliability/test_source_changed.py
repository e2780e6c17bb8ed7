"""Another program rewrites (in place) or replaces (by rename) the photo while we write it: we
write nothing and say so, never publish a mix, never caption a picture the catalog did not mean."""

import itertools
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from editor_app.catalog import open_catalog
from editor_app.errors import MetadataWriteError
from editor_app.metadata import writer
from editor_app.metadata.io import read_photo
from editor_app.metadata.writer import SOURCE_CHANGED, write_photo
from editor_app.ops import write_back
from editor_app.ops.write_back import REPLACED
from tests.factories import image_data, make_jpeg
from tests.ops.editing import save_file

ROOT = Path(__file__).resolve().parents[2]


def _pictures(tmp_path: Path, size=(64, 48)) -> tuple[Path, Path]:
    """The photo (an hour old: a rewrite cannot share its mtime) and another picture."""
    photo = make_jpeg(tmp_path, "photo.jpg", size=size)
    other = make_jpeg(tmp_path, "other.jpg", size=(size[0] + 8, size[1]), exif=None)
    past = photo.stat().st_mtime - 3600
    os.utime(photo, (past, past))
    return photo, other


def _copy_hook(monkeypatch, action):
    """Run ``action()`` in the middle of the writer's copy of the image data."""
    real = writer.write_jpeg

    def copy(dst, src, header, sos_offset, size):
        os.write(dst, header[:10])
        action()
        real(dst, src, header, sos_offset, size)

    monkeypatch.setattr(writer, "write_jpeg", copy)


def test_a_photo_rewritten_in_place_mid_copy_is_not_written(tmp_path, monkeypatch):
    photo, other = _pictures(tmp_path)
    _copy_hook(monkeypatch, lambda: photo.write_bytes(other.read_bytes()))  # like cp
    with pytest.raises(MetadataWriteError) as error:
        write_photo(photo, {"caption": "Fire"})
    assert str(error.value) == SOURCE_CHANGED
    assert photo.read_bytes() == other.read_bytes()  # the other program's file, whole
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_photo_replaced_by_rename_mid_copy_is_not_written(tmp_path, monkeypatch):
    photo, other = _pictures(tmp_path)
    spare = tmp_path / "spare.jpg"
    shutil.copy(other, spare)
    _copy_hook(monkeypatch, lambda: os.replace(spare, photo))
    with pytest.raises(MetadataWriteError, match="another program changed the file"):
        write_photo(photo, {"caption": "Fire"})
    assert photo.read_bytes() == other.read_bytes()
    assert read_photo(photo).caption == ""


def test_a_sidecar_saved_by_another_tool_meanwhile_is_kept(tmp_path, monkeypatch):
    photo = make_jpeg(tmp_path, "photo.jpg")
    write_photo(photo, {"caption": "One"}, writer.WriteOptions(sidecar=True))
    sidecar = photo.with_suffix(".xmp")
    theirs = sidecar.read_bytes().replace(b"One", b"Lightroom's")
    real = writer.update_packet

    def meanwhile(*args, **kwargs):
        os.utime(sidecar, ns=(1, 1))
        sidecar.write_bytes(theirs)
        return real(*args, **kwargs)

    monkeypatch.setattr(writer, "update_packet", meanwhile)
    with pytest.raises(MetadataWriteError, match="another program changed the file"):
        write_photo(photo, {"headline": "Two"}, writer.WriteOptions(sidecar=True))
    assert sidecar.read_bytes() == theirs


def test_a_picture_renamed_in_after_the_import_is_never_captioned(tmp_path, monkeypatch):
    photo, other = _pictures(tmp_path)
    real = write_back.lend_locks

    def rename_first(paths):  # after the catalog step, before the file is locked
        os.replace(other, photo)
        return real(paths)

    monkeypatch.setattr(write_back, "lend_locks", rename_first)
    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as catalog:
        outcome = save_file(catalog, photo, {"caption": "Fire"})
        assert not outcome.written and outcome.write_error == REPLACED
        assert catalog.photo(str(photo)).pending_write
    assert read_photo(photo).caption == ""


ROUNDS = 30


def test_cp_over_the_photo_while_we_write_never_publishes_a_mix(tmp_path):
    """Real processes: a ``cp``-like rewrite races our write; the file must end whole."""
    problems, refused, paused = [], 0, 0
    rng = random.Random(7)
    for i in range(ROUNDS):
        folder = tmp_path / str(i)
        folder.mkdir()
        photo, other = _pictures(folder, size=(1200, 900))
        go = folder / "go"
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.rewriter", str(go), str(other), str(photo),
             str(rng.randrange(0, 40)), "64"],
            cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert proc.stdout.readline() == "ready\n"
        go.touch()
        started = time.monotonic()
        try:
            write_photo(photo, {"caption": f"Fire {i}"})
        except MetadataWriteError as exc:
            assert str(exc) == SOURCE_CHANGED
            refused += 1
        ended = time.monotonic()
        times = [float(t) for t in proc.stdout.readline().split()]
        proc.stdout.close()
        assert proc.wait(timeout=60) == 0
        if image_data(photo) != image_data(other):
            if _inside_one_pause(times, started, ended):
                paused += 1  # the rewriter stood still for our whole write: nothing to see
                continue
            problems.append(f"round {i}: the file is not the other program's picture")
    assert not problems, "\n".join(problems)
    assert paused < ROUNDS // 2, "the machine paused the rewriter in most rounds: no test"
    print(f"{refused} of {ROUNDS} writes refused; {paused} rounds inside a pause")


def _inside_one_pause(times: list[float], started: float, ended: float) -> bool:
    """Whether our whole write fell between two consecutive steps of the rewriter (after its
    truncation, before its last chunk): a file that does not move while we read, copy and
    publish it looks finished, whatever comes later (docs/reliability-writing.md)."""
    return any(a <= started and ended <= b for a, b in itertools.pairwise(times))
