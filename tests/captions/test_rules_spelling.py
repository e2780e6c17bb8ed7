"""The spelling rule: messages, names the photo and the desk know, settings, the sample desk."""

from pathlib import Path

from editor_app.captions.agencies import DEFAULT_TABLE, AgencyTable
from editor_app.captions.findings import Severity
from editor_app.captions.rules import RuleContext
from editor_app.captions.rules.spelling import text_misspellings
from editor_app.metadata.io import read_photo
from editor_app.settings import DeskSettings, load_settings
from tests.captions.photos import TODAY, findings_of, messages, record

SEED = (
    "Pam Bondi, President-elect Donald Trump's pick to be attroney general, speaks in "
    "Washington, U.S., November 20, 2024. REUTERS/Jane Doe"
)
SAMPLE_DESK = Path(__file__).resolve().parents[2] / "resources" / "sample-desk"


def test_the_seed_typo_is_a_warning_with_its_fix():
    (finding,) = findings_of("spelling", record(caption=SEED))
    assert finding.severity is Severity.WARNING
    assert finding.message == '"attroney" may be misspelt: did you mean "attorney"?'


def test_one_finding_per_word_caption_then_headline():
    photo = record(
        caption="The attroney and the attroney's aide meet the goverment.",
        headline="Attroney meets the goverment and the qzxv",
    )
    assert messages("spelling", photo) == [
        '"attroney" may be misspelt: did you mean "attorney"?',
        '"attroney\'s" may be misspelt: did you mean "attorney\'s"?',
        '"goverment" may be misspelt: did you mean "government"?',
        '"qzxv" may be misspelt.',
    ]


def test_names_from_the_byline_places_and_agencies_are_never_flagged():
    caption = "A portrait by akhtar soomro, sent via dpa, of the sukkur barrage."
    plain = record(caption=caption)
    assert {m.split('"')[1] for m in messages("spelling", plain)} >= {"akhtar", "soomro", "sukkur"}
    named = record(caption=caption, byline=("Akhtar Soomro",), city="Sukkur")
    assert messages("spelling", named) == []


def test_the_desk_names_allow_list_and_word_files(tmp_path):
    photo = record(caption="The fotog and zorblat meet the brexiteers at the qwertz lab.")
    assert len(messages("spelling", photo)) == 4
    (tmp_path / "names.txt").write_text("# desk names\nZorblat Family\n", encoding="utf-8")
    (tmp_path / "allow.txt").write_text("brexiteers\n", encoding="utf-8")
    (tmp_path / "codes.txt").write_text("=qw\tQwertz Laboratories\n", encoding="utf-8")
    config = tmp_path / "caption-desk.toml"
    config.write_text(
        '[spelling]\nallow = ["fotog"]\nnames-file = "names.txt"\nallow-file = "allow.txt"\n'
        'code-replacements = "codes.txt"\n',
        encoding="utf-8",
    )
    settings = load_settings(config)
    assert messages("spelling", photo, settings=settings) == []


def test_the_desk_language_setting():
    photo = record(caption="Des manifestants défilent dans les rues pendant la grève.")
    assert messages("spelling", photo) == []
    english = DeskSettings(spelling_language="en")
    assert messages("spelling", photo, settings=english)


def test_the_editor_gets_the_same_spans_as_the_rule():
    ctx = RuleContext(DeskSettings(), DEFAULT_TABLE, TODAY)
    photo = record(byline=("Akhtar Soomro",))
    typed = "photo by soomro of the attroney"
    (span,) = text_misspellings(typed, photo, ctx)
    assert (span.start, span.end, span.suggestions) == (23, 31, ("attorney",))


def test_the_sample_desk_has_no_spelling_warning():
    records = [read_photo(p) for p in sorted(SAMPLE_DESK.glob("*.jpg"))]
    assert len(records) == 20
    clean = [r for r in records if r.path.name != "cat-02.jpg"]  # its "apeal" is planted
    assert findings_of("spelling", *clean) == []
    (planted,) = findings_of("spelling", *[r for r in records if r not in clean])
    assert '"apeal"' in planted.message and '"appeal"' in planted.message


def test_agency_names_come_from_the_agency_table():
    photo = record()
    without = RuleContext(DeskSettings(), AgencyTable(()), TODAY)
    assert [m.word for m in text_misspellings("a picture sent via dpa", photo, without)] == ["dpa"]
    with_table = RuleContext(DeskSettings(), DEFAULT_TABLE, TODAY)
    assert text_misspellings("a picture sent via dpa", photo, with_table) == []


def test_a_known_word_written_without_its_accents_is_known():
    photo = record(caption="A barista serves coffee at a cafe near the protege's home.")
    assert findings_of("spelling", photo) == []
