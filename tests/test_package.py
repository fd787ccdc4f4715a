"""What importing the package sets up for the whole process."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_pydantic_plugins_never_see_plan_values() -> None:
    # A fresh interpreter with a plugin registered: importing the package keeps it out.
    code = textwrap.dedent(
        """
        import os
        from importlib.metadata import EntryPoint
        from pydantic.plugin import _loader

        os.environ.pop("PYDANTIC_DISABLE_PLUGINS", None)
        spy = EntryPoint(name="spy", value="json:dumps", group="pydantic")
        _loader.entry_points = lambda group: [spy] if group == "pydantic" else []
        import insider_planner  # noqa: F401
        print(len(list(_loader.get_plugins())))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == ["0"]
