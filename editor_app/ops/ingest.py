"""Import photos into the catalog, incrementally: ``caption-desk import`` and the GUI share it.

Files whose size and mtime match the catalog are skipped without being opened. Others are read
(metadata + image hash): a new hash makes a new photo (version 1, an "import" revision); a hash
the catalog knows at a path that no longer exists is a moved file (the photo follows it); a
known path that changed outside Caption Desk has its fields re-read (a "file" revision).
With ``defer_hash`` (the desk window) new files are catalogued from their metadata alone and
hashed afterwards by ``ops.identify.hash_pending``, which also follows moves found late.
"""

import dataclasses
import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial

from editor_app import parallel
from editor_app.catalog import (
    PENDING_HASH,
    Catalog,
    CatalogError,
    HashHolder,
    KnownFile,
    NewPhoto,
    PhotoRecord,
)
from editor_app.errors import UserError, os_reason, path_reason
from editor_app.metadata.identity import image_hash
from editor_app.metadata.io import read_photo
from editor_app.metadata.sidecar import SUFFIXES as SIDECAR_SUFFIXES
from editor_app.metadata.sidecar import Known, listed_sidecar, sidecar_in
from editor_app.ops.files import PHOTO_SUFFIXES, combined_state, file_state
from editor_app.ops.scanning import (
    Hasher,
    Reader,
    Scanned,
    Seen,
    batches,
    scan_file,
    scanner,
    unpack,
)
from editor_app.progress import CancelToken, Progress, no_progress

log = logging.getLogger(__name__)

FILE_EDITOR = "file"  # the editor name of revisions read back from a file changed outside the desk
_SMALL_LOOKUP = 1000  # up to this many plain files: look them up by path, not the whole catalog


@dataclass(frozen=True, slots=True)
class IngestChanges:
    """What an import did; photo ids so a UI knows what to refresh."""

    added: tuple[int, ...] = ()
    updated: tuple[int, ...] = ()  # fields changed because the file changed outside the desk
    moved: tuple[int, ...] = ()
    unchanged: int = 0
    problems: tuple[UserError, ...] = ()


@dataclass
class _Tally:
    added: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    moved: list[int] = field(default_factory=list)
    unchanged: int = 0
    problems: list[UserError] = field(default_factory=list)

    def freeze(self) -> IngestChanges:
        return IngestChanges(
            tuple(self.added),
            tuple(self.updated),
            tuple(self.moved),
            self.unchanged,
            tuple(self.problems),
        )


def ingest_paths(
    catalog: Catalog,
    paths: Iterable[str | os.PathLike],
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    read: Reader | None = None,
    hasher: Hasher | None = None,  # default: the catalog's algorithm (catalog_hasher)
    batch_size: int = 200,
    jobs: int | None = None,  # worker processes (forkserver, see parallel.py); 1 for none
    defer_hash: bool = False,
) -> IngestChanges:
    """Scan files and folders into the catalog; one bad file never stops the import.

    Each batch of ``batch_size`` changed files is one transaction, so a cancelled or crashed
    import keeps what it finished. Raises Cancelled when ``cancel`` is set. ``defer_hash``:
    new files are added with a pending image hash (their metadata only is read, 40% of the
    cost); ``ops.identify.hash_pending`` fills it in and relinks moved photos.
    """
    # The default reader and hash run in worker processes when the batch is big enough: reading
    # is Python holding the GIL, and threads doing it for small files fall into the GIL's
    # convoy effect (3x slower than one thread). Injected ones (tests) run on threads.
    algorithm = catalog.hash_algorithm if read is None and hasher is None else None
    read = read or read_photo
    hasher = hasher or catalog_hasher(catalog)
    tally = _Tally()
    inputs = list(paths)
    seen = _stat_all(inputs, tally)
    known = _known(catalog, inputs, seen)
    todo = [s for s in seen if not _unchanged(s, known.get(s.path))]
    if defer_hash:  # a changed known file is hashed now: its thumbnail may have to go
        todo = [s if s.path in known else dataclasses.replace(s, hash_now=False) for s in todo]
    tally.unchanged = len(seen) - len(todo)
    done = tally.unchanged
    progress(done, len(seen), "")
    if cancel:
        cancel.raise_if_cancelled()
    with scanner(len(todo), read, hasher, algorithm, jobs or parallel.default_jobs()) as scan_all:
        for batch, results in batches(todo, scan_all(todo), batch_size):
            if cancel:
                cancel.raise_if_cancelled()
            tally.problems.extend(r for r in results if isinstance(r, UserError))
            _apply_batch(catalog, [r for r in results if isinstance(r, Scanned)], known, tally)
            done += len(batch)
            progress(done, len(seen), os.path.basename(batch[-1].path))
    if not defer_hash:
        _finish_identities(catalog, {s.path for s in seen}, tally, cancel)
    return tally.freeze()


