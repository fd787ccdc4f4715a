"""Every modal helper, opened for real and answered from a timer as a user would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from insider_planner.domain.limits import TITLE_MAX
from insider_planner.ui import dialogs
from insider_planner.ui.dialogs import UnsavedChoice

EVIL = '<b>x</b><img src="/etc/hostname"> &amp; <a href="http://example.com">link</a>'

Respond = Callable[[Any], None]


class Answerer:
    """Answer the next modal dialog from the event loop, and never leave it hanging.

    `respond(dialog)` runs once the dialog is the active modal widget. If it raises or
    leaves the dialog open, the dialog is rejected so `exec()` returns, and `check()`
    fails the test.
    """

    def __init__(self, respond: Respond) -> None:
        self.respond = respond
        self.dialog: QWidget | None = None
        self.error: BaseException | None = None
        self._tries = 0
        QTimer.singleShot(20, self._run)

    def _run(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            self._tries += 1
            if self._tries < 500:
                QTimer.singleShot(10, self._run)
            return
        self.dialog = dialog
        try:
            self.respond(dialog)
            if dialog.isVisible():
                raise AssertionError("the answer did not close the dialog")
        except BaseException as exc:
            self.error = exc
            dialog.reject()

    def check(self) -> None:
        if self.error is not None:
            raise self.error
        assert self.dialog is not None, "no modal dialog opened"


def answer(respond: Respond) -> Answerer:
    return Answerer(respond)


def message_label(box: QMessageBox) -> QLabel:
    label = box.findChild(QLabel, "qt_msgbox_label")
    assert label is not None
    return label


def button_with_role(box: QMessageBox, role: QMessageBox.ButtonRole, text: str) -> QPushButton:
    matches = [b for b in box.buttons() if box.buttonRole(b) == role and b.text() == text]
    assert len(matches) == 1, [(b.text(), box.buttonRole(b)) for b in box.buttons()]
    return matches[0]


def standard(box: QMessageBox, which: QMessageBox.StandardButton) -> QPushButton:
    button = box.button(which)
    assert button is not None
    return button


# --- show_error / show_info --------------------------------------------------------------


@pytest.mark.parametrize(
    ("show", "icon"),
    [
        (dialogs.show_error, QMessageBox.Icon.Warning),
        (dialogs.show_info, QMessageBox.Icon.Information),
    ],
    ids=["error", "info"],
)
def test_messages_show_user_text_literally(qtbot, show, icon) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, object] = {}

    def respond(box: QMessageBox) -> None:
        assert isinstance(box, QMessageBox)
        label = message_label(box)
        seen.update(
            box_format=box.textFormat(),
            box_text=box.text(),
            label_format=label.textFormat(),
            label_text=label.text(),
            title=box.windowTitle(),
            icon=box.icon(),
            parent=box.parentWidget(),
            buttons=[box.standardButton(b) for b in box.buttons()],
        )
        standard(box, QMessageBox.StandardButton.Ok).click()

    answerer = answer(respond)
    assert show(parent, "Title <i>t</i>", EVIL) is None
    answerer.check()
    assert seen["box_format"] == Qt.TextFormat.PlainText
    assert seen["label_format"] == Qt.TextFormat.PlainText
    assert seen["box_text"] == EVIL
    assert seen["label_text"] == EVIL
    assert seen["title"] == "Title <i>t</i>"
    assert seen["icon"] == icon
    assert seen["parent"] is parent
    assert seen["buttons"] == [QMessageBox.StandardButton.Ok]


@pytest.mark.parametrize("show", [dialogs.show_error, dialogs.show_info], ids=["error", "info"])
def test_messages_close_on_escape_without_a_parent(qtbot, show) -> None:  # type: ignore[no-untyped-def]
    answerer = answer(lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape))
    show(None, "Title", "plain words")
    answerer.check()


# --- confirm -----------------------------------------------------------------------------


def confirm_and(respond: Respond, text: str = "Delete it?") -> tuple[bool, Answerer]:
    answerer = answer(respond)
    result = dialogs.confirm(None, "Delete", text, "Delete Everything")
    answerer.check()
    return result, answerer


def destructive(box: QMessageBox) -> QPushButton:
    return button_with_role(box, QMessageBox.ButtonRole.DestructiveRole, "Delete Everything")


def test_confirm_is_true_only_for_the_destructive_button(qtbot) -> None:  # type: ignore[no-untyped-def]
    result, _ = confirm_and(
        lambda box: qtbot.mouseClick(destructive(box), Qt.MouseButton.LeftButton)
    )
    assert result is True


def test_confirm_is_false_on_cancel(qtbot) -> None:  # type: ignore[no-untyped-def]
    result, _ = confirm_and(lambda box: standard(box, QMessageBox.StandardButton.Cancel).click())
    assert result is False


def test_confirm_is_false_on_escape(qtbot) -> None:  # type: ignore[no-untyped-def]
    result, _ = confirm_and(lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape))
    assert result is False


def test_confirm_is_false_when_closed_without_a_button(qtbot) -> None:  # type: ignore[no-untyped-def]
    result, _ = confirm_and(lambda box: box.reject())
    assert result is False


def test_confirm_enter_takes_the_default_which_is_cancel(qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def respond(box: QMessageBox) -> None:
        seen["default"] = box.defaultButton()
        seen["cancel"] = box.button(QMessageBox.StandardButton.Cancel)
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        qtbot.keyClick(box, Qt.Key.Key_Return)

    result, _ = confirm_and(respond)
    assert seen["cancel"] is not None
    assert seen["default"] is seen["cancel"]
    assert len(seen["buttons"]) == 2  # type: ignore[arg-type]
    assert result is False


def test_confirm_shows_its_text_literally(qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def respond(box: QMessageBox) -> None:
        seen.update(format=message_label(box).textFormat(), text=box.text(), icon=box.icon())
        box.reject()

    confirm_and(respond, text=EVIL)
    assert seen == {
        "format": Qt.TextFormat.PlainText,
        "text": EVIL,
        "icon": QMessageBox.Icon.Question,
    }


# --- ask_text ----------------------------------------------------------------------------


def line_edit(dialog: QInputDialog) -> QLineEdit:
    edits = dialog.findChildren(QLineEdit)
    assert len(edits) == 1
    return edits[0]


def box_button(dialog: QInputDialog, which: QDialogButtonBox.StandardButton) -> QPushButton:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    button = box.button(which)
    assert button is not None
    return button


def type_and(qtbot, typed: str | None, finish: str) -> Respond:  # type: ignore[no-untyped-def]
    """Replace the text with `typed` (None: keep it), then press OK, Cancel or Escape."""

    def respond(dialog: QInputDialog) -> None:
        assert isinstance(dialog, QInputDialog)
        edit = line_edit(dialog)
        if typed is not None:
            edit.selectAll()
            qtbot.keyClick(edit, Qt.Key.Key_Delete)
            qtbot.keyClicks(edit, typed)
        if finish == "ok":
            qtbot.mouseClick(
                box_button(dialog, QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
            )
        elif finish == "enter":
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        elif finish == "cancel":
            box_button(dialog, QDialogButtonBox.StandardButton.Cancel).click()
        else:
            qtbot.keyClick(edit, Qt.Key.Key_Escape)

    return respond


@pytest.mark.parametrize("finish", ["ok", "enter"])
def test_ask_text_accepted_returns_stripped_text(qtbot, finish: str) -> None:  # type: ignore[no-untyped-def]
    answerer = answer(type_and(qtbot, "  New name \t ", finish))
    assert dialogs.ask_text(None, "Rename", "Name:", "Old") == ("New name", True)
    answerer.check()


def test_ask_text_prefills_and_accepts_the_given_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def respond(dialog: QInputDialog) -> None:
        seen["shown"] = line_edit(dialog).text()
        seen["title"] = dialog.windowTitle()
        type_and(qtbot, None, "ok")(dialog)

    answerer = answer(respond)
    assert dialogs.ask_text(None, "Rename", "Name:", " Old ") == ("Old", True)
    answerer.check()
    assert seen == {"shown": " Old ", "title": "Rename"}


@pytest.mark.parametrize("finish", ["cancel", "escape"])
def test_ask_text_cancelled_returns_false(qtbot, finish: str) -> None:  # type: ignore[no-untyped-def]
    answerer = answer(type_and(qtbot, " typed anyway ", finish))
    text, ok = dialogs.ask_text(None, "Rename", "Name:", "Old")
    answerer.check()
    assert ok is False
    assert text == "typed anyway"


@pytest.mark.parametrize("typed", ["", "   ", " \t "])
def test_ask_text_blank_entry_is_not_accepted(qtbot, typed: str) -> None:  # type: ignore[no-untyped-def]
    answerer = answer(type_and(qtbot, typed, "ok"))
    assert dialogs.ask_text(None, "Rename", "Name:", "Old") == ("", False)
    answerer.check()


def test_ask_text_label_is_plain_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def respond(dialog: QInputDialog) -> None:
        labels = [lbl for lbl in dialog.findChildren(QLabel) if lbl.text() == EVIL]
        seen["formats"] = [lbl.textFormat() for lbl in labels]
        dialog.reject()

    answerer = answer(respond)
    dialogs.ask_text(None, "Rename", EVIL, "")
    answerer.check()
    assert seen["formats"] == [Qt.TextFormat.PlainText]


# --- ask_unsaved -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("press", "expected"),
    [
        ("elsewhere", UnsavedChoice.SAVE_ELSEWHERE),
        ("discard", UnsavedChoice.DISCARD),
        ("cancel", UnsavedChoice.CANCEL),
        ("escape", UnsavedChoice.CANCEL),
        ("enter", UnsavedChoice.SAVE_ELSEWHERE),
        ("closed", UnsavedChoice.CANCEL),
    ],
)
def test_ask_unsaved_returns_the_matching_choice(
    qtbot, press: str, expected: UnsavedChoice
) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def respond(box: QMessageBox) -> None:
        assert isinstance(box, QMessageBox)
        elsewhere = button_with_role(box, QMessageBox.ButtonRole.AcceptRole, "Save Elsewhere…")
        discard = button_with_role(box, QMessageBox.ButtonRole.DestructiveRole, "Discard Changes")
        cancel = standard(box, QMessageBox.StandardButton.Cancel)
        seen.update(
            count=len(box.buttons()),
            default=box.defaultButton() is elsewhere,
            format=message_label(box).textFormat(),
            text=box.text(),
            title=box.windowTitle(),
        )
        if press == "elsewhere":
            qtbot.mouseClick(elsewhere, Qt.MouseButton.LeftButton)
        elif press == "discard":
            qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
        elif press == "cancel":
            qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        elif press == "escape":
            qtbot.keyClick(box, Qt.Key.Key_Escape)
        elif press == "enter":
            qtbot.keyClick(box, Qt.Key.Key_Return)
        else:
            box.reject()

    answerer = answer(respond)
    assert dialogs.ask_unsaved(None, EVIL) is expected
    answerer.check()
    assert seen == {
        "count": 3,
        "default": True,
        "format": Qt.TextFormat.PlainText,
        "text": EVIL,
        "title": "Unsaved Changes",
    }


# --- file paths --------------------------------------------------------------------------


class FakeFileDialog:
    """Stands in for a static QFileDialog getter: records its call, returns `answer`."""

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.calls: list[tuple[object, ...]] = []

    def __call__(self, *args: object) -> tuple[str, str]:
        self.calls.append(args)
        return self.answer, "Insider Planner plans (*.insiderplan)" if self.answer else ""


def plan_filter_offered(file_filter: object) -> bool:
    assert isinstance(file_filter, str)
    first = file_filter.split(";;")[0]
    return "*.insiderplan" in first


@pytest.mark.parametrize(
    ("returned", "expected"),
    [("/plans/a plan.insiderplan", Path("/plans/a plan.insiderplan")), ("", None)],
    ids=["chosen", "cancelled"],
)
def test_ask_open_path(
    qtbot, monkeypatch: pytest.MonkeyPatch, returned: str, expected: Path | None
) -> None:  # type: ignore[no-untyped-def]
    fake = FakeFileDialog(returned)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake))
    parent = QWidget()
    qtbot.addWidget(parent)
    assert dialogs.ask_open_path(parent) == expected
    [(called_parent, title, directory, file_filter)] = fake.calls
    assert called_parent is parent
    assert title == "Open Plan"
    assert directory == str(Path.home())
    assert plan_filter_offered(file_filter)


def test_ask_open_path_passes_a_custom_title(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeFileDialog("")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake))
    assert dialogs.ask_open_path(None, "Import") is None
    assert fake.calls[0][:2] == (None, "Import")


@pytest.mark.parametrize(
    ("returned", "expected"),
    [("/elsewhere/copy.insiderplan", Path("/elsewhere/copy.insiderplan")), ("", None)],
    ids=["chosen", "cancelled"],
)
def test_ask_save_path(
    monkeypatch: pytest.MonkeyPatch, returned: str, expected: Path | None
) -> None:
    fake = FakeFileDialog(returned)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    suggested = Path("/plans/My plan.insiderplan")
    assert dialogs.ask_save_path(None, "Save Plan Elsewhere", suggested) == expected
    [(called_parent, title, directory, file_filter)] = fake.calls
    assert called_parent is None
    assert title == "Save Plan Elsewhere"
    assert directory == str(suggested)
    assert plan_filter_offered(file_filter)
    assert file_filter == dialogs.PLAN_FILTER


def test_ask_save_path_passes_another_filter_through(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeFileDialog("/out/report.pdf")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    result = dialogs.ask_save_path(None, "Export", Path("/out/report.pdf"), "PDF (*.pdf)")
    assert result == Path("/out/report.pdf")
    assert fake.calls[0][3] == "PDF (*.pdf)"


def test_plan_filter_offers_plans_first_and_all_files() -> None:
    entries = dialogs.PLAN_FILTER.split(";;")
    assert "(*.insiderplan)" in entries[0]
    assert any("(*)" in entry for entry in entries[1:])


def test_ask_text_stops_typing_and_pasting_at_the_limit(qtbot) -> None:  # type: ignore[no-untyped-def]
    def respond(dialog: QInputDialog) -> None:
        edit = line_edit(dialog)
        assert edit.maxLength() == 5
        QApplication.clipboard().setText("pasted text")
        edit.selectAll()
        edit.paste()
        assert edit.text() == "paste"
        qtbot.keyClicks(edit, "more")
        type_and(qtbot, None, "ok")(dialog)

    answerer = answer(respond)
    assert dialogs.ask_text(None, "Rename", "Name:", "Old", max_length=5) == ("paste", True)
    answerer.check()


def test_ask_text_limits_titles_by_default(qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: list[int] = []

    def respond(dialog: QInputDialog) -> None:
        seen.append(line_edit(dialog).maxLength())
        type_and(qtbot, None, "cancel")(dialog)

    answerer = answer(respond)
    dialogs.ask_text(None, "Rename", "Name:", "Old")
    answerer.check()
    assert seen == [TITLE_MAX]


# --- ask_move_plans ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("press", "count", "expected"),
    [
        ("move", 3, dialogs.MovePlans.MOVE),
        ("leave", 1, dialogs.MovePlans.LEAVE),
        ("enter", 2, dialogs.MovePlans.MOVE),
        ("escape", 2, dialogs.MovePlans.CANCEL),
    ],
)
def test_ask_move_plans_names_the_plans_and_returns_the_choice(
    qtbot, press: str, count: int, expected: dialogs.MovePlans
) -> None:  # type: ignore[no-untyped-def]
    plans = "1 plan and its backups" if count == 1 else f"{count} plans and their backups"

    def respond(box: QMessageBox) -> None:
        move = button_with_role(
            box, QMessageBox.ButtonRole.AcceptRole, f"Move {plans} to the new folder"
        )
        leave = button_with_role(
            box, QMessageBox.ButtonRole.ActionRole, "Use the new folder without moving"
        )
        assert box.defaultButton() is move
        if press == "move":
            qtbot.mouseClick(move, Qt.MouseButton.LeftButton)
        elif press == "leave":
            qtbot.mouseClick(leave, Qt.MouseButton.LeftButton)
        elif press == "enter":
            qtbot.keyClick(box, Qt.Key.Key_Return)
        else:
            qtbot.keyClick(box, Qt.Key.Key_Escape)

    answerer = answer(respond)
    assert dialogs.ask_move_plans(None, "Move them?", count) is expected
    answerer.check()


# --- ask_outside_change ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deleted", "press", "expected"),
    [
        (False, "Reload Theirs", dialogs.OutsideChange.RELOAD_THEIRS),
        (False, "Keep Mine", dialogs.OutsideChange.KEEP_MINE),
        (False, "enter", dialogs.OutsideChange.SAVE_ELSEWHERE),
        (False, "Keep in Memory", dialogs.OutsideChange.CANCEL),
        (True, "Save Again Here", dialogs.OutsideChange.KEEP_MINE),
        (True, "escape", dialogs.OutsideChange.CANCEL),
    ],
)
def test_ask_outside_change_offers_the_right_choices(
    qtbot, deleted: bool, press: str, expected: dialogs.OutsideChange
) -> None:  # type: ignore[no-untyped-def]
    def respond(box: QMessageBox) -> None:
        names = {button.text(): button for button in box.buttons()}
        wanted = {"Keep Mine" if not deleted else "Save Again Here", "Save Elsewhere…"}
        wanted |= {"Keep in Memory"} | ({"Reload Theirs"} if not deleted else set())
        assert set(names) == wanted
        assert box.defaultButton() is names["Save Elsewhere…"]
        if press == "enter":
            qtbot.keyClick(box, Qt.Key.Key_Return)
        elif press == "escape":
            qtbot.keyClick(box, Qt.Key.Key_Escape)
        else:
            qtbot.mouseClick(names[press], Qt.MouseButton.LeftButton)

    answerer = answer(respond)
    assert dialogs.ask_outside_change(None, "Changed.", deleted=deleted) is expected
    answerer.check()
