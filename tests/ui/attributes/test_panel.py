"""The attribute panel: keys, filter and the detail pane under the tree."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from insider_planner.domain.plan import CustomNode, NodeState
from insider_planner.ui.attributes.model import AttributeTreeModel
from insider_planner.ui.attributes.panel import AttributePanel
from insider_planner.ui.commands import (
    AddCustomNodeCommand,
)
from insider_planner.ui.document import PlanDocument

EVIL = '<h1>HUGE</h1><img src="file:///etc/hostname">'


def test_custom_titles_never_render_as_rich_text(qtbot, doc: PlanDocument, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    doc.push(AddCustomNodeCommand(doc, CustomNode(id="c-evil", title=EVIL, parent="influence")))
    model = AttributeTreeModel(doc)
    for column in range(model.columnCount()):
        tip = model.data(model.index_of(doc.node("c-evil"), column), Qt.ItemDataRole.ToolTipRole)
        assert tip is None or "<img" not in tip
    seen: dict[str, object] = {}

    def inspect() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        label = next(lbl for lbl in dialog.findChildren(QLabel) if "HUGE" in lbl.text())
        seen["format"] = label.textFormat()
        dialog.reject()

    panel = AttributePanel(doc)
    qtbot.addWidget(panel)
    panel.select_node("c-evil")
    QTimer.singleShot(50, inspect)
    panel.detail.add_custom_child()
    assert seen["format"] == Qt.TextFormat.PlainText


def test_state_of_a_private_mark_follows_undo(qtbot, doc: PlanDocument) -> None:  # type: ignore[no-untyped-def]
    panel = AttributePanel(doc)
    qtbot.addWidget(panel)
    panel.select_node("internals.weights")
    panel.detail.private.click()
    assert doc.plan.state("internals.weights").private
    doc.undo_stack.undo()
    assert not panel.detail.private.isChecked()
    assert doc.plan.nodes.get("internals.weights", NodeState()).private is False
