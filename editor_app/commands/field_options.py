"""``caption-desk set``'s field options, generated from the field table (metadata/fields.py)."""

import argparse

from editor_app.metadata.fields import editor_fields


def add_field_options(parser: argparse.ArgumentParser) -> None:
    """One option per field, in the editor's order: ``--caption T``; list fields repeat."""
    group = parser.add_argument_group("fields")
    for spec in editor_fields():
        action = "append" if spec.is_list else "store"
        group.add_argument(
            spec.option, dest=spec.name, metavar=spec.metavar, action=action, help=spec.help
        )


def changes_from(args: argparse.Namespace) -> dict[str, object]:
    """The fields given on the command line: field name -> value (lists for repeatables)."""
    names = (spec.name for spec in editor_fields())
    return {name: getattr(args, name) for name in names if getattr(args, name) is not None}
