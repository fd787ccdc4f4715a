"""Edit ▸ Preferences: the plans folder (and moving the plans), the theme and the text size."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QComboBox

from insider_planner.domain.plan import Plan
from insider_planner.storage import paths, relocate
from insider_planner.storage.files import backups_of, read_plan, save_plan
from insider_planner.storage.settings import AppSettings
from insider_planner.ui import dialogs, edits
from insider_planner.ui.theme import Theme, apply_theme, luminance
from insider_planner.ui.window.main_window import MainWindow
from insider_planner.ui.window.preferences import PreferencesDialog, show_preferences
from tests.storage.test_relocate import HOLDER


def is_dark(palette: QPalette) -> bool:
    """Whether the palette's text is lighter than its background (a dark theme)."""
    text = palette.color(QPalette.ColorRole.Text)
    return luminance(text) > luminance(palette.color(QPalette.ColorRole.Base))


@pytest.fixture(autouse=True)
def _back_to_system() -> Iterator[None]:
    """A theme is the whole application's: every test leaves the platform's look on."""
    yield
    apply_theme(Theme.SYSTEM)


def choose(combo: QComboBox, data: object) -> None:
    """Pick an entry as a user does (which emits `activated`)."""
    row = combo.findData(data)
    assert row >= 0
    combo.setCurrentIndex(row)
    combo.activated.emit(row)


def point_size(window: MainWindow) -> float:
    assert window.view is not None
    return float(window.view.attributes.view.font().pointSizeF())


# --- the action and the dialog -------------------------------------------------------------


