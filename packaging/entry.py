"""Entry point of the frozen app (PyInstaller): ``caption-desk COMMAND ...``, as the wheel's."""

import multiprocessing

if __name__ == "__main__":
    # Before anything else: a worker, the forkserver or the resource tracker is this same binary
    # started with multiprocessing's own arguments; freeze_support runs it and exits.
    multiprocessing.freeze_support()
    from editor_app.cli import run

    run()
