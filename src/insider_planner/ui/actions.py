"""One way to make the window's and the panels' actions."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QIcon, QKeySequence

Shortcuts = QKeySequence.StandardKey | str | Sequence[QKeySequence | str] | None


def make_action(
    parent: QObject,
    text: str,
    slot: Callable[..., object] | None = None,
    shortcuts: Shortcuts = None,
    tip: str = "",
    icon: QIcon | None = None,
    *,
    checkable: bool = False,
) -> QAction:
    """An action with its tool tip (shown in the status bar too), keys, icon and slot.

    A standard key binds every key the platform lists for it (redo is Ctrl+Y and
    Ctrl+Shift+Z on some), not only the first. The tip defaults to the text without its
    mnemonic and ellipsis.
    """
    action = QAction(text, parent)
    action.setToolTip(tip or text.replace("&", "").rstrip("…"))
    action.setStatusTip(action.toolTip())
    if icon is not None:
        action.setIcon(icon)
    if isinstance(shortcuts, QKeySequence.StandardKey):
        action.setShortcuts(shortcuts)
    elif isinstance(shortcuts, str):
        action.setShortcut(QKeySequence(shortcuts))
    elif shortcuts is not None:
        action.setShortcuts([QKeySequence(key) for key in shortcuts])
    action.setCheckable(checkable)
    if slot is not None:
        action.triggered.connect(slot)
    return action
