"""Writing speed: ``caption-desk set`` vs ``exiftool`` on N 24-megapixel JPEGs.

Both tools write the same fields into IPTC, XMP and EXIF (caption, by-line, credit, city,
keywords, 1:90 UTF-8), each as one process over the same freshly copied files. The 6000x4000
originals (camera EXIF, GPS, ICC) are generated once into benchmarks/data/write. Afterwards the
image data of every written file is checked byte for byte.

``set`` is timed twice: on photos new to its catalog (it reads them, hashes their image data
and records an import revision before the edit: what ``set`` costs in a pipeline that never
imported), and on photos the desk has already imported (the import untimed: the desk's normal
case, photos arrive through ``import``). Each run uses a fresh throw-away catalog.

With ``--xfs`` the same runs are repeated on an XFS filesystem with reflinks (a loop-mounted
image under benchmarks/data; needs root and mkfs.xfs), where our writer shares the image
data's blocks with the original instead of copying them.

    .venv/bin/python benchmarks/write.py [--files 100] [--runs 3] [--xfs]
"""

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from editor_app.testing.factories import camera_exif, image_data, pixels, srgb_profile

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

CAPTION = "Des manifestants défilent à Paris, le 25 novembre 2024.\nREUTERS/Jane Doe"
FIELDS = {
    "caption": CAPTION,
    "byline": "Jane Doe",
    "credit": "REUTERS/Jane Doe",
    "city": "Paris",
    "keyword": "protest",
}
DATA = HERE / "data" / "write"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--quality", type=int, default=92)
    parser.add_argument("--runs", type=int, default=1, help="runs per tool (median reported)")
    parser.add_argument("--xfs", action="store_true", help="also run on a loop-mounted XFS")
    args = parser.parse_args()
    if not shutil.which("exiftool"):
        sys.exit("exiftool is not installed")
    originals = _originals(DATA / "originals", args.files, args.quality)
    size = sum(p.stat().st_size for p in originals)
    print(
        f"{len(originals)} JPEGs 6000x4000, {size / 1e6:.0f} MB, {os.cpu_count()} cores, "
        f"{_cpu_model()}, load average {os.getloadavg()[0]:.1f}"
    )
    places = [("this disk", DATA)]
    with contextlib.ExitStack() as stack:
        if args.xfs:
            mount = stack.enter_context(_xfs(DATA, size))
            if mount is not None:
                places.append(("XFS (reflink)", mount))
        for label, folder in places:
            print(f"\n{label}: {_filesystem(folder)}")
            _compare(folder / "work", originals, args.runs)
    return 0


def _compare(work: Path, originals: list[Path], runs: int) -> None:
    tools = {
        "set, new photos": (_ours_cmd(), False),
        "set, imported photos": (_ours_cmd(), True),
        "exiftool": (_exiftool_cmd(), False),
        # exiftool never fsyncs; we fsync every file and folder before reporting "written"
        "exiftool + sync": (["sh", "-c", '"$@" && sync', "sh", *_exiftool_cmd()], False),
    }
    times: dict[str, list[float]] = {name: [] for name in tools}
    for _ in range(runs):  # interleaved, so a busy moment hits every tool alike
        for name, (cmd, imported) in tools.items():
            times[name].append(_run(name, cmd, originals, work, imported))
    best = {name: statistics.median(values) for name, values in times.items()}
    for name in ("set, new photos", "set, imported photos"):
        print(
            f"  {name}: {best['exiftool'] / best[name]:.1f}x exiftool "
            f"({best['exiftool + sync'] / best[name]:.1f}x exiftool + sync)"
        )
    shutil.rmtree(work, ignore_errors=True)


def _ours_cmd() -> list[str]:
    cmd = [str(REPO / ".venv" / "bin" / "caption-desk"), "set"]
    for name, value in FIELDS.items():
        cmd += [f"--{name}", value]
    return cmd


