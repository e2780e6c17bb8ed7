"""``set`` keeps the catalog first: a revision before the file, conflicts refused (exit 3)."""

import json
import os

from editor_app.cli import main
from editor_app.metadata.io import read_photo
from tests.factories import make_jpeg


def _run(capsys, *args):
    code = main([*map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def _history(capsys, path):
    code, out, _ = _run(capsys, "history", "--format", "json", path)
    assert code == 0
    return json.loads(out)


def test_set_records_a_revision_with_the_editor_then_writes(tmp_path, capsys):
    photo = make_jpeg(tmp_path)
    code, out, _ = _run(capsys, "set", photo, "--caption", "Café crème", "--editor", "alice")
    assert code == 0 and out.startswith("written:")
    revisions = _history(capsys, photo)
    assert revisions[-1]["editor"] == "alice"
    assert revisions[-1]["changes"]["caption"]["new"] == "Café crème"
    assert read_photo(photo).caption == "Café crème"


def test_stale_expected_version_is_refused_with_exit_3(tmp_path, capsys):
    photo = make_jpeg(tmp_path)
    assert _run(capsys, "set", photo, "--caption", "first")[0] == 0
    version = _history(capsys, photo)[-1]["version"]
    before = photo.read_bytes()
    code, out, _ = _run(
        capsys, "set", photo, "--caption", "stale", "--expect-version", str(version - 1)
    )
    assert code == 3
    assert out.startswith("conflict:") and f"catalog has version {version}" in out
    assert photo.read_bytes() == before
    assert _history(capsys, photo)[-1]["version"] == version
    code, _, _ = _run(capsys, "set", photo, "--caption", "fresh", "--expect-version", str(version))
    assert code == 0
    assert _history(capsys, photo)[-1]["version"] == version + 1


def test_failed_file_write_keeps_the_revision_pending(tmp_path, capsys):
    photo = make_jpeg(tmp_path)
    assert _run(capsys, "import", photo)[0] == 0
    os.chmod(photo, 0o444)  # the writer refuses files without a write bit, even for root
    before = photo.read_bytes()
    code, out, _ = _run(capsys, "set", photo, "--headline", "Kept in the catalog")
    assert code == 1
    assert out.startswith("error:") and "saved in the catalog" in out
    assert photo.read_bytes() == before
    assert _history(capsys, photo)[-1]["changes"]["headline"]["new"] == "Kept in the catalog"
    code, out, _ = _run(capsys, "export", "--format", "json", photo)
    row = json.loads(out)[0]
    assert row["headline"] == "Kept in the catalog"
    assert row["up_to_date"] is False and row["file_state"] == "not yet written to file"
    os.chmod(photo, 0o644)
    assert _run(capsys, "set", photo, "--caption", "next")[0] == 0
    assert read_photo(photo).headline == "Kept in the catalog"  # the pending field went too
