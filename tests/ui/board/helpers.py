"""Helpers shared by the action board tests: board snapshots, mime payloads, a big plan."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, Qt
from pytestqt.qtbot import QtBot

from insider_planner.ui.board.model import BoardModel
from insider_planner.ui.board.panel import BoardPanel
from insider_planner.ui.board.style import TASK_ID_ROLE
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.drag import BOARD_MIME, NODE_MIME
from tests.ui.conftest import show_with_focus


def layout(doc: PlanDocument) -> list[tuple[str, list[str]]]:
    """The board as (strategy id, [task ids]) in order: what every move must get right."""
    return [(lane.id, [t.id for t in lane.tasks]) for lane in doc.plan.strategies]


def full_state(doc: PlanDocument) -> list[dict[str, Any]]:
    return [lane.model_dump(mode="json") for lane in doc.plan.strategies]


def model_layout(model: BoardModel) -> list[tuple[str, list[str]]]:
    """The same, read back through the model's own index/data API."""
    result = []
    for row in range(model.rowCount()):
        lane_index = model.index(row, 0)
        ids = [
            model.index(r, 0, lane_index).data(TASK_ID_ROLE)
            for r in range(model.rowCount(lane_index))
        ]
        result.append((model.lane_at(row).id, ids))
    return result


def board_mime(payload: dict[str, Any]) -> QMimeData:
    data = QMimeData()
    data.setData(BOARD_MIME, QByteArray(json.dumps(payload).encode()))
    return data


def node_mime(node_ids: list[str]) -> QMimeData:
    data = QMimeData()
    data.setData(NODE_MIME, QByteArray(json.dumps(node_ids).encode()))
    return data


class SignalLog:
    """Counts the structural signals a model emits."""

    NAMES = (
        "rowsMoved",
        "rowsInserted",
        "rowsRemoved",
        "modelAboutToBeReset",
        "modelReset",
        "layoutAboutToBeChanged",
        "layoutChanged",
    )

    def __init__(self, model: Any) -> None:
        self.events: list[tuple[str, tuple[Any, ...]]] = []
        for name in self.NAMES:
            getattr(model, name).connect(lambda *args, name=name: self.events.append((name, args)))

    def names(self) -> list[str]:
        return [name for name, _ in self.events]

    def count(self, name: str) -> int:
        return self.names().count(name)


# --- a board panel on screen (shared by the panel and task editor tests) ----------------------


def show_panel(qtbot: QtBot, doc: PlanDocument) -> BoardPanel:
    """A board panel shown at a fixed size, its view holding the keyboard focus."""
    widget = BoardPanel(doc)
    show_with_focus(qtbot, widget, (760, 720), widget.view)
    return widget


def current_id(panel: BoardPanel) -> str | None:
    """The id of the board's current task or step (None when nothing is current)."""
    index = panel.to_source(panel.view.currentIndex())
    if panel.model.is_task(index):
        return panel.model.task_of(index).id
    return panel.model.lane_of(index).id if index.isValid() else None


def strategy_index(panel: BoardPanel, row: int) -> QModelIndex:
    """The view's index of the strategy at board-model row `row` (its band)."""
    return panel.to_view(panel.model.index(row, 0))


def select_strategy(panel: BoardPanel, row: int) -> None:
    panel.view.setCurrentIndex(strategy_index(panel, row))


def shown_rows(panel: BoardPanel) -> list[str]:
    """The board as the view lists it: strategy ids, and tasks as '  id'."""
    shown = []
    flat = panel.view.model()
    for row in range(flat.rowCount()):
        index = panel.to_source(flat.index(row, 0))
        if panel.model.is_task(index):
            shown.append("  " + panel.model.task_of(index).id)
        else:
            shown.append(panel.model.lane_of(index).id)
    return shown


def key(
    qtbot: QtBot, panel: BoardPanel, k: Qt.Key, mod: Any = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key press on the board."""
    qtbot.keyClick(panel.view, k, mod)
