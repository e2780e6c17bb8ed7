"""Importing folders on both databases: new, unchanged, moved, copied and outside-changed files."""

import shutil
import threading
import time

import pytest

from editor_app import parallel
from editor_app.catalog import open_catalog
from editor_app.errors import MetadataReadError
from editor_app.metadata.identity import image_hash
from editor_app.metadata.writer import write_photo
from editor_app.ops.export import photo_file_state
from editor_app.ops.ingest import ingest_file, ingest_paths
from editor_app.ops.read import PARALLEL_THRESHOLD
from editor_app.ops.scanning import chunk_size
from editor_app.progress import Cancelled, CancelToken
from tests.catalog.catalog_helpers import FakeReader, make_jpeg, touch
from tests.factories import make_png
from tests.ops.editing import save_file


@pytest.fixture
def desk(tmp_path):
    folder = tmp_path / "desk"
    make_jpeg(folder / "a.jpg", (255, 0, 0))
    make_jpeg(folder / "b.jpg", (0, 255, 0))
    make_jpeg(folder / "sub" / "c.jpg", (0, 0, 255))
    (folder / "notes.txt").write_text("not a photo")
    return folder


@pytest.fixture
def reader(desk):
    fake = FakeReader()
    fake.set(desk / "a.jpg", caption="Fire in the hills", byline=("Ann",))
    return fake


class CountingHasher:
    def __init__(self):
        self.calls = 0

    def __call__(self, path):
        self.calls += 1
        return image_hash(path)


def test_first_import_adds_every_photo_at_version_one(catalog, desk, reader):
    changes = ingest_paths(catalog, [desk], read=reader)
    assert (len(changes.added), changes.unchanged, changes.problems) == (3, 0, ())
    photo = catalog.photo(str(desk / "a.jpg"))
    assert (photo.version, photo.fields["caption"], photo.fields["byline"]) == (
        1, "Fire in the hills", ("Ann",),
    )  # fmt: skip
    assert photo.image_hash == image_hash(desk / "a.jpg")
    assert [r.kind for r in catalog.history(photo.id)] == ["import"]


def test_unchanged_rescan_opens_no_file(catalog, desk, reader):
    ingest_paths(catalog, [desk], read=reader)
    reader.opened.clear()
    hasher = CountingHasher()
    changes = ingest_paths(catalog, [desk], read=reader, hasher=hasher)
    assert (changes.added, changes.unchanged) == ((), 3)
    assert reader.opened == [] and hasher.calls == 0


def test_moved_file_keeps_its_photo_and_history(catalog, desk, reader):
    ingest_paths(catalog, [desk], read=reader)
    pid = catalog.photo(str(desk / "a.jpg")).id
    catalog.save_revision(pid, {"headline": "Edited"}, editor="jane")
    (desk / "moved").mkdir()
    shutil.move(desk / "a.jpg", desk / "moved" / "renamed.jpg")
    changes = ingest_paths(catalog, [desk], read=reader)
    assert changes.moved == (pid,) and changes.added == ()
    photo = catalog.photo(str(desk / "moved" / "renamed.jpg"))
    assert photo.id == pid
    assert photo.fields["headline"] == "Edited"  # the catalog's edit survives the move
    assert catalog.photo(str(desk / "a.jpg")) is None


def test_a_copy_is_a_new_photo(catalog, desk, reader):
    ingest_paths(catalog, [desk], read=reader)
    shutil.copy(desk / "a.jpg", desk / "copy.jpg")
    changes = ingest_paths(catalog, [desk], read=reader)
    assert len(changes.added) == 1 and changes.moved == ()
    assert catalog.photo(str(desk / "copy.jpg")).id != catalog.photo(str(desk / "a.jpg")).id