def _exiftool_cmd() -> list[str]:
    return [
        "exiftool", "-q", "-overwrite_original", "-codedcharacterset=utf8",
        f"-EXIF:ImageDescription={CAPTION}", f"-IPTC:Caption-Abstract={CAPTION}",
        f"-XMP-dc:Description={CAPTION}", f"-EXIF:Artist={FIELDS['byline']}",
        f"-IPTC:By-line={FIELDS['byline']}", f"-XMP-dc:Creator={FIELDS['byline']}",
        f"-IPTC:Credit={FIELDS['credit']}", f"-XMP-photoshop:Credit={FIELDS['credit']}",
        f"-IPTC:City={FIELDS['city']}", f"-XMP-photoshop:City={FIELDS['city']}",
        f"-IPTC:Keywords={FIELDS['keyword']}", f"-XMP-dc:Subject={FIELDS['keyword']}",
    ]  # fmt: skip


def _run(label: str, cmd: list[str], originals: list[Path], work: Path, imported: bool) -> float:
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    files = []
    for src in originals:
        shutil.copyfile(src, work / src.name)
        files.append(work / src.name)
    for path in files:  # page cache warm for both tools alike
        path.read_bytes()
    with tempfile.TemporaryDirectory(prefix="caption-desk-bench-") as home:
        env = {**os.environ, "CAPTION_DESK_HOME": home}  # a fresh catalog, never the real one
        if imported:
            _check(
                label, subprocess.run([cmd[0], "import", str(work)], capture_output=True, env=env)
            )
        os.sync()
        start = time.perf_counter()
        result = subprocess.run([*cmd, *map(str, files)], capture_output=True, text=True, env=env)
        seconds = time.perf_counter() - start
    _check(label, result)
    same = all(image_data(f) == image_data(o) for f, o in zip(files, originals, strict=True))
    print(
        f"  {label:22s} {seconds:7.2f} s  {len(files) / seconds:7.1f} files/s  "
        f"image data identical: {same}"
    )
    return seconds


def _check(label: str, result: subprocess.CompletedProcess) -> None:
    if result.returncode != 0:
        sys.exit(f"{label} failed ({result.returncode}): {str(result.stderr)[-500:]}")


@contextlib.contextmanager
def _xfs(data: Path, size: int) -> Iterator[Path | None]:
    """A loop-mounted XFS with reflinks in a sparse image under ``data``; None when impossible."""
    if os.geteuid() != 0 or not shutil.which("mkfs.xfs"):
        print("\n--xfs: needs root and mkfs.xfs (apt-get install xfsprogs); skipped")
        yield None
        return
    image, mount = data / "xfs.img", data / "xfs"
    mount.mkdir(parents=True, exist_ok=True)
    subprocess.run(["umount", str(mount)], capture_output=True)  # left by an interrupted run
    with open(image, "wb") as fh:
        fh.truncate(max(4 << 30, size * 3))
    try:
        subprocess.run(["mkfs.xfs", "-q", "-f", "-m", "reflink=1", str(image)], check=True)
        subprocess.run(["mount", "-o", "loop", str(image), str(mount)], check=True)
    except subprocess.CalledProcessError as exc:
        print(f"\n--xfs: cannot mount an XFS image ({exc}); skipped")
        image.unlink(missing_ok=True)
        yield None
        return
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)
        image.unlink(missing_ok=True)


def _filesystem(folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["df", "-T", str(folder)], capture_output=True, text=True)
    fields = result.stdout.splitlines()[-1].split() if result.returncode == 0 else []
    return f"{fields[1]} on {fields[0]}" if len(fields) > 1 else "unknown filesystem"


def _originals(folder: Path, count: int, quality: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"photo{i:03d}.jpg" for i in range(count)]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"generating {len(missing)} 24-megapixel JPEGs (once) ...", flush=True)
        exif, icc = camera_exif().tobytes(), srgb_profile()
        base = pixels(6000, 4000, seed=7)
        for path in missing:
            base.save(path, "JPEG", quality=quality, exif=exif, icc_profile=icc)
    return paths


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


if __name__ == "__main__":
    sys.exit(main())
