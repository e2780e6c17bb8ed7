"""benchmarks/README.md: one current table (goal, reference, figure, machine, date) and how to
run every benchmark script (issue 9 §7); how each measures and earlier figures: details.md."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "benchmarks" / "README.md"
_COLUMNS = ("benchmark", "goal", "reference", "figure", "machine", "date")


def section(text: str, title: str) -> str:
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def tables(text: str) -> list[list[list[str]]]:
    """The Markdown tables of ``text``: rows of cells, the header first, the rule left out."""
    found: list[list[list[str]]] = []
    previous = ""
    for line in text.splitlines():
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if not previous.startswith("|"):
                found.append([])
            if not all(re.fullmatch(r":?-+:?", cell) for cell in cells):
                found[-1].append(cells)
        previous = line
    return found


def table_problems(text: str) -> list[str]:
    (table, *more) = tables(section(text, "Current figures")) or [[]]
    problems = [f"{len(more)} more tables under Current figures"] if more else []
    header, rows = (table[0], table[1:]) if table else ([], [])
    problems += [f"no {name} column" for name in _COLUMNS if name not in header]
    for row in rows:
        cells = dict(zip(header, row, strict=False))
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", cells.get("date", "")):
            problems.append(f"{row[0]}: no date")
        if not cells.get("machine") or not cells.get("figure"):
            problems.append(f"{row[0]}: no machine or figure")
    return problems


def scripts() -> list[str]:
    return sorted(
        path.name
        for path in (ROOT / "benchmarks").glob("*.py")
        if "__main__" in path.read_text(encoding="utf-8")
    )


def test_the_readme_is_the_table_and_how_to_run_only():  # the rest is in details.md
    headings = re.findall(r"^## (.+)$", README.read_text(encoding="utf-8"), re.MULTILINE)
    assert headings == ["Current figures", "How to run"]


def test_one_current_table_with_the_columns_and_a_date_per_row():
    assert table_problems(README.read_text(encoding="utf-8")) == []


def test_how_to_run_names_every_benchmark_script():
    how = section(README.read_text(encoding="utf-8"), "How to run")
    assert [name for name in scripts() if f"benchmarks/{name}" not in how] == []


def test_a_table_without_dates_or_a_second_table_is_reported():
    text = README.read_text(encoding="utf-8")
    current = section(text, "Current figures")
    undated = text.replace(current, re.sub(r"\| 20\d\d-\d\d-\d\d \|", "| |", current, count=1))
    assert len(table_problems(undated)) == 1 and "no date" in table_problems(undated)[0]
    second = text.replace(current, current + "\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert table_problems(second) == ["1 more tables under Current figures"]
    assert "scan.py" in scripts() and "feed_photos.py" not in scripts()  # a helper module
