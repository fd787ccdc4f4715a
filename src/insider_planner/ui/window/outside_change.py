"""Another program changed the open plan's file: notice it, ask once, do what the user chose.

A save that finds the file changed writes nothing (`PlanDocument.save`); this module asks
the user whose version wins. The question is asked from the event loop, never from inside
the save that found the change, so closing, logging out and stop signals are not held up
by a dialog: close asks itself, and stop signals keep the plan in memory as a version
(`MainWindow.shut_down`, as for any save that fails).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from insider_planner.storage.files import PlanSaveError
from insider_planner.ui import dialogs
from insider_planner.ui.dialogs import OutsideChange
from insider_planner.ui.document import PlanDocument

if TYPE_CHECKING:
    from insider_planner.ui.window.main_window import MainWindow

BAND_TEXT = "This plan was changed by another program. Your changes are not saved yet."
BAND_TEXT_DELETED = (
    "This plan's file was deleted or moved by another program. Your changes are not saved yet."
)
RELOADED = "Reloaded: the plan was changed by another program"


class OutsideChangeGuard(QObject):
    """Watches the window's plan for changes made by other programs and settles them."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._asking = False
        self._pending: PlanDocument | None = None
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._application_state_changed)

    def watch(self, doc: PlanDocument) -> None:
        doc.changed_outside.connect(lambda reason: self._found(doc))

    def _found(self, doc: PlanDocument) -> None:
        self._window.refresh_state()
        self._pending = doc
        QTimer.singleShot(0, self, self._ask_pending)

    def _ask_pending(self) -> None:
        doc, self._pending = self._pending, None
        if doc is not None and doc is self._window.doc and not doc.closed:
            self.resolve()

    def _application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    def check(self) -> None:
        """Compare the plan's file with what was last read or written; act on a change.

        Unchanged edits-free plans are read again quietly; otherwise the user is asked.
        """
        doc = self._window.doc
        if doc is None or doc.closed or doc.outside_change is not None or self._asking:
            return
        if QApplication.activeModalWidget() is not None:
            return  # a dialog may be working on this document; its next save checks
        try:
            reason = doc.file_changed()
        except PlanSaveError:
            return  # unreadable now: the next save says why
        if reason is None:
            return
        deleted = self._file_gone(doc)
        if doc.read_only and deleted:
            return  # nothing to reload, nothing of ours to save
        if not deleted and (doc.read_only or not (doc.modified or doc.last_save_error)):
            if self._window.reopen():
                self._window.statusBar().showMessage(RELOADED, 5000)
            return
        doc.mark_changed_outside(reason)
        self._window.refresh_state()
        self.resolve()

    def resolve(self) -> bool:
        """Ask once what to do about the change; True when it is settled.

        Cancelling leaves the plan in memory, unsaved, with the choices in the message band.
        """
        doc = self._window.doc
        if doc is None or doc.outside_change is None:
            return True
        if self._asking:
            return False
        self._pending = None
        deleted = self._file_gone(doc)
        what = "deleted or moved" if deleted else "changed"
        text = (
            f"The file of “{doc.plan.title}” was {what} by another program while you were "
            "editing the plan.\n\nNothing has been written over it yet. Your changes are "
            "kept in this window until you choose."
        )
        self._asking = True
        try:
            choice = dialogs.ask_outside_change(self._window, text, deleted=deleted)
        finally:
            self._asking = False
        if choice is OutsideChange.RELOAD_THEIRS:
            return self.reload_theirs()
        if choice is OutsideChange.KEEP_MINE:
            return self.keep_mine()
        if choice is OutsideChange.SAVE_ELSEWHERE:
            return self.save_elsewhere()
        self._window.refresh_state()
        return False

    def reload_theirs(self) -> bool:
        """Keep the plan in memory as a version, then read the other program's file."""
        doc = self._window.doc
        if doc is None:
            return True
        try:
            doc.keep_in_memory_version()
        except PlanSaveError as error:
            dialogs.show_error(
                self._window,
                "Could Not Reload Plan",
                f"Your version could not be kept first, so nothing was reloaded.\n\n{error}",
            )
            return False
        return self._window.reopen()

    def keep_mine(self) -> bool:
        """Keep the other program's file as a version, then save over it."""
        doc = self._window.doc
        return doc is None or doc.save_over_outside_change()

    def save_elsewhere(self) -> bool:
        """Save to another file, leaving the changed one as the other program wrote it."""
        return self._window.save_as(title="Save Plan Elsewhere")

    def band(self, doc: PlanDocument) -> tuple[str, list[tuple[str, str, Callable[[], bool]]]]:
        """The message band while a change is unsettled: text, and (label, tip, slot)."""
        elsewhere = ("Save Elsewhere…", "Save your version to another file", self.save_elsewhere)
        if self._file_gone(doc):
            again = ("Save Again Here", "Save your version where the plan was", self.keep_mine)
            return BAND_TEXT_DELETED, [again, elsewhere]
        return BAND_TEXT, [
            (
                "Reload Theirs",
                "Keep your version among the plan's backups and load the other program's",
                self.reload_theirs,
            ),
            (
                "Keep Mine",
                "Keep the other program's version among the backups and save yours",
                self.keep_mine,
            ),
            elsewhere,
        ]

    @staticmethod
    def _file_gone(doc: PlanDocument) -> bool:
        try:
            return doc.path is None or not doc.path.exists()
        except OSError:
            return False
