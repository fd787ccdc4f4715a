"""Start the desktop app."""

from __future__ import annotations

from collections.abc import Sequence


def run_gui(argv: Sequence[str]) -> int:
    """Open the main window on the given plan file, or on the last plan used."""
    import sys

    print("The window is not available yet.", file=sys.stderr)
    return 1
