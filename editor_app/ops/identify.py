"""The image hashes an import left for later, and the moves they reveal.

The desk window catalogues a new folder from the files' metadata alone
(``ingest_paths(defer_hash=True)``), so its rows appear without reading 13 GB of pictures;
this pass reads the image data afterwards. A hash the catalog knows for a photo whose file no
longer exists means the new file is that photo moved: the old photo, with its captions and
history, follows the file and the row imported a moment ago is dropped, unless a caption was
saved on it meanwhile (then both stay, as for a copy).
"""

import logging
import os
from collections.abc import Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from editor_app import parallel
from editor_app.catalog import Catalog, HashHolder, PendingPhoto
from editor_app.errors import MetadataReadError, UserError
from editor_app.ops.files import file_state
from editor_app.ops.ingest import catalog_hasher, relink_moved
from editor_app.progress import CancelToken, Progress, no_progress

log = logging.getLogger(__name__)

_CHANGED = None  # the file changed since it was catalogued: the next rescan re-reads it


@dataclass(frozen=True, slots=True)
class HashChanges:
    """What the pass did; ``hashed`` by path (the thumbnail cache keys them)."""

    hashed: dict[str, str]
    moved: tuple[int, ...] = ()  # old photos that now point at a file imported without hash
    dropped: tuple[int, ...] = ()  # the rows those files had (replaced by the old photos)
    problems: tuple[UserError, ...] = ()
    last_id: int = 0  # the last photo looked at: ``after`` for the next call with a ``limit``
    left: int = 0  # pending photos after it, not looked at (``limit``)


def hash_pending(
    catalog: Catalog,
    *,
    paths: Collection[str] | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    jobs: int | None = None,
    batch_size: int = 200,
    after: int = 0,
    limit: int | None = None,
) -> HashChanges:
    """Hash the photos imported without one (all, or those at ``paths``), a batch per
    transaction; raises Cancelled when ``cancel`` is set (finished batches stay).

    ``after`` and ``limit``: only photos with a higher id, at most ``limit`` of them (the
    window hashes a batch per task, so saves on its one database lane wait for one batch at
    most). Photos that stay pending (unreadable, changed meanwhile) are not retried then.

    Hashing reads the files on threads: BLAKE3 and file reads release the GIL, so threads
    scale without a process pool's start and pickling.
    """
    hasher = catalog_hasher(catalog)
    left = 0
    if paths is None:  # the window's batches: only this batch's rows leave the database
        pending = catalog.photos_pending_hash(after, limit)
        if limit is not None and pending:
            left = catalog.pending_hash_count(pending[-1].id)
    else:
        pending = [p for p in catalog.photos_pending_hash(after) if p.path in paths]
        if limit is not None:
            pending, left = pending[:limit], max(0, len(pending) - limit)
    hashed: dict[str, str] = {}
    moved: list[int] = []
    dropped: list[int] = []
    problems: list[UserError] = []
    workers = max(1, min(jobs or parallel.default_jobs(), 4))
    with ThreadPoolExecutor(workers, thread_name_prefix="hash") as threads:
        for start in range(0, len(pending), batch_size):
            if cancel:
                cancel.raise_if_cancelled()
            batch = pending[start : start + batch_size]
            results = list(threads.map(lambda p: _hash_one(p, hasher), batch))
            problems += [r for r in results if isinstance(r, UserError)]
            done = [(p, r) for p, r in zip(batch, results, strict=True) if isinstance(r, str)]
            for photo, old in _moves(catalog, done):
                if _follow(catalog, photo, old):
                    moved.append(old.id)
                    dropped.append(photo.id)
            rest = [(p, d) for p, d in done if p.id not in dropped]
            ids = set(catalog.set_image_hashes([(p.id, d, p.size, p.mtime_ns) for p, d in rest]))
            hashed.update((p.path, d) for p, d in rest if p.id in ids)
            hashed.update((p.path, d) for p, d in done if p.id in dropped)
            progress(min(start + batch_size, len(pending)), len(pending), "")
    last_id = pending[-1].id if pending else after
    return HashChanges(hashed, tuple(moved), tuple(dropped), tuple(problems), last_id, left)


def _hash_one(photo: PendingPhoto, hasher) -> str | UserError | None:
    try:
        if file_state(photo.path) != (photo.size, photo.mtime_ns):
            return _CHANGED
        return hasher(photo.path)
    except (MetadataReadError, OSError) as exc:
        return UserError(photo.path, f"cannot identify the image data: {exc}")


def _moves(
    catalog: Catalog, done: list[tuple[PendingPhoto, str]]
) -> Iterator[tuple[PendingPhoto, HashHolder]]:
    """(new row, old photo) for each hashed file whose picture belongs to a photo whose own
    file is gone; one old photo follows one file, as in ``ingest_paths``."""
    candidates = catalog.hash_holders({digest for _, digest in done}) if done else {}
    taken: set[int] = set()
    for photo, digest in done:
        if photo.version != 1:
            continue  # edited since the import: it keeps its own history (both stay)
        for old in candidates.get(digest, []):
            if old.id != photo.id and old.id not in taken and not os.path.exists(old.path):
                taken.add(old.id)
                yield photo, old
                break


class _Undo(Exception):
    pass


def _follow(catalog: Catalog, new: PendingPhoto, old: HashHolder) -> bool:
    """In one transaction: drop the new row (unless edited meanwhile), the old photo takes
    its file; nothing changes when either step cannot be done."""
    state = (new.path, new.size, new.mtime_ns)
    try:
        with catalog.transaction():
            if not catalog.drop_unedited_photo(new.id):
                return False
            if not relink_moved(catalog, old.id, state, old.image_hash):
                raise _Undo  # rolls the drop back
    except _Undo:
        return False
    log.info("%s is photo %d moved from %s", new.path, old.id, old.path)
    return True
