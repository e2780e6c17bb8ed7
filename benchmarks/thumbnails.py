"""Thumbnail decoding: ``editor_app.imaging`` vs ``vipsthumbnail`` on the same 24-MP JPEGs.

Generates camera-like 6000x4000 JPEGs (gradients and grain, quality 92, so they compress like
photographs) into benchmarks/data/thumbnails, warms the page cache, then in one run:

- ours on one thread, then on two threads (the DC scan and Pillow release the GIL while they
  decode), and on one thread with Pillow's draft instead of the DC scan (a build without a C
  compiler, docs/imaging.md);
- ``vipsthumbnail`` on all the files in one process with ``--vips-concurrency=1`` (its fastest
  one-core setting, and no process start per file);

and prints milliseconds per thumbnail and the ratios. Goal (issue 12): ours ≤ 0.7x vips's time
per thumbnail on one core; two threads ≥ 1.8x one. ``--runs N`` repeats the timings
interleaved and prints the median of each (the machine is shared).

``--camera-preview`` also times copies of the same files with a 1620x1080 preview appended as
Nikon, Sony and Fujifilm cameras write it (MPF, benchmarks/data/thumbnails-mpf): ours uses the
preview, vips decodes the picture; ours on the picture alone is printed too. ``--decoders``
times the bare decode at 1/8 with the DC scan, Pillow and, when they are installed,
simplejpeg and PyTurboJPEG (docs/imaging.md says why the DC scan).

    .venv/bin/python benchmarks/thumbnails.py [--files 24] [--size 256] [--runs 3]
        [--camera-preview] [--decoders]
"""

import argparse
import io
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image

from editor_app.imaging import dcscale
from editor_app.imaging.thumbnails import make_thumbnail
from editor_app.testing.mpf import with_camera_preview

HERE = Path(__file__).resolve().parent
Timing = tuple[float, float]  # wall, CPU (seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=24)
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--camera-preview", action="store_true")
    parser.add_argument("--decoders", action="store_true")
    args = parser.parse_args()
    files = _prepare(HERE / "data" / "thumbnails", args.files)
    mpf = _with_previews(files, HERE / "data" / "thumbnails-mpf") if args.camera_preview else []
    for path in [*files, *mpf]:
        path.read_bytes()  # page cache
    print(f"{len(files)} JPEGs of 6000x4000, {_mb(files):.0f} MB; {len(mpf)} with a preview")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    vips_ok = shutil.which("vipsthumbnail") is not None
    if not vips_ok:
        print("vipsthumbnail not found (Debian: libvips-tools); no ratio")
    rows: dict[str, list[Timing]] = {}
    for _ in range(args.runs):
        _time(rows, "ours, 1 thread", lambda: _ours(files, args.size, 1))
        _time(rows, "ours, 2 threads", lambda: _ours(files, args.size, 2))
        if dcscale.available():
            _time(rows, "ours, Pillow only", lambda: _pillow_only(files, args.size))
        if vips_ok:
            _time(rows, "vipsthumbnail", lambda: _vips(files, args.size))
        if mpf:
            _time(rows, "ours, preview", lambda: _ours(mpf, args.size, 1, preview=True))
            _time(rows, "ours, preview, 2 thr.", lambda: _ours(mpf, args.size, 2, preview=True))
            _time(rows, "ours, picture", lambda: _ours(mpf, args.size, 1, preview=False))
            if vips_ok:
                _time(rows, "vips, preview files", lambda: _vips(mpf, args.size))
        if args.decoders:
            _decoders(rows, files, args.size)
    _report(rows, len(files))
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


def _time(rows: dict[str, list[Timing]], name: str, run: Callable[[], Timing]) -> None:
    rows.setdefault(name, []).append(run())


