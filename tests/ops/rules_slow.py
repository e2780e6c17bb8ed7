"""A worker task that outlasts the load (tests/ops/test_rules_ahead.py): importable, as pool
tasks must be."""

import time


def slow_task(*_args):
    time.sleep(10)
