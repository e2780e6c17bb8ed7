"""Every relative link in the README, docs/ and the benchmarks pages leads somewhere real."""

import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_LINK = re.compile(r"(?<!\!)\[[^\]]*\]\(([^)\s]+)\)|!\[[^\]]*\]\(([^)\s]+)\)")
_FENCE = re.compile(r"^(```|~~~)")


def documents(root: Path = ROOT) -> list[Path]:
    return [
        root / "README.md",
        *sorted((root / "docs").glob("*.md")),
        root / "benchmarks" / "README.md",
        root / "benchmarks" / "details.md",
    ]


def _prose(text: str) -> str:
    """The text outside fenced code blocks and inline code (links there are examples)."""
    lines, fenced = [], False
    for line in text.splitlines():
        if _FENCE.match(line.strip()):
            fenced = not fenced
        elif not fenced:
            lines.append(re.sub(r"`[^`]*`", "", line))
    return "\n".join(lines)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = "".join(c for c in text if c in " -" or unicodedata.category(c)[0] in "LN")
    return text.replace(" ", "-")


def _heading_anchors(path: Path) -> set[str]:
    # From the raw lines: a heading's inline code is part of its anchor.
    anchors = set()
    fenced = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if _FENCE.match(line.strip()):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            anchors.add(_slug(line.lstrip("#")))
    return anchors


def broken_links(doc: Path) -> list[str]:
    """Relative links of ``doc`` whose file (or heading anchor) does not exist."""
    broken = []
    for match in _LINK.finditer(_prose(doc.read_text(encoding="utf-8"))):
        target = match.group(1) or match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("//"):
            continue  # http:, https:, mailto: ... are not checked here
        file_part, _, anchor = target.partition("#")
        path = (doc.parent / file_part).resolve() if file_part else doc
        missing_anchor = (
            path.exists()
            and anchor
            and path.suffix == ".md"
            and anchor not in _heading_anchors(path)
        )
        if not path.exists() or missing_anchor:
            broken.append(target)
    return broken


@pytest.mark.parametrize("doc", documents(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(doc):
    assert doc.exists()
    assert broken_links(doc) == []


def test_a_broken_link_is_found(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "there.md").write_text("# Here it is\n", encoding="utf-8")
    doc = tmp_path / "docs" / "page.md"
    doc.write_text(
        "[ok](../there.md) [ok too](../there.md#here-it-is) [web](https://example.org/x)\n"
        "[gone](../benchmarks/README-catalog.md) [bad anchor](../there.md#nowhere)\n"
        "![picture](desk.png)\n"
        "```\n[in code](nowhere.md)\n```\n",
        encoding="utf-8",
    )
    assert broken_links(doc) == [
        "../benchmarks/README-catalog.md",
        "../there.md#nowhere",
        "desk.png",
    ]


def test_headings_become_github_anchors():
    assert _slug(
        " Checking: duplicate and near-duplicate caption detection (`benchmarks/check.py`)"
    ) == ("checking-duplicate-and-near-duplicate-caption-detection-benchmarkscheckpy")
    assert _slug("## Revision first, then the file".lstrip("#")) == "revision-first-then-the-file"