def _report(rows: dict[str, list[Timing]], n: int) -> None:
    median = {
        name: (statistics.median(t[0] for t in v), statistics.median(t[1] for t in v))
        for name, v in rows.items()
    }
    for name, (wall, cpu) in median.items():
        print(f"{name:22} {wall * 1000 / n:6.1f} ms wall, {cpu * 1000 / n:6.1f} ms CPU per picture")
    one, two = median["ours, 1 thread"], median["ours, 2 threads"]
    print(f"two threads / one: {one[0] / two[0]:.2f}x (goal >= 1.8x)")
    if "ours, preview" in median:
        ratio = median["ours, preview"][0] / median["ours, preview, 2 thr."][0]
        print(f"two threads / one, preview path: {ratio:.2f}x")
    pairs = [("ours, 1 thread", "vipsthumbnail"), ("ours, Pillow only", "vipsthumbnail")]
    pairs += [("ours, preview", "vips, preview files")]
    pairs += [("ours, picture", "vips, preview files")]
    for ours, vips in pairs:
        if ours in median and vips in median:
            wall, cpu = (median[ours][i] / median[vips][i] for i in (0, 1))
            print(f"{ours} / {vips}: {wall:.2f}x wall, {cpu:.2f}x CPU (goal <= 0.7x)")


def _mb(files: list[Path]) -> float:
    return sum(p.stat().st_size for p in files) / 1e6


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


def _with_previews(files: list[Path], folder: Path) -> list[Path]:
    """Copies with a 1620x1080 preview (a Nikon D800's shape) in an MPF index."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for path in files:
        target = folder / path.name
        if not target.exists():
            with Image.open(path) as image:
                image.draft("RGB", (3000, 2000))
                small = image.resize((1620, 1080), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            small.save(buffer, "JPEG", quality=90)
            target.write_bytes(with_camera_preview(path.read_bytes(), buffer.getvalue()))
        out.append(target)
    print(f"previews: {(_mb(out) - _mb(files)) * 1000 / len(out):.0f} KB each")
    return out


def _ours(files: list[Path], size: int, threads: int, *, preview: bool = False) -> Timing:
    """Wall time and this process's CPU time."""

    def one(path: Path) -> None:
        thumb = make_thumbnail(path, size, embedded_ok=False, preview_ok=preview)
        assert max(thumb.width, thumb.height) == size and thumb.preview == preview

    start, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, files))
    return time.perf_counter() - start, time.process_time() - cpu


def _pillow_only(files: list[Path], size: int) -> Timing:
    """Ours on one thread with Pillow's draft instead of the DC scan (a build without a C
    compiler)."""
    scan = dcscale._dcscan
    dcscale._dcscan = None
    try:
        return _ours(files, size, 1)
    finally:
        dcscale._dcscan = scan


def _vips(files: list[Path], size: int) -> Timing:
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


def _decoders(rows: dict[str, list[Timing]], files: list[Path], size: int) -> None:
    """The bare decode at 1/8 (file read included), by library."""

    def pillow(path: Path) -> None:
        with Image.open(path) as image:
            image.draft("RGB", (size, size))
            image.load()

    def dc_scan(path: Path) -> None:
        with Image.open(path) as image:
            assert dcscale.eighth(image, (size, size)) is not None

    candidates: dict[str, Callable[[Path], object]] = {"decode: Pillow": pillow}
    if dcscale.available():
        candidates["decode: DC scan"] = dc_scan
    try:
        import simplejpeg  # type: ignore[import-not-found]

        candidates["decode: simplejpeg"] = lambda p: simplejpeg.decode_jpeg(
            p.read_bytes(), colorspace="RGB", min_height=size, min_width=size
        )
    except ImportError:
        pass
    try:
        import turbojpeg  # type: ignore[import-not-found]

        decoder = turbojpeg.TurboJPEG()
        candidates["decode: PyTurboJPEG"] = lambda p: decoder.decode(
            p.read_bytes(), scaling_factor=(1, 8), pixel_format=turbojpeg.TJPF_RGB
        )
    except (ImportError, RuntimeError, OSError):
        pass
    for name, decode in candidates.items():
        _time(rows, name, lambda decode=decode: _each(files, decode))


def _each(files: list[Path], decode: Callable[[Path], object]) -> Timing:
    start, cpu = time.perf_counter(), time.process_time()
    for path in files:
        decode(path)
    return time.perf_counter() - start, time.process_time() - cpu


if __name__ == "__main__":
    sys.exit(main())
