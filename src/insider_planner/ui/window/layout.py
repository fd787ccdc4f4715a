"""Remembering the window's layout: its geometry, docks and splitters, between runs."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QSplitter

from insider_planner.storage.settings import AppSettings
from insider_planner.ui.window.plan_view import PlanView


class WindowLayout:
    """Saves the window's layout into the settings, and puts it back."""

    def __init__(self, window: QMainWindow, settings: AppSettings) -> None:
        self._window = window
        self._settings = settings

    def restore_window(self) -> None:
        """Geometry, and where the docks and toolbars were."""
        geometry = self._settings.bytes_value("window/geometry")
        if geometry is not None:
            self._window.restoreGeometry(geometry)
        state = self._settings.bytes_value("window/state")
        if state is not None:
            self._window.restoreState(state)

    def restore_splitters(self, view: PlanView) -> None:
        """The plan view's splitters, as the user last left them."""
        for splitter in self._splitters(view):
            value = self._settings.bytes_value(f"splitters/{splitter.objectName()}")
            if value is not None:
                splitter.restoreState(value)

    def save(self, view: PlanView | None) -> None:
        """Everything above, written to the settings file now."""
        self._settings.set_value("window/geometry", self._window.saveGeometry())
        self._settings.set_value("window/state", self._window.saveState())
        if view is not None:
            for splitter in self._splitters(view):
                key = f"splitters/{splitter.objectName()}"
                self._settings.set_value(key, splitter.saveState())
        self._settings.sync()

    @staticmethod
    def _splitters(view: PlanView) -> tuple[QSplitter, ...]:
        return (view.splitter, view.attributes.splitter)
