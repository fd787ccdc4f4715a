"""Report → pages on any QPagedPaintDevice: a PDF (QPdfWriter) or a printer (QPrinter).

The layout is our own. User text is only ever laid out as plain text (QTextLayout) and painted
with QPainter, never handed to Qt's rich-text engine, so a title such as `<img src="/x">` prints
literally and no file is ever loaded. The chart and the tick boxes are painted shapes, so they
stay vector graphics. Blocks are measured against the device, paginated (headings are kept with
what follows, table headers repeat on each page a table continues on) and then painted with a
"Title — page N of M" footer, inside the device's own page size and margins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QLocale,
    QMarginsF,
    QPointF,
    QRectF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QTextLayout,
    QTextOption,
)

from insider_planner import APP_TITLE
from insider_planner.domain.marks import Mark
from insider_planner.domain.plan import TaskStatus
from insider_planner.report.chart import (
    NEEDED_COLOR,
    TEXT_COLOR,
    coverage_chart_height,
    paint_coverage,
)
from insider_planner.report.content import Report, ReportCategory, ReportStrategy

#: Kinds of block that introduce what follows and so must never end a page.
HEADING_KINDS = frozenset({"title", "heading", "subheading", "table-header"})

PAGE_SIZES = {
    "a4": QPageSize.PageSizeId.A4,
    "letter": QPageSize.PageSizeId.Letter,
    "a5": QPageSize.PageSizeId.A5,
    "legal": QPageSize.PageSizeId.Legal,
}
#: Margins of exported PDFs, in millimetres (left, top, right, bottom). Printers use their own.
PDF_MARGINS_MM = (16.0, 14.0, 16.0, 12.0)
PDF_RESOLUTION = 1200

TEXT = TEXT_COLOR
MUTED = QColor("#555555")
ACCENT = QColor("#1f4e63")
RULE = QColor("#c8c8c8")
HEADER_FILL = QColor("#e9eff2")
BAND_FILL = QColor("#f5f5f5")
NOTE_FILL = QColor("#fbf3e4")
NOTE_BAR = NEEDED_COLOR
BOX = QColor("#333333")

_FAMILIES = ("DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial", "Helvetica Neue", "Helvetica")


@dataclass(frozen=True)
class Placement:
    """Where one piece of a block landed: page (from 1), its kind, its vertical span, and
    whether it must share its page with what follows (headings and their introductions)."""

    page: int
    kind: str
    label: str
    top: float
    bottom: float
    keep_with_next: bool = False


@dataclass(frozen=True)
class PrintLayout:
    """What was painted: the page count, every placed piece in order, each page's footer,
    and the height available to content above the footer (device units)."""

    page_count: int
    placements: list[Placement]
    footers: list[str]
    body_height: float


def page_size_named(name: str) -> QPageSize:
    """'a4', 'letter', 'a5' or 'legal' as a QPageSize."""
    try:
        return QPageSize(PAGE_SIZES[name.lower()])
    except KeyError:
        raise ValueError(f"unknown page size {name!r}") from None


def default_page_size() -> QPageSize:
    """Letter where the locale measures in US units, A4 elsewhere."""
    imperial = QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return QPageSize(QPageSize.PageSizeId.Letter if imperial else QPageSize.PageSizeId.A4)


def pdf_bytes(report: Report, page_size: QPageSize | None = None) -> tuple[bytes, PrintLayout]:
    """The report as a PDF document, and the layout it was painted with."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageSize(page_size if page_size is not None else default_page_size())
    left, top, right, bottom = PDF_MARGINS_MM
    writer.setPageMargins(QMarginsF(left, top, right, bottom), QPageLayout.Unit.Millimeter)
    writer.setTitle(report.title)
    writer.setCreator(f"{APP_TITLE} {report.app_version}")
    layout = render_report(report, writer)
    del writer  # the document is complete once the painter has ended
    buffer.close()
    return bytes(data.data()), layout


