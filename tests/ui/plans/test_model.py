from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from insider_planner.domain.plan import Plan
from insider_planner.storage.files import save_plan
from insider_planner.storage.library import PlanEntry
from insider_planner.ui.plans.model import PATH_ROLE, PlanListModel


def test_plan_list_model_lists_readable_and_broken_plans(
    qtmodeltester, sample_plan: Plan, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    data_dir.mkdir(parents=True, exist_ok=True)
    save_plan(data_dir / "good.insiderplan", sample_plan)
    (data_dir / "bad.insiderplan").write_bytes(b"\x00\x01 not json")
    model = PlanListModel()
    model.reload()
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    first, second = model.index(0), model.index(1)
    assert model.data(first).startswith("Interpretability pilot\n")
    assert Path(model.data(first, PATH_ROLE)).name == "good.insiderplan"
    assert model.data(second) == "⚠ bad.insiderplan"
    assert "Cannot be opened" in model.data(second, Qt.ItemDataRole.ToolTipRole)


def test_updating_one_entry_changes_one_row(
    qtmodeltester, sample_plan: Plan, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "good.insiderplan"
    save_plan(path, sample_plan)
    model = PlanListModel()
    model.reload()
    changed: list[int] = []
    resets: list[int] = []
    model.dataChanged.connect(lambda top, bottom, roles: changed.append(top.row()))
    model.modelReset.connect(lambda: resets.append(1))
    model.update_entry(PlanEntry(path, "Renamed", sample_plan.updated))
    assert changed == [0] and resets == []
    assert model.data(model.index(0)).startswith("Renamed\n")
    model.update_entry(PlanEntry(data_dir / "new.insiderplan", "New", sample_plan.updated))
    assert model.rowCount() == 2
    qtmodeltester.check(model)


def test_attribute_filter_proxy_passes_the_model_tester(qtmodeltester, qtbot, doc) -> None:  # type: ignore[no-untyped-def]
    from insider_planner.ui.attributes.panel import AttributePanel

    panel = AttributePanel(doc)
    qtbot.addWidget(panel)
    panel.filter.setText("weights")
    qtmodeltester.check(panel.proxy)
    assert panel.proxy.rowCount() == 1
