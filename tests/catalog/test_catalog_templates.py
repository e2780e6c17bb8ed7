"""Templates and code replacements kept in the catalog: shared by every desk on it."""

from editor_app.captions.templates import parse_template
from editor_app.catalog import open_catalog
from editor_app.ops.templates import (
    desk_codes,
    find_template,
    import_codes,
    import_template,
    save_template,
    stored_templates,
    with_desk_names,
)
from editor_app.settings import DeskSettings

G7 = (
    'name = "G7"\n[set]\nheadline = "G7 summit"\nkeywords = ["G7"]\n[append]\ncaption = " {city}"\n'
)


def test_templates_are_stored_listed_and_replaced(catalog, tmp_path, db_url):
    path = tmp_path / "g7.toml"
    path.write_text(G7, encoding="utf-8")
    template, new = import_template(catalog, path)
    assert new and template.name == "G7"
    assert save_template(catalog, parse_template('name = "Budget"\n[set]\ncaption = "x"'))
    changed = parse_template(G7.replace("G7 summit", "G7 leaders' summit"))
    assert not save_template(catalog, changed)  # the same name: replaced
    assert [t.name for t in stored_templates(catalog)] == ["Budget", "G7"]
    # another workstation on the same catalog finds it by name
    other = open_catalog(db_url)
    try:
        assert find_template("G7", other) == changed
    finally:
        other.close()
        catalog.connect()
    assert catalog.delete_template("Budget") and [t.name for t in stored_templates(catalog)] == [
        "G7"
    ]


def test_codes_are_imported_merged_and_shared(catalog, tmp_path, db_url):
    first = tmp_path / "team.txt"
    first.write_bytes("\ufefflm\tLeah Millis\tMillis\r\nar12\tAaron Rodgers\r\n".encode())
    second = tmp_path / "politics.txt"
    second.write_text("// politics\npotus\tPresident Joe Biden\nlm\tLeah Millis (REUTERS)\n")
    assert import_codes(catalog, first).stored == 2
    done = import_codes(catalog, second)
    assert done.stored == 3 and len(done.table) == 2
    assert catalog.codes() == {
        "lm": ("Leah Millis (REUTERS)",),  # the later file wins a code
        "ar12": ("Aaron Rodgers",),
        "potus": ("President Joe Biden",),
    }
    other = open_catalog(db_url)
    try:
        table = desk_codes(other)
        assert table.expand("=potus= and =ar12=").text == "President Joe Biden and Aaron Rodgers"
    finally:
        other.close()
        catalog.connect()


def test_the_catalogs_codes_feed_the_desks_names(catalog):
    settings = DeskSettings(spelling_names=("Leah Millis",))
    assert with_desk_names(settings, catalog) is settings  # no codes: the same settings
    catalog.save_codes({"ar8": ("Aaron Rodgers", "Rodgers")})
    assert with_desk_names(settings, catalog).spelling_names == (
        "Leah Millis",
        "Aaron Rodgers",
        "Rodgers",
    )
