"""PLACEHOLDER: the reader lands here."""


def add_parser(sub) -> None:
    pass
