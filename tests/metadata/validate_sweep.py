"""``exiftool -validate`` before and after one caption ``set``, over corpus JPEGs and TIFFs.

Used by ``test_validate_sweep.py`` on a sample, and run by hand over the whole corpus:

    CAPTION_DESK_CORPUS=/work/shared/corpus python -m tests.metadata.validate_sweep [--all]

which prints, per file whose warnings changed, the warnings added and removed.
"""

import argparse
import json
import re
import shutil
import struct
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from editor_app.errors import MetadataWriteError
from editor_app.metadata.writer import write_photo
from editor_app.testing.factories import image_data, tiff_strips

SUFFIXES = (".jpg", ".jpeg", ".tif", ".tiff")
CHANGES = {"headline": "Sweep headline"}
_SUMMARY = re.compile(r"\s+\d+ (image files|directories|files) ")
# A number inside a warning ("offsets by 4096", "IFD0 entry 3") is detail, not its class.
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class SweepResult:
    swept: tuple[str, ...]  # corpus paths written
    refused: tuple[str, ...]  # corpus paths our writer refused (untouched)
    added: dict[str, tuple[str, ...]]  # corpus path -> warnings our write added
    removed: dict[str, tuple[str, ...]]  # corpus path -> warnings our write made go away
    pictures_changed: tuple[str, ...] = ()  # corpus paths whose image data changed (never)


def writable_files(corpus: Path) -> list[str]:
    """Corpus JPEGs and TIFFs ExifTool reads without error, as paths relative to ``corpus``."""
    entries = json.loads((corpus / "exiftool.json").read_text(encoding="utf-8"))
    return sorted(
        e["SourceFile"].removeprefix("./")
        for e in entries
        if e.get("File:FileType") in ("JPEG", "TIFF")
        and "ExifTool:Error" not in e
        and e["SourceFile"].lower().endswith(SUFFIXES)
    )


def validate(exiftool: str, folder: Path) -> dict[str, list[str]]:
    """``exiftool -validate`` warnings per file name, one ExifTool run for the whole folder."""
    files = sorted(p.name for p in folder.iterdir())
    out = subprocess.run(
        [exiftool, "-validate", "-warning", "-a", "-s3", "-ext", "*", str(folder)],
        capture_output=True, check=False, text=True, encoding="utf-8", errors="replace",
    ).stdout  # fmt: skip
    found: dict[str, list[str]] = {}
    name = files[0] if len(files) == 1 else None  # one file: ExifTool prints no header
    for line in out.splitlines():
        if line.startswith("======== "):
            name = line[9:].rsplit("/", 1)[-1]
        elif name is not None and not _SUMMARY.match(line):
            found.setdefault(name, []).append(line)
    assert sorted(found) == files, "ExifTool skipped a file"  # else it would pass unvalidated
    return {n: sorted(lines[1:]) for n, lines in found.items()}  # the count line goes


def validate_file(exiftool: str, path: Path) -> list[str]:
    """``exiftool -validate`` warnings of one file, sorted."""
    out = subprocess.run(
        [exiftool, "-validate", "-warning", "-a", "-s3", str(path)],
        capture_output=True, check=True, text=True, encoding="utf-8",
    ).stdout  # fmt: skip
    return sorted(out.splitlines()[1:])  # the count line first, then one warning per line


def sweep(
    exiftool: str, corpus: Path, sources: list[str], work: Path, changes: dict | None = None
) -> SweepResult:
    names: dict[str, str] = {}
    for n, source in enumerate(sources):
        copy = work / f"{n:04d}{Path(source).suffix.lower()}"
        shutil.copyfile(corpus / source, copy)  # copyfile: the corpus files are read-only
        names[copy.name] = source
    before = validate(exiftool, work)
    swept, refused, changed = [], [], []
    for name, source in names.items():
        picture = picture_bytes(work / name)
        try:
            write_photo(work / name, changes or CHANGES)
        except MetadataWriteError:
            refused.append(source)
            continue
        swept.append(name)
        if picture_bytes(work / name) != picture:
            changed.append(source)
    after = validate(exiftool, work)
    added, removed = {}, {}
    for name in swept:
        plus = Counter(after[name]) - Counter(before[name])
        minus = Counter(before[name]) - Counter(after[name])
        if plus:
            added[names[name]] = tuple(sorted(plus.elements()))
        if minus:
            removed[names[name]] = tuple(sorted(minus.elements()))
    swept_sources = tuple(names[n] for n in swept)
    return SweepResult(swept_sources, tuple(refused), added, removed, tuple(changed))


def picture_bytes(path: Path) -> bytes | None:
    """A JPEG's image data (without an AFCP trailer, whose offsets move with the header), a
    TIFF's first-image strips; None when the file is too damaged to say."""
    try:
        if path.suffix.lower() in (".tif", ".tiff"):
            return tiff_strips(path)
        data = image_data(path)
    except Exception:  # damaged on purpose (fuzzer files): nothing to compare
        return None
    if data[-12:-9] == b"AXS":
        endian = ">" if data[-9:-8] == b"!" else "<"
        (start,) = struct.unpack(endian + "I", data[-8:-4])
        return data[: start - path.stat().st_size]
    return data


def warning_class(warning: str) -> str:
    return _NUMBER.sub("N", warning)


def _main() -> int:
    from tests.conftest import CORPUS  # noqa: PLC0415  (a script entry only)

    parser = argparse.ArgumentParser()
    parser.add_argument("work", type=Path, help="an empty folder for the copies")
    parser.add_argument("--field", default="headline", help="the caption field to set")
    parser.add_argument("--value", default="Sweep value")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    result = sweep("exiftool", CORPUS, writable_files(CORPUS), args.work, {args.field: args.value})
    seconds = time.monotonic() - started
    for title, found in (("added", result.added), ("removed", result.removed)):
        classes = Counter(warning_class(w) for ws in found.values() for w in set(ws))
        print(f"== {title}: {len(found)} files")
        for cls, count in classes.most_common():
            print(f"  {count:4d}  {cls}")
        for source, warnings in sorted(found.items()):
            print(f"  {source}: {list(warnings)}")
    print(f"swept {len(result.swept)}, refused {len(result.refused)} in {seconds:.1f} s")
    print(f"image data changed: {list(result.pictures_changed)}")
    for source in result.refused:
        print(f"  refused: {source}")
    return 0


if __name__ == "__main__":
    sys.exit(_main())
