"""Every export format carries the plan's content, in the printed plan's order."""

from __future__ import annotations

import json
import re
import stat
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from insider_planner import __version__
from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan
from insider_planner.report.content import build_report
from insider_planner.report.export import EXPORT_FORMATS, TEXT_FORMATS, export_file, export_text
from insider_planner.report.html import render_html
from insider_planner.report.markdown import render_markdown
from insider_planner.report.pdf import page_size_named, pdf_bytes
from tests.report.helpers import assert_in_order, page_texts, pdf_text

STRATEGY_TITLES = [
    "Understand how these collaborations work",
    "Build connections",
    "Run small-scale collaborations",
    "Become the legible expert on a narrow topic",
    "Build a reputation for integrity",
    "Resolve predictable obstacles early",
]
TODAY = date(2026, 5, 4)


def _title_block() -> list[str]:
    return [
        "Interpretability pilot",
        "A frontier lab",
        "Replicate our probe results on the lab's closed models.",
        "2026-05-04",
        f"Insider Planner {__version__}",
    ]


def _gap() -> list[str]:
    return [
        "Gap",
        "Internals › Weights",
        "API surface › Prefill on the assistant turn",
        "Seat on eval council",
        "Formal › Non-disclosure agreement",
    ]


def _checklist() -> list[str]:
    return [
        "Attribute checklist",
        "Access to artefacts",
        "Internals",
        "Activations",
        "Via the pilot",
        "Access to resources",
        "Prefill on the assistant turn",
        "Contact: Dana",
        "Influence and trust",
        "Seat on eval council",
        "Constraints",
        "Non-disclosure agreement",
    ]


def _board(numbered: bool) -> list[str]:
    titles = [f"{n}. {t}" if numbered else t for n, t in enumerate(STRATEGY_TITLES, start=1)]
    tasks = {
        0: ["Ask past collaborators what they conceded", "List comparable collaborations"],
        2: ["Replicate on closed weights", "Ask for a sandbox", "Private: call Dana"],
    }
    out = ["Action board"]
    for index, title in enumerate(titles):
        out.append(title)
        out += tasks.get(index, [])
    return out


def _constraints() -> list[str]:
    return ["Constraints held", "Formal › Non-disclosure agreement", "freedom to criticise"]


def test_formats_are_listed() -> None:
    assert TEXT_FORMATS == ("markdown", "html", "json")
    assert EXPORT_FORMATS == ("markdown", "html", "json", "pdf")


def test_markdown_order(sample_plan: Plan, catalog: Catalog) -> None:
    """Title block, coverage, gap, action board, then the checklist: the plan comes first."""
    text = render_markdown(build_report(sample_plan, catalog, today=TODAY))
    title, target, project, printed, version = _title_block()
    expected = [title, target, printed, version, project]
    coverage = ["## Coverage", "Access to artefacts", "held 1 of 16", "needed 2 of 16"]
    assert_in_order(
        text, expected + coverage + _gap() + _board(True) + _checklist() + _constraints()
    )
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert [h.split(" (")[0] for h in headings] == [
        "## Project",
        "## Coverage",
        "## Gap",
        "## Action board",
        "## Attribute checklist",
        "## Constraints held",
    ]
    assert "2027-03-01" in text


def test_html_order(sample_plan: Plan, catalog: Catalog) -> None:
    html = render_html(build_report(sample_plan, catalog, today=TODAY))
    assert html.startswith("<!DOCTYPE html>")
    expected = (
        [e.replace("'", "&#x27;") for e in _title_block()]
        + ['<section id="coverage">', "Held", "1 of 16", "Needed", "2 of 16"]
        + ['<section id="gap">', *_gap()]
        + ['<section id="action-board">', *_board(True)]
        + ['<section id="checklist">', *_checklist()]
        + _constraints()
    )
    assert_in_order(html, expected)
    sections = re.findall(r'<(?:section|header) id="([a-z-]+)"', html)
    assert sections == ["title", "coverage", "gap", "action-board", "checklist", "constraints"]
    assert "2027-03-01" in html


def test_html_export_bytes_match_render(sample_plan: Plan, catalog: Catalog) -> None:
    data = export_text(sample_plan, catalog, "html")
    assert data.decode("utf-8").count("<h2>") == 5


def test_json_export_keeps_plan_order(sample_plan: Plan, catalog: Catalog) -> None:
    data = json.loads(export_text(sample_plan, catalog, "json"))
    assert data["title"] == "Interpretability pilot"
    assert [lane["id"] for lane in data["strategies"]] == [s.id for s in catalog.strategies]
    titles = [t["title"] for lane in data["strategies"] for t in lane["tasks"]]
    assert titles == [
        "Ask past collaborators what they conceded",
        "List comparable collaborations",
        "Replicate on closed weights",
        "Private: call Dana",
    ]


def test_pdf_order(sample_plan: Plan, catalog: Catalog, qapp: QApplication) -> None:
    data, layout = pdf_bytes(build_report(sample_plan, catalog, today=TODAY), page_size_named("a4"))
    text = pdf_text(data)
    chart = ["Coverage", "Access to artefacts", "Held", "1 of 16", "Needed", "2 of 16"]
    expected = [
        *_title_block(),
        *chart,
        *_gap(),
        *_board(True),
        *_checklist(),
        *_constraints(),
    ]
    assert_in_order(text, expected)
    assert "2027-03-01" in text
    kinds = [p.kind for p in layout.placements]
    assert kinds[0] == "title"
    assert kinds.index("chart") < kinds.index("row")
    headings = [p.label.split(" — ")[0] for p in layout.placements if p.kind == "heading"]
    assert headings == [
        "Coverage",
        "Gap",
        "Action board",
        "Attribute checklist",
        "Constraints held",
    ]
    # The action board starts on the first or second page, before any checklist row.
    board = next(p for p in layout.placements if p.label.startswith("Action board"))
    checklist = next(p for p in layout.placements if p.label == "Attribute checklist")
    assert board.page <= 2 and board.page <= checklist.page


