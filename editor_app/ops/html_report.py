"""``check --format html``: one self-contained page a desk chief reads in a browser.

Photos with problems, grouped by rule (same-caption photos also by duplicate group), each with
its thumbnail, caption, credit and by-line. Thumbnails are inlined as data URIs, once per photo
(a CSS class), and a Content-Security-Policy forbids every fetch: the page works offline and
an escaping slip could still load nothing. All text from files is escaped.
"""

import base64
import html
import io
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from editor_app import __version__
from editor_app.captions.findings import Finding, Severity
from editor_app.captions.report import summary
from editor_app.captions.rules import all_rules, prepare
from editor_app.captions.rules.duplicates import caption_groups
from editor_app.captions.validate import agency_table
from editor_app.imaging.thumbnails import make_thumbnail
from editor_app.metadata.record import PhotoMetadata
from editor_app.settings import DeskSettings
from editor_app.textsafe import for_terminal

log = logging.getLogger(__name__)

THUMB_SIZE = 160
_THREADS = 2  # Pillow decodes without the GIL: both cores of a desk PC
_GROUPED_RULES = ("duplicate-caption",)
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:16px 24px;
color:#1d1d1f;background:#f6f6f4}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:17px;margin:28px 0 6px;padding-top:8px;
border-top:2px solid #d8d8d4}h3{font-size:14px;margin:14px 0 6px;color:#555}
.meta{color:#555;margin:0 0 12px}.summary{font-weight:600}
nav ul{columns:2;padding-left:18px;margin:6px 0}code{font-size:13px}
.sev{display:inline-block;font-size:11px;font-weight:700;text-transform:uppercase;
padding:1px 6px;border-radius:3px;color:#fff;vertical-align:2px}
.error{background:#b3261e}.warning{background:#9a6700}
.rule-summary{color:#555;margin:0 0 8px}
.photo{display:flex;gap:14px;background:#fff;border:1px solid #deded9;border-radius:6px;
padding:10px;margin:8px 0;break-inside:avoid}
.thumb{flex:none;width:160px;height:160px;background:#e9e9e6 center/contain no-repeat;
border-radius:3px;display:flex;align-items:center;justify-content:center;color:#777;
font-size:12px;text-align:center}
.body{min-width:0;flex:1}.file{font-weight:600;word-break:break-all}
.message{color:#8a1c14;margin:2px 0 6px}.warning-msg{color:#6b4a00}
dl{display:grid;grid-template-columns:70px 1fr;gap:2px 10px;margin:0}
dt{color:#666}dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.empty{color:#999;font-style:italic}
.group{border-left:3px solid #c9c9c4;padding-left:12px;margin:10px 0}
"""


def render_html(
    findings: Sequence[Finding],
    paths: Sequence[Path],
    records: Iterable[PhotoMetadata],
    settings: DeskSettings | None = None,
) -> str:
    """The page for ``findings`` about ``paths``; ``records`` give the photos' fields."""
    settings = settings or DeskSettings()
    by_path = {r.path: r for r in records}
    problem_paths = list(dict.fromkeys(f.path for f in findings))
    thumbs = _thumbnails(problem_paths)
    classes = {path: f"t{n}" for n, path in enumerate(thumbs)}
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_rule[finding.rule].append(finding)
    rules = all_rules()
    order = [r for r in rules if r in by_rule] + sorted(set(by_rule) - set(rules))
    sections = []
    for rule_id in order:
        group_of = None
        if rule_id in _GROUPED_RULES:
            group_of = _duplicate_groups(by_rule[rule_id], by_path, settings)
        summary_text = rules[rule_id].summary if rule_id in rules else ""
        per_photo = _by_photo(by_rule[rule_id])
        cards = [_card(p, msgs, by_path.get(p), classes.get(p, "")) for p, msgs in per_photo]
        sections.append(_section(rule_id, summary_text, by_rule[rule_id], cards, group_of))
    return _page(findings, len(paths), order, by_rule, thumbs, sections)


def _page(
    findings: Sequence[Finding],
    files_checked: int,
    order: Sequence[str],
    by_rule: Mapping[str, Sequence[Finding]],
    thumbs: Mapping[Path, str],
    sections: Sequence[str],
) -> str:
    when = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    toc = "".join(
        f'<li><a href="#rule-{_e(r)}"><code>{_e(r)}</code></a> ({len(by_rule[r])})</li>'
        for r in order
    )
    thumb_css = "".join(
        f".t{n}{{background-image:url(data:image/jpeg;base64,{data})}}\n"
        for n, data in enumerate(thumbs.values())
    )
    nav = f"<nav><ul>{toc}</ul></nav>" if order else ""
    return (
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name=viewport content="width=device-width,initial-scale=1">'
        f"<title>Caption check: {files_checked} files</title>"
        f"<style>{_STYLE}{thumb_css}</style></head><body>\n"
        f"<h1>Caption check</h1><p class=meta>caption-desk {_e(__version__)}, {_e(when)}</p>"
        f"<p class=summary>{_e(summary(findings, files_checked))}</p>{nav}\n"
        + "\n".join(sections)
        + "\n</body></html>\n"
    )


def _section(
    rule_id: str,
    summary_text: str,
    findings: Sequence[Finding],
    cards: Sequence[str],
    group_of: Mapping[Path, int] | None,
) -> str:
    """One rule's heading and its photos' cards (in the order the photos first appear)."""
    severity = findings[0].severity
    head = (
        f'<h2 id="rule-{_e(rule_id)}"><span class="sev {severity}">{severity}</span> '
        f"<code>{_e(rule_id)}</code>: {_plural(len({f.path for f in findings}), 'photo')}</h2>"
    )
    if summary_text:
        head += f"<p class=rule-summary>{_e(summary_text)}</p>"
    if group_of is None:
        return head + "".join(cards)
    groups: dict[int, list[str]] = defaultdict(list)
    photos = dict.fromkeys(f.path for f in findings)
    for path, card in zip(photos, cards, strict=True):
        groups[group_of.get(path, -1)].append(card)
    parts = [head]
    for number, (_key, members) in enumerate(sorted(groups.items()), start=1):
        parts.append(
            f"<div class=group><h3>Duplicate group {number}: {_plural(len(members), 'photo')}</h3>"
        )
        parts.extend(members)
        parts.append("</div>")
    return "".join(parts)


def _by_photo(findings: Sequence[Finding]) -> list[tuple[Path, list[Finding]]]:
    """A rule's findings per photo, photos in the order they first appear."""
    grouped: dict[Path, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.path, []).append(finding)
    return list(grouped.items())


def _card(
    path: Path, findings: Sequence[Finding], record: PhotoMetadata | None, thumb_class: str
) -> str:
    messages = "".join(
        f'<div class="{"message" if f.severity is Severity.ERROR else "message warning-msg"}">'
        f"{_e(f.message)}</div>"
        for f in findings
    )
    fields = ""
    if record is not None:
        fields = (
            "<dl>"
            + _field("Caption", record.caption)
            + _field("Credit", record.credit)
            + _field("By-line", "; ".join(record.byline))
            + "</dl>"
        )
    return (
        f'<div class=photo><div class="thumb {thumb_class}">{"" if thumb_class else "no picture"}'
        f"</div><div class=body><div class=file>{_e(path)}</div>{messages}{fields}</div></div>"
    )


def _field(name: str, value: str) -> str:
    shown = f"{_e(value)}" if value.strip() else "<span class=empty>(empty)</span>"
    return f"<dt>{name}</dt><dd>{shown}</dd>"


def _duplicate_groups(
    findings: Sequence[Finding], by_path: Mapping[Path, PhotoMetadata], settings: DeskSettings
) -> dict[Path, int]:
    """Each flagged photo's group number: photos sharing one normalised caption."""
    agencies = agency_table(settings)
    records = [by_path[f.path] for f in findings if f.path in by_path]
    groups = caption_groups([prepare(r, agencies) for r in records])
    return {photo.record.path: n for n, group in enumerate(groups) for photo in group}


def _thumbnails(paths: Sequence[Path]) -> dict[Path, str]:
    """Base64 JPEG thumbnails of ``paths`` (a picture that cannot be decoded has none)."""
    with ThreadPoolExecutor(_THREADS) as pool:
        encoded = list(pool.map(_thumbnail_base64, paths))
    return {path: data for path, data in zip(paths, encoded, strict=True) if data}


def _thumbnail_base64(path: Path) -> str:
    try:
        image = make_thumbnail(path, THUMB_SIZE).to_image()
    except Exception as exc:  # a report must come out whatever one picture holds
        log.debug("no thumbnail for %s: %s", path, exc)
        return ""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _e(text: object) -> str:
    """Escaped for HTML; controls and bidi overrides shown as escapes, newlines kept."""
    return html.escape(for_terminal(text, keep_newlines=True), quote=True)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
