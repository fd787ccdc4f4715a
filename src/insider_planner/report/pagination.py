"""Page layout: plain text broken into lines, blocks of text and shapes, and their pagination.

A block is measured once against the device; pagination then cuts blocks into pieces between
their text lines where a page ends, keeps headings with what follows and repeats a table's
header on every page the table continues on. Nothing here knows what a report contains.

Everything here is linear in the length of the text: a block's cuts are found once, in one
sorted sweep, and each page looks up its cut and the lines it paints by bisection.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QTextLayout, QTextOption

from insider_planner.report.page_style import TEXT, Style

#: Paints a shape into the rectangle it is given, in device units.
ShapePainter = Callable[[QPainter, QRectF], None]

#: A run of this many characters without a break is wider than any line.
LONG_RUN = 400
_ASTRAL = re.compile(r"[\U00010000-\U0010ffff]")


def _long_runs(text: str) -> list[tuple[int, int]]:
    """Start and end of every run of LONG_RUN or more non-space characters, in the UTF-16
    positions QTextLayout counts in."""
    utf16 = _ASTRAL.sub("..", text)  # characters outside the BMP take two positions
    return [m.span() for m in re.finditer(rf"\S{{{LONG_RUN},}}", utf16)]


class Text:
    """Plain text broken into lines at a fixed width. Never interpreted as markup."""

    def __init__(
        self,
        text: str,
        font: QFont,
        width: float,
        style: Style,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> None:
        # QTextLayout breaks lines at U+2028 but not at "\n".
        plain = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\u2028")
        self.layout = QTextLayout(plain, font, style.device)
        words = QTextOption()
        words.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        words.setAlignment(align)
        self.layout.setTextOption(words)
        self.lines: list[tuple[float, float]] = []
        if not plain:
            return
        # Breaking at word boundaries looks ahead to the end of the word for every line, which
        # is quadratic in a very long word: lines that start inside one break anywhere instead.
        anywhere = QTextOption(words)
        anywhere.setWrapMode(QTextOption.WrapMode.WrapAnywhere)
        runs = _long_runs(plain) if len(plain) >= LONG_RUN else []
        run = 0
        in_run = False
        position = 0
        self.layout.beginLayout()
        y = 0.0
        while True:
            if runs:
                while run < len(runs) and runs[run][1] - position < LONG_RUN:
                    run += 1  # passed, or its rest is short enough to break at its end
                starts_in_run = run < len(runs) and runs[run][0] <= position
                if starts_in_run != in_run:
                    in_run = starts_in_run
                    self.layout.setTextOption(anywhere if in_run else words)
            line = self.layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(width, 1.0))
            line.setPosition(QPointF(0.0, y))
            self.lines.append((y, y + line.height()))
            y += line.height()
            if runs:
                position = line.textStart() + line.textLength()
        self.layout.endLayout()
        if in_run:
            self.layout.setTextOption(words)

    def lines_starting(self, offset: float, start: float, end: float) -> range:
        """Indexes of the lines whose top, placed at `offset`, lies in [start, end)."""

        def top(line: tuple[float, float]) -> float:
            return offset + line[0]

        return range(bisect_left(self.lines, start, key=top), bisect_left(self.lines, end, key=top))

    @property
    def height(self) -> float:
        """From the top of the first line to the bottom of the last."""
        return self.lines[-1][1] if self.lines else 0.0


@dataclass(eq=False)
class Block:
    """A unit of layout: text, shapes and fills at offsets within a fixed height.

    A block may be cut between text lines when it does not fit the rest of a page:
    paragraphs always may; rows only when they would not fit even an empty page.
    """

    kind: str
    label: str
    height: float = 0.0
    space_before: float = 0.0
    keep_with_next: bool = False
    splittable: bool = False
    header: Block | None = None  # a table row's header, repeated on continuation pages
    texts: list[tuple[Text, float, float, QColor]] = field(default_factory=list)
    shapes: list[tuple[QRectF, ShapePainter]] = field(default_factory=list)
    fills: list[tuple[QRectF, QColor]] = field(default_factory=list)
    _cuts: list[float] | None = field(default=None, init=False, repr=False)

    def add_text(self, text: Text, x: float, y: float, color: QColor = TEXT) -> float:
        """Place `text` at (x, y); returns the offset just below it."""
        self.texts.append((text, x, y, color))
        return y + text.height

    def cuts(self) -> list[float]:
        """Offsets where the block can be cut without slicing a line or a shape, ascending.

        Found once, when first asked for: the block must be complete by then.
        """
        if self._cuts is None:
            self._cuts = self._find_cuts()
        return self._cuts

    def _find_cuts(self) -> list[float]:
        spans = [
            (y + top, y + bottom) for text, _, y, _ in self.texts for top, bottom in text.lines
        ]
        spans += [(rect.top(), rect.bottom()) for rect, _ in self.shapes]
        spans.sort()
        candidates = sorted({bottom for _, bottom in spans if 0 < bottom < self.height})
        eps = self.height * 1e-9
        # Sweep: a candidate is sliced when a span starting above it reaches below it.
        cuts: list[float] = []
        index, reach = 0, float("-inf")
        for candidate in candidates:
            while index < len(spans) and spans[index][0] + eps < candidate:
                reach = max(reach, spans[index][1])
                index += 1
            if not candidate < reach - eps:
                cuts.append(candidate)
        return cuts

    def first_piece(self, body_height: float) -> float:
        """The least of this block that may start a page: all of it unless it may be cut."""
        if not self.splittable and self.height <= body_height:
            return self.height
        cuts = self.cuts()
        return cuts[0] if cuts else self.height

    def paint(self, painter: QPainter, piece: Piece, style: Style) -> None:
        """Paint the part of the block that `piece` holds, where the piece was placed."""
        start, end = piece.start, piece.end
        shift = piece.y - start
        painter.save()
        if piece.clip:
            painter.setClipRect(QRectF(0, piece.y, style.width, end - start))
        for rect, color in self.fills:
            top, bottom = max(rect.top(), start), min(rect.bottom(), end)
            if bottom > top:
                painter.fillRect(
                    QRectF(rect.left(), top + shift, rect.width(), bottom - top), color
                )
        for rect, paint in self.shapes:
            if start <= rect.top() < end:
                paint(painter, rect.translated(0, shift))
        for text, x, y, color in self.texts:
            painter.setPen(color)
            for index in text.lines_starting(y, start, end):
                text.layout.lineAt(index).draw(painter, QPointF(x, y + shift))
        painter.restore()


@dataclass
class Piece:
    """A vertical slice [start, end) of a block, painted at `y` on its page."""

    block: Block
    y: float
    start: float
    end: float
    clip: bool = False


def _chain_height(blocks: list[Block], index: int, body_height: float) -> float:
    """The height a block needs on its page, with everything it is kept with."""
    height = blocks[index].height
    while blocks[index].keep_with_next and index + 1 < len(blocks):
        index += 1
        block = blocks[index]
        height += block.space_before + (
            block.height if block.keep_with_next else block.first_piece(body_height)
        )
    return height


def _last_cut(block: Block, start: float, limit: float) -> float | None:
    """The last cut after `start` and at or before `limit`, if there is one."""
    cuts = block.cuts()
    index = bisect_right(cuts, limit) - 1
    return cuts[index] if index >= 0 and cuts[index] > start else None


def paginate(blocks: list[Block], body_height: float) -> list[list[Piece]]:
    """Distribute the blocks over pages of `body_height`."""
    pages: list[list[Piece]] = [[]]
    eps = body_height * 1e-6
    y = 0.0
    fresh_y = 0.0  # where content starts on the current page, below a repeated header
    headers_placed: set[int] = set()

    def new_page(upcoming: Block) -> None:
        nonlocal y, fresh_y
        pages.append([])
        y = 0.0
        header = upcoming.header
        if header is not None and id(header) in headers_placed:
            pages[-1].append(Piece(header, 0.0, 0.0, header.height))
            y = header.height
        fresh_y = y

    for index, block in enumerate(blocks):
        if block.keep_with_next and y > fresh_y:
            need = block.space_before + _chain_height(blocks, index, body_height)
            if y + need > body_height + eps and need <= body_height:
                new_page(block)
        if block.kind == "table-header":
            headers_placed.add(id(block))
        start = 0.0
        while True:
            gap = block.space_before if start == 0.0 and y > fresh_y else 0.0
            room = body_height - y - gap
            if block.height - start <= room + eps:
                pages[-1].append(Piece(block, y + gap, start, block.height))
                y += gap + block.height - start
                break
            may_cut = block.splittable or block.height - start > body_height - fresh_y
            cut = _last_cut(block, start, start + room + eps) if may_cut else None
            if cut is not None:
                pages[-1].append(Piece(block, y + gap, start, cut))
                start = cut
                new_page(block)
            elif y > fresh_y:
                new_page(block)
            else:  # one line taller than a page: cut it where the page ends
                cut = start + max(room, body_height * 0.05)
                pages[-1].append(Piece(block, y + gap, start, cut, clip=True))
                start = cut
                new_page(block)
    if len(pages) > 1 and not pages[-1]:
        pages.pop()
    return pages
