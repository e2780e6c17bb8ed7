"""The keyboard shortcuts, as Help ▸ Keyboard shortcuts lists them (desk-ux.md's table)."""

SHORTCUTS = (
    ("Arrows, Home/End, PgUp/PgDn", "move in the contact sheet"),
    ("Shift/Ctrl + click or arrows", "select several photos"),
    ("Enter or Space", "preview the photo large"),
    ("Esc", "back to the contact sheet (from the preview, a field or the search)"),
    ("Z", "preview at 100 % / fit"),
    ("Left / Right in the preview", "previous / next photo"),
    ("Ctrl+= (Ctrl++) / Ctrl+-", "bigger / smaller thumbnails"),
    ("Ctrl+F", "search caption, headline, credit, by-line, file name"),
    (
        "Ctrl+1 … Ctrl+6",
        "filter: all, with problems, missing caption, duplicates, unsaved, not written",
    ),
    ("F5", "re-check the folder, staying where you are"),
    ("Ctrl+O, Ctrl+Shift+O", "open a folder, recent folders"),
    ("Ctrl+I, or Tab from the sheet", "into the caption field"),
    ("Ctrl+S", "save (catalog revision first, then the file in the background)"),
    ("Ctrl+Enter", "save and go to the next photo, caption field focused"),
    ("Ctrl+Z / Ctrl+Shift+Z", "undo / redo, also after saving (in a field: its typing first)"),
    ("Ctrl+Shift+W", "write every photo not yet written to its file"),
    ("F1", "this list"),
)
