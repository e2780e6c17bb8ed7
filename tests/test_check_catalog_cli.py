"""``caption-desk check --catalog``: the same rules on what the catalog holds, pending writes
included, with the file facts recorded at import (capture date, ImageDescription, conflicts)."""

import json
import subprocess
import sys

import pytest

from editor_app.catalog import open_catalog
from editor_app.ops.ingest import ingest_paths
from tests.captions.photos import build_desk


@pytest.fixture(scope="module")
def desk(exiftool, tmp_path_factory):
    root = tmp_path_factory.mktemp("catalog-check")
    build_desk(exiftool, root / "desk")
    url = f"sqlite:///{root / 'catalog.db'}"
    with open_catalog(url) as catalog:
        ingest_paths(catalog, [root / "desk"], jobs=1)
    return root, url


def check(root, *args):
    return subprocess.run(
        [sys.executable, "-m", "editor_app.cli", "check", *args],
        cwd=root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def _problems(result) -> list[tuple[str, str, str]]:
    data = json.loads(result.stdout)
    return [(p["path"].rsplit("/", 1)[-1], p["rule"], p["message"]) for p in data["problems"]]


def test_the_catalog_gives_the_findings_the_files_give(desk):
    root, url = desk
    files = check(root, "--format", "json", "desk")
    catalog = check(root, "--catalog", "--db", url, "--format", "json")
    assert catalog.returncode == 1, catalog.stderr
    # unreadable files are never catalogued; everything else, facts included, is the same
    expected = [p for p in _problems(files) if p[1] != "unreadable-file"]
    assert sorted(_problems(catalog)) == sorted(expected)  # catalog order: by path
    rules = {p[1] for p in expected}
    assert {"caption-date-mismatch", "missing-caption", "metadata-conflict"} <= rules
    assert json.loads(catalog.stdout)["files_checked"] == 12


def test_pending_edits_are_checked_and_paths_select_photos(desk, tmp_path):
    root, url = desk
    copy = tmp_path / "copy.db"
    copy.write_bytes((root / "catalog.db").read_bytes())
    url = f"sqlite:///{copy}"
    with open_catalog(url) as catalog:
        pasted = catalog.photo(str(root / "desk" / "pasted.jpg"))
        conflict = catalog.photo(str(root / "desk" / "conflict.jpg"))
        new = (
            "Protesters run from tear gas fired by riot police near the town hall in Paris, "
            "France, November 20, 2024. REUTERS/Abdul Saboor"
        )
        catalog.save_revision(pasted.id, {"caption": new}, editor="ann")  # not written to file
        catalog.save_revision(conflict.id, {"caption": new.replace("run", "walk")}, editor="ann")
    result = check(root, "--catalog", "--db", url, "--format", "json", "desk")
    found = {(name, rule) for name, rule, _ in _problems(result)}
    assert ("pasted.jpg", "duplicate-caption") not in found
    assert ("original.jpg", "duplicate-caption") not in found
    assert ("conflict.jpg", "metadata-conflict") not in found  # its caption was edited
    assert ("pasted.jpg", "near-duplicate-caption") in found  # the two edits are one word apart
    files = {(n, r) for n, r, _ in _problems(check(root, "--format", "json", "desk"))}
    assert ("pasted.jpg", "duplicate-caption") in files  # the files still have the old text
    one = check(root, "--catalog", "--db", url, "--format", "json", "desk/wrongdate.jpg")
    assert [(n, r) for n, r, _ in _problems(one)] == [("wrongdate.jpg", "caption-date-mismatch")]
    assert json.loads(one.stdout)["files_checked"] == 1


def test_without_catalog_a_path_is_still_required(desk):
    root, _ = desk
    result = check(root)
    assert result.returncode == 2
    assert "the following arguments are required: PATH" in result.stderr
