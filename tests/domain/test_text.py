"""Counts in words."""

from __future__ import annotations

from insider_planner.domain.text import plural


def test_plural_agrees_with_the_count() -> None:
    assert plural(0, "task") == "0 tasks"
    assert plural(1, "task") == "1 task"
    assert plural(2, "item") == "2 items"
    assert plural(1_200, "task") == "1,200 tasks"
    assert plural(1, "category", "categories") == "1 category"
    assert plural(3, "category", "categories") == "3 categories"
