"""Remembering the window's layout: its geometry, docks and splitters, between runs.

It also makes the window fit the screen it is on: a first start sizes the window and
arranges the docks for the screen's free area (on a laptop the plan list shares a tabbed
column with the gap), a restored geometry larger than the screen is brought within it, and
docks that were squeezed when the window was small get their width back when it grows.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QStyle,
    QWidget,
)

from insider_planner.storage.settings import AppSettings
from insider_planner.ui.window.plan_view import PlanView

#: The window's size on a first start, where the screen has room for it.
DEFAULT_SIZE = QSize(1400, 860)
#: A free screen area at least this wide shows the plan list in a column of its own;
#: narrower, it shares a tabbed column with the gap.
SEPARATE_PLANS_WIDTH = 1500
#: The most of the window's width each dock takes by default (its content may want less).
DOCK_SHARES = {"plans_dock": 0.15, "gap_dock": 0.3}
#: The window's centre keeps at least this share of the screen before it scrolls instead.
CENTRE_SHARE = 0.55

_HORIZONTAL = Qt.Orientation.Horizontal


class WindowLayout(QObject):
    """Saves the window's layout into the settings, and puts it back; keeps the docks'
    widths as the window changes size."""

    def __init__(self, window: QMainWindow, settings: AppSettings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._shown = False
        window.installEventFilter(self)

    # --- restoring -------------------------------------------------------------------------

    def restore_window(self) -> None:
        """Geometry, and where the docks and toolbars were; the defaults on a first start."""
        window = self._window
        geometry = self._settings.bytes_value("window/geometry")
        if geometry is None or not window.restoreGeometry(geometry):
            self._default_geometry()
        state = self._settings.bytes_value("window/state")
        if state is None or not window.restoreState(state):
            self._default_docks()
        self.fit_to_screen()

    def _default_geometry(self) -> None:
        window = self._window
        room = _room(window)
        window.resize(DEFAULT_SIZE.boundedTo(room))
        if room.width() < DEFAULT_SIZE.width() or room.height() < DEFAULT_SIZE.height():
            # A laptop's screen: use all of it, as the window manager lays it out.
            window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)

    def _default_docks(self) -> None:
        """The plan list on the left and the gap on the right where the screen is wide;
        else both on the right, tabbed, with the gap in front."""
        window = self._window
        plans, gap = self._dock("plans_dock"), self._dock("gap_dock")
        if plans is None or gap is None:
            return
        if available_area(window).width() < SEPARATE_PLANS_WIDTH:
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, plans)
            window.tabifyDockWidget(gap, plans)
            gap.raise_()
        self.fit_docks()

    def fit_to_screen(self) -> None:
        """Bring the window within the free area of its screen, if it is larger or off it."""
        window = self._window
        if window.windowState() & (
            Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen
        ):
            return
        area = available_area(window)
        size = window.size().boundedTo(_room(window))
        if size != window.size():
            window.resize(size)
        outer = window.frameGeometry()
        if not area.contains(outer):
            left = min(max(outer.left(), area.left()), area.right() + 1 - outer.width())
            top = min(max(outer.top(), area.top()), area.bottom() + 1 - outer.height())
            window.move(max(left, area.left()), max(top, area.top()))

    def restore_splitters(self, view: PlanView) -> None:
        """The plan view's splitters, as the user last left them."""
        for splitter in self._splitters(view):
            value = self._settings.bytes_value(f"splitters/{splitter.objectName()}")
            if value is not None:
                splitter.restoreState(value)

    # --- dock widths -----------------------------------------------------------------------

    def dock_width(self, dock: QDockWidget) -> int:
        """The width a dock gets back: what its content asks for, at most its share of the
        window, at least its minimum."""
        content = dock.widget()
        wanted = content.sizeHint().width() if content is not None else 0
        share = int(self._window.width() * DOCK_SHARES.get(dock.objectName(), 0.25))
        return max(min(wanted, share), dock.minimumSizeHint().width())

    def fit_docks(self) -> None:
        """Widen the docks that are narrower than their width (see `dock_width`), as
        after the window was small; a dock the user made wider stays so."""
        window = self._window
        docks: list[QDockWidget] = []
        widths: list[int] = []
        seen: set[QDockWidget] = set()
        for dock in window.findChildren(QDockWidget):
            if dock in seen or dock.isFloating() or dock.isHidden():
                continue
            group = [dock, *window.tabifiedDockWidgets(dock)]
            seen.update(group)
            target = max(self.dock_width(d) for d in group)
            # Qt keeps a tab's hidden docks "visible", moved out of the window.
            inside = window.rect()
            shown = next((d for d in group if d.geometry().intersects(inside)), dock)
            if shown.width() < target:
                docks.append(shown)
                widths.append(target)
        if docks:
            window.resizeDocks(docks, widths, _HORIZONTAL)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window:
            if event.type() == QEvent.Type.Show and not self._shown:
                self._shown = True
                self.fit_to_screen()
                self.fit_docks()
            elif (
                event.type() == QEvent.Type.Resize
                and isinstance(event, QResizeEvent)
                and event.size().width() > event.oldSize().width() >= 0
                and self._shown
            ):
                self.fit_docks()
        return False

    def _dock(self, name: str) -> QDockWidget | None:
        return self._window.findChild(QDockWidget, name)

    # --- saving ----------------------------------------------------------------------------

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
        # The board's splitter keeps the editor's height while the editor is hidden (as it
        # is until a row is current), so what is saved is the height the user gave it.
        return (view.splitter, view.attributes.splitter, view.board.splitter)


class CentreArea(QScrollArea):
    """The window's centre: it scrolls rather than making the window larger than the
    screen, when the screen is too small for everything the plan view shows."""

    def __init__(self, widget: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("centre_area")
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setWidget(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # a plan view came or went: the window's minimum changes
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:
        widget = self.widget()
        inner = widget.minimumSizeHint() if widget is not None else QSize()
        area = available_area(self)
        most = QSize(int(area.width() * CENTRE_SHARE), int(area.height() * CENTRE_SHARE))
        return inner.boundedTo(most).expandedTo(QSize(0, 0))

    def sizeHint(self) -> QSize:
        widget = self.widget()
        return widget.sizeHint() if widget is not None else super().sizeHint()


def available_area(widget: QWidget) -> QRect:
    """The free area (without panels and docks of the desktop) of the widget's screen."""
    return widget.screen().availableGeometry()


def _room(window: QWidget) -> QSize:
    """The largest size the window's inside may have: its screen's free area, less the
    frame the window manager puts around it."""
    area = available_area(window)
    frame = _frame_size(window)
    return QSize(area.width() - frame.width(), area.height() - frame.height())


def _frame_size(window: QWidget) -> QSize:
    """What the window manager's frame adds to the window (nothing known before it is
    shown: then a title bar's height is assumed)."""
    outer, inner = window.frameGeometry(), window.geometry()
    if window.isVisible() or outer.size() != inner.size():
        return QSize(outer.width() - inner.width(), outer.height() - inner.height())
    title = window.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight, None, window)
    return QSize(0, title)
