"""Help ▸ Keyboard Shortcuts: every action's keys, read from the actions themselves."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMenuBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from insider_planner.ui.actions import key_text
from insider_planner.ui.widgets import FilterLineEdit, plain_label


def action_name(action: QAction) -> str:
    """An action's name as a list shows it: no mnemonic, no ellipsis, no undo text."""
    return action.iconText().rstrip("…").strip()


def menu_shortcuts(bar: QMenuBar) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each menu's title and its actions' names and keys, for the actions that have keys.

    Submenus are listed within their menu ("Export ▸ PDF").
    """
    groups = []
    for top in bar.actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            rows = _menu_rows(menu, "")
            if rows:
                groups.append((action_name(top), rows))
    return groups


def _menu_rows(menu: QMenu, prefix: str) -> list[tuple[str, str]]:
    rows = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        name = prefix + action_name(action)
        if action.shortcuts():
            rows.append((name, key_text(action)))
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            rows.extend(_menu_rows(submenu, f"{name} ▸ "))
    return rows


class ShortcutsDialog(QDialog):
    """The keys of the window's actions, grouped by menu, with a search field.

    Built again each time it is shown (`refresh`), so it lists what the menus hold then.
    """

    def __init__(self, bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bar = bar
        self._groups: list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]] = []
        self.setWindowTitle("Keyboard Shortcuts")
        self.setObjectName("shortcuts_dialog")
        self.search = FilterLineEdit("Search actions and keys")
        self.search.setAccessibleName("Search shortcuts")
        self.search.textChanged.connect(self._filter)
        self.search.results_requested.connect(self._enter_list)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.empty = plain_label("No action matches.")
        self.empty.setVisible(False)
        note = plain_label(
            "The Tasks keys work while the action board has the focus; the others anywhere "
            "in the window."
        )
        note.setWordWrap(True)
        note.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(600, 560)

    def refresh(self) -> None:
        """List the menus' actions as they are now, keeping the search."""
        self.tree.clear()
        self._groups = []
        for title, rows in menu_shortcuts(self._bar):
            group = QTreeWidgetItem(self.tree, [title])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            items = [QTreeWidgetItem(group, [name, keys]) for name, keys in rows]
            self._groups.append((group, items))
        self.tree.expandAll()
        self._filter(self.search.text())

    def _enter_list(self) -> None:
        """From the search field into the list (Down or Enter), on the first action shown."""
        shown = (item for _, items in self._groups for item in items if not item.isHidden())
        first = next(shown, None)
        if first is not None:
            self.tree.setCurrentItem(first)
        self.tree.setFocus()

    def _filter(self, text: str) -> None:
        """Show the actions whose menu, name or keys contain the search text."""
        needle = text.strip().casefold()
        shown = 0
        for group, items in self._groups:
            whole_menu = needle in group.text(0).casefold()
            visible = 0
            for item in items:
                match = whole_menu or any(
                    needle in item.text(column).casefold() for column in (0, 1)
                )
                item.setHidden(not match)
                visible += match
            group.setHidden(visible == 0)
            shown += visible
        self.empty.setVisible(shown == 0)
