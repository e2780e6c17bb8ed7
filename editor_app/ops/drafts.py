"""What the editor typed and has not saved, and the rules of typing on several photos at once.

A draft is a value per photo and field that differs from the saved one. The Caption tab
(``ui/widgets/caption_editor.py``) turns keys into drafts with these rules; they hold no Qt, so
the window's behaviour is tested here without one.
"""

from collections.abc import Iterable, Mapping

from editor_app.captions.countries import find_country
from editor_app.metadata.fields import FieldValue
from editor_app.ops.desk import DeskPhoto


class Drafts:
    """Unsaved values by photo key and field; a value equal to the saved one is no draft."""

    def __init__(self) -> None:
        self._drafts: dict[int, dict[str, FieldValue]] = {}
        # Values of saves not answered yet, by photo: what the file is about to hold. Text
        # typed back to the old value meanwhile differs from it, so it is still a draft.
        self._sending: dict[int, list[dict[str, FieldValue]]] = {}

    def __bool__(self) -> bool:
        return bool(self._drafts)

    def keys(self) -> list[int]:
        return list(self._drafts)

    def of(self, key: int) -> dict[str, FieldValue]:
        return dict(self._drafts.get(key, {}))

    def set(self, photo: DeskPhoto, name: str, value: FieldValue) -> None:
        saved = getattr(photo.record, name, "")
        for sending in reversed(self._sending.get(photo.key, ())):
            if name in sending:
                saved = sending[name]
                break
        draft = self._drafts.setdefault(photo.key, {})
        if value == (saved if saved is not None else ""):
            draft.pop(name, None)
        else:
            draft[name] = value
        if not draft:
            del self._drafts[photo.key]

    def drop(self, keys: Iterable[int]) -> None:
        for key in keys:
            self._drafts.pop(key, None)

    def sending(self, changes: Mapping[int, Mapping[str, FieldValue]]) -> None:
        for key, values in changes.items():
            self._sending.setdefault(key, []).append(dict(values))

    def sent(self, changes: Mapping[int, Mapping[str, FieldValue]]) -> None:
        for key, values in changes.items():
            pending = self._sending.get(key, [])
            if dict(values) in pending:
                pending.remove(dict(values))
            if not pending:
                self._sending.pop(key, None)

    def drop_saved(self, key: int, saved: Mapping[str, FieldValue]) -> None:
        """Drop the photo's drafts that ``saved`` holds: what was typed after the save was
        sent (the editor goes on typing at once) is still a draft."""
        draft = self._drafts.get(key)
        if draft is None:
            return
        for name, value in saved.items():
            if name in draft and draft[name] == value:
                del draft[name]
        if not draft:
            del self._drafts[key]

    def clear(self) -> None:
        self._drafts.clear()


def current_value(photo: DeskPhoto, drafts: Drafts, name: str) -> FieldValue:
    """What the editor sees for one photo: its draft, else its saved value."""
    draft = drafts.of(photo.key)
    if name in draft:
        return draft[name]
    value = getattr(photo.record, name, "")
    return value if value is not None else ""


def list_value(text: str) -> tuple[str, ...]:
    """A list field (by-lines, keywords) as typed: "Ann Lee; Bo Chan"."""
    return tuple(item.strip() for item in text.split(";") if item.strip())


def typed_over_several(
    name: str, value: FieldValue, own: Mapping[int, FieldValue]
) -> dict[int, FieldValue] | None:
    """Each photo's value when ``value`` is typed into field ``name`` showing *(several
    values)* (``own``: each photo's value then); None when every photo takes ``value``.

    Emptied again, the field is untouched: each photo keeps its own value (a slip then
    Backspace must not blank every selected caption; clearing a field on several photos is
    one at a time). Keywords are added to each photo's own: tagging a selection "France" must
    not take "animals" off the one that had it.
    """
    if not value:
        return dict(own)
    if name == "keywords" and isinstance(value, tuple):
        merged: dict[int, FieldValue] = {}
        for key, had in own.items():
            kept = had if isinstance(had, tuple) else ()
            merged[key] = (*kept, *(k for k in value if k not in kept))
        return merged
    return None


def code_for_country(text: str) -> str | None:
    """The ISO 3166 code of the country named ``text``. Whole names only: two or three
    letters are the start of a name, not a code ("Ca" on the way to "Catalonia" is no
    Canada, "It" no Italy)."""
    text = text.strip()
    found = find_country(text) if len(text) > 3 else None
    return found.code if found is not None else None


def country_for_code(code: str) -> str | None:
    """The country's name for a three-letter ISO 3166 code ("ITA": "Italy")."""
    code = code.strip()
    found = find_country(code) if len(code) == 3 else None
    return found.name if found is not None else None


def capture_times(photos: Iterable[DeskPhoto]) -> dict[int, str]:
    """Each photo's own capture time (EXIF DateTimeOriginal), for "Date created from
    capture"; photos without one are left out (their date stays as it is)."""
    return {
        photo.key: captured for photo in photos if (captured := photo.record.exif.datetime_original)
    }


def typed_after(draft: FieldValue | None, sent: FieldValue | None) -> str:
    """What was typed at the end of a caption after its text ``sent`` was saved (Ctrl+Enter
    while the save ran): it goes to the next photo. Nothing when the text was edited
    elsewhere: then it stays on this photo, unsaved."""
    if not isinstance(sent, str) or not isinstance(draft, str) or draft == sent:
        return ""
    return draft[len(sent) :] if draft.startswith(sent) else ""
