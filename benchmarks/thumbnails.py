"""Thumbnail decoding: ``editor_app.imaging`` vs ``vipsthumbnail`` on the same 24-MP JPEGs.

Generates camera-like 6000x4000 JPEGs (gradients and grain, quality 92, so they compress like
photographs) into benchmarks/data/thumbnails, warms the page cache, then in one run:

- ours on one thread, then on two threads (Pillow releases the GIL while it decodes);
- ``vipsthumbnail`` on all the files in one process with ``--vips-concurrency=1`` (its fastest
  one-core setting, and no process start per file);

and prints milliseconds per thumbnail and the ratios. Goal (issue 12): ours ≤ 0.7x vips's time
per thumbnail on one core; two threads ≥ 1.8x one.

    .venv/bin/python benchmarks/thumbnails.py [--files 24] [--size 256]
"""

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image

from editor_app.imaging.thumbnails import make_thumbnail

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=24)
    parser.add_argument("--size", type=int, default=256)
    args = parser.parse_args()
    files = _prepare(HERE / "data" / "thumbnails", args.files)
    for path in files:
        path.read_bytes()  # page cache
    print(f"{len(files)} JPEGs of 6000x4000, {sum(p.stat().st_size for p in files) / 1e6:.0f} MB")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    one, one_cpu = _ours(files, args.size, 1)
    two, _ = _ours(files, args.size, 2)
    n = len(files)
    print(f"ours, 1 thread:  {one * 1000 / n:6.1f} ms per thumbnail ({one_cpu * 1000 / n:.1f} CPU)")
    print(f"ours, 2 threads: {two * 1000 / n:6.1f} ms per thumbnail ({one / two:.2f}x)")
    if not shutil.which("vipsthumbnail"):
        print("vipsthumbnail not found (Debian: libvips-tools); no ratio")
        return 0
    vips, vips_cpu = _vips(files, args.size)
    print(
        f"vipsthumbnail:   {vips * 1000 / n:6.1f} ms per thumbnail ({vips_cpu * 1000 / n:.1f} CPU)"
    )
    print(f"ours / vips time, one core: {one / vips:.2f}x wall, {one_cpu / vips_cpu:.2f}x CPU")
    print("(goal <= 0.7x; CPU time is the figure that holds on a shared machine)")
    return 0


def _prepare(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(count):
        path = folder / f"camera-{i:03d}.jpg"
        if not path.exists():
            _photo(i).save(path, "JPEG", quality=92)
        files.append(path)
    return files


def _photo(seed: int) -> Image.Image:
    size = (6000, 4000)
    base = Image.linear_gradient("L").resize(size).rotate(seed * 37 % 360, expand=False)
    other = Image.radial_gradient("L").resize(size)
    noise = random.Random(seed).randbytes(size[0] * size[1])
    grain = Image.frombytes("L", size, noise)  # sensor grain: what makes photos big
    return Image.merge("RGB", tuple(Image.blend(band, grain, 0.22) for band in (base, other, base)))


def _ours(files: list[Path], size: int, threads: int) -> tuple[float, float]:
    """Wall time and this process's CPU time."""
    start, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(threads) as pool:
        for thumb in pool.map(lambda p: make_thumbnail(p, size, embedded_ok=False), files):
            assert max(thumb.width, thumb.height) == size
    return time.perf_counter() - start, time.process_time() - cpu


def _vips(files: list[Path], size: int) -> tuple[float, float]:
    """Wall time and the child's CPU time (user + system)."""
    with tempfile.TemporaryDirectory() as out:
        cmd = ["vipsthumbnail", "--vips-concurrency=1", "-s", str(size), "-o", f"{out}/%s.jpg"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([*cmd, *map(str, files)], check=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu


if __name__ == "__main__":
    sys.exit(main())
