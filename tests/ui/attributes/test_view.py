"""The attribute tree's view and delegate: what they paint, and how much they repaint."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from insider_planner.domain.plan import CustomNode
from insider_planner.ui import edits
from insider_planner.ui.attributes.delegate import AttributeDelegate
from insider_planner.ui.attributes.model import COL_NOTE, AttributeTreeModel
from insider_planner.ui.attributes.panel import AttributePanel
from insider_planner.ui.commands import AddCustomNodeCommand
from insider_planner.ui.document import PlanDocument
from tests.ui.conftest import give_focus, show_with_focus


def _cells(model: AttributeTreeModel, parent: QModelIndex | None = None) -> Iterator[QModelIndex]:
    parent = parent or QModelIndex()
    for row in range(model.rowCount(parent)):
        for column in range(model.columnCount(parent)):
            yield model.index(row, column, parent)
        yield from _cells(model, model.index(row, 0, parent))


def _look(delegate: QStyledItemDelegate, index: QModelIndex) -> tuple[object, ...]:
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, index)
    palette = option.palette
    return (
        option.index == index,
        option.features,
        option.checkState if option.features & option.ViewItemFeature.HasCheckIndicator else None,
        option.text,
        option.font.toString(),
        option.fontMetrics.height(),
        QBrush(palette.brush(QPalette.ColorRole.Text)),
        QBrush(option.backgroundBrush),
        option.displayAlignment,
        option.styleObject,
    )


def test_the_delegate_dresses_every_cell_as_qts_own_delegate_does(
    qtbot: QtBot, doc: PlanDocument
) -> None:
    doc.push(AddCustomNodeCommand(doc, CustomNode(id="c-x", title="Two\nlines", parent="metrics")))
    edits.set_flag(doc, doc.node("internals.weights"), "held", True)
    edits.set_note(doc, "formal.nda", "First line\nsecond line")
    model = AttributeTreeModel(doc)
    ours, qts = AttributeDelegate(model), QStyledItemDelegate()
    cells = list(_cells(model))
    assert len(cells) == 4 * len(doc.tree)
    for index in cells:
        assert _look(ours, index) == _look(qts, index), (model.node(index), index.column())
    note = model.index_of(doc.node("formal.nda"), COL_NOTE)
    assert _look(ours, note)[3] == "First line"


def test_through_the_filter_the_delegate_leaves_the_work_to_qt(
    qtbot: QtBot, doc: PlanDocument
) -> None:
    panel = AttributePanel(doc)
    show_with_focus(qtbot, panel, (640, 720), panel.filter)
    qtbot.keyClicks(panel.filter, "weights")
    delegate = panel.view.itemDelegate()
    assert isinstance(delegate, AttributeDelegate)
    shown = panel.view.model()
    assert shown is panel.proxy
    for index in _cells(shown):  # type: ignore[arg-type]
        assert _look(delegate, index) == _look(QStyledItemDelegate(), index)


class _Painted(QObject):
    """The regions painted on a widget."""

    def __init__(self) -> None:
        super().__init__()
        self.regions: list[QRect] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.regions.append(event.region().boundingRect())  # type: ignore[attr-defined]
        return False


@pytest.fixture
def panel(qtbot: QtBot, doc: PlanDocument) -> AttributePanel:
    widget = AttributePanel(doc)
    show_with_focus(qtbot, widget, (640, 720), widget.view)
    widget.select_node("internals.weights")
    return widget


def _painted_when(qtbot: QtBot, panel: AttributePanel, focus_to: object) -> list[QRect]:
    painted = _Painted()
    viewport = panel.view.viewport()
    QApplication.processEvents()
    viewport.installEventFilter(painted)
    try:
        give_focus(qtbot, focus_to)  # type: ignore[arg-type]
        QApplication.processEvents()
    finally:
        viewport.removeEventFilter(painted)
    return painted.regions


def test_focus_coming_and_going_repaints_the_current_row_only(
    qtbot: QtBot, panel: AttributePanel
) -> None:
    row = panel.view.visualRect(panel.view.currentIndex())
    whole = panel.view.viewport().rect()
    for target in (panel.filter, panel.view, panel.detail.note, panel.view):
        regions = _painted_when(qtbot, panel, target)
        assert regions, target
        for region in regions:
            assert region.top() == row.top() and region.height() == row.height(), target
            assert region != whole
    assert panel.view.hasFocus()


def test_focus_repaints_every_row_when_the_palette_changes_with_focus(
    qtbot: QtBot, panel: AttributePanel
) -> None:
    palette = panel.view.palette()
    palette.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Text, QColor("grey"))
    panel.view.setPalette(palette)
    whole = panel.view.viewport().rect()
    assert whole in _painted_when(qtbot, panel, panel.filter)
    assert whole in _painted_when(qtbot, panel, panel.view)


def test_focus_on_a_tree_without_a_current_row_picks_one_as_qt_does(
    qtbot: QtBot, doc: PlanDocument
) -> None:
    panel = AttributePanel(doc)
    show_with_focus(qtbot, panel, (640, 720), panel.filter)
    assert not panel.view.currentIndex().isValid()
    qtbot.keyClick(panel.filter, Qt.Key.Key_Tab)
    assert panel.view.hasFocus()
    assert panel.view.currentIndex().isValid()
