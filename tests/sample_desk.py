"""The bundled sample desk, and wire folders copied from it for a test."""

import shutil
from pathlib import Path

SAMPLE_DESK = Path(__file__).resolve().parents[1] / "resources" / "sample-desk"


def wire_folder(tmp_path: Path, pattern: str = "*.jpg", *, broken: bool = False) -> Path:
    """A folder "wire" under ``tmp_path`` with copies of the sample photos matching
    ``pattern``, and with ``broken`` a "broken.jpg" that is not a picture."""
    out = tmp_path / "wire"
    out.mkdir()
    for path in sorted(SAMPLE_DESK.glob(pattern)):
        shutil.copy(path, out / path.name)
    if broken:
        (out / "broken.jpg").write_bytes(b"not a picture")
    return out
