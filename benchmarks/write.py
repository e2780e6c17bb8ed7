"""Writing speed: ``caption-desk set`` vs ``exiftool`` on N 24-megapixel JPEGs.

Both tools write the same fields into IPTC, XMP and EXIF (caption, by-line, credit, city,
keywords, 1:90 UTF-8), each as one process over the same freshly copied files, one run each.
The 6000x4000 originals (camera EXIF, GPS, ICC) are generated once into benchmarks/data/write.
Afterwards the image data of every written file is checked byte for byte.

    .venv/bin/python benchmarks/write.py [--files 20] [--quality 92]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))  # for tests.factories (fixture builder) when run as a script

from tests.factories import camera_exif, image_data, pixels, srgb_profile  # noqa: E402

CAPTION = "Des manifestants défilent à Paris, le 25 novembre 2024.\nREUTERS/Jane Doe"
FIELDS = {
    "caption": CAPTION,
    "byline": "Jane Doe",
    "credit": "REUTERS/Jane Doe",
    "city": "Paris",
    "keyword": "protest",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--quality", type=int, default=92)
    parser.add_argument("--runs", type=int, default=1, help="runs per tool (median reported)")
    args = parser.parse_args()
    if not shutil.which("exiftool"):
        sys.exit("exiftool is not installed")
    originals = _originals(HERE / "data" / "write" / "originals", args.files, args.quality)
    size = sum(p.stat().st_size for p in originals)
    print(
        f"{len(originals)} JPEGs 6000x4000, {size / 1e6:.0f} MB, {os.cpu_count()} cores, "
        f"{_cpu_model()}, load average {os.getloadavg()[0]:.1f}"
    )
    tools = {
        "caption-desk set": _ours_cmd(),
        "exiftool": _exiftool_cmd(),
        # Context: exiftool never fsyncs; we fsync every file and folder before "written".
        "exiftool + sync": ["sh", "-c", '"$@" && sync', "sh", *_exiftool_cmd()],
        "ours without fsync": _ours_no_fsync_cmd(),
    }
    times: dict[str, list[float]] = {name: [] for name in tools}
    for _ in range(args.runs):  # interleaved, so a busy moment hits every tool alike
        for name, cmd in tools.items():
            times[name].append(_run(name, cmd, originals))
    best = {name: statistics.median(values) for name, values in times.items()}
    ours = best["caption-desk set"]
    print(
        f"median of {args.runs}: caption-desk set {ours:.2f} s, exiftool "
        f"{best['exiftool']:.2f} s: caption-desk set is {best['exiftool'] / ours:.1f}x as fast"
    )
    print(
        f"same durability (exiftool + sync): {best['exiftool + sync'] / ours:.1f}x; "
        f"neither fsyncs: {best['exiftool'] / best['ours without fsync']:.1f}x"
    )
    return 0


def _ours_cmd() -> list[str]:
    cmd = [str(REPO / ".venv" / "bin" / "caption-desk"), "set"]
    for name, value in FIELDS.items():
        cmd += [f"--{name}", value]
    return cmd


def _ours_no_fsync_cmd() -> list[str]:
    """The same work through the API with ``WriteOptions(fsync=False)``, one process."""
    code = (
        "import sys; from pathlib import Path; "
        "from editor_app.metadata.writer import WriteOptions; "
        "from editor_app.ops.write_back import write_files; "
        f"changes = {{'caption': {CAPTION!r}, 'byline': [{FIELDS['byline']!r}], "
        f"'credit': {FIELDS['credit']!r}, 'city': {FIELDS['city']!r}, "
        f"'keywords': [{FIELDS['keyword']!r}]}}; "
        "outs = list(write_files(map(Path, sys.argv[1:]), changes, WriteOptions(fsync=False))); "
        "sys.exit(not all(o.ok for o in outs))"
    )
    return [str(REPO / ".venv" / "bin" / "python"), "-c", code]


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


def _run(label: str, cmd: list[str], originals: list[Path]) -> float:
    work = HERE / "data" / "write" / "work"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    files = []
    for src in originals:
        shutil.copyfile(src, work / src.name)
        files.append(work / src.name)
    for path in files:  # page cache warm for both tools alike
        path.read_bytes()
    os.sync()
    start = time.perf_counter()
    result = subprocess.run([*cmd, *map(str, files)], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{label} failed ({result.returncode}): {result.stderr[-500:]}")
    same = all(image_data(f) == image_data(o) for f, o in zip(files, originals, strict=True))
    print(
        f"{label:18s} {seconds:7.2f} s  {len(files) / seconds:7.1f} files/s  "
        f"image data identical: {same}"
    )
    return seconds


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
