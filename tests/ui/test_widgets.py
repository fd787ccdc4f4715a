"""Small shared widgets: commit-on-pause text, the filter field, plain labels, tool tips."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QPalette, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QVBoxLayout, QWidget

from insider_planner.ui.text import rich_tooltip
from insider_planner.ui.widgets import (
    CommitLineEdit,
    CommitTextEdit,
    FilterLineEdit,
    banner_label,
    commit_pending_edits,
    describe,
    plain_label,
)

PAUSE = 50
EVIL = '<b>bold</b><img src="/etc/hostname"> &amp; <a href="x">link</a>'


class Counter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


@pytest.fixture
def make_edit(qtbot):  # type: ignore[no-untyped-def]
    def make(pause_ms: int | None = PAUSE) -> tuple[CommitTextEdit, Counter, Counter]:
        edit = CommitTextEdit(pause_ms=pause_ms)
        qtbot.addWidget(edit)
        finished, leave = Counter(), Counter()
        edit.editing_finished.connect(finished)
        edit.leave_requested.connect(leave)
        return edit, finished, leave

    return make


# --- CommitTextEdit: the typing pause ----------------------------------------------------


def test_typing_reports_once_after_the_pause_not_per_keystroke(qtbot, make_edit) -> None:  # type: ignore[no-untyped-def]
    edit, finished, leave = make_edit()
    qtbot.keyClicks(edit, "hello")
    assert edit.toPlainText() == "hello"
    assert finished.count == 0
    assert edit.has_pending_edit()
    qtbot.waitUntil(lambda: finished.count >= 1, timeout=2000)
    assert not edit.has_pending_edit()
    qtbot.wait(3 * PAUSE)
    assert finished.count == 1
    assert leave.count == 0


def test_each_keystroke_restarts_the_pause(qtbot, make_edit) -> None:  # type: ignore[no-untyped-def]
    edit, finished, _ = make_edit(pause_ms=500)
    for char in "abcdefgh":
        qtbot.keyClick(edit, char)
        qtbot.wait(100)  # shorter than the pause each time, longer than it in total
        assert finished.count == 0
        assert edit.has_pending_edit()
    with qtbot.waitSignal(edit.editing_finished, timeout=2000):
        pass
    assert finished.count == 1


def test_a_second_burst_of_typing_reports_again(qtbot, make_edit) -> None:  # type: ignore[no-untyped-def]
    edit, finished, _ = make_edit()
    qtbot.keyClicks(edit, "one")
    qtbot.waitUntil(lambda: finished.count == 1, timeout=2000)
    qtbot.keyClicks(edit, " two")
    assert edit.has_pending_edit()
    qtbot.waitUntil(lambda: finished.count == 2, timeout=2000)
    qtbot.wait(3 * PAUSE)
    assert finished.count == 2
    assert edit.toPlainText() == "one two"


def test_without_pause_typing_alone_never_reports(qtbot, make_edit) -> None:  # type: ignore[no-untyped-def]
    edit, finished, leave = make_edit(pause_ms=None)
    qtbot.keyClicks(edit, "hello")
    assert not edit.has_pending_edit()
    qtbot.wait(200)
    assert edit.toPlainText() == "hello"
    assert (finished.count, leave.count) == (0, 0)


def test_finish_editing_reports_now_and_cancels_the_pause(qtbot, make_edit) -> None:  # type: ignore[no-untyped-def]
    edit, finished, leave = make_edit()
    qtbot.keyClicks(edit, "x")
    edit.finish_editing()
    assert finished.count == 1
    assert not edit.has_pending_edit()
    qtbot.wait(3 * PAUSE)
    assert (finished.count, leave.count) == (1, 0)


def test_cancel_pending_edit_forgets_the_typing(qtbot, make_edit) -> None:  # type: ignore[no-untyped-def]
    edit, finished, _ = make_edit()
    qtbot.keyClicks(edit, "x")
    edit.cancel_pending_edit()
    assert not edit.has_pending_edit()
    qtbot.wait(3 * PAUSE)
    assert finished.count == 0
    assert edit.toPlainText() == "x"


# --- CommitTextEdit: set_text_quietly ----------------------------------------------------


@pytest.mark.parametrize("pause_ms", [PAUSE, None])
def test_set_text_quietly_never_reports(qtbot, make_edit, pause_ms: int | None) -> None:  # type: ignore[no-untyped-def]
    edit, finished, leave = make_edit(pause_ms=pause_ms)
    for text in ["first", "first", "second\nline", ""]:
        edit.set_text_quietly(text)
        assert edit.toPlainText() == text
        assert not edit.has_pending_edit()
    qtbot.wait(3 * PAUSE)
    assert (finished.count, leave.count) == (0, 0)


@pytest.mark.parametrize("same", [False, True], ids=["new text", "same text"])
def test_set_text_quietly_cancels_a_pending_edit(qtbot, make_edit, same: bool) -> None:  # type: ignore[no-untyped-def]
    edit, finished, _ = make_edit()
    qtbot.keyClicks(edit, "typed")
    assert edit.has_pending_edit()
    edit.set_text_quietly("typed" if same else "from the model")
    assert not edit.has_pending_edit()
    qtbot.wait(3 * PAUSE)
    assert finished.count == 0


def test_typing_after_set_text_quietly_reports_again(qtbot, make_edit) -> None:  # type: ignore[no-untyped-def]
    edit, finished, _ = make_edit()
    edit.set_text_quietly("model")
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(edit, "!")
    assert edit.has_pending_edit()
    qtbot.waitUntil(lambda: finished.count == 1, timeout=2000)
    assert edit.toPlainText() == "model!"


# --- CommitTextEdit: leaving -------------------------------------------------------------


@pytest.fixture
def focused_edit(qtbot, make_edit):  # type: ignore[no-untyped-def]
    """An edit beside another field in a shown window, with the keyboard focus."""

    windows: list[QWidget] = []  # qtbot only holds weak references

    def make(pause_ms: int | None) -> tuple[CommitTextEdit, QLineEdit, Counter, Counter]:
        edit, finished, leave = make_edit(pause_ms=pause_ms)
        window = QWidget()
        windows.append(window)
        qtbot.addWidget(window)
        layout = QVBoxLayout(window)
        layout.addWidget(edit)
        other = QLineEdit()
        layout.addWidget(other)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        edit.setFocus()
        qtbot.waitUntil(edit.hasFocus, timeout=2000)
        return edit, other, finished, leave

    yield make


@pytest.mark.parametrize("pause_ms", [PAUSE, None])
def test_focus_out_reports_the_edit(qtbot, focused_edit, pause_ms: int | None) -> None:  # type: ignore[no-untyped-def]
    edit, other, finished, leave = focused_edit(pause_ms)
    qtbot.keyClicks(edit, "abc")
    other.setFocus()
    qtbot.waitUntil(other.hasFocus, timeout=2000)
    assert finished.count == 1
    assert not edit.has_pending_edit()
    qtbot.wait(3 * PAUSE)
    assert finished.count == 1  # the pause does not report it a second time
    assert leave.count == 0


def test_focus_out_event_reports_even_without_typing(qtbot, make_edit) -> None:  # type: ignore[no-untyped-def]
    edit, finished, _ = make_edit()
    QApplication.sendEvent(edit, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))
    assert finished.count == 1


def test_tab_moves_focus_instead_of_typing_a_tab(qtbot, focused_edit) -> None:  # type: ignore[no-untyped-def]
    edit, other, finished, _ = focused_edit(None)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(other.hasFocus, timeout=2000)
    assert "\t" not in edit.toPlainText()
    assert finished.count == 1


LEAVE_KEYS = [
    pytest.param(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier, id="ctrl+return"),
    pytest.param(
        Qt.Key.Key_Enter,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier,
        id="ctrl+enter",
    ),
    pytest.param(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, id="escape"),
]


@pytest.mark.parametrize(("key", "modifier"), LEAVE_KEYS)
@pytest.mark.parametrize("pause_ms", [PAUSE, None])
def test_leave_keys_report_and_ask_to_leave_without_typing(  # type: ignore[no-untyped-def]
    qtbot, make_edit, key, modifier, pause_ms: int | None
) -> None:
    edit, finished, leave = make_edit(pause_ms=pause_ms)
    edit.set_text_quietly("kept")
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(edit, " text")
    with qtbot.waitSignals([edit.editing_finished, edit.leave_requested], timeout=1000):
        qtbot.keyClick(edit, key, modifier)
    assert edit.toPlainText() == "kept text"
    assert (finished.count, leave.count) == (1, 1)
    assert not edit.has_pending_edit()
    qtbot.wait(3 * PAUSE)
    assert (finished.count, leave.count) == (1, 1)


def test_leave_key_event_is_accepted_not_passed_to_the_parent(qtbot, make_edit) -> None:  # type: ignore[no-untyped-def]
    edit, _, _ = make_edit()
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    edit.keyPressEvent(event)
    assert event.isAccepted()


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_plain_return_types_a_new_line(qtbot, make_edit, key) -> None:  # type: ignore[no-untyped-def]
    edit, finished, leave = make_edit(pause_ms=None)
    qtbot.keyClicks(edit, "a")
    qtbot.keyClick(edit, key)
    qtbot.keyClicks(edit, "b")
    assert edit.toPlainText() == "a\nb"
    assert (finished.count, leave.count) == (0, 0)


# --- FilterLineEdit ----------------------------------------------------------------------


class KeyRecorder(QWidget):
    """A parent that records the keys its children pass on."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[int] = []

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.keys.append(event.key())
        super().keyPressEvent(event)


