"""The Qt binding we run on must not leak references to None (PySide6-Essentials 6.12.0 does:
one per call returning nothing, so a long editing session aborts with "none_dealloc")."""

import sys

from PySide6.QtWidgets import QLabel


def test_qt_calls_returning_nothing_keep_none_alive(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2_000):
        label.setVisible(False)
    assert sys.getrefcount(None) - before > -100  # 6.12.0: -1,999