def test_file_changed_outside_the_desk_becomes_a_file_revision(catalog, desk, reader):
    ingest_paths(catalog, [desk], read=reader)
    reader.set(desk / "a.jpg", caption="Changed in another tool", byline=("Ann",))
    touch(desk / "a.jpg")
    changes = ingest_paths(catalog, [desk], read=reader)
    photo = catalog.photo(str(desk / "a.jpg"))
    assert changes.updated == (photo.id,) and changes.unchanged == 2
    assert (photo.version, photo.pending_write) == (2, False)
    assert photo.fields["caption"] == "Changed in another tool"
    last = catalog.history(photo.id)[-1]
    assert (last.editor, last.kind, list(last.changes)) == ("file", "file", ["caption"])
    assert photo.mtime_ns == (desk / "a.jpg").stat().st_mtime_ns


def test_touched_file_with_same_fields_makes_no_revision(catalog, desk, reader):
    ingest_paths(catalog, [desk], read=reader)
    touch(desk / "b.jpg")
    changes = ingest_paths(catalog, [desk], read=reader)
    assert changes.updated == ()
    assert catalog.photo(str(desk / "b.jpg")).version == 1
    assert ingest_paths(catalog, [desk], read=reader).unchanged == 3  # the new mtime is stored


def test_pending_edits_win_over_an_outside_change(catalog, desk, reader):
    ingest_paths(catalog, [desk], read=reader)
    pid = catalog.photo(str(desk / "a.jpg")).id
    catalog.save_revision(pid, {"caption": "Desk caption"}, editor="jane")  # not written yet
    reader.set(desk / "a.jpg", caption="Outside caption")
    touch(desk / "a.jpg")
    ingest_paths(catalog, [desk], read=reader)
    photo = catalog.photo_by_id(pid)
    assert (photo.fields["caption"], photo.version, photo.pending_write) == (
        "Desk caption", 2, True,
    )  # fmt: skip


def test_problems_do_not_stop_the_import(catalog, desk, reader, tmp_path):
    (desk / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really")
    reader.values["broken.jpg"] = {"error": "damaged JPEG"}

    def hasher(path):
        if path.endswith("b.jpg"):
            raise MetadataReadError("no image data")
        return image_hash(path)

    changes = ingest_paths(catalog, [desk, tmp_path / "missing.jpg"], read=reader, hasher=hasher)
    reasons = sorted(f"{p.path.name}: {p.reason}" for p in changes.problems)
    assert reasons == [
        "b.jpg: cannot identify the image data: no image data",
        "broken.jpg: damaged JPEG",
        "missing.jpg: no such file or directory",
    ]
    assert len(changes.added) == 2


def test_duplicate_arguments_are_imported_once(catalog, desk, reader):
    changes = ingest_paths(catalog, [desk, desk / "a.jpg", desk], read=reader)
    assert len(changes.added) == 3


def test_progress_and_cancel(catalog, desk, reader):
    seen = []
    ingest_paths(catalog, [desk], read=reader, progress=lambda d, t, n="": seen.append((d, t)))
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)
    token = CancelToken()
    token.cancel()
    make_jpeg(desk / "new.jpg", (9, 9, 9))
    with pytest.raises(Cancelled):
        ingest_paths(catalog, [desk], read=reader, cancel=token)
    assert catalog.photo(str(desk / "new.jpg")) is None


def test_batches_commit_as_they_go(catalog, desk, reader):
    calls = []

    def progress(done, total, name=""):
        calls.append(done)
        if done == 1:
            raise KeyboardInterrupt  # the user gives up after the first batch

    with pytest.raises(KeyboardInterrupt):
        ingest_paths(catalog, [desk], read=reader, progress=progress, batch_size=1)
    assert len(catalog.known_files()) == 1


def test_the_readers_read_the_next_batch_while_one_is_written(catalog, tmp_path):
    # Reading only a batch at a time left the readers idle while the catalog wrote it.
    folder = tmp_path / "ahead"
    for i in range(6):
        make_jpeg(folder / f"{i}.jpg", (i, 0, 0))
    next_batch_read = threading.Event()
    waited = []
    fake = FakeReader()

    def read(path):
        if path.name == "1.jpg":  # the first batch's last file waits for the second batch
            waited.append(next_batch_read.wait(10))
        if path.name == "2.jpg":
            next_batch_read.set()
        return fake(path)

    changes = ingest_paths(catalog, [folder], read=read, batch_size=2, jobs=1)
    assert waited == [True]
    assert len(changes.added) == 6