def _finish_identities(
    catalog: Catalog, paths: set[str], tally: _Tally, cancel: CancelToken | None
) -> None:
    """Hash these files if a desk window catalogued them without (it was closed before its
    identity pass ended): an import without ``defer_hash`` leaves none pending."""
    if not paths or not any(p.path in paths for p in catalog.photos_pending_hash()):
        return
    from editor_app.ops.identify import hash_pending  # here: ops.identify imports this module

    changes = hash_pending(catalog, paths=paths, cancel=cancel)
    tally.moved.extend(changes.moved)
    tally.problems.extend(changes.problems)


def ingest_file(
    catalog: Catalog,
    path: str | os.PathLike,
    *,
    read: Reader | None = None,
    hasher: Hasher | None = None,  # default: the catalog's algorithm (catalog_hasher)
) -> PhotoRecord:
    """Make sure one file is in the catalog and current; raises UserError when unreadable."""
    changes = ingest_paths(catalog, [path], read=read, hasher=hasher)
    if changes.problems:
        raise changes.problems[0]
    record = catalog.photo(os.path.abspath(path))
    if record is None:
        raise UserError(path, "not a photo Caption Desk can catalog")
    return record


def photo_ids_at(
    catalog: Catalog, paths: Sequence[str | os.PathLike], *, jobs: int | None = None
) -> list[int | UserError]:
    """Catalog the files (as :func:`ingest_paths`) and return each one's photo id, in order.

    A file that cannot be catalogued gets its UserError instead (named by the path as given).
    """
    problems = {
        os.path.abspath(p.path): p for p in ingest_paths(catalog, paths, jobs=jobs).problems
    }
    known = catalog.known_files([os.path.abspath(p) for p in paths])
    found: list[int | UserError] = []
    for path in paths:
        full = os.path.abspath(path)
        if full in problems:
            found.append(problems[full])
        elif full in known:
            found.append(known[full].photo_id)
        else:
            found.append(UserError(path, "not a photo Caption Desk can catalog"))
    return found


def catalog_hasher(catalog: Catalog) -> Hasher:
    """The image hash with the catalog's algorithm: the catalog names it, files are read here."""
    algorithm = catalog.hash_algorithm
    if algorithm is None:  # a wrong algorithm would make every photo "new"
        raise CatalogError("the catalog's image-hash algorithm is unknown (use open_catalog)")
    return partial(image_hash, algorithm=algorithm)


def _stat_all(inputs: Sequence[str | os.PathLike], tally: _Tally) -> list[Seen]:
    """Files as given, folders walked for photos (``ops.files`` rules), each stat'ed once."""
    seen: dict[str, Seen] = {}
    for raw in inputs:
        full = os.path.abspath(raw)
        if os.path.isdir(full):
            for path, (size, mtime_ns), sidecar in _walk(full, tally.problems):
                seen.setdefault(path, Seen(path, size, mtime_ns, sidecar=sidecar))
            continue
        try:
            size, mtime_ns = file_state(full)
        except OSError as exc:
            tally.problems.append(UserError(raw, path_reason(raw, exc)))
            continue
        seen.setdefault(full, Seen(full, size, mtime_ns))
    return list(seen.values())


