"""Fixtures for GUI tests: open documents on plans in the test's data folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan
from insider_planner.ui.document import PlanDocument


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
