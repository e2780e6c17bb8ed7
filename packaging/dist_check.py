"""Drive the frozen app as a desk would (``make dist-check``); fails on the first surprise.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python packaging/dist_check.py \
        dist/caption-desk build/dist-check

Runs the bundle's ``--version``, looks for the thumbnails' DC scan in it, runs ``show`` and
``check`` on the sample desk (same findings as the source tree's own ``check``), ``check`` on 600
files with worker processes (the forkserver in a frozen binary), ``check --format html``,
``set`` read back with exiftool, and the window for a few seconds on the sample desk, grabbed
into OUT/window.png (look at it).
"""

import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from PIL import ImageGrab

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "sample-desk"
POOL_FILES = 600  # above ops.read.READ_POOL_THRESHOLD
WINDOW_SECONDS = 12


def main(bundle: Path, out: Path) -> int:
    binary = bundle / "caption-desk"
    shutil.rmtree(out, ignore_errors=True)
    desk = out / "desk"
    shutil.copytree(SAMPLE, desk)
    env = dict(os.environ, CAPTION_DESK_HOME=str(out / "home"))
    env.pop("PYTHONPATH", None)  # the bundle must not need the source tree
    step("--version", check_version, binary, env)
    step("the DC scan is bundled", check_dc_scan, bundle)
    step("show", check_show, binary, env, desk)
    step("check (sample desk)", check_same_findings, binary, env, desk)
    step(f"check ({POOL_FILES} files, worker processes)", check_pool, binary, env, out)
    step("check --format html", check_html, binary, env, desk, out)
    step("set + exiftool", check_set, binary, env, desk)
    step("window (Xvfb)", check_window, bundle, env, desk, out)
    print(f"dist-check passed; bundle {du(bundle) / 1e6:.0f} MB; look at {out / 'window.png'}")
    return 0


def step(name: str, func, *args) -> None:
    started = time.perf_counter()
    func(*args)
    print(f"ok  {name}  ({time.perf_counter() - started:.1f} s)", flush=True)


def run(args: list, env: dict, expect: int = 0, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(a) for a in args], env=env, capture_output=True, text=True, timeout=600, **kwargs
    )
    if done.returncode != expect:
        sys.exit(f"{args[1:]} exited {done.returncode}, not {expect}:\n{done.stderr}")
    return done


def check_version(binary: Path, env: dict) -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    got = run([binary, "--version"], env).stdout.strip()
    assert got == f"caption-desk {version}", got


def check_dc_scan(bundle: Path) -> None:
    """The thumbnails' native scan (docs/imaging.md): without it the app works, ~1.5x slower."""
    found = [p for p in bundle.rglob("_dcscan*") if p.suffix in (".so", ".pyd")]
    if not found:
        sys.exit("the bundle has no editor_app/imaging/_dcscan extension")


def check_show(binary: Path, env: dict, desk: Path) -> None:
    data = json.loads(run([binary, "show", "--format", "json", desk / "cafe-01.jpg"], env).stdout)
    text = json.dumps(data)
    assert "Montreal" in text and "Ana Br" in text, text[:500]


def check_same_findings(binary: Path, env: dict, desk: Path) -> None:
    frozen = json.loads(run([binary, "check", "--format", "json", desk], env, 1).stdout)
    source_env = dict(env, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "editor_app.cli", "check", "--format", "json", desk]
    source = json.loads(run(command, source_env, 1).stdout)
    assert frozen == source, "the frozen app's findings differ from the source tree's"
    assert frozen["files_checked"] == 20 and frozen["problems"], frozen


def check_pool(binary: Path, env: dict, out: Path) -> None:
    many = out / "many"
    many.mkdir()
    photos = sorted(SAMPLE.glob("*.jpg"))
    for n in range(POOL_FILES):
        src = photos[n % len(photos)]
        shutil.copyfile(src, many / f"{src.stem}-{n:03d}.jpg")
    pool_env = dict(env, CAPTION_DESK_JOBS="2")  # workers whatever the machine's load
    done = run([binary, "--debug", "check", "--format", "json", many], pool_env, 1)
    # check reads alongside one worker process (ops/read_along.py)
    started = f"reading {POOL_FILES} files here and in 1 worker process"
    assert started in done.stderr, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["files_checked"] == POOL_FILES, report["files_checked"]
    single = json.loads(run([binary, "check", "--format", "json", many], env, 1).stdout)
    assert report == single, "the pool's findings differ from reading in one process"


def check_html(binary: Path, env: dict, desk: Path, out: Path) -> None:
    page = run([binary, "check", "--format", "html", desk], env, 1).stdout
    (out / "report.html").write_text(page, "utf-8")
    assert page.count("data:image/jpeg;base64,") >= 10, "thumbnails missing"


def check_set(binary: Path, env: dict, desk: Path) -> None:
    photo = desk / "cat-01.jpg"
    caption = "Ein Kätzchen schläft in Lyon, France, November 13, 2024. REUTERS/Jane Doe"
    run([binary, "set", photo, "--caption", caption, "--credit", "REUTERS/Jane Doe"], env)
    exiftool = shutil.which("exiftool") or sys.exit("exiftool is not installed")
    tags = [
        "-IPTC:Caption-Abstract",
        "-XMP-dc:Description",
        "-IPTC:Credit",
        "-charset",
        "iptc=utf8",
    ]
    read = json.loads(run([exiftool, "-j", *tags, photo], env).stdout)[0]
    assert read["Caption-Abstract"] == caption, read
    assert read["Description"] == caption, read
    assert read["Credit"] == "REUTERS/Jane Doe", read


def check_window(bundle: Path, env: dict, desk: Path, out: Path) -> None:
    if not os.environ.get("DISPLAY"):
        sys.exit("no DISPLAY: run under xvfb-run (make dist-check does)")
    gui_env = {k: v for k, v in env.items() if k != "QT_QPA_PLATFORM"}
    log = (out / "window.log").open("w")
    window = subprocess.Popen(
        [bundle / "caption-desk-gui", desk], env=gui_env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        time.sleep(WINDOW_SECONDS)
        assert window.poll() is None, f"the window exited {window.returncode}: see window.log"
        shot = ImageGrab.grab(xdisplay=os.environ["DISPLAY"])
        shot.save(out / "window.png")
        colours = shot.convert("RGB").resize((400, 250)).getcolors(maxcolors=1 << 16) or []
        assert len(colours) > 2000, "the screen looks empty: no thumbnails drawn?"
    finally:
        window.terminate()
        window.wait(timeout=30)
        log.close()


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
