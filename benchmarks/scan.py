"""Reading speed: ``caption-desk show --format json`` vs ``exiftool -fast -j`` vs ``exiv2 -pa``.

Copies the shared corpus's JPEGs into benchmarks/data/scan (COPIES times, so the run is long
enough to measure), warms the page cache, then runs each tool once, as a whole process, on the
same files. Prints files/s and our speed as a multiple of each tool's.

    .venv/bin/python benchmarks/scan.py [--copies 8] [--corpus ../shared/corpus]
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    args = parser.parse_args()
    files = _prepare(args.corpus, HERE / "data" / "scan", args.copies)
    print(
        f"{len(files)} JPEG files, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB, "
        f"{os.cpu_count()} cores"
    )
    ours = _time([str(REPO / ".venv" / "bin" / "caption-desk"), "show", "--format", "json"], files)
    results = {"caption-desk show --format json": ours}
    for name, cmd in (
        ("exiftool -fast -j", ["exiftool", "-fast", "-j", "-q", "-q"]),
        ("exiv2 -pa", ["exiv2", "-q", "-pa"]),
    ):
        if shutil.which(cmd[0]):
            results[name] = _time(cmd, files)
        else:
            print(f"{cmd[0]} is not installed: skipped")
    for name, seconds in results.items():
        ratio = "" if name.startswith("caption") else f"   ours is {seconds / ours:.2f}x as fast"
        print(f"{name:35s} {seconds:7.2f} s  {len(files) / seconds:9.0f} files/s{ratio}")
    return 0


def _prepare(corpus: Path, target: Path, copies: int) -> list[Path]:
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
    for f in files:  # warm the page cache
        f.read_bytes()
    return files


def _time(cmd: list[str], files: list[Path]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [*cmd, *map(str, files)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