@pytest.fixture
def filter_field(qtbot):  # type: ignore[no-untyped-def]
    parent = KeyRecorder()
    qtbot.addWidget(parent)
    field = FilterLineEdit("Filter attributes", parent)
    return field, parent


def test_filter_field_setup(filter_field) -> None:  # type: ignore[no-untyped-def]
    field, _ = filter_field
    assert field.placeholderText() == "Filter attributes"
    assert field.isClearButtonEnabled()
    assert field.text() == ""


def test_escape_clears_the_filter_and_is_consumed(qtbot, filter_field) -> None:  # type: ignore[no-untyped-def]
    field, parent = filter_field
    changes: list[str] = []
    field.textChanged.connect(changes.append)
    qtbot.keyClicks(field, "weights")
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == ""
    assert changes[-1] == ""
    assert Qt.Key.Key_Escape not in parent.keys


def test_escape_on_an_empty_filter_is_passed_on(qtbot, filter_field) -> None:  # type: ignore[no-untyped-def]
    field, parent = filter_field
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert parent.keys == [Qt.Key.Key_Escape]


def test_second_escape_after_clearing_is_passed_on(qtbot, filter_field) -> None:  # type: ignore[no-untyped-def]
    field, parent = filter_field
    qtbot.keyClicks(field, "x")
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert parent.keys == []
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert parent.keys == [Qt.Key.Key_Escape]


