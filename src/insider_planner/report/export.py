"""One entry point per kind of export: text formats as bytes, PDF to a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan
from insider_planner.domain.redact import redacted
from insider_planner.report.content import build_report
from insider_planner.report.html import render_html
from insider_planner.report.markdown import render_markdown
from insider_planner.storage.files import plan_bytes, write_atomic

if TYPE_CHECKING:  # Qt is imported only when a PDF is asked for, to keep the CLI quick.
    from PySide6.QtGui import QPageSize

    from insider_planner.report.pdf import PrintLayout

TEXT_FORMATS = ("markdown", "html", "json")
EXPORT_FORMATS = (*TEXT_FORMATS, "pdf")


def export_text(
    plan: Plan,
    catalog: Catalog,
    fmt: str,
    *,
    redact: bool = False,
    only_marked: bool = False,
) -> bytes:
    """The plan in a text format, UTF-8 encoded. `redact` drops notes and private items;
    `only_marked` keeps only nodes ticked held or needed (Markdown and HTML)."""
    if fmt == "json":
        return plan_bytes(redacted(plan) if redact else plan)
    if fmt in ("markdown", "html"):
        report = build_report(plan, catalog, redact=redact, only_marked=only_marked)
        rendered = render_markdown(report) if fmt == "markdown" else render_html(report)
        return rendered.encode("utf-8")
    raise ValueError(f"unknown export format {fmt!r}")


def export_pdf(
    plan: Plan,
    catalog: Catalog,
    path: Path,
    *,
    redact: bool = False,
    only_marked: bool = False,
    page_size: QPageSize | None = None,
) -> PrintLayout:
    """Write the plan as a PDF to `path` (atomically, readable by the owner only).

    Needs a QGuiApplication. `page_size` defaults to the locale's (A4, or Letter in the US).
    Raises PlanSaveError when the file cannot be written.
    """
    from insider_planner.report.pdf import pdf_bytes

    report = build_report(plan, catalog, redact=redact, only_marked=only_marked)
    data, layout = pdf_bytes(report, page_size)
    write_atomic(path, data)
    return layout
