"""Pagination and text layout stay linear in the length of the text, and lose none of it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import SupportsIndex

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QFont, QPainter, QPdfWriter
from PySide6.QtWidgets import QApplication

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import NodeState, Plan, Task, new_plan
from insider_planner.report.content import build_report
from insider_planner.report.page_builder import DocumentBuilder
from insider_planner.report.page_style import Style
from insider_planner.report.pagination import LONG_RUN, Text, paginate
from insider_planner.report.pdf import page_size_named, pdf_bytes
from insider_planner.storage.files import save_plan
from tests.report.helpers import page_texts

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon"]


def _note(length: int) -> str:
    """Numbered words, so that a lost or repeated line shows."""
    words: list[str] = []
    size = n = 0
    while size < length:
        words.append(f"{WORDS[n % len(WORDS)]}{n}")
        size += len(words[-1]) + 1
        n += 1
    return " ".join(words)


def _word(length: int) -> str:
    return ("0123456789" * (length // 10 + 1))[:length]


def _plan(catalog: Catalog, note: str, word: str) -> Plan:
    plan = new_plan(catalog, title="Long text")
    plan.project = word
    plan.nodes["internals.weights"] = NodeState(needed=True, note=note)
    plan.strategies[0].tasks = [Task(id="t-1", title="Read it", notes=word[: len(word) // 2])]
    return plan


class _CountedLines(list[tuple[float, float]]):
    """A Text's lines that count how often they are read."""

    reads = 0

    def __iter__(self) -> Iterator[tuple[float, float]]:
        for line in super().__iter__():
            _CountedLines.reads += 1
            yield line

    def __getitem__(self, index: SupportsIndex | slice) -> object:  # type: ignore[override]
        _CountedLines.reads += 1
        return super().__getitem__(index)


def test_pagination_reads_each_line_a_bounded_number_of_times(
    catalog: Catalog, qapp: QApplication
) -> None:
    """Finding cuts and painting pieces once read every line for every page (cubic time)."""
    report = build_report(_plan(catalog, _note(60_000), _word(60_000)), catalog)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(page_size_named("a4"))
    style = Style(writer)
    blocks = DocumentBuilder(report, style).build()
    total = 0
    for block in blocks:
        for index, (text, x, y, color) in enumerate(block.texts):
            text.lines = _CountedLines(text.lines)
            block.texts[index] = (text, x, y, color)
            total += len(text.lines)
    _CountedLines.reads = 0
    pages = paginate(blocks, style.body_height)
    painter = QPainter(writer)
    try:
        for number, pieces in enumerate(pages):
            if number:
                writer.newPage()
            for piece in pieces:
                piece.block.paint(painter, piece, style)
    finally:
        painter.end()
    assert len(pages) > 20 and total > 2_500
    # Once to find the cuts, and a bisection per piece and text for the lines to paint.
    pieces = sum(len(p) for p in pages)
    assert _CountedLines.reads <= total + 60 * pieces, (_CountedLines.reads, total, pieces)


def _line_texts(text: Text, plain: str) -> list[str]:
    layout = text.layout
    lines = [layout.lineAt(i) for i in range(layout.lineCount())]
    return [plain[line.textStart() : line.textStart() + line.textLength()] for line in lines]


@pytest.mark.parametrize(
    "plain",
    [
        _word(5 * LONG_RUN),
        "short words " + _word(5 * LONG_RUN) + " and more words after it" * 20,
        "a" * (LONG_RUN - 1) + " " + "b" * LONG_RUN + " tail",
        "x y " * 300,
    ],
)
def test_long_words_are_broken_and_every_character_is_kept(
    catalog: Catalog, qapp: QApplication, plain: str
) -> None:
    buffer = QBuffer()
    style = Style(QPdfWriter(buffer))
    width = style.width / 3
    text = Text(plain, QFont(style.body), width, style)
    lines = _line_texts(text, plain)
    assert "".join(lines) == plain
    assert len(lines) == len(text.lines) > 1
    for index in range(text.layout.lineCount()):
        assert text.layout.lineAt(index).naturalTextWidth() <= width * 1.0001
    # Words that fit a line are never broken: a line ends at a space or inside a word
    # longer than the line.
    position = 0
    for line in lines[:-1]:
        position += len(line)
        if not line.endswith(" "):
            start = plain.rfind(" ", 0, position) + 1
            end = plain.find(" ", position) % (len(plain) + 1)
            assert end - start > len(line), (line, plain[start:end])


def test_text_outside_the_basic_plane_is_laid_out_whole(qapp: QApplication) -> None:
    """QTextLayout counts UTF-16 positions: a long run after emoji still breaks right."""
    plain = "\U0001f600" * 50 + " " + _word(3 * LONG_RUN) + " \U0001f600 end"
    buffer = QBuffer()
    style = Style(QPdfWriter(buffer))
    text = Text(plain, QFont(style.body), style.width / 2, style)
    utf16 = plain.encode("utf-16-le")
    layout = text.layout
    pieces = [
        utf16[2 * line.textStart() : 2 * (line.textStart() + line.textLength())]
        for line in (layout.lineAt(i) for i in range(layout.lineCount()))
    ]
    assert b"".join(pieces).decode("utf-16-le") == plain


def test_long_note_and_word_print_whole_and_in_order(catalog: Catalog, qapp: QApplication) -> None:
    note, word = _note(40_000), _word(40_000)
    data, layout = pdf_bytes(build_report(_plan(catalog, note, word), catalog))
    pages = page_texts(data)
    assert len(pages) == layout.page_count > 20
    footer = re.compile(r" ?Long text — page \d+ of \d+$")
    header = re.compile(r"^(Held Needed Attribute Note|Done Task Status Due For) ")
    body = "".join(header.sub("", footer.sub("", page)) for page in pages)
    flat = "".join(body.split())
    assert "".join(note.split()) in flat
    assert word in flat


def test_a_megabyte_note_and_word_export_in_a_subprocess(catalog: Catalog, tmp_path: Path) -> None:
    """A generous bound: this took far longer than a minute when layout was superlinear."""
    path = tmp_path / "long.insiderplan"
    save_plan(path, _plan(catalog, _note(1_000_000), _word(1_000_000)))
    out = tmp_path / "long.pdf"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "insider_planner", "export", str(path)]
    result = subprocess.run(
        [*command, "--to", "pdf", "--output", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
