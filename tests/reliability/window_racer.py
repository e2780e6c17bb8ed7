"""Another program acting on a photo at one chosen instant (run with -m): prints "ready", waits
for GO_FILE, then does ACTION and creates DONE_FILE.

ACTION: "rename" moves SOURCE over TARGET (a picture saved by rename, as wire software does);
"rewrite" writes SOURCE's bytes into TARGET in place (truncated first, as ``cp`` does);
"create" writes SOURCE's bytes to TARGET, which did not exist.

Usage: ACTION SOURCE TARGET GO_FILE DONE_FILE
"""

import os
import sys
import time
from pathlib import Path

if __name__ == "__main__":
    action, source, target, go, done = sys.argv[1:]
    data = Path(source).read_bytes()
    print("ready", flush=True)
    deadline = time.monotonic() + 30
    while not os.path.exists(go) and time.monotonic() < deadline:
        time.sleep(0.0005)
    if action == "rename":
        os.replace(source, target)
    else:
        with open(target, "r+b" if action == "rewrite" else "xb") as out:
            out.truncate(0)
            out.write(data)
    Path(done).touch()
