"""What a rule reports: a severity and one readable sentence about one photo."""

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

# What captions.report renders (kept here, where the command line's parser can read it without
# loading the report's json, csv and XML modules).
FORMATS = ("text", "json", "csv", "junit")


class Severity(StrEnum):
    ERROR = "error"  # must not be published as is; makes `check` exit 1
    WARNING = "warning"  # worth a look; `check` still exits 0


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str  # stable id such as "missing-credit": used by filters, config and output
    severity: Severity
    path: Path
    message: str  # one readable sentence, shown as is by the GUI and the CLI
    photo_id: int | None = None  # the catalog photo, when the rules ran on catalog or editor values

    def as_json(self) -> dict[str, str]:  # the public JSON of ``check``: no photo id
        return {
            "path": str(self.path),
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
        }
