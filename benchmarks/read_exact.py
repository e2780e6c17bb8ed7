"""A hash of everything ``read_photo`` gives for the files of some folders: every field of each
record (values, sources, conflicts, notes, errors, by ``repr``, so a tuple is not a list) and
its ``show --format json`` object. A change to the reader that must not change what it reads
gives the same hash before and after; run it with each checkout's PYTHONPATH:

    PYTHONPATH=../main .venv/bin/python benchmarks/read_exact.py /work/shared/corpus
    PYTHONPATH=$PWD .venv/bin/python benchmarks/read_exact.py /work/shared/corpus

``--listing`` also reads each file as the import does (with what the folder listing knows of
its sidecar: ``sidecar.listed_sidecar``) and fails when that record differs from ``read_photo``'s.
Paths are hashed relative to their folder argument, so two checkouts of the data compare.
"""

import argparse
import dataclasses
import hashlib
import json
import os
import sys
from pathlib import Path

from editor_app.metadata.io import read_photo
from editor_app.ops.show import record_json


def files(folder: Path, limit: int | None) -> list[Path]:
    """Every file under ``folder`` (sorted, recursively), the first ``limit`` of them."""
    found = sorted(Path(root) / name for root, _, names in os.walk(folder) for name in names)
    return found[:limit] if limit else found


def record_text(record, root: Path) -> str:
    """One line per file: the record's fields and its JSON, paths relative to ``root``."""
    fields = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
    fields["path"] = os.path.relpath(record.path, root)
    if record.sidecar is not None:
        fields["sidecar"] = os.path.relpath(record.sidecar, root)
    shown = record_json(record)
    shown["path"] = fields["path"]
    shown["sidecar"] = fields["sidecar"]
    text = repr(sorted(fields.items())) + json.dumps(shown, ensure_ascii=False)
    return text.replace(str(root), "<root>")  # notes and errors may name the path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--files", type=int, default=None, help="files per folder (sorted)")
    parser.add_argument("--listing", action="store_true", help="compare the import's reading")
    args = parser.parse_args(argv)
    status = 0
    for folder in args.folders:
        digest = hashlib.sha256()
        paths = files(folder, args.files)
        for path in paths:
            record = read_photo(path)
            digest.update(record_text(record, folder).encode("utf-8", "surrogateescape") + b"\n")
            if args.listing and _listed(path) != record:
                print(f"{path}: the import's reading differs from read_photo's")
                status = 1
        print(f"{folder}: {len(paths)} files, sha256 {digest.hexdigest()}")
    sys.stdout.flush()
    return status


def _listed(path: Path):
    from editor_app.metadata.sidecar import listed_sidecar  # only with --listing: main has none

    listing = _listings.get(path.parent)
    if listing is None:  # as ``ops.ingest._walk`` lists a folder
        listing = _listings[path.parent] = {
            e.name: e for e in os.scandir(path.parent) if not e.is_dir()
        }
    return read_photo(path, sidecar=listed_sidecar(listing, path.name))


_listings: dict[Path, dict] = {}


if __name__ == "__main__":
    sys.exit(main())
