"""Reading speed: ``caption-desk show --format json`` and ``check`` vs ``exiftool -fast -j`` and
``exiv2 -pa``, whole processes, on two folders:

- ``corpus``: the shared corpus's JPEGs copied COPIES times into benchmarks/data/scan;
- ``feed``: FEED generated small camera JPEGs with agency metadata (benchmarks/feed_photos.py)
  in benchmarks/data/feed, the shape of a national desk's incoming folder.

The page cache is warmed first, and each of our commands runs once untimed on a few files, with
bytecode writing on (an installed package has its ``.pyc`` files; PYTHONDONTWRITEBYTECODE in the
environment would otherwise make every run compile our modules again) and the spelling word-list
cache built. Each tool then runs RUNS times on the same file list (exiftool once: it takes
minutes) and the median is kept. Prints files/s and our speed as a multiple of each tool's.

    .venv/bin/python benchmarks/scan.py [--copies 8] [--feed 1000] [--runs 3]
        [--corpus ../shared/corpus] [--only corpus|feed]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from feed_photos import make_feed  # found beside this script when run as one

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

OURS = str(REPO / ".venv" / "bin" / "caption-desk")
TOOLS = {
    "caption-desk show --format json": [OURS, "show", "--format", "json"],
    "caption-desk check --format json": [OURS, "check", "--format", "json"],
    "exiftool -fast -j": ["exiftool", "-fast", "-j", "-q", "-q"],
    "exiv2 -pa": ["exiv2", "-q", "-pa"],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--feed", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--only", choices=("corpus", "feed"))
    args = parser.parse_args()
    folders = {}
    if args.only in (None, "corpus"):
        folders["shared corpus"] = _copy_corpus(args.corpus, HERE / "data" / "scan", args.copies)
    if args.only in (None, "feed"):
        folders["generated feed"] = make_feed(HERE / "data" / "feed", args.feed)
    for label, files in folders.items():
        _bench(label, files, args.runs)
    return 0


def _bench(label: str, files: list[Path], runs: int) -> None:
    for f in files:  # warm the page cache
        f.read_bytes()
    for name, cmd in TOOLS.items():
        if name.startswith("caption"):  # bytecode and caches, as a second run of a user's
            _time(cmd, files[:5])
    size = sum(f.stat().st_size for f in files) / 1e6
    print(f"\n{label}: {len(files)} JPEG files, {size:.1f} MB, {os.cpu_count()} cores")
    results = {}
    for name, cmd in TOOLS.items():
        if shutil.which(cmd[0]):
            repeat = 1 if name.startswith("exiftool") else runs  # minutes per run; 10x apart
            results[name] = statistics.median(_time(cmd, files) for _ in range(repeat))
        else:
            print(f"{cmd[0]} is not installed: skipped")
    for name, seconds in results.items():
        print(f"{name:35s} {seconds:7.2f} s  {len(files) / seconds:9.0f} files/s")
    for ours in (n for n in results if n.startswith("caption")):
        ratios = ", ".join(
            f"{results[other] / results[ours]:.2f}x {other.split()[0]}"
            for other in results
            if not other.startswith("caption")
        )
        print(f"  {ours.split(' --')[0]} is {ratios}")


def _copy_corpus(corpus: Path, target: Path, copies: int) -> list[Path]:
    sources = sorted(p for p in corpus.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg"))
    if not sources:
        sys.exit(f"no JPEGs under {corpus}")
    if target.exists():
        shutil.rmtree(target)
    files = []
    for copy in range(copies):
        folder = target / f"copy{copy}"
        folder.mkdir(parents=True)
        for i, src in enumerate(sources):
            dst = folder / f"{i:04d}{src.suffix.lower()}"
            shutil.copyfile(src, dst)
            files.append(dst)
    return files


def _time(cmd: list[str], files: list[Path]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [*cmd, *map(str, files)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        env=_ENV,
    )
    return time.perf_counter() - start


_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


if __name__ == "__main__":
    sys.exit(main())
