"""One codec for everything dragged inside the window, under our own MIME types.

Attribute-tree nodes and gap entries travel as a JSON list of node ids (NODE_MIME); board
strategies and tasks as a JSON object, ``{"strategy": id}`` or ``{"tasks": [ids]}``
(BOARD_MIME). Whatever arrives is checked: a malformed payload decodes to nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QMimeData

NODE_MIME = "application/x-insider-planner-nodes"
BOARD_MIME = "application/x-insider-planner-board"


@dataclass(frozen=True)
class DragPayload:
    """What a drag carries: node ids, or board task ids in board order, or one strategy."""

    nodes: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()
    strategy: str | None = None


def encode(payload: DragPayload) -> QMimeData:
    """The payload as MIME data: nodes under NODE_MIME, board items under BOARD_MIME."""
    data = QMimeData()
    if payload.nodes:
        data.setData(NODE_MIME, _json_bytes(list(payload.nodes)))
    if payload.strategy is not None:
        data.setData(BOARD_MIME, _json_bytes({"strategy": payload.strategy}))
    elif payload.tasks:
        data.setData(BOARD_MIME, _json_bytes({"tasks": list(payload.tasks)}))
    return data


def decode(data: QMimeData) -> DragPayload | None:
    """The payload of our own drags; None when `data` holds none or a malformed one.

    Board items win when both types are present (we never send both).
    """
    if data.hasFormat(BOARD_MIME):
        board = _json_value(data, BOARD_MIME)
        if not isinstance(board, dict):
            return None
        if isinstance(board.get("strategy"), str):
            return DragPayload(strategy=board["strategy"])
        tasks = board.get("tasks")
        if isinstance(tasks, list) and tasks and all(isinstance(t, str) for t in tasks):
            return DragPayload(tasks=tuple(tasks))
        return None
    if data.hasFormat(NODE_MIME):
        nodes = _json_value(data, NODE_MIME)
        if isinstance(nodes, list):
            return DragPayload(nodes=tuple(n for n in nodes if isinstance(n, str)))
    return None


def _json_bytes(value: Any) -> QByteArray:
    return QByteArray(json.dumps(value).encode("utf-8"))


def _json_value(data: QMimeData, mime: str) -> Any:
    try:
        return json.loads(bytes(data.data(mime).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