def render_report(report: Report, device: QPagedPaintDevice) -> PrintLayout:
    """Paint the report on `device`, one page after another; returns where everything went.

    Needs a QGuiApplication (fonts come from it).
    """
    if QGuiApplication.instance() is None:
        raise RuntimeError("printing a report needs a QGuiApplication")
    style = _Style(device)
    blocks = _DocumentBuilder(report, style).build()
    pages = _paginate(blocks, style.body_height)
    painter = QPainter()
    if not painter.begin(device):
        raise RuntimeError("could not start painting on the print device")
    footers: list[str] = []
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for number, pieces in enumerate(pages, start=1):
            if number > 1:
                device.newPage()
            for piece in pieces:
                piece.block.paint(painter, piece, style)
            footers.append(_paint_footer(painter, style, report.title, number, len(pages)))
    finally:
        painter.end()
    placements = [
        Placement(
            number,
            piece.block.kind,
            piece.block.label,
            piece.y,
            piece.y + piece.end - piece.start,
            piece.block.keep_with_next,
        )
        for number, pieces in enumerate(pages, start=1)
        for piece in pieces
    ]
    return PrintLayout(len(pages), placements, footers, style.body_height)


# --- measuring -----------------------------------------------------------------------------


@cache
def _family() -> str:
    available = set(QFontDatabase.families())
    return next((f for f in _FAMILIES if f in available), QFont().family())


