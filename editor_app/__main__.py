"""``python -m editor_app`` opens the desk (the GUI); the CLI is ``caption-desk``."""

import sys

from editor_app.cli import main

if __name__ == "__main__":
    sys.exit(main(["gui", *sys.argv[1:]]))
