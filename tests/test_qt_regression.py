"""Guard against the PySide6 6.12.0 + CPython < 3.12 crash (NOTES.md: "none_dealloc").

Qt methods that return nothing drop a reference to None; on an affected build a few thousand
calls abort the interpreter. The loop runs in a child process so an abort fails one test
instead of killing the whole run.
"""

from __future__ import annotations

import os
import subprocess
import sys

LOOP = """
import sys
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv)
label = QLabel()
for n in range(20_000):
    label.setText(str(n))
    label.setEnabled(n % 2 == 0)
assert label.text() == "19999"
print("ok")
"""


def test_many_qt_calls_returning_none_do_not_crash() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", LOOP], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    assert result.stdout == "ok\n"
    assert "none_dealloc" not in result.stderr