def test_a_cancelled_import_stops_reading_ahead(catalog, tmp_path):
    folder = tmp_path / "many"
    for i in range(100):
        make_jpeg(folder / f"{i:03d}.jpg", (i, 0, 0))
    fake = FakeReader()
    token = CancelToken()

    def read(path):
        time.sleep(0.02)
        return fake(path)

    def progress(done, _total, _name=""):
        if done:
            token.cancel()  # after the first batch

    with pytest.raises(Cancelled):
        ingest_paths(catalog, [folder], read=read, progress=progress, cancel=token, batch_size=2)
    assert len(catalog.known_files()) == 2
    assert len(fake.opened) < 100  # the files not started yet were dropped


def test_ingest_file_returns_the_photo_or_raises(catalog, desk, reader, tmp_path):
    photo = ingest_file(catalog, desk / "a.jpg", read=reader)
    assert photo.path == str(desk / "a.jpg")
    with pytest.raises(Exception, match="no such file"):
        ingest_file(catalog, tmp_path / "nope.jpg", read=reader)


def test_real_reader_and_relative_paths(catalog, desk, monkeypatch):
    monkeypatch.chdir(desk)
    changes = ingest_paths(catalog, ["sub", "a.jpg"])
    assert len(changes.added) == 2 and changes.problems == ()
    assert catalog.photo(str(desk / "sub" / "c.jpg")).format == "JPEG"


