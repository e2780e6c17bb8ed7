"""``caption-desk set --template/--codes``, ``template show|import|list``, ``codes import|list``."""

import json

import pytest

from editor_app.cli import main
from editor_app.metadata.io import read_photo
from tests.factories import make_jpeg

G7 = """name = "G7 Hiroshima"

[set]
headline = "G7 summit"
keywords = ["G7", "{country}"]

[append]
caption = " in {city}, {country}, {date}. REUTERS/=kk="
"""
CODES = "// Hiroshima pool\r\nkk\tKim Kyung-Hoon\r\nbiden\tU.S. President Joe Biden\r\n"


def run(capsys, *args):
    code = main([*map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def wire(tmp_path, capsys):
    """Two wire photos (captured 2024-11-25 14:30 by a Canon EOS 5D) and the desk's files."""
    folder = tmp_path / "wire"
    folder.mkdir()
    photos = [make_jpeg(folder, f"RC{n}.jpg") for n in (1, 2)]
    for photo, city in zip(photos, ("Hiroshima", "Tokyo"), strict=True):
        code, _, err = run(
            capsys, "set", photo, "--caption", "=biden= waves", "--city", city,
            "--country", "Japan", "--byline", "Kim Kyung-Hoon", "--credit", "REUTERS",
        )  # fmt: skip
        assert code == 0, err
    (tmp_path / "g7.toml").write_text(G7, encoding="utf-8")
    (tmp_path / "codes.txt").write_bytes(CODES.encode("utf-8"))
    return tmp_path, photos


def test_set_template_fills_each_photo_and_explicit_options_win(wire, capsys):
    root, photos = wire
    code, out, err = run(
        capsys, "set", *photos, "--template", root / "g7.toml", "--codes", root / "codes.txt",
        "--headline", "Leaders meet",
    )  # fmt: skip
    assert code == 0, err
    assert out.splitlines() == [f"written: {p}" for p in photos]
    first, second = (read_photo(p) for p in photos)
    # --codes expands the old caption's code too: every value set writes goes through it
    assert first.caption == (
        "=biden= waves in Hiroshima, Japan, November 25, 2024. REUTERS/Kim Kyung-Hoon"
    )
    assert second.caption.endswith(" in Tokyo, Japan, November 25, 2024. REUTERS/Kim Kyung-Hoon")
    assert first.headline == second.headline == "Leaders meet"  # the option wins
    assert first.keywords == ("G7", "Japan")


def test_set_codes_expands_every_value_and_refuses_unknown_codes(wire, capsys):
    root, photos = wire
    code, _, err = run(
        capsys, "set", photos[0], "--codes", root / "codes.txt", "--caption", "=biden= in Rome",
        "--byline", "=kk=",
    )  # fmt: skip
    assert code == 0, err
    record = read_photo(photos[0])
    assert record.caption == "U.S. President Joe Biden in Rome" and record.byline == (
        "Kim Kyung-Hoon",
    )
    code, _, err = run(
        capsys, "set", photos[0], "--codes", root / "codes.txt", "--caption", "=obama= in Rome"
    )
    assert code == 2 and "unknown code =obama=" in err
    assert read_photo(photos[0]).caption == "U.S. President Joe Biden in Rome"


def test_a_photo_the_template_cannot_fill_is_not_written(wire, capsys, tmp_path):
    root, photos = wire
    bare = make_jpeg(root / "wire", "bare.jpg", exif=False)
    before = bare.read_bytes()
    code, out, err = run(
        capsys, "set", photos[0], bare, "--template", root / "g7.toml", "--codes",
        root / "codes.txt",
    )  # fmt: skip
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"written: {photos[0]}"
    assert lines[1] == (
        f"error: {bare}: template 'G7 Hiroshima': keywords: {{country}} has no value for "
        "bare.jpg; caption: {city} has no value for bare.jpg; caption: {country} has no value "
        "for bare.jpg; caption: {date} has no value for bare.jpg; nothing was saved"
    )
    assert bare.read_bytes() == before


def test_template_show_prints_json_without_writing(wire, capsys):
    root, photos = wire
    before = photos[0].read_bytes()
    code, out, err = run(
        capsys, "template", "show", root / "g7.toml", photos[0], "--codes", root / "codes.txt"
    )
    assert code == 0, err
    assert json.loads(out) == {
        "headline": "G7 summit",
        "keywords": ["G7", "Japan"],
        "caption": "=biden= waves in Hiroshima, Japan, November 25, 2024. REUTERS/Kim Kyung-Hoon",
    }
    assert photos[0].read_bytes() == before
    code, out, err = run(capsys, "template", "show", root / "g7.toml", photos[0])
    assert code == 1
    assert err.strip() == f"{photos[0]}: caption: unknown code =kk="
    assert json.loads(out)["caption"].endswith("REUTERS/=kk=")


def test_template_and_codes_import_then_use_by_name(wire, capsys):
    root, photos = wire
    code, out, _ = run(capsys, "template", "import", root / "g7.toml")
    assert code == 0 and out.strip() == "imported: G7 Hiroshima (caption, headline, keywords)"
    code, out, err = run(capsys, "codes", "import", root / "codes.txt")
    assert code == 0, err
    assert out.strip() == f"imported: {root / 'codes.txt'}: 2 codes (2 in all)"
    code, out, _ = run(capsys, "template", "list", "--format", "json")
    assert json.loads(out) == [
        {
            "name": "G7 Hiroshima",
            "set": {"headline": "G7 summit", "keywords": ["G7", "{country}"]},
            "append": {"caption": " in {city}, {country}, {date}. REUTERS/=kk="},
        }
    ]
    code, out, _ = run(capsys, "codes", "list")
    assert out.splitlines() == ["biden\tU.S. President Joe Biden", "kk\tKim Kyung-Hoon"]
    # by name, with the catalog's codes: no --codes needed
    code, out, err = run(capsys, "set", photos[1], "--template", "G7 Hiroshima")
    assert code == 0, err
    assert read_photo(photos[1]).caption.endswith(
        "Tokyo, Japan, November 25, 2024. REUTERS/Kim Kyung-Hoon"
    )


def test_template_problems_and_bad_files(wire, capsys):
    root, photos = wire
    code, _, err = run(capsys, "set", photos[0], "--template", "No such")
    assert code == 2 and "no template of that name in the catalog" in err
    bad = root / "bad.toml"
    bad.write_text('name = "x"\n[set]\nlocation = "x"\n', encoding="utf-8")
    code, _, err = run(capsys, "template", "import", bad)
    assert code == 1 and "location: no such field" in err
    typo = root / "typo.toml"
    typo.write_text('name = "x"\n[append]\ncaption = " {cty}, {date:%Y} {{cty}}"\n')
    code, out, err = run(capsys, "template", "import", typo)
    assert code == 1 and out.startswith("imported: x")
    assert err.strip() == f"warning: {typo}: unknown variable caption: {{cty}}"
    messy = root / "messy.txt"
    messy.write_text("lm\tLeah Millis\nno tab here\n", encoding="utf-8")
    code, out, err = run(capsys, "codes", "import", messy)
    assert code == 1 and "line 2: no tab-separated replacement" in err
    assert "1 codes" in out


def test_the_desk_date_style_and_no_catalog_needed_for_a_file(tmp_path, capsys):
    photo = make_jpeg(tmp_path, "RC9.jpg")  # captured 2024-11-25, a Monday
    (tmp_path / "caption-desk.toml").write_text('[dates]\ncaption-style = "ap"\n')
    template = tmp_path / "t.toml"
    template.write_text('name = "t"\n[set]\ncaption = "{dow}, {date} ({mnap} {year}), {camera}"')
    code, out, err = run(capsys, "--db", f"sqlite:///{tmp_path / 'none.db'}", "template", "show",
                         template, photo)  # fmt: skip
    assert code == 0, err
    assert json.loads(out) == {"caption": "Monday, Nov. 25, 2024 (Nov. 2024), Canon EOS 5D"}
    assert not (tmp_path / "none.db").exists()
    (tmp_path / "caption-desk.toml").write_text('[dates]\ncaption-style = "apa"\n')
    code, _, err = run(capsys, "template", "show", template, photo)
    assert code == 2 and "'apa' is not one of reuters, ap, day-month" in err
