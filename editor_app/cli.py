"""The ``caption-desk`` command: argparse, exit codes, one line per problem.

It must run with no display: nothing here imports Qt (``gui`` imports the UI only when asked).
Only the module of the command being run is imported, so ``show`` starts without peewee.
"""

import argparse
import importlib
import logging
import os
import sys
import threading
from collections.abc import Sequence

from editor_app import __version__, parallel, paths
from editor_app.commands import ExitCode
from editor_app.errors import CaptionDeskError
from editor_app.logs import configure_logging
from editor_app.textsafe import for_terminal

log = logging.getLogger(__name__)

# command name -> (module, one-line help shown in the command list)
COMMANDS: dict[str, tuple[str, str]] = {
    "show": ("editor_app.commands.show", "print the captions, credits and EXIF of photos"),
    "set": ("editor_app.commands.set_fields", "write caption fields into photos"),
    "check": ("editor_app.commands.check", "check captions and credits against the house style"),
    "import": ("editor_app.commands.ingest", "scan folders into the catalog"),
    "history": ("editor_app.commands.history", "list the saved revisions of a photo's captions"),
    "export": ("editor_app.commands.export", "print the caption sheet of the catalog"),
    "template": ("editor_app.commands.template", "show, import and list caption templates"),
    "codes": ("editor_app.commands.codes", "import and list code replacements (=code=)"),
    "watch": ("editor_app.commands.watch", "import and check photos as they arrive in folders"),
}
_GLOBAL_OPTIONS_WITH_VALUE = {"--home", "--db"}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full parser, or one where only command ``only`` is built for real (fast start)."""
    parser = argparse.ArgumentParser(
        prog="caption-desk", description="Read, write and check captions and credits of photos."
    )
    parser.add_argument("--version", action="version", version=f"caption-desk {__version__}")
    parser.add_argument("--home", help="keep everything Caption Desk stores under this folder")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    parser.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="catalog database: sqlite:///path.db or postgresql://user@host/name "
        "(default: $CAPTION_DESK_DB, else an SQLite file under the data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        if only is None or only == name:
            importlib.import_module(module).add_parser(sub)
        else:
            sub.add_parser(name, help=help_text)
    gui = sub.add_parser("gui", help="open the desk window")
    gui.add_argument(
        "folder", nargs="*", help="folder of photos to open (a photo: its folder; the first counts)"
    )
    gui.set_defaults(run=_run_gui)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command_in(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 for --help/--version
        return int(exc.code or 0)
    if args.home:
        if os.path.exists(args.home) and not os.path.isdir(args.home):
            print(
                f"caption-desk: --home {for_terminal(args.home)} is a file, not a folder: give "
                "a folder (it is created when missing)",
                file=sys.stderr,
            )
            return ExitCode.USAGE
        paths.set_home(args.home)
    if args.debug:
        configure_logging(console_level=logging.DEBUG, file_level=logging.DEBUG)
    else:
        configure_logging()
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return ExitCode.USAGE
    if args.command == "gui":  # the window's pools never fork (parallel.py)
        return _run(args)
    with parallel.fork_allowed():  # no Qt, no threads of ours: pools start in ~0.02 s
        return _run(args)


def run() -> None:
    """The ``caption-desk`` console script: ``main()``, then out. A command that held no
    catalog connection, thread or worker ends without the interpreter's teardown, which only
    frees memory: ~0.05-0.1 s of a ``check`` of 1,000 photos (benchmarks/details.md)."""
    code = main()
    if _nothing_left_open():
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):  # a closed pipe: the normal way out reports it
            sys.exit(code)
        logging.shutdown()  # the log file's last lines
        os._exit(code)
    sys.exit(code)


def _nothing_left_open() -> bool:
    """No catalog (peewee), window (Qt), other thread or live worker process: nothing whose
    clean-up at exit matters."""
    if any(name in sys.modules for name in ("peewee", "PySide6", "shiboken6")):
        return False
    if threading.active_count() != 1:
        return False
    processes = sys.modules.get("multiprocessing")
    return processes is None or not processes.active_children()


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.run(args))
    except CaptionDeskError as exc:
        print(f"caption-desk: {for_terminal(exc, keep_newlines=True)}", file=sys.stderr)
        return ExitCode.USAGE
    except KeyboardInterrupt:
        print("caption-desk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (``| head``): nothing more to say
        return ExitCode.OK
    except Exception:
        if args.debug:
            raise
        log.info("internal error", exc_info=True)  # into the log file, not onto the terminal
        print("caption-desk: internal error, run with --debug for details", file=sys.stderr)
        return ExitCode.USAGE


def _command_in(argv: list[str]) -> str | None:
    """The subcommand named in ``argv``, skipping global options and their values."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _GLOBAL_OPTIONS_WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def _run_gui(args: argparse.Namespace) -> int:
    # the only place the CLI may pull in Qt, on request
    from editor_app.ui.app import folder_to_open, run_gui

    return run_gui(folder_to_open(args.folder), args.db)


if __name__ == "__main__":
    run()
