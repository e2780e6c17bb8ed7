"""The desk's cold import, headless: CPU per file of each stage, and of the real import.

Uses the first ``--files`` of the 10,000-photo desk folder (``desk.py`` generates it) through
a folder of symbolic links, and a fresh catalog:

1. the stages in this process, one after the other: ``read_photo``, what a worker adds to it
   (``scan_file`` of a record read already: fields, facts and the rows' text), pickling and
   unpickling that in tasks of ``chunk_size`` files, and writing it to the catalog in
   batches (``_apply_batch``);
2. ``ingest_paths(defer_hash=True)`` as the desk window runs it (worker processes, the
   forkserver started before, as the window starts it at start-up): wall time, this process's
   CPU and the workers' CPU per file.

    .venv/bin/python benchmarks/import_cpu.py [--files 3000] [--jobs 2]
"""

import argparse
import gc
import os
import pickle
import shutil
import tempfile
import time
from pathlib import Path

from procs import cpu_seconds  # a sibling: the script's folder is on the path

from editor_app import parallel
from editor_app.catalog import open_catalog
from editor_app.metadata.io import read_photo
from editor_app.ops import ingest
from editor_app.ops.files import file_state
from editor_app.ops.scanning import Seen, chunk_size, scan_file, unpack

HERE = Path(__file__).resolve().parent
DESK = HERE / "data" / "desk" / "10000"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if not DESK.is_dir():
        raise SystemExit(f"{DESK} is missing: run benchmarks/desk.py --photos 10000 once")
    parallel.warm_up()  # as the window does at start-up: the import does not pay the server
    tmp = Path(tempfile.mkdtemp(prefix="import-cpu-"))
    try:
        folder = tmp / "desk"
        folder.mkdir()
        for path in sorted(DESK.iterdir())[: args.files]:
            (folder / path.name).symlink_to(path)
            path.read_bytes()  # page cache
        count = len(list(folder.iterdir()))
        print(f"{count:,} desk files, {args.jobs} workers, load {os.getloadavg()[0]:.1f}")
        _stages(tmp, folder, count, args.jobs)
        _import(tmp, folder, count, args.jobs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _stages(tmp: Path, folder: Path, count: int, jobs: int) -> None:
    seen = [Seen(str(p), *file_state(str(p)), hash_now=False) for p in sorted(folder.iterdir())]
    records = _timed("read_photo", count, lambda: [read_photo(Path(s.path)) for s in seen])
    sent = _timed("scan_file's conversion (rows' text)", count, lambda: _convert(seen, records))
    chunk = chunk_size(count, jobs, hashing=False)
    tasks = [sent[i : i + chunk] for i in range(0, count, chunk)]
    blobs = _timed(f"pickling, tasks of {chunk}", count, lambda: [pickle.dumps(t) for t in tasks])
    _timed("unpickling", count, lambda: [pickle.loads(b) for b in blobs])
    scanned = [unpack(s, item) for s, item in zip(seen, sent, strict=True)]
    with open_catalog(f"sqlite:///{tmp / 'stages.db'}") as catalog:
        tally = ingest._Tally()
        _timed(
            "writing, batches of 200",
            count,
            lambda: [
                ingest._apply_batch(catalog, scanned[i : i + 200], {}, tally)
                for i in range(0, count, 200)
            ],
        )


def _convert(seen: list[Seen], records: list) -> list:
    return [
        scan_file(s.path, lambda _path, r=record: r, None)
        for s, record in zip(seen, records, strict=True)
    ]


def _timed(label: str, count: int, work):
    gc.collect()
    start = time.process_time()
    result = work()
    print(f"  {label:40s} {(time.process_time() - start) * 1000 / count:7.3f} ms/file")
    return result


def _import(tmp: Path, folder: Path, count: int, jobs: int) -> None:
    time.sleep(1.0)  # the forkserver's preload, started in main(), is done
    with open_catalog(f"sqlite:///{tmp / 'import.db'}") as catalog:
        workers, cpu, wall = _children_cpu(), time.process_time(), time.perf_counter()
        changes = ingest.ingest_paths(catalog, [folder], jobs=jobs, defer_hash=True)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        workers = _children_cpu() - workers
    assert len(changes.added) == count, changes.problems[:3]
    print(
        f"ingest_paths: {wall:.2f} s; CPU per file {(cpu + workers) * 1000 / count:.3f} ms "
        f"(this process {cpu * 1000 / count:.3f}, workers {workers * 1000 / count:.3f})"
    )


def _children_cpu() -> float:
    """CPU seconds of every process below this one, reaped ones included."""
    return cpu_seconds() - time.process_time()


if __name__ == "__main__":
    raise SystemExit(main())
