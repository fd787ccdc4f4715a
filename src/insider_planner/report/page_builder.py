"""Report → blocks: the printed plan's sections as measured blocks of plain text and shapes.

The builder decides what each section says and where its parts sit within a block; pagination
then decides which page each block lands on. The tick boxes and the coverage chart are painted
shapes, so they stay vector graphics.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from insider_planner import APP_TITLE
from insider_planner.domain.marks import Mark
from insider_planner.domain.plan import TaskStatus
from insider_planner.domain.text import plural
from insider_planner.report.chart import coverage_chart_height, paint_coverage
from insider_planner.report.content import (
    WITHHELD,
    WITHHELD_NOTE,
    Report,
    ReportCategory,
    ReportStrategy,
    left_out,
    status_line,
)
from insider_planner.report.page_style import (
    ACCENT,
    BAND_FILL,
    BOX,
    HEADER_FILL,
    MUTED,
    NOTE_BAR,
    NOTE_FILL,
    RULE,
    TEXT,
    Style,
)
from insider_planner.report.pagination import Block, ShapePainter, Text


def _box_painter(mark: Mark, unit: float) -> ShapePainter:
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


def _chart_painter(report: Report, style: Style) -> ShapePainter:
    def paint(painter: QPainter, rect: QRectF) -> None:
        painter.setFont(style.body)
        paint_coverage(painter, rect, report.coverage)

    return paint


# --- the document --------------------------------------------------------------------------


@dataclass
class _Column:
    x: float
    width: float


class DocumentBuilder:
    """Turns a Report into blocks, in the order the printed plan reads."""

    def __init__(self, report: Report, style: Style) -> None:
        self.report = report
        self.s = style
        self.blocks: list[Block] = []
        self.pad = style.pt(3)  # inside table cells
        self.box = style.mm(3.4)

    def build(self) -> list[Block]:
        """The report's blocks, in reading order."""
        # The plan first: where it stands, what is missing and what to do about it; the full
        # checklist, for keeping up to date by hand, comes after.
        self._title_block()
        self._chart()
        self._gap()
        self._action_board()
        self._checklist()
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
    ) -> Block:
        body = Text(text, font, self.s.width - indent, self.s)
        block = Block(
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
        body = Text(text, s.h1, s.width, s)
        block = Block("heading", text, space_before=s.pt(16), keep_with_next=True)
        bottom = block.add_text(body, 0.0, 0.0, ACCENT) + s.pt(2)
        block.fills.append((QRectF(0, bottom, s.width, s.pt(0.8)), ACCENT))
        block.height = bottom + s.pt(5)
        self.blocks.append(block)

    def _subheading(self, text: str, aside: str = "") -> None:
        s = self.s
        aside_w = s.advance(s.small, aside) + s.pt(8) if aside else 0.0
        body = Text(text, s.h2, s.width - aside_w, s)
        shift = s.baseline_shift(s.h2, s.small)
        block = Block("subheading", text, space_before=s.pt(10), keep_with_next=True)
        block.add_text(body, 0.0, 0.0, TEXT)
        if aside:
            right = Text(aside, s.small, aside_w, s, Qt.AlignmentFlag.AlignRight)
            block.add_text(right, s.width - aside_w, shift, MUTED)
        block.height = body.height + s.pt(3)
        self.blocks.append(block)

    def _item(self, text: str, aside: str = "", *, indent: float = 0.0) -> None:
        """A bulleted line, with an optional muted note on the right."""
        s = self.s
        bullet_w = s.pt(11)
        aside_w = s.advance(s.small, aside) + s.pt(8) if aside else 0.0
        body = Text(text, s.body, s.width - indent - bullet_w - aside_w, s)
        shift = s.baseline_shift(s.body, s.small)
        block = Block("item", text, space_before=s.pt(1.5))
        block.add_text(Text("•", s.body, bullet_w, s), indent + s.pt(2), 0.0, MUTED)
        block.add_text(body, indent + bullet_w, 0.0, TEXT)
        if aside:
            right = Text(aside, s.small, aside_w, s, Qt.AlignmentFlag.AlignRight)
            block.add_text(right, s.width - aside_w, shift, MUTED)
        block.height = body.height
        self.blocks.append(block)

    def _table_header(self, columns: list[_Column], titles: list[str]) -> Block:
        s = self.s
        block = Block("table-header", " | ".join(titles), space_before=s.pt(4))
        block.keep_with_next = True
        height = 0.0
        for column, title in zip(columns, titles, strict=True):
            text = Text(title, s.small_bold, column.width - 2 * self.pad, s)
            height = max(height, block.add_text(text, column.x + self.pad, self.pad, TEXT))
        block.height = height + self.pad
        block.fills.insert(0, (QRectF(0, 0, s.width, block.height), HEADER_FILL))
        self.blocks.append(block)
        return block

    def _row(self, header: Block, label: str, band: bool = False) -> Block:
        block = Block("row", label, header=header)
        if band:
            block.fills.append((QRectF(0, 0, self.s.width, 0), BAND_FILL))
        return block

    def _finish_row(self, block: Block, content_bottom: float) -> None:
        s = self.s
        block.height = max(content_bottom, self.pad + self.box) + self.pad
        block.fills = [
            (QRectF(r.left(), r.top(), r.width(), block.height), c) for r, c in block.fills
        ]
        block.fills.append((QRectF(0, block.height - s.pt(0.4), s.width, s.pt(0.4)), RULE))
        self.blocks.append(block)

    def _add_box(self, block: Block, column: _Column, mark: Mark, first_line: float) -> None:
        top = self.pad + max(0.0, (first_line - self.box) / 2)
        left = column.x + (column.width - self.box) / 2
        block.shapes.append(
            (QRectF(left, top, self.box, self.box), _box_painter(mark, self.s.unit))
        )

    # sections

    def _title_block(self) -> None:
        r, s = self.report, self.s
        title = Block("title", r.title, keep_with_next=True)
        title.height = title.add_text(Text(r.title, s.title, s.width, s), 0, 0, ACCENT) + s.pt(4)
        self.blocks.append(title)
        rows: list[tuple[str, str]] = []
        if r.target:
            rows.append(("Target", r.target))
        if r.project:
            rows.append(("Project", r.project))
        rows.append(("Updated", f"{r.updated:%Y-%m-%d}"))
        rows.append(("Printed", f"{r.generated:%Y-%m-%d} by {APP_TITLE} {r.app_version}"))
        rows.append(("Status", status_line(r)))
        rows += left_out(r)
        label_w = max(s.advance(s.small_bold, label) for label, _ in rows) + s.pt(10)
        for label, value in rows:
            block = Block("meta", f"{label}: {value}", space_before=s.pt(2), splittable=True)
            name = Text(label, s.small_bold, label_w, s)
            body = Text(value, s.body, s.width - label_w, s)
            # Align the label's baseline roughly with the value's first line.
            block.add_text(name, 0.0, s.baseline_shift(s.body, s.small_bold), MUTED)
            block.height = block.add_text(body, label_w, 0.0, TEXT)
            self.blocks.append(block)

    def _chart(self) -> None:
        s = self.s
        self._heading("Coverage")
        metrics = QFontMetricsF(s.body, s.device)
        height = coverage_chart_height(metrics, len(self.report.coverage))
        block = Block("chart", "coverage chart", height, space_before=s.pt(4))
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
        if category.withheld:
            self._paragraph(WITHHELD_NOTE, s.italic, color=MUTED)
            return
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
            if node.withheld:
                marks = Text(WITHHELD, s.small_italic, 2 * held.width - 2 * self.pad, s)
                top = self.pad + s.baseline_shift(s.body, s.small_italic)
                block.add_text(marks, held.x + self.pad, top, MUTED)
            else:
                self._add_box(block, held, node.held, first_line)
                self._add_box(block, needed, node.needed, first_line)
            indent = s.mm(4) * (node.depth - 1)
            title = node.title + (" (custom)" if node.custom else "")
            text = Text(
                title,
                s.bold if top_level else s.body,
                title_col.width - 2 * self.pad - indent,
                s,
            )
            bottom = block.add_text(text, title_col.x + self.pad + indent, self.pad)
            if node.note:
                note = Text(node.note, s.small, note_col.width - 2 * self.pad, s)
                top = self.pad + s.baseline_shift(s.body, s.small)
                bottom = max(bottom, block.add_text(note, note_col.x + self.pad, top, TEXT))
            self._finish_row(block, bottom)

    def _gap(self) -> None:
        r, s = self.report, self.s
        self._heading(f"Gap — {plural(r.gap_count, 'item')}")
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
                self._item(entry.title, entry.summary)

    def _action_board(self) -> None:
        r, s = self.report, self.s
        self._heading(f"Action board — {r.board_summary}")
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
        self._subheading(f"{strategy.number}. {strategy.title}", strategy.summary)
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
                Text(task.title, s.body, width, s), task_col.x + self.pad, self.pad
            )
            if task.notes:
                notes = Text(task.notes, s.small_italic, width, s)
                bottom = block.add_text(notes, task_col.x + self.pad, bottom + s.pt(1), MUTED)
            cells = [
                (status_col, task.status.label),
                (due_col, f"{task.due:%Y-%m-%d}" if task.due else ""),
                (links_col, ", ".join(task.links)),
            ]
            for column, value in cells:
                if value:
                    text = Text(value, s.body, column.width - 2 * self.pad, s)
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
        body = Text(f"Note: {text}", s.body, s.width - bar - 2 * inset, s)
        block = Block("note", text, space_before=s.pt(10), splittable=True)
        bottom = block.add_text(body, bar + inset, inset) + inset
        block.height = bottom
        block.fills = [
            (QRectF(0, 0, s.width, bottom), NOTE_FILL),
            (QRectF(0, 0, bar, bottom), NOTE_BAR),
        ]
        self.blocks.append(block)
