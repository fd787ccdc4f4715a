"""Edit ▸ Find: a bar below the plan that finds attributes, notes, tasks and task notes.

Typing searches once the typing pauses; Enter, F3 and the arrows step through the matches
(Shift for the previous one), selecting each in the attribute tree or on the board.
Escape closes the bar. The matches are looked up again after any edit, from where the
last one stood.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QToolButton, QWidget

from insider_planner.domain.search import Hit, find
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.widgets import FilterLineEdit, describe
from insider_planner.ui.window.plan_view import PlanView

#: How long typing must pause before the plan is searched, in milliseconds.
TYPING_PAUSE_MS = 200


class FindField(FilterLineEdit):
    """The search text: Enter finds the next match, Shift+Enter the previous one; Escape
    clears the text, then closes the bar."""

    step = Signal(int)  # +1 next, -1 previous
    close_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            back = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self.step.emit(-1 if back else 1)
            return
        if key == Qt.Key.Key_Escape and not self.text():
            self.close_requested.emit()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    """Finds text in the open plan and selects each match where it is shown."""

    message = Signal(str)  # a passing note for the status bar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find_bar")
        self._doc: PlanDocument | None = None
        self._view: PlanView | None = None
        self._hits: list[Hit] = []
        self._current = -1  # index in `_hits` of the match last shown
        self._stale = True  # the plan or the text changed since `_hits` was found
        self._between = False  # `_current` is where a match that is gone stood

        self.field = FindField("Find attributes, notes and tasks")
        describe(self.field, "Find in plan", "Text to find in names, notes and tasks")
        self.field.textChanged.connect(self._text_changed)
        self.field.step.connect(self.step)
        self.field.results_requested.connect(lambda: self.step(1))  # Down, Page Down
        self.field.close_requested.connect(self.close_bar)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self._search_as_typed)

        style = self.style()
        self.previous = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp),
            "Previous match (Shift+Enter)",
            lambda: self.step(-1),
        )
        self.next = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown),
            "Next match (Enter)",
            lambda: self.step(1),
        )
        self.count = QLabel()
        self.count.setAccessibleName("Matches found")
        self.close_button = self._button(
            style.standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton),
            "Close the find bar (Escape)",
            self.close_bar,
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.field, 1)
        layout.addWidget(self.previous)
        layout.addWidget(self.next)
        layout.addWidget(self.count)
        layout.addWidget(self.close_button)
        self._show_count()
        self.hide()

    def _button(self, icon: QIcon, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton()
        button.setIcon(icon)
        button.setAutoRaise(True)
        describe(button, tip.split(" (")[0], tip)
        button.clicked.connect(slot)
        return button

    # --- the plan searched ----------------------------------------------------------------

    def set_plan(self, doc: PlanDocument | None, view: PlanView | None) -> None:
        """Search this plan from now on (None: no plan is open)."""
        if self._doc is not None:
            self._doc.undo_stack.indexChanged.disconnect(self._plan_changed)
        self._doc, self._view = doc, view
        self._hits, self._current, self._stale = [], -1, True
        if doc is not None:
            doc.undo_stack.indexChanged.connect(self._plan_changed)
        else:
            self._pause.stop()
            self.hide()
        self._show_count()

    def _plan_changed(self) -> None:
        self._stale = True

    # --- opening and closing --------------------------------------------------------------

    def open_bar(self) -> None:
        """Show the bar with its text selected, ready to be typed over."""
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def close_bar(self) -> None:
        """Hide the bar; the keyboard goes back to the match shown, or to the tree."""
        self._pause.stop()
        self.hide()
        view = self._view
        if view is None:
            return
        hit = self._hits[self._current] if 0 <= self._current < len(self._hits) else None
        if hit is not None and hit.kind == "task":
            view.board.view.setFocus()
        else:
            view.attributes.view.setFocus()

    # --- finding --------------------------------------------------------------------------

    def _text_changed(self) -> None:
        self._stale = True
        self._pause.start()

    def _search_as_typed(self) -> None:
        """Show the first match of the text typed, from the start of the plan."""
        self._refresh(keep_place=False)
        if self._hits:
            self._go(0)

    def step(self, direction: int) -> None:
        """Show the next (+1) or previous (-1) match, wrapping around at either end."""
        if not self.isVisible() or not self.field.text().strip():
            self.open_bar()
            if not self.field.text().strip():
                return
        self._pause.stop()
        self._refresh(keep_place=True)
        if not self._hits:
            return
        if self._current < 0:
            self._go(0 if direction > 0 else len(self._hits) - 1)
            return
        if self._between:
            # The match shown is gone; `_current` is the first match after where it stood.
            self._between = False
            target = self._current if direction > 0 else self._current - 1
        else:
            target = self._current + direction
        if len(self._hits) == 1:
            self.message.emit("This is the only match")
        elif target >= len(self._hits):
            self.message.emit("Passed the end of the plan; continued from the top")
        elif target < 0:
            self.message.emit("Passed the start of the plan; continued from the end")
        self._go(target % len(self._hits))

    def _at_shown_hit(self) -> bool:
        return 0 <= self._current < len(self._hits)

    def _refresh(self, *, keep_place: bool) -> None:
        """Find the matches again if the text or the plan changed since the last time."""
        if not self._stale:
            return
        shown = self._hits[self._current] if self._at_shown_hit() else None
        old_place = self._current
        doc = self._doc
        self._hits = [] if doc is None else find(doc.plan, doc.tree, self.field.text())
        self._stale = False
        self._current = -1
        self._between = False
        if keep_place and shown is not None:
            self._current = self._place_of(shown)
            if self._current < 0:
                # Gone: step on from where it stood, between the matches around it.
                self._current = min(old_place, len(self._hits))
                self._between = True
        self._show_count()

    def _place_of(self, hit: Hit) -> int:
        """The place of a match among the new matches; -1 if it is no longer one."""
        for place, found in enumerate(self._hits):
            if found.kind == hit.kind and found.id == hit.id:
                return place
        return -1

    def _go(self, place: int) -> None:
        self._current = place
        self._between = False
        hit = self._hits[place]
        view = self._view
        if view is not None:
            if hit.kind == "attribute":
                view.attributes.select_node(hit.id)
            elif not view.board.reveal_task(hit.id):
                self.message.emit("That task is no longer on the board")
        self._show_count()

    def _show_count(self) -> None:
        text = self.field.text().strip()
        if not text or (self._stale and not self._hits):
            self.count.setText("")
        elif not self._hits:
            self.count.setText("No matches")
        elif self._current < 0 or self._between:
            self.count.setText(_matches(len(self._hits)))
        else:
            self.count.setText(f"{self._current + 1} of {len(self._hits)}")
        self.previous.setEnabled(bool(self._hits))
        self.next.setEnabled(bool(self._hits))

    @property
    def hits(self) -> list[Hit]:
        """The matches found for the text last searched."""
        return list(self._hits)


def _matches(count: int) -> str:
    return "1 match" if count == 1 else f"{count:,} matches"
