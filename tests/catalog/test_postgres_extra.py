"""psycopg2 is the ``postgresql`` extra: without it a postgresql:// catalog says how to get it."""

import sys

import pytest

from editor_app import cli
from editor_app.catalog.db import make_database
from editor_app.catalog.errors import CatalogError


def test_a_missing_driver_gives_one_clear_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg2", None)  # `import psycopg2` raises ImportError
    with pytest.raises(CatalogError) as caught:
        make_database("postgresql://desk@localhost:5432/captions")
    message = str(caught.value)
    assert "pip install 'caption-desk[postgresql]'" in message
    assert "\n" not in message


def test_the_cli_prints_it_without_a_traceback(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "psycopg2", None)
    code = cli.main(["--db", "postgresql://desk@localhost/captions", "export"])
    err = capsys.readouterr().err
    assert code != 0
    assert "caption-desk[postgresql]" in err and "Traceback" not in err


def test_with_the_driver_a_postgres_url_makes_a_database():
    pytest.importorskip("psycopg2")
    assert make_database("postgresql://desk@localhost:5432/captions").database == "captions"
