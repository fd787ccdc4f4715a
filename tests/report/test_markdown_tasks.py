"""The Markdown export's lists are GitHub task lists: one box per item, the rest in words."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import NodeState, Plan
from insider_planner.report.content import build_report
from insider_planner.report.markdown import render_markdown

#: A GitHub task-list item's paragraph opens with exactly one of these and a space.
TASK_BOX = re.compile(r"^\[[ xX]\] ")
#: Anything else that looks like a box, anywhere: "[~]", a second "[ ]", "[-]".
STRAY_BOX = re.compile(r"(?<!\\)\[[ xX~\-]\]")


def _list_items(markdown: str) -> list[tuple[int, str]]:
    """Each list item's first line of text, with the line it starts on, as a CommonMark
    (GitHub) parser reads the document."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    items: list[tuple[int, str]] = []
    for index, token in enumerate(tokens):
        if token.type != "list_item_open":
            continue
        inline: Token | None = next(
            (t for t in tokens[index + 1 : index + 3] if t.type == "inline"), None
        )
        assert token.map is not None
        items.append((token.map[0], inline.content.split("\n")[0] if inline else ""))
    return items


def _section(markdown: str, heading: str) -> str:
    start = markdown.index(f"\n## {heading}")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end >= 0 else len(markdown)]


def _boxes(items: list[tuple[int, str]]) -> list[str]:
    return [text for _, text in items if TASK_BOX.match(text)]


@pytest.mark.parametrize("redact", [False, True])
@pytest.mark.parametrize("only_marked", [False, True])
def test_every_item_has_at_most_one_box_and_it_opens_the_item(
    sample_plan: Plan, catalog: Catalog, redact: bool, only_marked: bool
) -> None:
    text = render_markdown(
        build_report(sample_plan, catalog, redact=redact, only_marked=only_marked)
    )
    items = _list_items(text)
    assert items
    for line, content in items:
        rest = TASK_BOX.sub("", content, count=1)
        assert not STRAY_BOX.search(rest), (line, content)
    assert "[~]" not in text
    # The checklist and the board are task lists; the title block and the gap are not.
    assert _boxes(_list_items(_section(text, "Attribute checklist")))
    assert _boxes(_list_items(_section(text, "Action board")))
    assert not _boxes(_list_items(_section(text, "Gap")))


def test_held_is_the_box_and_needed_is_written(sample_plan: Plan, catalog: Catalog) -> None:
    """Weights: needed, not held; Activations: both; Internals: some facets held, some
    needed (partly); the NDA: held; equity: acceptable only."""
    text = render_markdown(build_report(sample_plan, catalog))
    items = {content for _, content in _list_items(_section(text, "Attribute checklist"))}
    assert "[ ] Weights — needed" in items
    assert "[x] Activations — needed" in items
    assert "[ ] Gradients" in items
    assert "[ ] **Internals** — partly held, partly needed" in items
    assert "[x] Non-disclosure agreement" in items
    assert "[ ] Equity in the lab — acceptable" in items
    assert "held; “acceptable”, “partly held” and “partly acceptable” follow" in text


def test_a_title_that_looks_like_a_box_stays_text(sample_plan: Plan, catalog: Catalog) -> None:
    """A user's "[x]" in a title is escaped: the item keeps its own box only."""
    sample_plan.strategies[0].tasks[0].title = "[x] looks done"
    sample_plan.nodes["internals.weights"] = NodeState(needed=True, note="[ ] not a box")
    text = render_markdown(build_report(sample_plan, catalog))
    for line, content in _list_items(text):
        rest = TASK_BOX.sub("", content, count=1)
        assert not STRAY_BOX.search(rest), (line, content)
    html = MarkdownIt("commonmark").render(text)
    assert "[x] looks done" in html and "[ ] not a box" in html