def test_strategies_print_in_plan_order(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication
) -> None:
    sample_plan.strategies.reverse()
    report = build_report(sample_plan, catalog, today=TODAY)
    numbered = [f"{n}. {t}" for n, t in enumerate(reversed(STRATEGY_TITLES), start=1)]
    assert_in_order(render_markdown(report), numbered)
    assert_in_order(render_html(report), numbered)
    assert_in_order(pdf_text(pdf_bytes(report, page_size_named("a4"))[0]), numbered)


def test_only_marked_leaves_out_unticked_nodes(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication
) -> None:
    full = build_report(sample_plan, catalog)
    marked = build_report(sample_plan, catalog, only_marked=True)
    titles = [row.title for c in marked.categories for row in c.rows]
    assert "Weights" in titles and "Activations" in titles
    assert "Gradients" not in titles
    assert "Gradients" in render_html(full)
    assert "Gradients" not in render_html(marked)
    assert "Gradients" not in pdf_text(pdf_bytes(marked, page_size_named("a4"))[0])
    # The gap and the board do not depend on the filter.
    assert marked.gap == full.gap and marked.strategies == full.strategies


def test_export_pdf_writes_private_file(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication, tmp_path: Path
) -> None:
    path = tmp_path / "plan.pdf"
    layout = export_file(sample_plan, catalog, "pdf", path, page_size=page_size_named("letter"))
    assert layout is not None
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(page_texts(data)) == layout.page_count
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_unknown_format_is_refused(sample_plan: Plan, catalog: Catalog) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export_text(sample_plan, catalog, "docx")


def test_html_is_well_formed(sample_plan: Plan, catalog: Catalog) -> None:
    """Every element that opens also closes, in order (void elements aside)."""
    from html.parser import HTMLParser

    void = {"meta", "br", "link", "img", "input", "hr"}

    class Checker(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag not in void:
                self.stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            assert self.stack and self.stack[-1] == tag, (tag, self.stack[-3:])
            self.stack.pop()

    checker = Checker()
    checker.feed(render_html(build_report(sample_plan, catalog)))
    checker.close()
    assert checker.stack == []


def test_hide_done_leaves_done_tasks_off_the_board_but_counts_them(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication
) -> None:
    done = "Ask past collaborators what they conceded"
    full = build_report(sample_plan, catalog, today=TODAY)
    hidden = build_report(sample_plan, catalog, hide_done=True, today=TODAY)
    assert hidden.hide_done and not full.hide_done
    assert (hidden.task_done, hidden.task_total) == (full.task_done, full.task_total) == (1, 4)
    assert hidden.strategies[0].summary == "1 of 2 done"
    assert [t.title for t in hidden.strategies[0].tasks] == ["List comparable collaborations"]
    pdf = pdf_text(pdf_bytes(hidden, page_size_named("a4"))[0])
    for text in (render_markdown(hidden), render_html(hidden), pdf):
        assert done not in text
        assert "List comparable collaborations" in text
        assert "1 of 4 tasks done" in text
        assert "Done tasks are left off the action board." in text
    for text in (render_markdown(full), render_html(full)):
        assert done in text and "Showing" not in text
    # The checklist does not depend on it.
    assert hidden.categories == full.categories


def test_the_title_block_says_what_the_copy_leaves_out(sample_plan: Plan, catalog: Catalog) -> None:
    report = build_report(sample_plan, catalog, only_marked=True, hide_done=True, redact=True)
    text = render_markdown(report)
    assert "- **Redacted:** Notes and private items are left out of this copy." in text
    assert (
        "- **Showing:** Only attributes ticked held or needed are listed; "
        "done tasks are left off the action board." in text
    )
    html = render_html(report)
    assert "<dt>Showing</dt><dd>Only attributes ticked held or needed are listed;" in html


def test_counts_read_as_words_in_every_format(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication
) -> None:
    """One of a thing is singular, any other count plural; never "item(s)"."""
    for lane in sample_plan.strategies:
        lane.tasks = [t for t in lane.tasks if t.id == "t-3"]  # linked to the weights
    for node_id in ("api-surface.prefill", "custom-eval-seat", "formal.nda"):
        sample_plan.nodes.pop(node_id, None)
    report = build_report(sample_plan, catalog, today=TODAY)
    assert (report.gap_count, report.task_total) == (1, 1)
    pdf = pdf_text(pdf_bytes(report, page_size_named("a4"))[0])
    for text in (render_markdown(report), render_html(report), pdf):
        assert "(s)" not in text
        assert "1 item in the gap · 0 of 1 task done" in text
        assert "Internals › Weights" in text and "1 task" in text
        assert "0 of 1 task done" in text
    assert "Gap (1 item)" in render_markdown(report)
    assert "Gap — 1 item" in render_html(report) and "Gap — 1 item" in pdf
    lane = next(lane for lane in sample_plan.strategies if lane.tasks)
    lane.tasks.append(lane.tasks[0].model_copy(update={"id": "t-9", "title": "Second"}))
    more = build_report(sample_plan, catalog, today=TODAY)
    for text in (render_markdown(more), render_html(more)):
        assert "Internals › Weights — 2 tasks" in text.replace('<span class="aside">', " — ")
        assert "0 of 2 tasks done" in text
