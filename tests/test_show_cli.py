"""``caption-desk show`` through the real command line: the JSON contract scripts rely on,
argument order, folder walking, exit codes, ``--version``, text output, ``--debug``."""

import json
import re

import pytest

from editor_app import __version__
from tests.metadata.builders import (
    DOUBLE,
    EXPOSURE_TIME,
    F_NUMBER,
    FLOAT,
    exif_entries,
    full_exif,
    iim_block,
    jpeg_file,
    pixels_jpeg,
    png_file,
    run_cli,
    tiff_blob,
    tiff_file,
    write,
    xmp_fields,
)

TEXT_KEYS = (
    "caption",
    "title",
    "headline",
    "credit",
    "source",
    "copyright",
    "city",
    "sublocation",
    "state",
    "country",
    "country_code",
    "instructions",
    "transmission_reference",
    "caption_writer",
)
LIST_KEYS = ("byline", "keywords")
EXIF_KEYS = (
    "make",
    "model",
    "lens",
    "datetime_original",
    "artist",
    "copyright",
    "image_description",
    "orientation",
    "gps_latitude",
    "gps_longitude",
    "exposure_time",
    "f_number",
    "iso",
    "focal_length",
)
CONTRACT_KEYS = (
    "path",
    "format",
    "width",
    "height",
    *TEXT_KEYS,
    *LIST_KEYS,
    "date_created",
    "exif",
    "sources",
    "conflicts",
    "error",
)
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)?)?)?)?$")


@pytest.fixture
def photos(tmp_path):
    full = write(
        tmp_path / "full.jpg",
        jpeg_file(
            exif=full_exif(),
            xmp=xmp_fields(
                caption="XMP caption",
                byline=["Jane Doe"],
                keywords=["Berlin", "May Day"],
                Headline="May Day",
                Credit="REUTERS/Jane Doe",
                Source="Reuters",
                City="Berlin",
                State="Berlin",
                Country="Germany",
                CountryCode="DEU",
                Location="Mitte",
                Instructions="EDITORIAL USE ONLY",
                TransmissionReference="RTR123",
                CaptionWriter="ed/ab",
                DateCreated="2024-05-01T14:03:05+02:00",
                title="Protest",
            ),
            iim=iim_block(utf8=True, caption="IIM caption – Zürich".encode(), city=b"Berlin"),
        ),
    )
    bare = write(tmp_path / "bare.jpg", pixels_jpeg((20, 10)))
    return {"full": full, "bare": bare}


def _strict_json(text):
    def refuse(constant):
        raise ValueError(f"{constant} is not JSON (RFC 8259)")

    return json.loads(text, parse_constant=refuse)


def _show_json(*paths, extra=()):
    result = run_cli("show", "--format", "json", *extra, *(str(p) for p in paths))
    assert "Traceback" not in result.stdout + result.stderr
    return result, _strict_json(result.stdout)


def _check_contract(obj):
    for key in CONTRACT_KEYS:
        assert key in obj, key
    for key in TEXT_KEYS:
        assert isinstance(obj[key], str), key
    for key in LIST_KEYS:
        assert isinstance(obj[key], list) and all(isinstance(v, str) for v in obj[key]), key
    assert obj["date_created"] is None or ISO_DATE.match(obj["date_created"]), obj["date_created"]
    assert isinstance(obj["exif"], dict)
    for key in EXIF_KEYS:
        assert key in obj["exif"], key
    assert isinstance(obj["sources"], dict)
    assert set(obj["sources"].values()) <= {"exif", "iptc", "xmp"}
    assert isinstance(obj["conflicts"], list)
    for conflict in obj["conflicts"]:
        assert {"field", "chosen", "values"} <= set(conflict)
    assert obj["error"] is None or isinstance(obj["error"], str)


