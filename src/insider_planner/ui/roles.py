"""What the app's item models share: the index type their methods take, and the node role."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

#: Qt passes either kind of index to a model's methods.
AnyIndex = QModelIndex | QPersistentModelIndex

#: The id (str) of the attribute-tree node a row shows: tree rows, gap entries, task links.
NODE_ROLE = int(Qt.ItemDataRole.UserRole) + 1
