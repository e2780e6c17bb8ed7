"""Errors the catalog raises; each message is one readable sentence."""

from editor_app.errors import CaptionDeskError


class CatalogError(CaptionDeskError):
    """The catalog cannot be opened or used as asked."""


class CatalogTooNew(CatalogError):  # noqa: N818 (the name the style guide uses)
    """The catalog was written by a newer Caption Desk; it is left untouched."""

    def __init__(self, found: int, known: int) -> None:
        super().__init__(
            f"this catalog has schema version {found}, written by a newer Caption Desk "
            f"(this one knows up to version {known}); upgrade Caption Desk to open it. "
            "The catalog was not changed."
        )
        self.found, self.known = found, known