def test_filter_field_types_normally(qtbot, filter_field) -> None:  # type: ignore[no-untyped-def]
    field, parent = filter_field
    qtbot.keyClicks(field, "abc")
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    assert field.text() == "ab"
    assert parent.keys == []


# --- labels and describe -----------------------------------------------------------------


def test_plain_label_shows_markup_literally(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    label = plain_label(EVIL, parent)
    assert label.parent() is parent
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == EVIL
    label.setText("<h1>later</h1>")  # the format sticks for text set afterwards
    assert label.textFormat() == Qt.TextFormat.PlainText


def test_plain_label_defaults(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = plain_label()
    qtbot.addWidget(label)
    assert label.text() == ""
    assert label.parent() is None
    assert label.textFormat() == Qt.TextFormat.PlainText


@pytest.mark.parametrize("kind", ["error", "warning"])
def test_banner_label_is_plain_wrapped_and_styled(qtbot, kind: str) -> None:  # type: ignore[no-untyped-def]
    label = banner_label(kind, EVIL)  # type: ignore[arg-type]
    qtbot.addWidget(label)
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == EVIL
    assert label.wordWrap()
    assert label.autoFillBackground()
    assert label.backgroundRole() == QPalette.ColorRole.AlternateBase


def test_banner_kinds_look_different(qtbot) -> None:  # type: ignore[no-untyped-def]
    error, warning = banner_label("error"), banner_label("warning")
    qtbot.addWidget(error)
    qtbot.addWidget(warning)
    error.resize(200, 40)
    warning.resize(200, 40)
    assert error.grab().toImage() != warning.grab().toImage()
    assert error.text() == warning.text() == ""


def test_banner_label_rejects_an_unknown_kind(qtbot) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KeyError):
        banner_label("info", "x")  # type: ignore[arg-type]


def test_banner_label_renders_markup_as_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = banner_label("error", "<b>x</b>")
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    # Rendered literally, "<b>x</b>" needs far more room than a bold "x".
    assert label.sizeHint().width() > label.fontMetrics().horizontalAdvance("<b>x") > 0


def test_describe_sets_accessible_name_and_tooltip(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = QLineEdit()
    qtbot.addWidget(widget)
    describe(widget, "Plan title", "The plan's name, shown in the window title")
    assert widget.accessibleName() == "Plan title"
    assert widget.toolTip() == "The plan's name, shown in the window title"


# --- rich_tooltip ------------------------------------------------------------------------


def test_rich_tooltip_of_nothing_is_empty() -> None:
    assert rich_tooltip() == ""
    assert rich_tooltip("") == ""
    assert rich_tooltip("", "", title="") == ""


def test_rich_tooltip_escapes_markup_characters() -> None:
    tip = rich_tooltip("a & b < c > d \"e\" 'f'")
    assert tip == "<p>a &amp; b &lt; c &gt; d &quot;e&quot; &#x27;f&#x27;</p>"


def test_rich_tooltip_escapes_existing_entities_again() -> None:
    assert rich_tooltip("&amp; &lt;") == "<p>&amp;amp; &amp;lt;</p>"


def test_rich_tooltip_turns_newlines_into_breaks() -> None:
    assert rich_tooltip("one\ntwo\n\nthree") == "<p>one<br>two<br><br>three</p>"


def test_rich_tooltip_joins_paragraphs_with_breaks() -> None:
    assert rich_tooltip("first", "second") == "<p>first<br>second</p>"


def test_rich_tooltip_title_comes_first_in_bold_and_escaped() -> None:
    assert (
        rich_tooltip("body", title="<Plan> & co") == "<p><b>&lt;Plan&gt; &amp; co</b><br>body</p>"
    )


def test_rich_tooltip_title_alone() -> None:
    assert rich_tooltip(title="Only") == "<p><b>Only</b></p>"


def test_rich_tooltip_drops_empty_parts() -> None:
    assert rich_tooltip("", "a", "", "b", "") == "<p>a<br>b</p>"
    assert rich_tooltip("", "a", title="") == "<p>a</p>"


def test_rich_tooltip_renders_user_text_literally() -> None:
    doc = QTextDocument()
    doc.setHtml(rich_tooltip(EVIL, "line 1\nline 2", title="<i>T</i>"))
    shown = doc.toPlainText().replace("\u2028", "\n")
    assert shown.split("\n") == ["<i>T</i>", EVIL, "line 1", "line 2"]
    assert "<img" not in doc.toHtml().replace("&lt;img", "")


_ALLOWED_TAGS = re.compile(r"</?p>|<br>|</?b>")


@given(st.lists(st.text(), max_size=4), st.text())
def test_rich_tooltip_never_lets_markup_through(paragraphs: list[str], title: str) -> None:
    tip = rich_tooltip(*paragraphs, title=title)
    if not any(paragraphs) and not title:
        assert tip == ""
        return
    stripped = _ALLOWED_TAGS.sub("\n", tip)
    assert "<" not in stripped
    assert ">" not in stripped
    assert '"' not in stripped
    pieces = [piece for piece in stripped.split("\n") if piece]
    original = "".join(part.replace("\n", "") for part in [title, *paragraphs])
    assert html.unescape("".join(pieces)) == original


# --- text limits ---------------------------------------------------------------------------


def in_window(qtbot, editor: QWidget) -> QMainWindow:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(editor)
    window.statusBar()  # made on first use; hints need it to exist
    return window


def test_text_edit_stops_typing_at_the_limit_and_says_so(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = CommitTextEdit(max_length=5)
    window = in_window(qtbot, edit)
    qtbot.keyClicks(edit, "abcdefgh")
    assert edit.toPlainText() == "abcde"
    assert edit.textCursor().position() == 5
    assert "limit of 5 characters" in window.statusBar().currentMessage()
    # Typing in the middle of full text changes nothing, and the cursor stays put.
    edit.moveCursor(QTextCursor.MoveOperation.Start)
    edit.moveCursor(QTextCursor.MoveOperation.Right)
    qtbot.keyClicks(edit, "X")
    assert edit.toPlainText() == "abcde"
    assert edit.textCursor().position() == 1


def test_text_edit_cuts_a_paste_to_the_room_left(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = CommitTextEdit(max_length=10)
    window = in_window(qtbot, edit)
    edit.setPlainText("1234")
    edit.moveCursor(QTextCursor.MoveOperation.Start)
    QApplication.clipboard().setText("abcdefghijkl")
    edit.paste()
    assert edit.toPlainText() == "abcdef1234"
    assert edit.textCursor().position() == 6
    assert "limit of 10 characters" in window.statusBar().currentMessage()
    # A selection being replaced makes room.
    edit.selectAll()
    edit.paste()
    assert edit.toPlainText() == "abcdefghij"


def test_text_edit_cut_keeps_characters_whole(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = CommitTextEdit(max_length=4)
    window = in_window(qtbot, edit)  # noqa: F841  (keeps the editor alive)
    edit.setPlainText("abc")
    edit.moveCursor(QTextCursor.MoveOperation.End)
    edit.insertPlainText("😀")  # two UTF-16 units: one over the limit
    assert edit.toPlainText() == "abc"
    QApplication.clipboard().setText("😀")
    edit.paste()
    assert edit.toPlainText() == "abc"


def test_text_edit_undo_after_a_cut_paste_restores_the_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = CommitTextEdit(max_length=3)
    window = in_window(qtbot, edit)  # noqa: F841  (keeps the editor alive)
    edit.setPlainText("ab")
    edit.moveCursor(QTextCursor.MoveOperation.End)
    QApplication.clipboard().setText("cdef")
    edit.paste()
    assert edit.toPlainText() == "abc"
    edit.undo()
    assert edit.toPlainText() == "ab"


def test_text_edit_cuts_text_inserted_by_other_means(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = CommitTextEdit(max_length=3)
    window = in_window(qtbot, edit)  # noqa: F841  (keeps the editor alive)
    qtbot.keyClicks(edit, "ab")
    edit.insertPlainText("cdef")
    assert edit.toPlainText() == "abc"
    assert edit.textCursor().position() == 3


def test_text_edit_at_the_limit_refuses_a_new_line(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = CommitTextEdit(max_length=2)
    window = in_window(qtbot, edit)  # noqa: F841  (keeps the editor alive)
    qtbot.keyClicks(edit, "ab")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.toPlainText() == "ab"


def test_quiet_text_is_never_cut(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = CommitTextEdit(max_length=3)
    window = in_window(qtbot, edit)  # noqa: F841  (keeps the editor alive)
    edit.set_text_quietly("longer than three")
    assert edit.toPlainText() == "longer than three"


def test_line_edit_stops_typing_and_pasting_at_the_limit(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = CommitLineEdit(max_length=4)
    window = in_window(qtbot, edit)
    qtbot.keyClicks(edit, "abcdef")
    assert edit.text() == "abcd"
    assert "limit of 4 characters" in window.statusBar().currentMessage()
    edit.clear()
    QApplication.clipboard().setText("pasted")
    edit.paste()
    assert edit.text() == "past"


# --- CommitLineEdit: the typing pause ----------------------------------------------------


def test_line_edit_reports_a_pause_once_per_burst(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = CommitLineEdit(pause_ms=PAUSE)
    qtbot.addWidget(edit)
    paused, finished = Counter(), Counter()
    edit.typing_paused.connect(paused)
    edit.editing_finished.connect(finished)
    qtbot.keyClicks(edit, "hello")
    assert paused.count == 0 and edit.has_pending_edit()
    qtbot.waitUntil(lambda: paused.count == 1, timeout=2000)
    assert not edit.has_pending_edit()
    edit.setText("set by code")  # not typing
    assert not edit.has_pending_edit()
    qtbot.keyClicks(edit, "!")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert finished.count == 1 and not edit.has_pending_edit()
    qtbot.wait(3 * PAUSE)
    assert paused.count == 1


def test_commit_pending_edits_reports_only_what_waits(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = QWidget()
    qtbot.addWidget(box)
    line, text = CommitLineEdit(box, pause_ms=60_000), CommitTextEdit(box, pause_ms=60_000)
    paused, finished = Counter(), Counter()
    line.typing_paused.connect(paused)
    text.editing_finished.connect(finished)
    qtbot.keyClicks(text, "typed")
    commit_pending_edits(box)
    assert (paused.count, finished.count) == (0, 1)
    assert not text.has_pending_edit()
    commit_pending_edits(box)
    assert finished.count == 1


def _luminance(color: QColor) -> float:
    """Relative luminance as WCAG defines it."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def _dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Base, "#1b1b1d"),
        (QPalette.ColorRole.AlternateBase, "#2b2c30"),
        (QPalette.ColorRole.Text, "#e8eaed"),
        (QPalette.ColorRole.Mid, "#55575c"),
        (QPalette.ColorRole.Highlight, "#3d6fb4"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.mark.parametrize("kind", ["error", "warning"])
def test_banner_label_is_coloured_from_a_dark_palette(qtbot, kind: str) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    previous = app.palette()
    app.setPalette(_dark_palette())
    try:
        label = banner_label(kind, "Criticism ahead: read this before you go on.")  # type: ignore[arg-type]
        qtbot.addWidget(label)
        label.resize(420, 60)
        label.show()
        qtbot.waitExposed(label)
        image = label.grab().toImage()
    finally:
        app.setPalette(previous)
    background = image.pixelColor(image.width() - 4, 3)
    pixels = [
        image.pixelColor(x, y) for x in range(0, image.width(), 2) for y in range(image.height())
    ]
    text = max(pixels, key=lambda c: abs(_luminance(c) - _luminance(background)))
    lighter, darker = sorted((_luminance(text), _luminance(background)), reverse=True)
    assert _luminance(background) < 0.1  # dark like the window, not a light box
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5
