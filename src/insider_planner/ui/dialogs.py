"""Every modal question the app asks, one small function each, so tests replace one line."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from insider_planner.domain.limits import TITLE_MAX
from insider_planner.storage.paths import PLAN_SUFFIX

if TYPE_CHECKING:
    from insider_planner.report.content import ReportOptions

PLAN_FILTER = f"Insider Planner plans (*{PLAN_SUFFIX});;All files (*)"

Choice = TypeVar("Choice")


class UnsavedChoice(Enum):
    SAVE_ELSEWHERE = "save elsewhere"
    DISCARD = "discard"
    CANCEL = "cancel"


class OutsideChange(Enum):
    """What to do with a plan whose file another program changed, moved or deleted."""

    RELOAD_THEIRS = "reload theirs"
    KEEP_MINE = "keep mine"
    SAVE_ELSEWHERE = "save elsewhere"
    CANCEL = "cancel"


class MovePlans(Enum):
    """What to do with the plans of the old folder when another is chosen."""

    MOVE = "move"
    LEAVE = "leave"
    CANCEL = "cancel"


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(_plain())
    box.exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent
    )
    box.setTextFormat(_plain())
    box.exec()


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """Ask before a destructive step; the default button is Cancel."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent
    )
    box.setTextFormat(_plain())
    ok = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is ok


def ask_text(
    parent: QWidget | None, title: str, label: str, text: str = "", max_length: int = TITLE_MAX
) -> tuple[str, bool]:
    """One line of text, at most `max_length` characters; returns (text stripped, accepted).

    The label is shown as plain text.
    """
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    field = dialog.findChild(QLineEdit)
    if field is not None:
        field.setMaxLength(max_length)
    for child in dialog.findChildren(QLabel):
        child.setTextFormat(Qt.TextFormat.PlainText)
    ok = dialog.exec() == QInputDialog.DialogCode.Accepted
    value = dialog.textValue().strip()
    return value, ok and bool(value)


def ask_open_path(parent: QWidget | None, title: str = "Open Plan") -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), PLAN_FILTER)
    return Path(path) if path else None


def ask_save_path(
    parent: QWidget | None, title: str, suggested: Path, file_filter: str = PLAN_FILTER
) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
    return Path(path) if path else None


def ask_report_options(
    parent: QWidget | None, title: str, options: ReportOptions, go_on: str = "Choose File…"
) -> ReportOptions | None:
    """What an export or a print leaves out (redacted, only ticked and needed, done tasks),
    starting from `options`; None when the user cancels. `go_on` names the button that goes
    on (to the file, or to the printer)."""
    from insider_planner.ui.report_options import ReportOptionsDialog

    dialog = ReportOptionsDialog(title, options, parent, go_on=go_on)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.box.options()
    finally:
        dialog.deleteLater()


def ask_folder(parent: QWidget | None, title: str, start: Path) -> Path | None:
    """A folder, chosen in the platform's folder dialog; None when cancelled."""
    path = QFileDialog.getExistingDirectory(parent, title, str(start))
    return Path(path) if path else None


def show_folder(folder: Path) -> bool:
    """Show a folder in the desktop's file manager; False when none could show it."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))


def ask_move_plans(parent: QWidget | None, text: str, count: int) -> MovePlans:
    """Another plans folder was chosen: move the `count` plans there, leave them, or stay.

    Moving is the default; closing the box cancels.
    """
    plans = "1 plan and its backups" if count == 1 else f"{count} plans and their backups"
    return _choose(
        parent,
        QMessageBox.Icon.Question,
        "Change Plans Folder",
        text,
        [
            (f"Move {plans} to the new folder", QMessageBox.ButtonRole.AcceptRole, MovePlans.MOVE),
            (
                "Use the new folder without moving",
                QMessageBox.ButtonRole.ActionRole,
                MovePlans.LEAVE,
            ),
        ],
        MovePlans.CANCEL,
    )


def ask_unsaved(parent: QWidget | None, text: str) -> UnsavedChoice:
    """The plan could not be saved: save it elsewhere, discard the changes, or stay."""
    return _choose(
        parent,
        QMessageBox.Icon.Warning,
        "Unsaved Changes",
        text,
        [
            ("Save Elsewhere…", QMessageBox.ButtonRole.AcceptRole, UnsavedChoice.SAVE_ELSEWHERE),
            ("Discard Changes", QMessageBox.ButtonRole.DestructiveRole, UnsavedChoice.DISCARD),
        ],
        UnsavedChoice.CANCEL,
    )


def _choose(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    choices: Sequence[tuple[str, QMessageBox.ButtonRole, Choice]],
    cancel: Choice,
    *,
    default: int = 0,
    cancel_label: str | None = None,
) -> Choice:
    """A box of choices and a way out (Cancel, or a button named `cancel_label`), the
    choice at `default` the default; what was chosen, or `cancel` when the box was
    cancelled or closed."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(_plain())
    buttons = [(box.addButton(label, role), value) for label, role, value in choices]
    if cancel_label is None:
        box.addButton(QMessageBox.StandardButton.Cancel)
    else:
        box.addButton(cancel_label, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(buttons[default][0])
    box.exec()
    clicked = box.clickedButton()
    return next((value for button, value in buttons if button is clicked), cancel)


def ask_outside_change(parent: QWidget | None, text: str, *, deleted: bool) -> OutsideChange:
    """Another program changed (or deleted) the plan's file: whose version wins?

    For a deleted file, Keep Mine reads "Save Again Here" and there is nothing to reload.
    Closing the box keeps everything in memory (CANCEL).
    """
    choices: list[tuple[str, QMessageBox.ButtonRole, OutsideChange]] = []
    if not deleted:
        choices.append(
            ("Reload Theirs", QMessageBox.ButtonRole.DestructiveRole, OutsideChange.RELOAD_THEIRS)
        )
    choices += [
        (
            "Save Again Here" if deleted else "Keep Mine",
            QMessageBox.ButtonRole.AcceptRole,
            OutsideChange.KEEP_MINE,
        ),
        ("Save Elsewhere…", QMessageBox.ButtonRole.ActionRole, OutsideChange.SAVE_ELSEWHERE),
    ]
    return _choose(
        parent,
        QMessageBox.Icon.Warning,
        "Plan Changed by Another Program",
        text,
        choices,
        OutsideChange.CANCEL,
        default=len(choices) - 1,
        cancel_label="Keep in Memory",
    )


def _plain() -> Qt.TextFormat:
    return Qt.TextFormat.PlainText
