"""Fixtures for GUI tests: open documents on plans in the test's data folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan
from insider_planner.storage import incremental
from insider_planner.storage.files import PlanSaveError, backups_of, read_plan, save_plan
from insider_planner.storage.settings import AppSettings
from insider_planner.ui import dialogs, document
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.gap.model import GapModel
from insider_planner.ui.window.main_window import MainWindow


@pytest.fixture(autouse=True)
def _verified_autosaves(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every autosave's bytes are compared with a full serialisation of the plan."""
    monkeypatch.setattr(incremental, "VERIFY", True)


@pytest.fixture(autouse=True)
def _export_choices_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    """An export's choices dialog is accepted as it opens; tests that look at the choices
    replace `dialogs.ask_report_options` themselves."""
    monkeypatch.setattr(
        dialogs, "ask_report_options", lambda parent, title, options, *rest: options
    )


@pytest.fixture
def plan_path(data_dir: Path) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    return data_dir / "sample.insiderplan"


@pytest.fixture
def doc(
    qtbot: object, sample_plan: Plan, catalog: Catalog, plan_path: Path
) -> Iterator[PlanDocument]:
    document = PlanDocument.create(sample_plan, catalog, plan_path)
    yield document
    document.close()


@pytest.fixture
def make_window(qtbot, catalog: Catalog) -> Iterator:  # type: ignore[no-untyped-def,type-arg]
    windows: list[MainWindow] = []

    def make(path: Path | None = None) -> MainWindow:
        window = MainWindow(catalog, AppSettings())
        qtbot.addWidget(window)
        window.show()
        window.open_initial(path)
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.doc is not None:
            window.doc.close()
            # Left unsaved (another program's change unsettled), the stack would announce
            # itself clean while the window is being deleted: clear it while it stands.
            window.doc.undo_stack.clear()


@pytest.fixture
def saved_sample(sample_plan: Plan, data_dir: Path) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "sample.insiderplan"
    save_plan(path, sample_plan)
    return path


def gap_ids(model: GapModel) -> list[str]:
    """The node ids the gap model shows, in row order."""
    ids = []
    for row in range(model.rowCount()):
        parent = model.index(row, 0)
        for child in range(model.rowCount(parent)):
            node = model.entry(model.index(child, 0, parent))
            assert node is not None
            ids.append(node.id)
    return ids


def show_with_focus(qtbot: QtBot, widget: QWidget, size: tuple[int, int], focus: QWidget) -> None:
    """Show a panel at a fixed size, active, with the keyboard focus in `focus`."""
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    give_focus(qtbot, focus)


def give_focus(qtbot: QtBot, widget: QWidget) -> None:
    """Move the keyboard focus to `widget` and wait until it has arrived."""
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def fail_saves(monkeypatch: pytest.MonkeyPatch, reason: str = "No space left on device") -> None:
    """Make every save of an open plan fail the way a full disk does (autosaves too)."""

    def failing(path: Path, *args: object, **kwargs: object) -> None:
        raise PlanSaveError(path, reason)

    monkeypatch.setattr(document, "write_plan", failing)


def newest_backup_title(path: Path) -> str:
    """The plan title in the newest version kept of the plan at `path`."""
    return read_plan(backups_of(path)[-1]).plan.title
