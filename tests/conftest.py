"""Shared fixtures: a private data folder and config folder per test, the catalog, sample
plans."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import CustomNode, NodeState, Plan, Task, TaskStatus, new_plan
from insider_planner.resources import load_catalog
from insider_planner.storage import paths

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

settings.register_profile(
    "ci", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def _real_user_folder(*args: object, **kwargs: object) -> Path:
    raise AssertionError("a test asked for a real user folder; use the fixtures' folders")


@pytest.fixture(autouse=True, scope="session")
def _no_real_user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Before any fixture of a wider scope runs (and any program a test starts inherits
    the environment), the settings and plans point at temporary folders, and asking
    platformdirs for the real ones fails the test."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(paths.CONFIG_DIR_ENV, str(tmp_path_factory.mktemp("config")))
        patch.setenv(paths.DATA_DIR_ENV, str(tmp_path_factory.mktemp("data")))
        patch.setattr(paths.platformdirs, "user_config_path", _real_user_folder)
        patch.setattr(paths.platformdirs, "user_data_path", _real_user_folder)
        yield


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own empty config folder (where the settings live)."""
    folder = tmp_path / "config"
    monkeypatch.setenv(paths.CONFIG_DIR_ENV, str(folder))
    yield folder


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own empty data folder; nothing touches the real one."""
    folder = tmp_path / "data"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(folder))
    yield folder


@pytest.fixture
def catalog() -> Catalog:
    return load_catalog()


def make_sample_plan(catalog: Catalog) -> Plan:
    """A plan exercising every feature: marks, notes, private items, tasks, custom nodes."""
    plan = new_plan(catalog, title="Interpretability pilot")
    plan.target = "A frontier lab"
    plan.project = "Replicate our probe results on the lab's closed models.\nNeeds activations."
    plan.nodes = {
        "internals.weights": NodeState(needed=True),
        "internals.activations": NodeState(held=True, needed=True, note="Via the pilot"),
        "api-surface.logprobs": NodeState(held=True),
        "api-surface.prefill": NodeState(needed=True, note="Contact: Dana", private=True),
        "formal.nda": NodeState(held=True, needed=False),
        "financial.equity": NodeState(needed=True),
    }
    plan.custom_nodes = [
        CustomNode(id="custom-eval-seat", title="Seat on eval council", parent="influence")
    ]
    plan.nodes["custom-eval-seat"] = NodeState(needed=True)
    lanes = {lane.id: lane for lane in plan.strategies}
    lanes["understand"].tasks = [
        Task(id="t-1", title="Ask past collaborators what they conceded", status=TaskStatus.DONE),
        Task(id="t-2", title="List comparable collaborations", status=TaskStatus.DOING),
    ]
    lanes["small-collaborations"].tasks = [
        Task(
            id="t-3",
            title="Replicate on closed weights",
            links=["internals.weights"],
            due=date(2027, 3, 1),
            notes="Ask for a sandbox",
        ),
        Task(id="t-4", title="Private: call Dana", private=True, notes="Phone 555-0100"),
    ]
    return plan


@pytest.fixture
def sample_plan(catalog: Catalog) -> Plan:
    return make_sample_plan(catalog)


@pytest.fixture(autouse=True, scope="session")
def _widgets_application(qapp: object) -> object:
    """A QApplication from the start: a PDF export run in-process would otherwise create a
    QGuiApplication, and every later test that builds a widget would abort."""
    return qapp
