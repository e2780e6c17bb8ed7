"""``show --format json`` names the agency and photographer of credits as agencies write them,
and ``check`` raises no attribution alarm on real agency files."""

import json

import pytest

from tests.captions.photos import make_photo
from tests.metadata.builders import run_cli

SHAPES = {
    "reuters.jpg": ({"credit": "REUTERS", "byline": "Leah Millis"}, ("Reuters", "Leah Millis")),
    "allstar.jpg": ({"credit": "Sportsphoto Ltd./Allstar"}, ("Allstar", None)),
    "studio.jpg": ({"credit": "UNIVERSAL/Allstar/Magic Pictures"}, ("Allstar", None)),
    "gadd.jpg": ({"byline": "David Gadd/Allstar"}, ("Allstar", "David Gadd")),
    "afp.jpg": (
        {"credit": "AFP via Getty Images", "byline": "LUDOVIC MARIN"},
        ("Getty Images", "LUDOVIC MARIN"),
    ),
    "source.jpg": ({"source": "EPA-EFE", "byline": "Jane Doe"}, ("EPA-EFE", "Jane Doe")),
    "copyright.jpg": ({"copyright": "© 2024 Xinhua"}, ("Xinhua", None)),
    "apple.jpg": (
        {"caption": "Fans cheer. (Photo by Kevin Winter/Getty Images for Apple)"},
        ("Getty Images", "Kevin Winter"),
    ),
}


def test_json_agency_and_photographer_of_real_credit_shapes(exiftool, tmp_path):
    paths = [make_photo(exiftool, tmp_path, name, **fields) for name, (fields, _) in SHAPES.items()]
    result = run_cli("show", "--format", "json", *map(str, paths))
    assert result.returncode == 0, result.stderr
    got = {
        o["path"].rsplit("/", 1)[-1]: (o["agency"], o["photographer"])
        for o in json.loads(result.stdout)
    }
    assert got == {name: expected for name, (_, expected) in SHAPES.items()}


REAL = {
    "commons-imaging/data/images/jpg/5/2010-01-04T052300Z_01_BTRE6021PS000_RTROPTP_3_BUSINESS-US-TSE.JPG": (  # noqa: E501
        "Reuters",
        "YURIKO NAKAO",
    ),
    "exifr/Bush-dog.tif": ("AP", "DUANE A. LAVERTY"),
    "metadata-extractor/withXmp.jpg": ("Getty Images", "CHRISTOF STACHE"),
    "exifr/RangeError_Invalid_typed_array_length.jpg": ("dpa", "Óscar Cañas"),
    "exifr/RangeError_Offset_outside_bounds.jpg": ("Reuters", "Wolfgang Rattay"),
    "exiv2/exiv2-bug440.jpg": ("AP", "PAUL SANCYA"),
}


@pytest.mark.corpus
def test_real_agency_files(corpus):
    paths = [str(corpus / name) for name in REAL]
    shown = json.loads(run_cli("show", "--format", "json", *paths).stdout)
    assert [(o["agency"], o["photographer"]) for o in shown] == list(REAL.values())
    rules = "credit-format,credit-agency-unknown,credit-byline-mismatch,caption-credit-mismatch"
    result = run_cli("check", "--format", "json", "--select", rules, *paths)
    assert json.loads(result.stdout)["problems"] == []
