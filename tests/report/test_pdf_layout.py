"""The PDF's pages: paper size, footers, headings kept with what follows, large plans."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import NodeState, Plan, Task
from insider_planner.report.content import build_report
from insider_planner.report.export import export_file
from insider_planner.report.pdf import HEADING_KINDS, PrintLayout, page_size_named, pdf_bytes
from insider_planner.ui.print_support import render_plan
from tests.conftest import make_sample_plan
from tests.generate import large_plan
from tests.report.helpers import page_texts

POINTS = {"a4": (595, 842), "letter": (612, 792)}


def assert_sound_layout(layout: PrintLayout) -> None:
    """No heading ends a page; nothing runs into the footer; table headers start pages."""
    placements = layout.placements
    assert placements, "nothing was placed"
    for index, placed in enumerate(placements):
        if placed.kind in HEADING_KINDS:
            assert placed.keep_with_next, placed
        if placed.keep_with_next:
            assert index + 1 < len(placements), f"{placed.label!r} ends the document"
            follower = placements[index + 1]
            assert follower.page == placed.page, f"{placed.label!r} ends page {placed.page}"
        assert placed.bottom <= layout.body_height * (1 + 1e-6), placed
    pages = {p.page for p in placements}
    assert pages == set(range(1, layout.page_count + 1))
    for page in pages:
        on_page = [p for p in placements if p.page == page]
        kinds = [p.kind for p in on_page]
        if kinds[0] == "row":
            pytest.fail(f"page {page} continues a table without its header")


@pytest.mark.parametrize("name", ["a4", "letter"])
def test_page_size_is_respected(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication, name: str
) -> None:
    data, layout = pdf_bytes(build_report(sample_plan, catalog), page_size_named(name))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == layout.page_count
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == POINTS[name]
    assert_sound_layout(layout)


def test_letter_pages_hold_less_than_a4(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication
) -> None:
    report = build_report(sample_plan, catalog)
    a4 = pdf_bytes(report, page_size_named("a4"))[1]
    letter = pdf_bytes(report, page_size_named("letter"))[1]
    assert letter.body_height < a4.body_height


def test_every_page_has_a_numbered_footer(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication
) -> None:
    data, layout = pdf_bytes(build_report(sample_plan, catalog), page_size_named("a4"))
    texts = page_texts(data)
    total = len(texts)
    assert total >= 2
    for number, text in enumerate(texts, start=1):
        footer = f"Interpretability pilot — page {number} of {total}"
        assert text.endswith(footer), text[-120:]
        assert layout.footers[number - 1] == footer


def test_long_title_is_elided_in_the_footer(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication
) -> None:
    sample_plan.title = "A very long plan title " * 20
    _, layout = pdf_bytes(build_report(sample_plan, catalog), page_size_named("a4"))
    assert all(
        f.endswith(f"page {n} of {layout.page_count}")
        for n, f in enumerate(layout.footers, start=1)
    )
    assert all("…" in f for f in layout.footers)


@pytest.mark.parametrize("extra", range(0, 60, 3))
def test_headings_are_never_stranded(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication, extra: int
) -> None:
    """Shift the content by a few rows at a time so headings land at every page position."""
    lanes = sample_plan.strategies
    for index in range(extra):
        lanes[index % 2].tasks.append(
            Task(title=f"Filler task {index}", notes="two\nlines" if index % 4 else "")
        )
    sample_plan.project = "Project line.\n" * (extra % 11)
    _, layout = pdf_bytes(build_report(sample_plan, catalog), page_size_named("letter"))
    assert_sound_layout(layout)


def test_heading_before_a_row_taller_than_a_page(catalog: Catalog, qapp: QApplication) -> None:
    """A heading whose table starts with a row taller than a page still keeps its company."""
    words = " ".join(f"word{n}" for n in range(1500))
    for extra in range(48):  # one row at a time, so the heading meets every page position
        plan = make_sample_plan(catalog)
        plan.strategies[1].tasks.append(Task(title="Huge", notes=words))
        for index in range(extra):
            plan.strategies[0].tasks.append(Task(title=f"Filler task {index}"))
        _, layout = pdf_bytes(build_report(plan, catalog), page_size_named("a4"))
        assert_sound_layout(layout)


def test_text_longer_than_a_page_splits_across_pages(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication
) -> None:
    words = " ".join(f"word{n}" for n in range(2500))
    sample_plan.nodes["internals.gradients"] = NodeState(held=True, note=words)
    sample_plan.strategies[0].tasks[0].notes = words
    sample_plan.strategies[1].tasks.append(Task(title="x" * 3000))  # no break opportunity
    data, layout = pdf_bytes(build_report(sample_plan, catalog), page_size_named("a4"))
    text = " ".join(page_texts(data))
    assert text.count("word2499") == 2
    assert text.count("word1234") == 2
    assert_sound_layout(layout)


def test_prints_on_a_qprinter(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication, tmp_path: Path
) -> None:
    path = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    layout = render_plan(printer, sample_plan, catalog, redact=True)
    del printer
    data = path.read_bytes()
    texts = page_texts(data)
    assert len(texts) == layout.page_count
    assert "Contact: Dana" not in " ".join(texts)
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == POINTS["letter"]
    assert_sound_layout(layout)


def test_five_thousand_tasks_export_to_pdf(
    catalog: Catalog, qapp: QApplication, tmp_path: Path
) -> None:
    plan = large_plan(catalog, nodes=0, base=make_sample_plan(catalog))
    path = tmp_path / "big.pdf"
    started = time.perf_counter()
    layout = export_file(plan, catalog, "pdf", path, page_size=page_size_named("a4"))
    assert layout is not None
    elapsed = time.perf_counter() - started
    print(f"\n5,000-task plan: {layout.page_count} pages, PDF export took {elapsed:.2f} s")
    assert elapsed < 60
    assert layout.page_count > 100
    assert sum(p.kind == "row" for p in layout.placements) >= 5000
    assert_sound_layout(layout)
    reader = PdfReader(path)
    assert len(reader.pages) == layout.page_count
    last = " ".join(reader.pages[-1].extract_text().split())
    assert "Constraints held" in last
    assert last.endswith(f"page {layout.page_count} of {layout.page_count}")
