"""One module per ``caption-desk`` subcommand: ``add_parser(subparsers)`` and ``run(args)``."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    PROBLEMS = 1  # some files could not be read/written, or check found errors
    USAGE = 2  # bad arguments or an internal error
    CONFLICT = 3  # --expect-version did not match the catalog
