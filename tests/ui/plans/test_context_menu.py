"""Right-click on the plan list: the actions that apply to a plan, or to the list."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex

from insider_planner.domain.plan import Plan
from insider_planner.storage.files import save_plan
from insider_planner.ui import dialogs
from insider_planner.ui.plans.model import PATH_ROLE, PlanListModel
from insider_planner.ui.plans.panel import PlanListPanel


@pytest.fixture
def panel(qtbot, data_dir: Path, sample_plan: Plan) -> PlanListPanel:  # type: ignore[no-untyped-def]
    data_dir.mkdir(parents=True, exist_ok=True)
    save_plan(data_dir / "sample.insiderplan", sample_plan)
    model = PlanListModel()
    model.reload()
    widget = PlanListPanel(model)
    qtbot.addWidget(widget)
    return widget


def texts(panel: PlanListPanel, index: QModelIndex) -> list[str]:
    return [a.text() for a in panel.context_menu(index).actions() if not a.isSeparator()]


def test_a_plan_offers_what_its_buttons_do_and_more(panel: PlanListPanel, data_dir: Path) -> None:
    index = panel.model.index(0, 0)
    assert texts(panel, index) == [
        "&Open", "&Rename…", "D&uplicate", "Show in File &Manager", "&Delete…",
    ]  # fmt: skip
    heard: list[tuple[str, Path]] = []
    for name in ("open", "rename", "duplicate", "show_folder", "delete"):
        signal = getattr(panel, f"{name}_requested")
        signal.connect(lambda path, n=name: heard.append((n, path)))
    path = Path(index.data(PATH_ROLE))
    for action in panel.context_menu(index).actions():
        action.trigger()
    assert heard == [
        ("open", path), ("rename", path), ("duplicate", path), ("show_folder", path),
        ("delete", path),
    ]  # fmt: skip
    assert path.parent == data_dir


def test_the_empty_space_offers_a_new_plan(panel: PlanListPanel) -> None:
    assert texts(panel, QModelIndex()) == ["&New Plan"]
    heard: list[bool] = []
    panel.new_requested.connect(lambda: heard.append(True))
    panel.context_menu(QModelIndex()).actions()[0].trigger()
    assert heard == [True]


def test_the_window_shows_the_folder_or_says_it_could_not(
    make_window, saved_sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    shown: list[Path] = []
    monkeypatch.setattr(dialogs, "show_folder", lambda folder: shown.append(folder) or True)
    window.plans_panel.show_folder_requested.emit(saved_sample)
    assert shown == [saved_sample.parent]
    monkeypatch.setattr(dialogs, "show_folder", lambda folder: False)
    window.plans_panel.show_folder_requested.emit(saved_sample)
    assert str(saved_sample.parent) in window.statusBar().currentMessage()
