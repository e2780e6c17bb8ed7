"""benchmarks/check.py plants its one-word copies where the near-duplicate rule looks for them."""

import importlib.util
from pathlib import Path

from editor_app.captions.validate import validate

_SCRIPT = Path(__file__).parents[2] / "benchmarks" / "check.py"


def _benchmark():
    spec = importlib.util.spec_from_file_location("check_benchmark", _SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_one_word_copies_come_from_another_frame_of_their_story_and_are_found():
    bench = _benchmark()
    records, planted = bench.synthetic_records(3000)
    assert len(planted) > 15
    by_path = {r.path: n for n, r in enumerate(records)}
    for path in planted:
        copy = records[by_path[path]]
        story = [
            r
            for r in records[: by_path[path]]
            if (r.city, r.credit, r.exif.datetime_original)
            == (copy.city, copy.credit, copy.exif.datetime_original)
        ]
        one_word = [
            r
            for r in story
            if len(r.caption.split()) == len(copy.caption.split())
            and sum(a != b for a, b in zip(r.caption.split(), copy.caption.split(), strict=True))
            == 1
        ]
        assert one_word, copy.caption
    found = {f.path for f in validate(records, select=bench.RULES) if f.rule == bench.RULES[1]}
    assert len(planted & found) >= 0.9 * len(planted)