@pytest.mark.parametrize("jobs", [None, 1])  # worker processes, or threads only (the GUI)
def test_a_big_import_reads_on_worker_processes_with_the_same_results(catalog, tmp_path, jobs):
    folder = tmp_path / "many"
    for i in range(PARALLEL_THRESHOLD + 5):
        make_jpeg(folder / f"{i:03d}.jpg", (i, 100, 200 - i))
    write_photo(folder / "007.jpg", {"caption": "Fire in the hills", "byline": ["Ann"]})
    (folder / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe1\x00")
    changes = ingest_paths(catalog, [folder], batch_size=20, jobs=jobs)
    assert len(changes.added) == PARALLEL_THRESHOLD + 5
    assert [(p.path.name, "truncated" in p.reason) for p in changes.problems] == [
        ("broken.jpg", True)
    ]
    photo = catalog.photo(str(folder / "007.jpg"))
    assert (photo.fields["caption"], photo.fields["byline"]) == ("Fire in the hills", ("Ann",))
    assert photo.image_hash == image_hash(folder / "007.jpg", catalog.hash_algorithm)


@pytest.mark.parametrize("walk", [True, False])  # a folder walked, or the file named
def test_a_sidecar_edited_by_another_tool_is_noticed_by_a_rescan(catalog, tmp_path, walk):
    folder = tmp_path / "png"
    folder.mkdir()
    photo = make_png(folder)
    save_file(catalog, photo, {"caption": "Ours"}, editor="jane")
    target = folder if walk else photo
    assert ingest_paths(catalog, [target]).unchanged == 1  # our own write is not a change
    assert photo_file_state(catalog.photo(str(photo))) == "up to date"

    time.sleep(0.01)  # another tool rewrites only the sidecar (Lightroom on a PNG)
    write_photo(photo, {"caption": "Theirs"})
    assert photo_file_state(catalog.photo(str(photo))) == "changed on disk"
    changes = ingest_paths(catalog, [target])
    photo_id = catalog.photo(str(photo)).id
    assert changes.updated == (photo_id,)
    assert catalog.photo(str(photo)).fields["caption"] == "Theirs"
    assert catalog.history(photo_id)[-1].editor == "file"


@pytest.mark.parametrize("walk", [True, False])  # a folder walked, or the file named
def test_an_upper_case_sidecar_edited_by_another_tool_is_noticed(catalog, tmp_path, walk):
    folder = tmp_path / "png"
    folder.mkdir()
    photo = make_png(folder)
    write_photo(photo, {"caption": "Before"})
    sidecar = (folder / "photo.xmp").rename(folder / "photo.XMP")  # as some tools name it
    target = folder if walk else photo
    ingest_paths(catalog, [target])
    assert catalog.photo(str(photo)).fields["caption"] == "Before"
    assert ingest_paths(catalog, [target]).unchanged == 1
    assert photo_file_state(catalog.photo(str(photo))) == "up to date"

    time.sleep(0.01)
    write_photo(photo, {"caption": "Theirs"})  # another tool rewrites only photo.XMP
    assert sidecar.exists() and not (folder / "photo.xmp").exists()
    assert photo_file_state(catalog.photo(str(photo))) == "changed on disk"
    changes = ingest_paths(catalog, [target])
    assert changes.updated == (catalog.photo(str(photo)).id,)
    assert catalog.photo(str(photo)).fields["caption"] == "Theirs"


def test_worker_tasks_are_a_few_tens_of_ms_each_and_every_worker_gets_several():
    # metadata only (~0.6 ms a file): 8 files a task made the pool's round trips cost more
    # CPU than turning records into rows; hashing (~5 ms a file) keeps tasks small
    assert chunk_size(10_000, 2, hashing=False) >= 32
    assert chunk_size(10_000, 2, hashing=True) <= 8
    for files in (PARALLEL_THRESHOLD, 100, 1_000):
        for hashing in (True, False):
            assert chunk_size(files, 2, hashing=hashing) * 2 * 4 <= files


@pytest.mark.parametrize("defer_hash", [True, False])
def test_the_import_sends_worker_tasks_of_chunk_size(catalog, tmp_path, monkeypatch, defer_hash):
    folder = tmp_path / "many"
    for i in range(PARALLEL_THRESHOLD * 4):
        make_jpeg(folder / f"{i:03d}.jpg", (i, 100, 200 - i))
    sizes = []
    real_pool = parallel.process_pool

    def spying_pool(*args, **kwargs):
        pool = real_pool(*args, **kwargs)
        real_map = pool.map
        pool.map = lambda fn, items, chunksize=1: (
            sizes.append(chunksize) or real_map(fn, items, chunksize=chunksize)
        )
        return pool

    monkeypatch.setattr(parallel, "process_pool", spying_pool)
    changes = ingest_paths(catalog, [folder], jobs=2, defer_hash=defer_hash)
    assert len(changes.added) == PARALLEL_THRESHOLD * 4
    assert sizes == [chunk_size(PARALLEL_THRESHOLD * 4, 2, hashing=not defer_hash)]


def _statements_of_an_import(tmp_path, files: int) -> list[str]:
    """The SQL statements (bar row inserts) of a first import of ``files`` new files, in
    batches of 10, on SQLite."""
    folder = tmp_path / f"in{files}"
    reader = FakeReader()
    for i in range(files):
        make_jpeg(folder / f"{i:03d}.jpg", (i, 0, 0), size=(8, 8))
        reader.set(folder / f"{i:03d}.jpg", caption=f"Photo {i}", keywords=("a", "b"))
    run: list[str] = []
    with open_catalog(f"sqlite:///{tmp_path / f'{files}.db'}") as catalog:
        catalog.connect()
        catalog._db.connection().set_trace_callback(run.append)
        changes = ingest_paths(catalog, [folder], read=reader, batch_size=10, defer_hash=True)
        catalog._db.connection().set_trace_callback(None)
    assert len(changes.added) == files
    return [sql for sql in run if not sql.lstrip().upper().startswith("INSERT")]


def test_an_import_runs_the_same_queries_per_batch_whatever_the_batch_holds(tmp_path):
    # rows go in with one statement per table per batch; nothing is asked per file
    twenty, forty = _statements_of_an_import(tmp_path, 20), _statements_of_an_import(tmp_path, 40)
    assert len(forty) - len(twenty) <= 2 * 5  # BEGIN, SAVEPOINT, MAX(id), RELEASE, COMMIT

    def selects(run):
        return [sql for sql in run if sql.upper().startswith("SELECT")]

    assert len(selects(forty)) - len(selects(twenty)) == 2  # one per batch: MAX(id)
    assert len(selects(twenty)) == 1 + 2  # the catalog's paths once, then per batch
