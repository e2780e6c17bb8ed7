"""The Info tab: camera, exposure, capture time, GPS, sizes, path, and each field's source."""

import html
import os

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from editor_app.metadata.fields import label
from editor_app.metadata.record import PhotoMetadata
from editor_app.ops.desk import DeskPhoto


def exif_rows(record: PhotoMetadata) -> list[tuple[str, str]]:
    """(label, value) rows of the EXIF panel, only those the file has."""
    exif = record.exif
    exposure = []
    if exif.exposure_time:
        t = exif.exposure_time
        exposure.append(f"1/{round(1 / t)} s" if 0 < t < 1 else f"{t:g} s")
    if exif.f_number:
        exposure.append(f"f/{exif.f_number:g}")
    if exif.iso:
        exposure.append(f"ISO {exif.iso}")
    rows = [
        ("Camera", camera_name(exif.make, exif.model)),
        ("Lens", exif.lens),
        ("Exposure", ", ".join(exposure)),
        ("Focal length", f"{exif.focal_length:g} mm" if exif.focal_length else ""),
        ("Captured", captured_text(exif.datetime_original)),
        ("GPS", gps_text(record)),
        ("Pixels", f"{record.width} × {record.height}" if record.width and record.height else ""),
        ("File size", _size(record)),
        ("Format", record.format),
        ("Path", str(record.path)),
    ]
    return [(label, value) for label, value in rows if value]


def camera_name(make: str, model: str) -> str:
    """ "Canon EOS R5", not "Canon Canon EOS R5": most models repeat the maker's first word
    ("NIKON CORPORATION" / "NIKON D850"); others do not ("SONY" / "ILCE-7M3")."""
    make, model = make.strip(), model.strip()
    first = make.split()[0].casefold() if make else ""
    if not model or (first and model.casefold().startswith(first)):
        return model or make
    return f"{make} {model}" if make else model


def captured_text(value: str | None) -> str:
    """The camera's time with its offset from UTC when the file records one: the editor
    compares it with the caption's date, which the event's local day decides."""
    if not value:
        return ""
    day, _, time = value.partition("T")
    for sign in "+-":
        if sign in time:
            clock, _, offset = time.partition(sign)
            return f"{day} {clock} (UTC{sign}{offset})"
    if time.endswith("Z"):
        return f"{day} {time[:-1]} (UTC)"
    return f"{day} {time} (no time zone recorded)" if time else day


def gps_text(record: PhotoMetadata) -> str:
    lat, lon = record.exif.gps_latitude, record.exif.gps_longitude
    return f"{lat:.6f}, {lon:.6f}" if lat is not None and lon is not None else ""


def source_rows(record: PhotoMetadata) -> list[tuple[str, str]]:
    """(field, where it came from) and the conflicts between sources."""
    rows = [(label(name), source.upper()) for name, source in sorted(record.sources.items())]
    for conflict in record.conflicts:
        values = "; ".join(f"{s.upper()}: {v}" for s, v in conflict.values.items())
        rows.append((f"⚠ {label(conflict.field)}", f"sources disagree ({values})"))
    return rows


def _size(record: PhotoMetadata) -> str:
    try:
        size = os.stat(record.path).st_size
    except OSError:
        return ""
    if size >= 1e6:
        return f"{size / 1e6:.1f} MB"
    return f"{size / 1e3:.0f} KB" if size >= 1e3 else f"{size} bytes"


class InfoPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QTextBrowser()
        self.copy_gps = QPushButton("Copy GPS")
        self.copy_gps.clicked.connect(self._on_copy_gps_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.copy_gps)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        self._gps = ""

    def show_photo(self, photo: DeskPhoto | None) -> None:
        if photo is None:
            self.text.clear()
            self._gps = ""
            self.copy_gps.setEnabled(False)
            return
        record = photo.record
        self._gps = gps_text(record)
        self.copy_gps.setEnabled(bool(self._gps))
        parts = ["<table cellspacing=4>"]
        if record.error:
            parts.append(_row("Problem", record.error))
        parts += [_row(label, value) for label, value in exif_rows(record)]
        parts.append("</table>")
        sources = source_rows(record)
        if sources:  # none for a file that could not be read
            parts.append("<h4>Where each field came from</h4><table cellspacing=4>")
            parts += [_row(label, value) for label, value in sources]
            parts.append("</table>")
        self.text.setHtml("".join(parts))

    def _on_copy_gps_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self._gps)


def _row(label: str, value: str) -> str:
    return f"<tr><td><b>{html.escape(label)}</b></td><td>{html.escape(value)}</td></tr>"