def _walk(folder: str, problems: list[UserError]) -> Iterator[tuple[str, tuple[int, int], Known]]:
    """Photos, their ``file_state`` and sidecar (``listed_sidecar``), like
    ``ops.files.iter_photo_paths`` (sorted, hidden skipped, symlinked folders not followed) but
    with plain strings and scandir's entries: pathlib costs a third of a rescan, and sidecars
    are found in the listing, not by stat (here, nor by the reader)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        problems.append(UserError(folder, f"cannot list the folder ({os_reason(exc)})"))
        return
    files = {entry.name: entry for entry in entries if not _is_dir(entry)}  # sidecar lookup
    # A wire folder has no sidecars at all: two lookups per photo were a third of this walk.
    sidecars = any(name.endswith(SIDECAR_SUFFIXES) for name in files)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path, problems)
            continue
        if os.path.splitext(entry.name)[1].lower() in PHOTO_SUFFIXES:
            try:  # a dangling symlink or a loop is reported, as show and check do
                state = entry.stat()
            except OSError as exc:
                problems.append(UserError(entry.path, path_reason(entry.path, exc)))
                continue
            if not sidecars:
                yield entry.path, combined_state(state, None), None
                continue
            sidecar = sidecar_in(files, entry.name)
            known = listed_sidecar(files, entry.name)
            yield entry.path, combined_state(state, sidecar and _stat(sidecar)), known


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a symlink loop: not a folder (the photo loop below reports it)
        return False


def _stat(entry: os.DirEntry) -> os.stat_result | None:
    try:
        return entry.stat()
    except OSError:
        return None


def _known(catalog: Catalog, inputs: list, seen: list[Seen]) -> dict[str, KnownFile]:
    """One bulk query: the whole catalog, or just these paths for a few plain files."""
    if len(seen) <= _SMALL_LOOKUP and not any(os.path.isdir(p) for p in inputs):
        return catalog.known_files([s.path for s in seen])
    return catalog.known_files()


def _unchanged(seen: Seen, known: KnownFile | None) -> bool:
    return known is not None and known.size == seen.size and known.mtime_ns == seen.mtime_ns


def _apply_batch(
    catalog: Catalog, scanned: list[Scanned], known: dict[str, KnownFile], tally: _Tally
) -> None:
    new_ones = [s for s in scanned if s.seen.path not in known]
    hashes = {s.image_hash for s in new_ones} - {PENDING_HASH}
    candidates = catalog.hash_holders(hashes) if hashes else {}
    with catalog.transaction():
        for item in scanned:
            if item.seen.path in known:
                refresh_photo(catalog, known[item.seen.path].photo_id, item, tally)
        fresh = [item for item in new_ones if not _follow_move(catalog, item, candidates, tally)]
        if fresh:
            tally.added.extend(catalog.add_photos([_new_photo(item) for item in fresh]))


def relink_moved(catalog: Catalog, photo_id: int, seen: tuple[str, int, int], digest: str) -> bool:
    """Point photo ``photo_id`` at the file ``seen`` (path, size, mtime_ns), read again, as an
    import does for a moved file; False (nothing changed) when the file cannot be read."""
    scanned = unpack(Seen(*seen), scan_file(seen[0], read_photo, lambda _path: digest))
    if isinstance(scanned, UserError):
        return False
    refresh_photo(catalog, photo_id, scanned, _Tally())
    return True


def refresh_photo(catalog: Catalog, photo_id: int, item: Scanned, tally: _Tally) -> None:
    """A known photo whose file changed outside the desk: take its fields unless edits wait."""
    photo = catalog.photo_by_id(photo_id)
    if photo is not None and not photo.pending_write:
        result = catalog.save_revision(
            photo_id, item.fields, editor=FILE_EDITOR, kind="file", file_has_it=True
        )
        if result.revision is not None:
            tally.updated.append(photo_id)
    catalog.set_file_state(
        photo_id,
        path=item.seen.path,
        size=item.seen.size,
        mtime_ns=item.seen.mtime_ns,
        image_hash=item.image_hash,
        facts=item.facts,
    )


def _follow_move(
    catalog: Catalog, item: Scanned, candidates: dict[str, list[HashHolder]], tally: _Tally
) -> bool:
    """Re-link a photo whose old path is gone; False when this is a new photo (or a copy)."""
    for photo in candidates.get(item.image_hash, []) if item.image_hash != PENDING_HASH else []:
        if not os.path.exists(photo.path):
            candidates[item.image_hash].remove(photo)  # one old photo follows one new path
            refresh_photo(catalog, photo.id, item, tally)
            tally.moved.append(photo.id)
            return True
    return False


def _new_photo(item: Scanned) -> NewPhoto:
    return NewPhoto(
        path=item.seen.path,
        image_hash=item.image_hash,
        format=item.format,
        size=item.seen.size,
        mtime_ns=item.seen.mtime_ns,
        fields={},  # encoded already: ``columns``
        facts=item.facts,
        columns=item.columns,
    )
