"""Our own MIME types for drag-and-drop inside the window."""

from __future__ import annotations

#: A JSON list of node ids (attribute-tree nodes or gap entries).
NODE_MIME = "application/x-insider-planner-nodes"
#: A JSON object {"strategy": id} or {"tasks": [task ids]} dragged within the action board.
BOARD_MIME = "application/x-insider-planner-board"
