"""A separate process for the concurrency and crash tests (run with ``python -m``).

Modes:
  saves URL PHOTO_ID NAME COUNT GO_FILE  COUNT saves "NAME-i", retrying on conflicts
  loop URL PHOTO_ID                      save forever, printing each version (killed by the test)
  edit URL PATH                          one save whose file write never returns
  import URL FOLDER GO_FILE              import a folder, printing how many photos it added
"""

import os
import sys
import time

from editor_app.catalog import open_catalog
from editor_app.errors import EditConflict
from editor_app.ops.ingest import ingest_paths
from tests.ops.editing import save_file


def saves(url: str, photo_id: int, name: str, count: int, go_file: str) -> None:
    catalog = open_catalog(url)
    while not os.path.exists(go_file):  # start both workers together
        time.sleep(0.005)
    conflicts = 0
    for i in range(count):
        while True:
            version = catalog.photo_by_id(photo_id).version
            try:
                catalog.save_revision(
                    photo_id, {"caption": f"{name}-{i}"}, editor=name, expected_version=version
                )
                break
            except EditConflict:
                conflicts += 1
    print(conflicts, flush=True)
    catalog.close()


def loop(url: str, photo_id: int) -> None:
    catalog = open_catalog(url)
    i = 0
    while True:
        i += 1
        result = catalog.save_revision(photo_id, {"caption": f"loop-{i}"}, editor="loop")
        print(result.photo.version, flush=True)


def edit(url: str, path: str) -> None:
    catalog = open_catalog(url)

    def hang(path, changes):
        print("writing", flush=True)
        time.sleep(600)

    save_file(catalog, path, {"caption": "saved before the crash"}, editor="crash", writer=hang)


def import_folder(url: str, folder: str, go_file: str) -> None:
    catalog = open_catalog(url)
    while not os.path.exists(go_file):
        time.sleep(0.005)
    changes = ingest_paths(catalog, [folder], batch_size=10)
    assert not changes.problems, changes.problems
    print(len(changes.added), flush=True)


if __name__ == "__main__":
    mode, url, *rest = sys.argv[1:]
    if mode == "saves":
        saves(url, int(rest[0]), rest[1], int(rest[2]), rest[3])
    elif mode == "loop":
        loop(url, int(rest[0]))
    elif mode == "import":
        import_folder(url, rest[0], rest[1])
    else:
        edit(url, rest[0])
