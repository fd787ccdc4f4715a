"""What starting the app loads, and what it leaves for later, checked in a fresh interpreter.

The real entry point runs with its event loop quitting on its first turn, as a person's
start would until the first paint; the child then reports what it loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from PySide6 import QtCore

from insider_planner import app
from insider_planner.domain import plan
from insider_planner.storage.paths import DATA_DIR_ENV
from insider_planner.ui import widgets

ROOT = Path(__file__).resolve().parent.parent

START = """
import gc, json, sys
from tests.first_turn import quit_on_first_turn
first_turn = {}

def on_first_turn():
    widgets = sys.modules["PySide6.QtWidgets"]
    window = next(w for w in widgets.QApplication.topLevelWidgets() if hasattr(w, "stack"))
    first_turn.update(
        enabled=gc.isenabled(),
        frozen=gc.get_freeze_count(),
        page=window.stack.currentWidget().objectName(),
        plan_open=window.doc is not None,
    )

quit_on_first_turn(on_first_turn)
from insider_planner.cli import main
code = main([])
from insider_planner.domain import catalog, migrations
print(json.dumps({
    "code": code,
    "modules": sorted(sys.modules),
    "modules_in_order": list(sys.modules),
    "catalog_built": catalog.Catalog.__pydantic_complete__,
    "facet_built": catalog.CatalogFacet.__pydantic_complete__,
    "old_plan_built": migrations.PlanV1.__pydantic_complete__,
    "frozen": gc.get_freeze_count(),
    "first_turn": first_turn,
    "light_check": getattr(
        sys.modules["shibokensupport.feature"]._mod_uses_pyside, "reads_the_file", False
    ),
}))
"""

#: Modules that only an action the user chooses needs: exporting, printing.
LATER = (
    "insider_planner.report.export",
    "insider_planner.report.html",
    "insider_planner.report.markdown",
    "insider_planner.report.pdf",
    "insider_planner.report.page_builder",
    "insider_planner.report.pagination",
    "insider_planner.ui.print_support",
    "PySide6.QtPrintSupport",
)


def start(data: Path) -> dict[str, Any]:
    """Start the app on this data folder; what the child loaded, and its exit code."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))
    env[DATA_DIR_ENV] = str(data)
    done = subprocess.run(
        [sys.executable, "-c", START],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 0
    return report


@pytest.fixture(scope="module")
def fresh_start(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    data = tmp_path_factory.mktemp("fresh-data")
    report = start(data)
    report["plans"] = sorted(p.name for p in data.glob("*.insiderplan"))
    return report


def test_a_fresh_start_shows_the_start_page_and_writes_no_plan(
    fresh_start: dict[str, Any],
) -> None:
    assert "insider_planner.ui.window.main_window" in fresh_start["modules"]
    assert fresh_start["first_turn"]["page"] == "start_page"
    assert not fresh_start["first_turn"]["plan_open"]
    assert fresh_start["plans"] == []


@pytest.mark.parametrize("module", LATER)
def test_a_fresh_start_leaves_exports_and_printing_for_later(
    fresh_start: dict[str, Any], module: str
) -> None:
    assert module not in fresh_start["modules"]


def test_a_start_builds_no_catalog_or_old_format_validators(fresh_start: dict[str, Any]) -> None:
    # The shipped catalog is read as trusted data; old formats are read only to upgrade.
    assert not fresh_start["catalog_built"]
    assert not fresh_start["facet_built"]
    assert not fresh_start["old_plan_built"]


def test_the_event_loop_starts_with_the_start_up_objects_frozen(
    fresh_start: dict[str, Any],
) -> None:
    # Paused while the window is built, the collector runs again once it is shown, with
    # what start-up built set aside from its walks.
    assert fresh_start["first_turn"]["enabled"]
    assert fresh_start["first_turn"]["frozen"] > 0


def test_the_collector_is_not_run_over_everything_at_exit(fresh_start: dict[str, Any]) -> None:
    # After the event loop ends, the objects are frozen for the interpreter's shutdown.
    assert fresh_start["frozen"] > 0


def test_a_start_loads_the_plan_models_before_the_qt_bindings(
    fresh_start: dict[str, Any],
) -> None:
    # Modules imported after the bindings are each looked at by them; the validation
    # library and the models are many modules, so they come first.
    order = fresh_start["modules_in_order"]
    assert order.index("pydantic") < order.index("PySide6")
    assert order.index("insider_planner.domain.plan") < order.index("PySide6")


def test_a_start_checks_imported_modules_by_their_file(fresh_start: dict[str, Any]) -> None:
    assert fresh_start["light_check"]


def test_the_file_check_answers_as_the_bindings_own(monkeypatch: pytest.MonkeyPatch) -> None:
    feature = sys.modules["shibokensupport.feature"]
    original = feature._mod_uses_pyside
    monkeypatch.setattr(feature, "_mod_uses_pyside", original)  # put back afterwards
    app.lighten_pyside_import_check()
    lighter = feature._mod_uses_pyside
    assert lighter is not original
    unreadable = types.ModuleType("unreadable")
    unreadable.__file__ = "/no/such/folder/module.py"
    # Uses PySide6, does not, a compiled module, a built-in one, a file that is gone.
    for module in (widgets, plan, QtCore, sys, unreadable):
        assert lighter(module) == original(module), module
    assert lighter(widgets) and not lighter(plan)
    app.lighten_pyside_import_check()
    assert feature._mod_uses_pyside is lighter  # replaced once only