def test_preferences_sits_in_the_edit_menu_with_the_platform_key_and_role(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    action = window.window_actions.preferences
    assert action in window.menus.edit.actions()
    assert action.menuRole() is QAction.MenuRole.PreferencesRole
    assert action.shortcuts() == QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
    action.trigger()
    dialog = window.findChild(PreferencesDialog)
    assert dialog is not None and dialog.isVisible()
    action.trigger()  # one dialog per window
    assert len(window.findChildren(PreferencesDialog)) == 1


def test_the_theme_box_and_view_theme_stay_in_step(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    dialog = show_preferences(window)
    choose(dialog.theme, Theme.DARK)
    assert window.theme_actions.actions[Theme.DARK].isChecked()
    assert is_dark(QApplication.palette())
    assert AppSettings().theme == "dark"
    window.theme_actions.actions[Theme.LIGHT].trigger()  # View ▸ Theme ▸ Light
    assert dialog.theme.currentData() is Theme.LIGHT
    assert not is_dark(QApplication.palette())


def test_the_text_size_box_and_view_zoom_stay_in_step(make_window, saved_sample: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    normal = point_size(window)
    dialog = show_preferences(window)
    assert dialog.zoom.currentData() == 100
    assert dialog.zoom.currentText() == "100% (normal)"
    choose(dialog.zoom, 150)
    assert window.text_zoom.percent == 150
    assert point_size(window) == pytest.approx(normal * 1.5)
    assert AppSettings().text_zoom == 150
    window.window_actions.zoom_in.trigger()  # View ▸ Zoom In
    assert dialog.zoom.currentData() == 175
    assert point_size(window) == pytest.approx(normal * 1.75)
    window.window_actions.zoom_reset.trigger()
    assert dialog.zoom.currentData() == 100


def test_a_folder_fixed_by_the_environment_cannot_be_changed_here(
    make_window, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    asked: list[object] = []
    monkeypatch.setattr(dialogs, "ask_folder", lambda *args: asked.append(args))
    dialog = show_preferences(window)
    assert dialog.folder.text() == str(data_dir)
    assert not dialog.change_button.isEnabled()
    assert paths.DATA_DIR_ENV in dialog.folder_note.text()
    dialog.change_button.click()
    assert asked == []


def test_show_in_file_manager_opens_the_plans_folder(
    make_window, saved_sample: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    shown: list[Path] = []
    monkeypatch.setattr(dialogs, "show_folder", lambda folder: shown.append(folder) or True)
    show_preferences(window).show_button.click()
    assert shown == [data_dir]


# --- changing the plans folder -------------------------------------------------------------


class Answers:
    """The folder dialog's and message boxes' answers, and what was shown."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, folder: Path | None) -> None:
        self.folder = folder
        self.move = dialogs.MovePlans.MOVE
        self.questions: list[str] = []
        self.messages: list[tuple[str, str]] = []
        monkeypatch.setattr(dialogs, "ask_folder", lambda *args: self.folder)
        monkeypatch.setattr(dialogs, "ask_move_plans", self._ask)
        monkeypatch.setattr(dialogs, "show_info", self._show)
        monkeypatch.setattr(dialogs, "show_error", self._show)

    def _ask(self, parent: object, text: str, count: int) -> dialogs.MovePlans:
        self.questions.append(f"{count}: {text}")
        return self.move

    def _show(self, parent: object, title: str, text: str) -> None:
        self.messages.append((title, text))


@pytest.fixture
def chosen_folders(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The plans folder is the default one (no environment variable); returns a new one."""
    monkeypatch.delenv(paths.DATA_DIR_ENV)
    monkeypatch.setattr(paths, "default_data_path", lambda: data_dir)
    return tmp_path / "moved plans"


def save(folder: Path, plan: Plan, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.insiderplan"
    plan.title = f"Plan {name}"
    save_plan(path, plan)
    return path


def listed(window: MainWindow) -> list[Path]:
    return sorted(entry.path for entry in window.plan_list.entries)


def test_moving_the_plans_reopens_the_open_one_from_the_new_folder(
    make_window,
    sample_plan: Plan,
    data_dir: Path,
    chosen_folders: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    new = chosen_folders
    other = save(data_dir, sample_plan, "other")
    opened = save(data_dir, sample_plan, "open")
    window = make_window(opened)
    edits.set_plan_field(window.doc, "title", "Edited just before the move")
    window.settings.add_recent(other)
    answers = Answers(monkeypatch, new)
    dialog = show_preferences(window)
    dialog.change_button.click()

    assert answers.questions and answers.questions[0].startswith("2: ")
    assert answers.messages == [("Plans Moved", f"Moved 2 plans to:\n{new}")]
    assert window.doc is not None and window.doc.path == new / "open.insiderplan"
    assert not window.doc.read_only  # its lock was taken again in the new place
    assert window.doc.plan.title == "Edited just before the move"  # saved before moving
    assert backups_of(new / "open.insiderplan")  # its versions came along
    assert listed(window) == [new / "open.insiderplan", new / "other.insiderplan"]
    assert not opened.exists() and not other.exists()
    settings = AppSettings()
    assert settings.plans_folder == new and paths.data_path() == new
    assert settings.recent_files()[:2] == [new / "open.insiderplan", new / "other.insiderplan"]
    assert settings.last_plan == new / "open.insiderplan"
    assert dialog.folder.text() == str(new)


def test_a_failed_move_reopens_the_plan_where_it_stayed_and_names_it(
    make_window,
    sample_plan: Plan,
    data_dir: Path,
    chosen_folders: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    new = chosen_folders
    moved = save(data_dir, sample_plan, "a")
    opened = save(data_dir, sample_plan, "b")
    window = make_window(opened)
    answers = Answers(monkeypatch, new)
    real_copy = relocate.copy_file

    def fail_for_b(source: Path, target: Path) -> None:
        if source == opened:
            raise OSError(28, "No space left on device")
        real_copy(source, target)

    monkeypatch.setattr(relocate, "copy_file", fail_for_b)
    show_preferences(window).change_button.click()

    assert answers.messages == [
        (
            "Some Plans Were Not Moved",
            f"Moved 1 of 2 plans to:\n{new}\n\nNot moved, still in:\n{data_dir}\n"
            "• b.insiderplan: It could not be copied: No space left on device.",
        )
    ]
    assert window.doc is not None and window.doc.path == opened and not window.doc.read_only
    assert read_plan(new / moved.name).plan.title == "Plan a"
    assert read_plan(opened).plan.title == "Plan b"
    assert listed(window) == [new / moved.name]  # the list shows the new folder


@pytest.fixture
def held_elsewhere(data_dir: Path, sample_plan: Plan) -> Iterator[Path]:
    path = save(data_dir, sample_plan, "held")
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    try:
        assert proc.stdout.readline().strip() == "LOCKED"
        yield path
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)


def test_a_plan_open_in_another_instance_is_left_and_named(
    make_window,
    sample_plan: Plan,
    data_dir: Path,
    chosen_folders: Path,
    held_elsewhere: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    new = chosen_folders
    free = save(data_dir, sample_plan, "free")
    window = make_window(free)
    answers = Answers(monkeypatch, new)
    show_preferences(window).change_button.click()
    ((title, text),) = answers.messages
    assert title == "Some Plans Were Not Moved"
    assert "• held.insiderplan: It is open in Insider Planner (process " in text
    assert held_elsewhere.is_file() and not (new / "held.insiderplan").exists()
    assert window.doc is not None and window.doc.path == new / "free.insiderplan"


def test_using_the_new_folder_without_moving_leaves_the_plans(
    make_window,
    sample_plan: Plan,
    data_dir: Path,
    chosen_folders: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    new = chosen_folders
    opened = save(data_dir, sample_plan, "open")
    theirs = save(new, sample_plan, "already-there")
    window = make_window(opened)
    answers = Answers(monkeypatch, new)
    answers.move = dialogs.MovePlans.LEAVE
    show_preferences(window).change_button.click()
    assert opened.is_file() and window.doc is not None and window.doc.path == opened
    assert listed(window) == [theirs]
    assert AppSettings().plans_folder == new
    assert answers.messages == []


def test_cancelling_changes_nothing(
    make_window,
    sample_plan: Plan,
    data_dir: Path,
    chosen_folders: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    opened = save(data_dir, sample_plan, "open")
    window = make_window(opened)
    answers = Answers(monkeypatch, chosen_folders)
    answers.move = dialogs.MovePlans.CANCEL
    show_preferences(window).change_button.click()
    assert AppSettings().plans_folder is None and paths.data_path() == data_dir
    assert opened.is_file() and window.doc is not None and window.doc.path == opened


def test_an_unwritable_folder_is_refused_before_asking(
    make_window,
    sample_plan: Plan,
    data_dir: Path,
    tmp_path: Path,
    chosen_folders: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    opened = save(data_dir, sample_plan, "open")
    window = make_window(opened)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    answers = Answers(monkeypatch, blocker / "plans")
    show_preferences(window).change_button.click()
    assert answers.questions == []
    ((title, text),) = answers.messages
    assert title == "Could Not Use Folder"
    assert text == f"{blocker / 'plans'}\n\nThis folder cannot be written (Not a directory)."
    assert AppSettings().plans_folder is None
    assert window.doc is not None and window.doc.path == opened


def test_an_untouched_new_plan_starts_again_in_the_new_folder(
    make_window, chosen_folders: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.doc is None  # the start page
    window.new_plan()
    assert window.doc is not None and window.doc.unwritten
    Answers(monkeypatch, chosen_folders)
    show_preferences(window).change_button.click()
    assert window.doc is not None and window.doc.unwritten
    assert window.doc.path is not None and window.doc.path.parent == chosen_folders
