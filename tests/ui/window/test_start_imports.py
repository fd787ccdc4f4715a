"""Showing the window loads no more of the app than it shows."""

from __future__ import annotations

import subprocess
import sys


def test_the_window_module_leaves_the_report_renderers_unloaded() -> None:
    code = (
        "import sys, insider_planner.ui.window.main_window; "
        "print(sorted(m for m in sys.modules if m.startswith('insider_planner.report.')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    for module in ("export", "content", "html", "markdown", "pdf"):
        assert f"insider_planner.report.{module}'" not in loaded
