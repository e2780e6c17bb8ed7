"""``caption-desk set`` in a separate process that waits for a go file first (run with -m).

Usage: GO_FILE ARGS...: imports the CLI, waits until GO_FILE exists, then runs ``main(ARGS)``,
so two workers started one after the other reach the write at the same moment.
"""

import os
import sys
import time

from editor_app.cli import main
from editor_app.commands import set_fields  # noqa: F401  (imported before the start signal)
from editor_app.ops import edit  # noqa: F401

if __name__ == "__main__":
    go = sys.argv[1]
    while not os.path.exists(go):
        time.sleep(0.001)
    sys.exit(main(sys.argv[2:]))
