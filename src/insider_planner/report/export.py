"""Exports: a text format as bytes, or any format written to a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan
from insider_planner.domain.redact import redacted
from insider_planner.report.content import ReportOptions, build_report
from insider_planner.report.html import render_html
from insider_planner.report.markdown import render_markdown
from insider_planner.storage.files import plan_bytes, write_atomic
from insider_planner.storage.targets import check_export_target

if TYPE_CHECKING:  # Qt is imported only when a PDF is asked for, to keep the CLI quick.
    from PySide6.QtGui import QPageSize
    from typing_extensions import Unpack

    from insider_planner.report.pdf import PrintLayout

TEXT_FORMATS = ("markdown", "html", "json")
EXPORT_FORMATS = (*TEXT_FORMATS, "pdf")


def export_text(plan: Plan, catalog: Catalog, fmt: str, **options: Unpack[ReportOptions]) -> bytes:
    """The plan in a text format, UTF-8 encoded. `redact` drops notes and private items;
    `only_marked` keeps only nodes ticked held or needed and `hide_done` leaves done tasks
    off the board (Markdown and HTML)."""
    if fmt == "json":
        return plan_bytes(redacted(plan, catalog) if options.get("redact") else plan)
    if fmt in ("markdown", "html"):
        report = build_report(plan, catalog, **options)
        rendered = render_markdown(report) if fmt == "markdown" else render_html(report)
        return rendered.encode("utf-8")
    raise ValueError(f"unknown export format {fmt!r}")


def export_file(
    plan: Plan,
    catalog: Catalog,
    fmt: str,
    path: Path,
    *,
    page_size: QPageSize | None = None,
    source: Path | None = None,
    **options: Unpack[ReportOptions],
) -> PrintLayout | None:
    """Write the plan in any export format to `path`, atomically and readable by the owner
    only; returns the PDF's layout (None for text formats).

    `options` are those of `export_text` (redact, only_marked, hide_done). A PDF needs a
    QGuiApplication; its `page_size` defaults to the locale's (A4, or Letter in the US).
    Raises PlanSaveError when the file cannot be written, or when `path` is a plan: the
    plan being exported (`source`, its file) or any other.
    """
    check_export_target(path, source)
    layout: PrintLayout | None = None
    if fmt == "pdf":
        from insider_planner.report.pdf import pdf_bytes

        data, layout = pdf_bytes(build_report(plan, catalog, **options), page_size)
    else:
        data = export_text(plan, catalog, fmt, **options)
    write_atomic(path, data)
    return layout
