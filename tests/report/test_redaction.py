"""A redacted export leaves out notes and everything marked private, in every format."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan
from insider_planner.report.content import build_report
from insider_planner.report.export import export_text
from insider_planner.report.pdf import page_size_named, pdf_bytes
from tests.report.helpers import pdf_text

SECRETS = [
    "Contact: Dana",
    "Phone 555-0100",
    "Private: call Dana",
    "Via the pilot",
    "Ask for a sandbox",
]
FORMATS = ["markdown", "html", "json", "pdf"]


def _export(plan: Plan, catalog: Catalog, fmt: str, redact: bool) -> str:
    if fmt == "pdf":
        report = build_report(plan, catalog, redact=redact)
        return pdf_text(pdf_bytes(report, page_size_named("a4"))[0])
    return export_text(plan, catalog, fmt, redact=redact).decode("utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_unredacted_export_shows_notes_and_private_items(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication, fmt: str
) -> None:
    text = _export(sample_plan, catalog, fmt, redact=False)
    for secret in SECRETS:
        assert secret in text, secret


@pytest.mark.parametrize("fmt", FORMATS)
def test_redacted_export_hides_notes_and_private_items(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication, fmt: str
) -> None:
    text = _export(sample_plan, catalog, fmt, redact=True)
    for secret in SECRETS:
        assert secret not in text, secret
    # What is not private still prints.
    assert "Replicate on closed weights" in text
    assert "Interpretability pilot" in text


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_redacted_copy_says_so(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication, fmt: str
) -> None:
    assert "left out of this copy" in _export(sample_plan, catalog, fmt, redact=True)
    assert "left out of this copy" not in _export(sample_plan, catalog, fmt, redact=False)


def test_private_custom_node_is_left_out(
    sample_plan: Plan, catalog: Catalog, qapp: QApplication
) -> None:
    sample_plan.nodes["custom-eval-seat"].private = True
    for fmt in FORMATS:
        assert "Seat on eval council" in _export(sample_plan, catalog, fmt, redact=False)
        assert "Seat on eval council" not in _export(sample_plan, catalog, fmt, redact=True)
