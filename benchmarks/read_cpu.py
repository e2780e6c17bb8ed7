"""CPU per file of ``read_photo`` (process time, one thread), over the files of one or more
folders: a warm-up pass (page cache, imports), then ``--rounds`` timed passes.

To compare two checkouts, run the script with each one's PYTHONPATH in turn, interleaved:

    PYTHONPATH=../main .venv/bin/python benchmarks/read_cpu.py benchmarks/data/feed
    PYTHONPATH=$PWD .venv/bin/python benchmarks/read_cpu.py benchmarks/data/feed

On a shared machine CPU seconds vary by a third from run to run; instructions do not. Run under
``valgrind --tool=cachegrind --cache-sim=no`` with ``--rounds 0`` and ``--rounds 1``: the
difference of the two "I refs" totals over the files read is the instructions per file (user
space only: system calls are not counted).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import editor_app
from editor_app.metadata.io import read_photo

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".tif", ".tiff", ".png", ".webp")


def photos(folder: Path, limit: int) -> list[Path]:
    names = sorted(n for n in os.listdir(folder) if n.lower().endswith(PHOTO_SUFFIXES))
    return [folder / n for n in names[:limit]]


def cpu_per_file(paths: list[Path], sidecars: list | None = None) -> float:
    """Milliseconds of process time per file for one pass; ``sidecars``: what the folder
    listing knows (as the import reads), else each file's sidecar is looked for on disk."""
    start = time.process_time()
    if sidecars is None:
        for path in paths:
            read_photo(path)
    else:
        for path, sidecar in zip(paths, sidecars, strict=True):
            read_photo(path, sidecar=sidecar)
    return (time.process_time() - start) * 1000 / len(paths)


def listed_sidecars(folder: Path, paths: list[Path]) -> list:
    """Each photo's sidecar as the import's folder walk finds it (``ops.ingest._walk``)."""
    from editor_app.metadata.sidecar import listed_sidecar  # not in checkouts before it

    listing = {e.name: e for e in os.scandir(folder) if not e.is_dir()}
    return [listed_sidecar(listing, path.name) for path in paths]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--files", type=int, default=1000, help="files per folder (sorted)")
    parser.add_argument("--rounds", type=int, default=5, help="timed passes (0: warm-up only)")
    parser.add_argument(
        "--listing", action="store_true", help="read as the import does, sidecars known"
    )
    args = parser.parse_args(argv)
    source = Path(editor_app.__file__).parent.parent
    print(f"editor_app from {source}; load {os.getloadavg()[0]:.2f}")
    for folder in args.folders:
        paths = photos(folder, args.files)
        sidecars = listed_sidecars(folder, paths) if args.listing else None
        cpu_per_file(paths, sidecars)  # warm-up: page cache, lazy imports, caches
        figures = [cpu_per_file(paths, sidecars) for _ in range(args.rounds)]
        if not figures:
            continue
        print(
            f"{folder}: {len(paths)} files, read_photo CPU per file "
            f"median {statistics.median(figures):.3f} ms, min {min(figures):.3f} ms "
            f"({', '.join(f'{f:.3f}' for f in figures)})"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
