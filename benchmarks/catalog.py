"""Catalog benchmarks: bulk import into SQLite vs raw ``sqlite3.executemany``, and rescans.

    .venv/bin/python benchmarks/catalog.py [--photos 10000] [--repeat 3] [--db-only]

1. ``Catalog.add_photos`` of N photos' metadata (one transaction: photo rows + "import"
   revisions) vs the same rows inserted with raw ``sqlite3.executemany`` in one transaction
   into the same schema. Goal: the catalog at least 0.5x the raw speed.
2. ``ingest_paths`` of N real files (read + hash + insert), then an unchanged rescan of the
   same N files (stat only). Goal: the rescan at least 20,000 files/s.
"""

import argparse
import json
import os
import platform
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image

from editor_app.catalog import NewPhoto, open_catalog
from editor_app.catalog.photos import PHOTO_COLUMNS
from editor_app.catalog.values import empty, encode
from editor_app.metadata.fields import EDITABLE_FIELDS
from editor_app.ops.ingest import ingest_paths

_WORDS = [
    "fire",
    "smoke",
    "hills",
    "crew",
    "water",
    "police",
    "storm",
    "flood",
    "rescue",
    "city",
    "night",
    "street",
]


def sample_photos(count: int) -> list[NewPhoto]:
    """Metadata as a news desk has it: caption, headline, byline, credit, place, keywords."""
    photos = []
    for i in range(count):
        fields = {name: empty(name) for name in EDITABLE_FIELDS}
        words = [_WORDS[(i + k) % len(_WORDS)] for k in range(30)]
        fields.update(
            caption=f"Photo {i}: " + " ".join(words),
            headline=" ".join(words[:6]).title(),
            byline=(f"Photographer {i % 40}",),
            credit="REUTERS",
            source="Reuters",
            city="Lisbon",
            country="Portugal",
            country_code="PRT",
            date_created="2025-06-01",
            keywords=tuple(words[:5]),
        )
        photos.append(
            NewPhoto(
                f"/desk/2025/{i // 500:03d}/IMG_{i:05d}.jpg",
                f"{i:040x}",
                "JPEG",
                2_000_000 + i,
                1_700_000_000_000_000_000 + i,
                fields,
            )
        )
    return photos


def time_catalog_import(photos: list[NewPhoto], folder: Path) -> float:
    with open_catalog(f"sqlite:///{folder / 'catalog.db'}") as catalog:
        start = time.perf_counter()
        catalog.add_photos(photos)
        return time.perf_counter() - start


def time_raw_import(photos: list[NewPhoto], folder: Path) -> float:
    """The same rows, same schema and pragmas, with sqlite3.executemany in one transaction."""
    path = folder / "raw.db"
    open_catalog(f"sqlite:///{path}").close()  # the same schema, empty
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=wal", "synchronous=full", "foreign_keys=1", "cache_size=-32000"):
        conn.execute(f"PRAGMA {pragma}")
    columns = PHOTO_COLUMNS  # the file columns, then every caption field
    photo_sql = f"INSERT INTO photo ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    revision_sql = (
        "INSERT INTO revision (photo_id, version, editor, kind, at, changes) "
        "VALUES (?, 1, 'import', 'import', ?, ?)"
    )
    build_start = time.perf_counter()
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
    photo_rows = [
        (
            p.path,
            p.image_hash,
            p.format,
            p.size,
            p.mtime_ns,
            1,
            1,
            now,
            *(encode(n, p.fields[n]) for n in columns[8:]),
        )
        for p in photos
    ]
    revision_rows = [(i, now, _to_json(_changes(p))) for i, p in enumerate(photos, 1)]
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(photo_sql, photo_rows)
    conn.executemany(revision_sql, revision_rows)
    conn.execute("COMMIT")
    end = time.perf_counter()
    conn.close()
    return end - start, end - build_start


_to_json = json.JSONEncoder(ensure_ascii=False).encode  # what the json module writes


def _changes(photo: NewPhoto) -> dict:
    return {
        n: ["" if isinstance(v, str) else [], list(v) if isinstance(v, tuple) else v]
        for n, v in photo.fields.items()
        if v != empty(n)
    }


def make_files(folder: Path, count: int) -> None:
    """N small distinct JPEGs (the same picture plus a distinct trailer after EOI)."""
    base = folder / "base.jpg"
    Image.new("RGB", (64, 48), (120, 80, 40)).save(base, "JPEG")
    data = base.read_bytes()
    base.unlink()
    for i in range(count):
        sub = folder / "photos" / f"{i // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"IMG_{i:05d}.jpg").write_bytes(data + i.to_bytes(4, "big"))


def time_ingest(folder: Path, repeat: int) -> tuple[float, list[float], int]:
    with open_catalog(f"sqlite:///{folder / 'ingest.db'}") as catalog:
        start = time.perf_counter()
        first = ingest_paths(catalog, [folder / "photos"])
        full = time.perf_counter() - start
        assert not first.problems, first.problems[:3]
        rescans = []
        for _ in range(repeat):
            start = time.perf_counter()
            again = ingest_paths(catalog, [folder / "photos"])
            rescans.append(time.perf_counter() - start)
            assert again.unchanged == len(first.added)
    return full, rescans, len(first.added)


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs, {cpu}, Python {platform.python_version()}, SQLite "
        f"{sqlite3.sqlite_version}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db-only", action="store_true", help="skip the file benchmarks")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory(prefix="caption-desk-bench-") as home:
        os.environ["CAPTION_DESK_HOME"] = home  # never the real profile
        bench_import(args.photos, args.repeat)
        if not args.db_only:
            bench_files(args.photos, args.repeat, Path(home))


def bench_import(n: int, repeat: int) -> None:
    photos = sample_photos(n)
    ours, raw, raw_built = [], [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            ours.append(time_catalog_import(photos, Path(tmp)))
            insert_only, with_building = time_raw_import(photos, Path(tmp))
            raw.append(insert_only)
            raw_built.append(with_building)
    ours_s, raw_s, built_s = (statistics.median(x) for x in (ours, raw, raw_built))
    print(f"import {n} photos' metadata into SQLite (photo rows + import revisions):")
    print(f"  catalog add_photos:           {ours_s * 1000:6.0f} ms ({n / ours_s:8,.0f}/s)")
    print(
        f"  raw executemany, rows ready:  {raw_s * 1000:6.0f} ms ({n / raw_s:8,.0f}/s)"
        f"  -> catalog = {raw_s / ours_s:.2f}x raw  (goal >= 0.5x)"
    )
    print(
        f"  raw incl. building the rows:  {built_s * 1000:6.0f} ms ({n / built_s:8,.0f}/s)"
        f"  -> catalog = {built_s / ours_s:.2f}x raw"
    )


def bench_files(n: int, repeat: int, folder: Path) -> None:
    make_files(folder, n)
    full, rescans, count = time_ingest(folder, repeat)
    best = min(rescans)
    print(
        f"first import of {count} files (read + hash + insert): {full:.2f} s "
        f"({count / full:,.0f} files/s)"
    )
    print(
        f"unchanged rescan of {count} files: median {statistics.median(rescans) * 1000:.0f} ms,"
        f" best {best * 1000:.0f} ms ({count / best:,.0f} files/s; goal >= 20,000/s)"
    )


if __name__ == "__main__":
    main()