def _font(size: float, *, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont(_family())
    font.setPointSizeF(size)
    font.setBold(bold)
    font.setItalic(italic)
    # Ligatures would turn "fi" into one glyph that PDF readers copy out as "ﬁ".
    if hasattr(font, "setFeature"):  # Qt 6.7+
        font.setFeature(QFont.Tag("liga"), 0)
    return font


class _Style:
    """Fonts and sizes in the device's units, and the body area of a page."""

    def __init__(self, device: QPagedPaintDevice) -> None:
        self.device = device
        self.unit = device.logicalDpiY() / 72.0  # device units per point
        self.body = _font(9.5)
        self.bold = _font(9.5, bold=True)
        self.italic = _font(9.5, italic=True)
        self.small = _font(8)
        self.small_bold = _font(8, bold=True)
        self.small_italic = _font(8, italic=True)
        self.h1 = _font(13.5, bold=True)
        self.h2 = _font(10.5, bold=True)
        self.title = _font(20, bold=True)
        self.width = float(device.width())
        small_line = QFontMetricsF(self.small, device).height()
        self.footer_height = small_line * 2.4
        self.body_height = float(device.height()) - self.footer_height

    def pt(self, points: float) -> float:
        return points * self.unit

    def mm(self, millimetres: float) -> float:
        return millimetres / 25.4 * 72.0 * self.unit

    def advance(self, font: QFont, text: str) -> float:
        return QFontMetricsF(font, self.device).horizontalAdvance(text)

    def line_height(self, font: QFont) -> float:
        return QFontMetricsF(font, self.device).height()

    def baseline_shift(self, font: QFont, other: QFont) -> float:
        """How far below `font`'s line top a line of `other` starts to share its baseline."""
        ascent = QFontMetricsF(font, self.device).ascent()
        return ascent - QFontMetricsF(other, self.device).ascent()


class _Text:
    """Plain text broken into lines at a fixed width. Never interpreted as markup."""

    def __init__(
        self,
        text: str,
        font: QFont,
        width: float,
        style: _Style,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> None:
        # QTextLayout breaks lines at U+2028 but not at "\n".
        plain = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\u2028")
        self.layout = QTextLayout(plain, font, style.device)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        option.setAlignment(align)
        self.layout.setTextOption(option)
        self.lines: list[tuple[float, float]] = []
        if not plain:
            return
        self.layout.beginLayout()
        y = 0.0
        while True:
            line = self.layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(width, 1.0))
            line.setPosition(QPointF(0.0, y))
            self.lines.append((y, y + line.height()))
            y += line.height()
        self.layout.endLayout()

    @property
    def height(self) -> float:
        return self.lines[-1][1] if self.lines else 0.0


# --- blocks --------------------------------------------------------------------------------

_Painter = Callable[[QPainter, QRectF], None]


@dataclass
class _Piece:
    """A vertical slice [start, end) of a block, painted at `y` on its page."""

    block: _Block
    y: float
    start: float
    end: float
    clip: bool = False


@dataclass(eq=False)
class _Block:
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
    header: _Block | None = None  # a table row's header, repeated on continuation pages
    texts: list[tuple[_Text, float, float, QColor]] = field(default_factory=list)
    shapes: list[tuple[QRectF, _Painter]] = field(default_factory=list)
    fills: list[tuple[QRectF, QColor]] = field(default_factory=list)

    def add_text(self, text: _Text, x: float, y: float, color: QColor = TEXT) -> float:
        self.texts.append((text, x, y, color))
        return y + text.height

    def cuts(self) -> list[float]:
        """Offsets where the block can be cut without slicing a line or a shape."""
        spans = [
            (y + top, y + bottom) for text, _, y, _ in self.texts for top, bottom in text.lines
        ]
        spans += [(rect.top(), rect.bottom()) for rect, _ in self.shapes]
        candidates = sorted({bottom for _, bottom in spans if 0 < bottom < self.height})
        eps = self.height * 1e-9
        return [c for c in candidates if not any(t + eps < c < b - eps for t, b in spans)]

    def first_piece(self, body_height: float) -> float:
        """The least of this block that may start a page: all of it unless it may be cut."""
        if not self.splittable and self.height <= body_height:
            return self.height
        cuts = self.cuts()
        return cuts[0] if cuts else self.height

    def paint(self, painter: QPainter, piece: _Piece, style: _Style) -> None:
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
            for index, (top, _) in enumerate(text.lines):
                if start <= y + top < end:
                    text.layout.lineAt(index).draw(painter, QPointF(x, y + shift))
        painter.restore()


def _chain_height(blocks: list[_Block], index: int, body_height: float) -> float:
    """The height a block needs on its page, with everything it is kept with."""
    height = blocks[index].height
    while blocks[index].keep_with_next and index + 1 < len(blocks):
        index += 1
        block = blocks[index]
        height += block.space_before + (
            block.height if block.keep_with_next else block.first_piece(body_height)
        )
    return height


def _paginate(blocks: list[_Block], body_height: float) -> list[list[_Piece]]:
    """Distribute the blocks over pages of `body_height`."""
    pages: list[list[_Piece]] = [[]]
    eps = body_height * 1e-6
    y = 0.0
    fresh_y = 0.0  # where content starts on the current page, below a repeated header
    headers_placed: set[int] = set()

    def new_page(upcoming: _Block) -> None:
        nonlocal y, fresh_y
        pages.append([])
        y = 0.0
        header = upcoming.header
        if header is not None and id(header) in headers_placed:
            pages[-1].append(_Piece(header, 0.0, 0.0, header.height))
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
                pages[-1].append(_Piece(block, y + gap, start, block.height))
                y += gap + block.height - start
                break
            may_cut = block.splittable or block.height - start > body_height - fresh_y
            cut = (
                max((c for c in block.cuts() if start < c <= start + room + eps), default=None)
                if may_cut
                else None
            )
            if cut is not None:
                pages[-1].append(_Piece(block, y + gap, start, cut))
                start = cut
                new_page(block)
            elif y > fresh_y:
                new_page(block)
            else:  # one line taller than a page: cut it where the page ends
                cut = start + max(room, body_height * 0.05)
                pages[-1].append(_Piece(block, y + gap, start, cut, clip=True))
                start = cut
                new_page(block)
    if len(pages) > 1 and not pages[-1]:
        pages.pop()
    return pages


def _paint_footer(painter: QPainter, style: _Style, title: str, number: int, total: int) -> str:
    metrics = QFontMetricsF(style.small, style.device)
    tail = f" — page {number} of {total}"
    room = style.width - metrics.horizontalAdvance(tail)
    text = metrics.elidedText(title, Qt.TextElideMode.ElideRight, max(room, 0.0)) + tail
    top = style.body_height + style.footer_height * 0.35
    painter.save()
    painter.fillRect(QRectF(0, top, style.width, style.pt(0.5)), RULE)
    painter.setFont(style.small)
    painter.setPen(MUTED)
    painter.drawText(
        QRectF(0, top + style.pt(2), style.width, metrics.height()),
        int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
        text,
    )
    painter.restore()
    return text


def _box_painter(mark: Mark, unit: float) -> _Painter:
    def paint(painter: QPainter, rect: QRectF) -> None:
        pen = QPen(BOX)
        pen.setWidthF(0.7 * unit)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(QColor("white"))
        painter.drawRect(rect)
        w, h = rect.width(), rect.height()
        if mark is Mark.CHECKED:
            tick = QPainterPath()
            tick.moveTo(rect.left() + 0.2 * w, rect.top() + 0.52 * h)
            tick.lineTo(rect.left() + 0.42 * w, rect.top() + 0.76 * h)
            tick.lineTo(rect.left() + 0.82 * w, rect.top() + 0.24 * h)
            pen.setWidthF(1.3 * unit)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(tick)
        elif mark is Mark.PARTIAL:
            bar = 1.2 * unit
            painter.fillRect(
                QRectF(rect.left() + 0.22 * w, rect.center().y() - bar / 2, 0.56 * w, bar), BOX
            )

    return paint


def _chart_painter(report: Report, style: _Style) -> _Painter:
    def paint(painter: QPainter, rect: QRectF) -> None:
        painter.setFont(style.body)
        paint_coverage(painter, rect, report.coverage)

    return paint


# --- the document --------------------------------------------------------------------------


@dataclass
class _Column:
    x: float
    width: float


class _DocumentBuilder:
    """Turns a Report into blocks, in the order the printed plan reads."""

    def __init__(self, report: Report, style: _Style) -> None:
        self.report = report
        self.s = style
        self.blocks: list[_Block] = []
        self.pad = style.pt(3)  # inside table cells
        self.box = style.mm(3.4)

    def build(self) -> list[_Block]:
        self._title_block()
        self._chart()
        self._checklist()
        self._gap()
        self._action_board()
        self._constraints()
        return self.blocks

    # generic pieces

    def _paragraph(
        self,
        text: str,
        font: QFont,
        *,
        kind: str = "text",
        color: QColor = TEXT,
        indent: float = 0.0,
        space_before: float | None = None,
        keep_with_next: bool = False,
    ) -> _Block:
        body = _Text(text, font, self.s.width - indent, self.s)
        block = _Block(
            kind,
            text,
            body.height,
            space_before=self.s.pt(4) if space_before is None else space_before,
            keep_with_next=keep_with_next,
            splittable=not keep_with_next,
        )
        block.add_text(body, indent, 0.0, color)
        self.blocks.append(block)
        return block

    def _heading(self, text: str) -> None:
        s = self.s
        body = _Text(text, s.h1, s.width, s)
        block = _Block("heading", text, space_before=s.pt(16), keep_with_next=True)
        bottom = block.add_text(body, 0.0, 0.0, ACCENT) + s.pt(2)
        block.fills.append((QRectF(0, bottom, s.width, s.pt(0.8)), ACCENT))
        block.height = bottom + s.pt(5)
        self.blocks.append(block)

    def _subheading(self, text: str, aside: str = "") -> None:
        s = self.s
        aside_w = s.advance(s.small, aside) + s.pt(8) if aside else 0.0
        body = _Text(text, s.h2, s.width - aside_w, s)
        shift = s.baseline_shift(s.h2, s.small)
        block = _Block("subheading", text, space_before=s.pt(10), keep_with_next=True)
        block.add_text(body, 0.0, 0.0, TEXT)
        if aside:
            right = _Text(aside, s.small, aside_w, s, Qt.AlignmentFlag.AlignRight)
            block.add_text(right, s.width - aside_w, shift, MUTED)
        block.height = body.height + s.pt(3)
        self.blocks.append(block)

    def _item(self, text: str, aside: str = "", *, indent: float = 0.0) -> None:
        """A bulleted line, with an optional muted note on the right."""
        s = self.s
        bullet_w = s.pt(11)
        aside_w = s.advance(s.small, aside) + s.pt(8) if aside else 0.0
        body = _Text(text, s.body, s.width - indent - bullet_w - aside_w, s)
        shift = s.baseline_shift(s.body, s.small)
        block = _Block("item", text, space_before=s.pt(1.5))
        block.add_text(_Text("•", s.body, bullet_w, s), indent + s.pt(2), 0.0, MUTED)
        block.add_text(body, indent + bullet_w, 0.0, TEXT)
        if aside:
            right = _Text(aside, s.small, aside_w, s, Qt.AlignmentFlag.AlignRight)
            block.add_text(right, s.width - aside_w, shift, MUTED)
        block.height = body.height
        self.blocks.append(block)

    def _table_header(self, columns: list[_Column], titles: list[str]) -> _Block:
        s = self.s
        block = _Block("table-header", " | ".join(titles), space_before=s.pt(4))
        block.keep_with_next = True
        height = 0.0
        for column, title in zip(columns, titles, strict=True):
            text = _Text(title, s.small_bold, column.width - 2 * self.pad, s)
            height = max(height, block.add_text(text, column.x + self.pad, self.pad, TEXT))
        block.height = height + self.pad
        block.fills.insert(0, (QRectF(0, 0, s.width, block.height), HEADER_FILL))
        self.blocks.append(block)
        return block

    def _row(self, header: _Block, label: str, band: bool = False) -> _Block:
        block = _Block("row", label, header=header)
        if band:
            block.fills.append((QRectF(0, 0, self.s.width, 0), BAND_FILL))
        return block

    def _finish_row(self, block: _Block, content_bottom: float) -> None:
        s = self.s
        block.height = max(content_bottom, self.pad + self.box) + self.pad
        block.fills = [
            (QRectF(r.left(), r.top(), r.width(), block.height), c) for r, c in block.fills
        ]
        block.fills.append((QRectF(0, block.height - s.pt(0.4), s.width, s.pt(0.4)), RULE))
        self.blocks.append(block)

    def _add_box(self, block: _Block, column: _Column, mark: Mark, first_line: float) -> None:
        top = self.pad + max(0.0, (first_line - self.box) / 2)
        left = column.x + (column.width - self.box) / 2
        block.shapes.append(
            (QRectF(left, top, self.box, self.box), _box_painter(mark, self.s.unit))
        )

    # sections

    def _title_block(self) -> None:
        r, s = self.report, self.s
        title = _Block("title", r.title, keep_with_next=True)
        title.height = title.add_text(_Text(r.title, s.title, s.width, s), 0, 0, ACCENT) + s.pt(4)
        self.blocks.append(title)
        rows: list[tuple[str, str]] = []
        if r.target:
            rows.append(("Target", r.target))
        if r.project:
            rows.append(("Project", r.project))
        rows.append(("Updated", f"{r.updated:%Y-%m-%d}"))
        rows.append(("Printed", f"{r.generated:%Y-%m-%d} by {APP_TITLE} {r.app_version}"))
        rows.append(
            (
                "Status",
                f"{r.gap_count} item(s) in the gap · {r.task_done} of {r.task_total} tasks done",
            )
        )
        if r.redacted:
            rows.append(("Redacted", "Notes and private items are left out of this copy."))
        label_w = max(s.advance(s.small_bold, label) for label, _ in rows) + s.pt(10)
        for label, value in rows:
            block = _Block("meta", f"{label}: {value}", space_before=s.pt(2), splittable=True)
            name = _Text(label, s.small_bold, label_w, s)
            body = _Text(value, s.body, s.width - label_w, s)
            # Align the label's baseline roughly with the value's first line.
            block.add_text(name, 0.0, s.baseline_shift(s.body, s.small_bold), MUTED)
            block.height = block.add_text(body, label_w, 0.0, TEXT)
            self.blocks.append(block)

    def _chart(self) -> None:
        s = self.s
        self._heading("Coverage")
        metrics = QFontMetricsF(s.body, s.device)
        height = coverage_chart_height(metrics, len(self.report.coverage))
        block = _Block("chart", "coverage chart", height, space_before=s.pt(4))
        block.shapes.append((QRectF(0, 0, s.width, height), _chart_painter(self.report, s)))
        self.blocks.append(block)

    def _checklist(self) -> None:
        s = self.s
        self._heading("Attribute checklist")
        self._paragraph(
            "Boxes are printed so the list can be kept up to date by hand. A dash means some of "
            "the facets below are ticked. For constraints the second box reads Acceptable: "
            "would you accept this constraint?",
            s.small_italic,
            color=MUTED,
            keep_with_next=True,
        )
        box_w = max(s.advance(s.small_bold, "Acceptable") + 2 * self.pad, s.mm(14))
        rest = s.width - 2 * box_w
        title_w = rest * 0.5
        columns = [
            _Column(0, box_w),
            _Column(box_w, box_w),
            _Column(2 * box_w, title_w),
            _Column(2 * box_w + title_w, rest - title_w),
        ]
        for category in self.report.categories:
            self._category(category, columns)

    def _category(self, category: ReportCategory, columns: list[_Column]) -> None:
        s = self.s
        self._subheading(category.title, category.summary)
        if not category.rows:
            self._paragraph("Nothing ticked here.", s.italic, color=MUTED)
            return
        noun = "Constraint" if category.kind == "constraint" else "Attribute"
        header = self._table_header(
            columns, [category.held_label, category.needed_label, noun, "Note"]
        )
        held, needed, title_col, note_col = columns
        first_line = s.line_height(s.body)
        for node in category.rows:
            top_level = node.depth == 1
            block = self._row(header, node.title, band=top_level)
            self._add_box(block, held, node.held, first_line)
            self._add_box(block, needed, node.needed, first_line)
            indent = s.mm(4) * (node.depth - 1)
            title = node.title + (" (custom)" if node.custom else "")
            text = _Text(
                title,
                s.bold if top_level else s.body,
                title_col.width - 2 * self.pad - indent,
                s,
            )
            bottom = block.add_text(text, title_col.x + self.pad + indent, self.pad)
            if node.note:
                note = _Text(node.note, s.small, note_col.width - 2 * self.pad, s)
                top = self.pad + s.baseline_shift(s.body, s.small)
                bottom = max(bottom, block.add_text(note, note_col.x + self.pad, top, TEXT))
            self._finish_row(block, bottom)

    def _gap(self) -> None:
        r, s = self.report, self.s
        count = r.gap_count
        self._heading(f"Gap — {count} item{'s' if count != 1 else ''}")
        if not r.gap:
            self._paragraph("Nothing needed is missing.", s.italic, color=MUTED)
            return
        self._paragraph(
            "Needed but not held; for constraints, held but not acceptable.",
            s.small_italic,
            color=MUTED,
            keep_with_next=True,
        )
        for group in r.gap:
            self._subheading(f"{group.category_title} ({len(group.entries)})")
            for entry in group.entries:
                n = entry.task_count
                aside = f"{n} task{'s' if n != 1 else ''}" if n else "no task yet"
                self._item(entry.title, aside)

    def _action_board(self) -> None:
        r, s = self.report, self.s
        self._heading(f"Action board — {r.task_done} of {r.task_total} tasks done")
        self._paragraph(
            "Strategies in priority order, highest returns first.",
            s.small_italic,
            color=MUTED,
            keep_with_next=True,
        )
        box_w = max(s.advance(s.small_bold, "Done") + 2 * self.pad, s.mm(9))
        status_w = max(s.advance(s.body, "To do"), s.advance(s.small_bold, "Status")) + s.pt(12)
        due_w = s.advance(s.body, "2000-00-00") + 2 * self.pad + s.pt(4)
        rest = s.width - box_w - status_w - due_w
        task_w = rest * 0.6
        columns = [
            _Column(0, box_w),
            _Column(box_w, task_w),
            _Column(box_w + task_w, status_w),
            _Column(box_w + task_w + status_w, due_w),
            _Column(box_w + task_w + status_w + due_w, rest - task_w),
        ]
        for strategy in r.strategies:
            self._strategy(strategy, columns)

    def _strategy(self, strategy: ReportStrategy, columns: list[_Column]) -> None:
        s = self.s
        total = len(strategy.tasks)
        aside = f"{strategy.done} of {total} done" if total else "no tasks"
        self._subheading(f"{strategy.number}. {strategy.title}", aside)
        if strategy.description:
            self._paragraph(
                strategy.description,
                s.small_italic,
                color=MUTED,
                space_before=0.0,
                keep_with_next=bool(strategy.tasks),
            )
        if not strategy.tasks:
            return
        header = self._table_header(columns, ["Done", "Task", "Status", "Due", "For"])
        box, task_col, status_col, due_col, links_col = columns
        first_line = s.line_height(s.body)
        for task in strategy.tasks:
            block = self._row(header, task.title)
            done = Mark.CHECKED if task.status is TaskStatus.DONE else Mark.UNCHECKED
            self._add_box(block, box, done, first_line)
            width = task_col.width - 2 * self.pad
            bottom = block.add_text(
                _Text(task.title, s.body, width, s), task_col.x + self.pad, self.pad
            )
            if task.notes:
                notes = _Text(task.notes, s.small_italic, width, s)
                bottom = block.add_text(notes, task_col.x + self.pad, bottom + s.pt(1), MUTED)
            cells = [
                (status_col, task.status.label),
                (due_col, f"{task.due:%Y-%m-%d}" if task.due else ""),
                (links_col, ", ".join(task.links)),
            ]
            for column, value in cells:
                if value:
                    text = _Text(value, s.body, column.width - 2 * self.pad, s)
                    bottom = max(bottom, block.add_text(text, column.x + self.pad, self.pad))
            self._finish_row(block, bottom)

    def _constraints(self) -> None:
        r, s = self.report, self.s
        self._heading("Constraints held")
        if not r.constraints_held:
            self._paragraph("No constraints held.", s.italic, color=MUTED)
        for title in r.constraints_held:
            self._item(title)
        if r.criticism_warning:
            self._note(r.criticism_warning)

    def _note(self, text: str) -> None:
        s = self.s
        bar, inset = s.pt(2.5), s.pt(8)
        body = _Text(f"Note: {text}", s.body, s.width - bar - 2 * inset, s)
        block = _Block("note", text, space_before=s.pt(10), splittable=True)
        bottom = block.add_text(body, bar + inset, inset) + inset
        block.height = bottom
        block.fills = [
            (QRectF(0, 0, s.width, bottom), NOTE_FILL),
            (QRectF(0, 0, bar, bottom), NOTE_BAR),
        ]
        self.blocks.append(block)
