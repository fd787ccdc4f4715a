"""User text that looks like HTML prints literally and never loads a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import NodeState, Plan
from insider_planner.report.content import build_report
from insider_planner.report.export import export_text
from insider_planner.report.html import render_html
from insider_planner.report.pdf import page_size_named, pdf_bytes
from tests.report.helpers import every_image_stream, image_xobjects, pdf_text

HOSTNAME_IMG = '<img src="/etc/hostname">'
BOLD = "<b>bold</b>"


@pytest.fixture
def pixel(tmp_path: Path) -> Path:
    """A real image file: rich text would happily embed it in a PDF."""
    path = tmp_path / "pixel.png"
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(path))
    return path


@pytest.fixture
def hostile_plan(sample_plan: Plan, pixel: Path) -> Plan:
    local_img = f'<img src="{pixel}">'
    sample_plan.title = f"{BOLD} {HOSTNAME_IMG}"
    sample_plan.target = f'{local_img} <a href="http://example.com/">x</a>'
    sample_plan.project = f"{BOLD}\n<script>alert(1)</script>"
    lane = sample_plan.strategies[0]
    lane.tasks[0].title = HOSTNAME_IMG
    lane.tasks[1].title = local_img
    lane.tasks[1].notes = f'<img src="file://{pixel}"> {BOLD}'
    sample_plan.nodes["internals.weights"] = NodeState(needed=True, note=f"{HOSTNAME_IMG} {BOLD}")
    return sample_plan


def test_pdf_prints_markup_literally_and_embeds_no_image(
    hostile_plan: Plan, catalog: Catalog, qapp: QApplication, pixel: Path
) -> None:
    data, _ = pdf_bytes(build_report(hostile_plan, catalog), page_size_named("a4"))
    text = pdf_text(data)
    assert f"{BOLD} {HOSTNAME_IMG}" in text  # the title, and in every footer
    assert f"{HOSTNAME_IMG} {BOLD}" in text  # the note
    assert f'<img src="{pixel}">' in text
    assert "<script>alert(1)</script>" in text
    assert image_xobjects(data) == []
    assert every_image_stream(data) == 0


def test_html_escapes_every_user_string(hostile_plan: Plan, catalog: Catalog, pixel: Path) -> None:
    html = render_html(build_report(hostile_plan, catalog))
    assert "&lt;img src=&quot;/etc/hostname&quot;&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "&lt;script&gt;" in html
    for raw in ("<img", "<b>", "<script", "<a ", 'href="', 'src="'):
        assert raw not in html, raw


def test_html_names_no_external_resource(sample_plan: Plan, catalog: Catalog) -> None:
    html = render_html(build_report(sample_plan, catalog))
    for needle in ("src=", "href=", "url(", "@import", "http://", "https://", "<link", "<script"):
        assert needle not in html, needle
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_markdown_escapes_markup(hostile_plan: Plan, catalog: Catalog) -> None:
    markdown = export_text(hostile_plan, catalog, "markdown").decode("utf-8")
    assert "<img" not in markdown.replace("\\<img", "")
    assert '\\<img src="/etc/hostname"\\>' in markdown


def test_the_image_check_would_catch_rich_text(
    qapp: QApplication, pixel: Path, tmp_path: Path
) -> None:
    """Control: the same markup through Qt's rich-text engine does embed the file."""
    path = tmp_path / "rich.pdf"
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    document = QTextDocument()
    document.setHtml(f'<p>x <img src="{pixel}"></p>')
    document.print_(writer)
    del writer
    data = path.read_bytes()
    assert image_xobjects(data)
    assert every_image_stream(data) > 0
