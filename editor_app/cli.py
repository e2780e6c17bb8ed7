"""The ``caption-desk`` command: argparse, exit codes, one line per problem.

It must run with no display: nothing here imports Qt (``gui`` imports the UI only when asked).
"""

import argparse
import logging
import sys
from collections.abc import Sequence

from editor_app import __version__, paths
from editor_app.commands import ExitCode, check, export, history, ingest, set_fields, show
from editor_app.errors import CaptionDeskError

log = logging.getLogger(__name__)


_COMMANDS = (show, set_fields, check, ingest, history, export)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="caption-desk", description="Read, write and check captions and credits of photos."
    )
    parser.add_argument("--version", action="version", version=f"caption-desk {__version__}")
    parser.add_argument("--home", help="keep everything Caption Desk stores under this folder")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _COMMANDS:
        module.add_parser(sub)
    gui = sub.add_parser("gui", help="open the desk window")
    gui.add_argument("folder", nargs="?", help="folder of photos to open")
    gui.set_defaults(run=_run_gui)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 for --help/--version
        return int(exc.code or 0)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.home:
        paths.set_home(args.home)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return ExitCode.USAGE
    try:
        return int(args.run(args))
    except CaptionDeskError as exc:
        print(f"caption-desk: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except KeyboardInterrupt:
        print("caption-desk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return ExitCode.OK
    except Exception:
        if args.debug:
            raise
        log.debug("internal error", exc_info=True)
        print("caption-desk: internal error, run with --debug for details", file=sys.stderr)
        return ExitCode.USAGE


def _run_gui(args: argparse.Namespace) -> int:
    from editor_app.ui.app import run_gui  # the only place the CLI may pull in Qt, on request

    return run_gui(args.folder)


if __name__ == "__main__":
    sys.exit(main())
