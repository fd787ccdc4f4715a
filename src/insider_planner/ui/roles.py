"""What the app's item models share: the index type their methods take, and the node role."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

#: Qt passes either kind of index to a model's methods.
AnyIndex = QModelIndex | QPersistentModelIndex

#: The id (str) of the attribute-tree node a row shows: tree rows, gap entries, task links.
NODE_ROLE = int(Qt.ItemDataRole.UserRole) + 1

# Qt's roles as plain ints: models compare the role they are asked for many times a frame,
# and comparing ints is far cheaper than comparing enum members in Python.
DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
EDIT = int(Qt.ItemDataRole.EditRole.value)
CHECK_STATE = int(Qt.ItemDataRole.CheckStateRole.value)
DECORATION = int(Qt.ItemDataRole.DecorationRole.value)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
BACKGROUND = int(Qt.ItemDataRole.BackgroundRole.value)
FONT = int(Qt.ItemDataRole.FontRole.value)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
ACCESSIBLE_TEXT = int(Qt.ItemDataRole.AccessibleTextRole.value)