def test_json_contract_of_a_full_record(photos):
    result, objects = _show_json(photos["full"])
    assert result.returncode == 0, result.stderr
    (obj,) = objects
    _check_contract(obj)
    assert obj["path"] == str(photos["full"])
    assert (obj["format"], obj["width"], obj["height"]) == ("JPEG", 16, 12)
    assert obj["caption"] == "Protesters march in Berlin, Germany, May 1, 2024."  # EXIF first
    assert obj["byline"] == ["Jane Doe"]
    assert obj["keywords"] == ["Berlin", "May Day"]
    assert obj["credit"] == "REUTERS/Jane Doe"
    assert obj["country_code"] == "DEU"
    assert obj["sublocation"] == "Mitte"
    assert obj["date_created"] == "2024-05-01T14:03:05+02:00"
    assert obj["exif"]["datetime_original"] == "2024-05-01T14:03:05.25+02:00"
    assert obj["exif"]["make"] == "NIKON CORPORATION"
    assert obj["exif"]["iso"] == 400
    assert obj["exif"]["gps_latitude"] == pytest.approx(52.52, abs=1e-5)
    assert obj["sources"]["caption"] == "exif"
    assert obj["sources"]["credit"] == "xmp"
    assert any(c["field"] == "caption" and c["chosen"] == "exif" for c in obj["conflicts"])
    assert obj["error"] is None


def test_json_missing_fields_are_empty_not_absent(photos):
    result, (obj,) = _show_json(photos["bare"])
    assert result.returncode == 0
    _check_contract(obj)
    assert all(obj[key] == "" for key in TEXT_KEYS)
    assert all(obj[key] == [] for key in LIST_KEYS)
    assert obj["date_created"] is None
    assert obj["sources"] == {} and obj["conflicts"] == []
    assert (obj["width"], obj["height"]) == (20, 10)
    assert obj["exif"]["make"] == "" and obj["exif"]["iso"] is None


def test_json_contract_holds_for_a_failed_file(tmp_path):
    bad = write(tmp_path / "bad.jpg", b"plain text")
    result, (obj,) = _show_json(bad)
    assert result.returncode == 1
    _check_contract(obj)
    assert obj["error"]


def test_json_is_utf8_text(photos, tmp_path):
    path = write(
        tmp_path / "u.jpg", jpeg_file(iim=iim_block(utf8=True, caption="Łódź – Zürich".encode()))
    )
    result = run_cli("show", "--format", "json", str(path))
    assert "Łódź – Zürich" in result.stdout  # not \u escapes: readable in a terminal


def test_json_is_strict_even_for_non_finite_exif_numbers(tmp_path):
    """EXIF FLOAT/DOUBLE tags can hold inf or NaN; ``json.dumps`` would print Infinity/NaN, which
    JSON parsers other than Python's (JavaScript, jq) reject."""
    exif = tiff_blob(
        exif_entries(make="Canon"),
        [(EXPOSURE_TIME, DOUBLE, float("inf")), (F_NUMBER, FLOAT, float("nan"))],
    )
    path = write(tmp_path / "inf.jpg", jpeg_file(exif=exif))
    result = run_cli("show", "--format", "json", str(path))
    assert result.returncode == 0, result.stderr
    (obj,) = _strict_json(result.stdout)
    assert obj["exif"]["make"] == "Canon"
    for key in ("exposure_time", "f_number"):
        assert obj["exif"][key] is None or isinstance(obj["exif"][key], float)


def test_argument_order_is_preserved(tmp_path):
    names = ["c.jpg", "a.png", "b.tif", "Zürich photo 1.jpg"]
    builders = {
        ".jpg": lambda: jpeg_file(iim=iim_block(caption=b"j")),
        ".png": lambda: png_file(xmp=xmp_fields(caption="p")),
        ".tif": lambda: tiff_file(xmp=xmp_fields(caption="t")),
    }
    paths = [write(tmp_path / n, builders[n[-4:]]()) for n in names]
    result, objects = _show_json(*paths)
    assert result.returncode == 0
    assert [o["path"] for o in objects] == [str(p) for p in paths]
    assert [o["format"] for o in objects] == ["JPEG", "PNG", "TIFF", "JPEG"]


def test_argument_order_is_preserved_in_parallel(tmp_path):
    # 50 files pass the threshold for the process pool; the output order must not change.
    paths = [
        write(
            tmp_path / f"{(i * 37) % 50:02d}.jpg",
            jpeg_file(iim=iim_block(caption=f"n{i}".encode())),
        )
        for i in range(50)
    ]
    result, objects = _show_json(*paths, extra=("--jobs", "2"))
    assert result.returncode == 0, result.stderr
    assert [o["caption"] for o in objects] == [f"n{i}" for i in range(50)]


