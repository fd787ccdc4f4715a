"""View ▸ Theme: System, Light or Dark, applied at once and kept in the settings."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from insider_planner.storage.settings import AppSettings
from insider_planner.ui.actions import make_action
from insider_planner.ui.theme import Theme, apply_theme

_TIPS = {
    Theme.SYSTEM: "Look like the rest of the desktop",
    Theme.LIGHT: "Dark text on light backgrounds",
    Theme.DARK: "Light text on dark backgrounds",
}


class ThemeActions(QObject):
    """One checkable action per theme, exclusive in a group; the saved theme is applied
    when they are made. `changed` tells Preferences, which shows the same choice."""

    changed = Signal(object)  # the Theme chosen

    def __init__(self, parent: QObject, settings: AppSettings) -> None:
        super().__init__(parent)
        self._settings = settings
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.actions: dict[Theme, QAction] = {}
        current = Theme.parse(settings.theme)
        for theme in Theme:
            action = make_action(
                parent,
                theme.label,
                lambda _=False, t=theme: self.choose(t),
                tip=_TIPS[theme],
                checkable=True,
            )
            action.setChecked(theme is current)
            self.group.addAction(action)
            self.actions[theme] = action
        apply_theme(current)

    def current(self) -> Theme:
        checked = self.group.checkedAction()
        return next((t for t, a in self.actions.items() if a is checked), Theme.SYSTEM)

    def choose(self, theme: Theme) -> None:
        """Apply `theme` to the running application and remember it."""
        self.actions[theme].setChecked(True)
        apply_theme(theme)
        self._settings.theme = theme.value
        self._settings.sync()
        self.changed.emit(theme)

    def add_menu(self, parent: QMenu) -> QMenu:
        """The Theme submenu, added to `parent`."""
        menu = parent.addMenu("&Theme")
        menu.addActions(list(self.actions.values()))
        return menu
