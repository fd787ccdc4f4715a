"""How the coverage figures are named, on screen and in every printed or exported format.

Free of Qt and of the report's content, so the window's chart can use it at start-up.
"""

from __future__ import annotations

from insider_planner.domain.gap import Coverage


def bar_labels(kind: str) -> tuple[str, str]:
    """The two bars' names: constraints have 'Acceptable' where access has 'Needed'."""
    return ("Held", "Acceptable" if kind == "constraint" else "Needed")


def gap_label(item: Coverage) -> str:
    """The short gap figure printed under a category's name."""
    if item.kind == "constraint":
        return f"{item.gap} not acceptable" if item.gap else "all acceptable"
    return f"gap {item.gap}" if item.gap else "no gap"
