"""PLACEHOLDER: replaced by the issue that owns this command."""


def add_parser(sub) -> None:
    pass