def test_directories_are_walked(tmp_path):
    folder = tmp_path / "shoot"
    (folder / "day2").mkdir(parents=True)
    (folder / ".cache").mkdir()
    jpeg = jpeg_file(iim=iim_block(caption=b"x"))
    for rel in (
        "b.jpg",
        "a.JPG",
        "day2/c.tif",
        "notes.txt",
        ".hidden.jpg",
        ".cache/d.jpg",
        "day2/e.webp.txt",
    ):
        write(folder / rel, tiff_file() if rel.endswith(".tif") else jpeg)
    single = write(tmp_path / "single.jpeg", jpeg)
    result, objects = _show_json(single, folder)
    assert result.returncode == 0, result.stderr
    assert [o["path"] for o in objects] == [
        str(single),
        str(folder / "a.JPG"),
        str(folder / "b.jpg"),
        str(folder / "day2" / "c.tif"),
    ]


def test_a_file_with_another_extension_is_read_when_named(tmp_path):
    path = write(tmp_path / "photo.bin", jpeg_file(iim=iim_block(caption=b"named")))
    result, (obj,) = _show_json(path)
    assert (result.returncode, obj["caption"]) == (0, "named")


def test_exit_codes(photos, tmp_path):
    assert run_cli("show", str(photos["full"])).returncode == 0
    bad = write(tmp_path / "bad.jpg", b"")
    assert run_cli("show", str(photos["full"]), str(bad)).returncode == 1
    assert run_cli("show", str(tmp_path / "missing.jpg")).returncode == 1


@pytest.mark.parametrize(
    "args",
    [("show",), ("show", "--format", "xml", "x.jpg"), (), ("nonsense",), ("show", "--bogus", "x")],
    ids=["no-path", "unknown-format", "no-command", "unknown-command", "unknown-option"],
)
def test_usage_errors_exit_2(args):
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stderr.strip()
    assert "Traceback" not in result.stdout + result.stderr


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"caption-desk {__version__}"


def test_text_format_is_readable(photos):
    result = run_cli("show", str(photos["full"]), str(photos["bare"]))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"{photos['full']}  (JPEG, 16x12)" in out
    assert f"{photos['bare']}  (JPEG, 20x10)" in out
    assert re.search(
        r"Caption:\s+Protesters march in Berlin, Germany, May 1, 2024\.\s+\[exif\]", out
    )
    assert re.search(r"Credit:\s+REUTERS/Jane Doe\s+\[xmp\]", out)
    assert re.search(r"Keywords:\s+Berlin; May Day", out)
    assert "NIKON CORPORATION NIKON Z 9" in out
    assert "conflict: caption differs" in out
    assert result.stderr == ""


def test_debug_is_allowed(photos):
    result = run_cli("--debug", "show", "--format", "json", str(photos["full"]))
    assert result.returncode == 0
    assert json.loads(result.stdout)[0]["caption"]
    assert "Traceback" not in result.stdout + result.stderr


def test_json_names_agency_and_photographer(tmp_path):
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "resources" / "sample-desk"
    result = run_cli(
        "show",
        "--format",
        "json",
        str(sample / "launch-01.jpg"),
        str(sample / "cafe-01.jpg"),
        str(sample / "camera-default.jpg"),
    )
    objects = json.loads(result.stdout)
    assert [(o["agency"], o["photographer"]) for o in objects] == [
        ("Reuters", "Jane Smith"),
        ("AP", "Ana Brígida"),
        (None, None),
    ]


def test_desk_config_extends_the_agency_table(tmp_path):
    from tests.factories import make_jpeg

    photo = make_jpeg(tmp_path)
    result = run_cli(
        "--home", str(tmp_path / "h"), "set", str(photo), "--credit", "NORDFOTO/Kari Nord"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    before = json.loads(run_cli("show", "--format", "json", str(photo)).stdout)
    assert before[0]["agency"] is None
    (tmp_path / "caption-desk.toml").write_text(
        '[agencies.Nordfoto]\nlead = "NORDFOTO"\n', encoding="utf-8"
    )
    objects = json.loads(run_cli("show", "--format", "json", str(photo)).stdout)
    assert (objects[0]["agency"], objects[0]["photographer"]) == ("Nordfoto", "Kari Nord")
