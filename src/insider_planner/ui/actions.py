"""One way to make the window's and the panels' actions, and to find their keys."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

Shortcuts = QKeySequence.StandardKey | str | Sequence[QKeySequence | str] | None

_KEYS = QKeySequence.StandardKey

#: Keys people use for a standard key beside the ones their platform lists: redo is
#: Ctrl+Y on Windows and Ctrl+Shift+Z elsewhere, Ctrl+W closes a document almost
#: everywhere, and "=" is "+" without Shift on many keyboards.
COMMON_ALTERNATIVES: dict[QKeySequence.StandardKey, tuple[str, ...]] = {
    _KEYS.Redo: ("Ctrl+Y", "Ctrl+Shift+Z"),
    _KEYS.Close: ("Ctrl+W",),
    _KEYS.ZoomIn: ("Ctrl+=",),
}


def platform_keys(key: QKeySequence.StandardKey) -> list[QKeySequence]:
    """The keys the platform's key scheme binds to a standard key, its own first."""
    return QKeySequence.keyBindings(key)


def standard_keys(key: QKeySequence.StandardKey) -> list[QKeySequence]:
    """Every key the platform binds to `key`, then the common alternatives it lacks."""
    keys = list(platform_keys(key))
    for text in COMMON_ALTERNATIVES.get(key, ()):
        alternative = QKeySequence(text)
        if alternative not in keys:
            keys.append(alternative)
    return keys


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
    Ctrl+Shift+Z on some), not only the first, and the common alternatives it lacks
    (`standard_keys`). The tip defaults to the text without its mnemonic and ellipsis.
    """
    action = QAction(text, parent)
    action.setToolTip(tip or text.replace("&", "").rstrip("…"))
    action.setStatusTip(action.toolTip())
    if icon is not None:
        action.setIcon(icon)
    set_keys(action, shortcuts)
    action.setCheckable(checkable)
    if slot is not None:
        action.triggered.connect(slot)
    return action


def set_keys(action: QAction, shortcuts: Shortcuts) -> None:
    """Bind an action's keys: a standard key (see `standard_keys`), one key or several."""
    if isinstance(shortcuts, QKeySequence.StandardKey):
        action.setShortcuts(standard_keys(shortcuts))
    elif isinstance(shortcuts, str):
        action.setShortcut(QKeySequence(shortcuts))
    elif shortcuts is not None:
        action.setShortcuts([QKeySequence(key) for key in shortcuts])


def key_text(action: QAction) -> str:
    """An action's keys as the platform writes them, e.g. "Ctrl+Y, Ctrl+Shift+Z"."""
    native = QKeySequence.SequenceFormat.NativeText
    return ", ".join(key.toString(native) for key in action.shortcuts())


def fill_menu(menu: QMenu, actions: Sequence[QAction | None]) -> None:
    """Replace a menu's entries; None marks a separator."""
    menu.clear()
    for action in actions:
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)


def pop_up(menu: QMenu, widget: QWidget, pos: QPoint) -> None:
    """Show a context menu at a point of `widget` without waiting for it to close (the
    event loop goes on); the menu is deleted once it closes."""
    menu.aboutToHide.connect(menu.deleteLater)
    menu.popup(widget.mapToGlobal(pos))
