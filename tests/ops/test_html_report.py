"""``check --format html``: one self-contained page, grouped by rule and duplicate group,
every text from a file escaped; the other formats untouched."""

import base64
import io
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from editor_app.captions.findings import Finding, Severity
from editor_app.ops.check import REPORT_FORMATS
from editor_app.ops.html_report import render_html
from editor_app.settings import DeskSettings
from tests.ops.html_desk import GREEN, build_html_desk


@pytest.fixture(scope="module")
def desk(exiftool, tmp_path_factory) -> Path:
    return build_html_desk(exiftool, tmp_path_factory.mktemp("html") / "desk")


@pytest.fixture(scope="module")
def page(desk) -> str:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "editor_app.cli",
            "check",
            "--format",
            "html",
            "--ignore",
            "missing-field",
            str(desk),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert out.returncode == 1, out.stderr  # duplicate captions are errors
    return out.stdout


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parsed(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def test_the_other_formats_are_unchanged_and_html_is_added():
    assert REPORT_FORMATS == ("text", "json", "csv", "junit", "html")


def test_hostile_captions_are_text_not_markup(page):
    tags = parsed(page)
    assert {t for t, _ in tags.tags} <= {
        "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "nav", "ul",
        "li", "a", "code", "span", "div", "dl", "dt", "dd",
    }  # fmt: skip
    assert "<script>document.title='pwned'</script>" in "".join(tags.text)
    assert '<img src="http://example.invalid/x.png">' in "".join(tags.text)
    assert "\u202e" not in page  # the bidi override is shown as an escape, not obeyed
    assert "\\u202e REUTERS/Abdul Saboor" in "".join(tags.text)


def test_the_page_fetches_nothing(page):
    tags = parsed(page)
    assert not [attrs for _, attrs in tags.tags if "src" in attrs]
    links = [attrs["href"] for tag, attrs in tags.tags if tag == "a"]
    assert links and all(str(href).startswith("#") for href in links)
    urls = re.findall(r"url\(([^)]*)\)", page)
    assert urls and all(u.startswith("data:image/jpeg;base64,") for u in urls)
    csp = [a["content"] for t, a in tags.tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp == ["default-src 'none'; img-src data:; style-src 'unsafe-inline'"]


def test_each_photo_with_problems_has_its_thumbnail_once(page):
    urls = re.findall(r"\.(t\d+)\{background-image:url\(data:image/jpeg;base64,([^)]*)\)", page)
    assert len(urls) == 5  # the photos with findings: clean.jpg has none
    colours = {}
    for css_class, data in urls:
        image = Image.open(io.BytesIO(base64.b64decode(data)))
        assert image.size == (160, 107)
        colours[css_class] = image.convert("RGB").getpixel((80, 50))
    hostile_class = re.search(r'<div class="thumb (t\d+)"></div><div class=body><div class=file>'
                              r"[^<]*hostile\.jpg", page).group(1)  # fmt: skip
    assert all(abs(a - b) < 12 for a, b in zip(colours[hostile_class], GREEN, strict=True))


def test_grouped_by_rule_then_by_duplicate_group(page):
    assert "<code>duplicate-caption</code>: 4 photos</h2>" in page
    assert "<code>placeholder-text</code>: 1 photo</h2>" in page
    assert page.index('id="rule-placeholder-text"') < page.index('id="rule-duplicate-caption"')
    dup = page[page.index('id="rule-duplicate-caption"') :]
    groups = re.split(r"Duplicate group \d: 2 photos", dup)[1:]
    assert len(groups) == 2
    names = [sorted(re.findall(r"(\w+-\w)\.jpg</div>", g)) for g in groups]
    assert sorted(names) == [["other-a", "other-b"], ["same-a", "same-b"]]


def test_each_photo_shows_caption_credit_and_byline(page):
    card = page[page.index("same-a.jpg</div>") :]
    card = card[: card.index("</dl>")]
    assert "<dt>Caption</dt><dd>Fans cheer the team in Lyon, France" in card
    assert "<dt>Credit</dt><dd>REUTERS/Abdul Saboor</dd>" in card
    assert "<dt>By-line</dt><dd>Abdul Saboor</dd>" in card


def test_a_photo_that_cannot_be_decoded_still_gets_its_card(tmp_path):
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8 not a picture")
    finding = Finding("unreadable-file", Severity.ERROR, broken, "The file is damaged <here>.")
    html = render_html([finding], [broken], [], DeskSettings())
    assert "no picture" in html
    assert "The file is damaged &lt;here&gt;." in html
    assert "background-image" not in html


def test_no_problems_is_a_short_page(tmp_path):
    html = render_html([], [tmp_path / "a.jpg"], [], None)
    assert "No problems in 1 file checked." in html
    assert "<nav>" not in html
