"""One entry point for every text export format."""

from __future__ import annotations

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan
from insider_planner.domain.redact import redacted
from insider_planner.report.content import build_report
from insider_planner.report.markdown import render_markdown
from insider_planner.storage.files import plan_bytes

TEXT_FORMATS = ("markdown", "json")


def export_text(plan: Plan, catalog: Catalog, fmt: str, *, redact: bool = False) -> bytes:
    """The plan in a text format, UTF-8 encoded. `redact` drops notes and private items."""
    if fmt == "json":
        return plan_bytes(redacted(plan) if redact else plan)
    if fmt == "markdown":
        return render_markdown(build_report(plan, catalog, redact=redact)).encode("utf-8")
    raise ValueError(f"unknown export format {fmt!r}")
