"""Render findings as text, JSON, CSV or JUnit XML: what ``caption-desk check`` prints.

The JSON shape is a public contract: ``{"files_checked": N, "problems": [{"path", "rule",
"severity", "message"}]}``.
"""

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from itertools import groupby
from pathlib import Path

from editor_app.captions.findings import FORMATS, Finding, Severity
from editor_app.textsafe import for_csv, for_json, for_terminal, for_xml

__all__ = ["FORMATS", "render"]
_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def render(
    findings: Sequence[Finding], paths: Sequence[Path], fmt: str, *, colour: bool = False
) -> str:
    """``findings`` about the files ``paths`` (every file checked) in format ``fmt``."""
    if fmt == "json":
        return render_json(findings, len(paths))
    if fmt == "csv":
        return render_csv(findings)
    if fmt == "junit":
        return render_junit(findings, paths)
    return render_text(findings, len(paths), colour=colour)


def render_json(findings: Sequence[Finding], files_checked: int) -> str:
    data = {"files_checked": files_checked, "problems": [f.as_json() for f in findings]}
    return for_json(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def render_csv(findings: Sequence[Finding]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("path", "rule", "severity", "message"))
    writer.writerows(
        (for_csv(str(f.path)), f.rule, str(f.severity), for_csv(f.message)) for f in findings
    )
    return out.getvalue()


def render_text(findings: Sequence[Finding], files_checked: int, *, colour: bool = False) -> str:
    lines: list[str] = []
    width = max((len(f.rule) for f in findings), default=0)
    for path, group in groupby(findings, key=lambda f: f.path):
        shown = for_terminal(path)
        lines.append(f"{_BOLD}{shown}{_RESET}" if colour else shown)
        for f in group:
            severity = f"{f.severity:<7}"
            if colour:
                severity = f"{_COLOURS[f.severity]}{severity}{_RESET}"
            lines.append(f"  {severity}  {f.rule:<{width}}  {for_terminal(f.message)}")
        lines.append("")
    lines.append(summary(findings, files_checked))
    return "\n".join(lines) + "\n"


def summary(findings: Sequence[Finding], files_checked: int) -> str:
    """One sentence: how many problems of each severity, in how many of the files."""
    files = _plural(files_checked, "file")
    if not findings:
        return f"No problems in {files} checked."
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    with_problems = len({f.path for f in findings})
    return (
        f"{_plural(len(findings), 'problem')} ({_plural(errors, 'error')}, "
        f"{_plural(warnings, 'warning')}) in {with_problems} of {files} checked."
    )


def render_junit(findings: Sequence[Finding], paths: Sequence[Path]) -> str:
    """One testcase per file checked, one failure per problem (warnings included)."""
    by_path: dict[str, list[Finding]] = {for_xml(p): [] for p in paths}
    for f in findings:
        by_path.setdefault(for_xml(f.path), []).append(f)
    failed = sum(1 for items in by_path.values() if items)
    attrs = {
        "name": "caption-desk check",
        "tests": str(len(by_path)),
        "failures": str(failed),
        "errors": "0",
        "skipped": "0",
    }
    root = ET.Element("testsuites", attrs)
    suite = ET.SubElement(root, "testsuite", attrs)
    for path, items in by_path.items():
        case = ET.SubElement(
            suite, "testcase", {"classname": "caption-desk.check", "name": path, "file": path}
        )
        for f in items:
            message = for_xml(f.message)
            failure = ET.SubElement(case, "failure", {"type": f.rule, "message": message})
            failure.text = f"{f.severity}: {f.rule}: {message}"
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
