from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from insider_planner import resources
from insider_planner.domain.catalog import Catalog
from insider_planner.resources import load_catalog, resources_dir, validate_shipped_catalog

ESSAY_ORDER = [
    "understand",
    "connections",
    "small-collaborations",
    "legible-expert",
    "integrity",
    "obstacles",
]


def test_catalog_has_the_essays_structure(catalog: Catalog) -> None:
    assert [c.kind for c in catalog.categories] == ["access"] * 4 + ["constraint"]
    assert [c.title for c in catalog.categories] == [
        "Access to artefacts",
        "Access to resources",
        "Access to information",
        "Influence and trust",
        "Constraints",
    ]
    assert sum(len(c.attributes) for c in catalog.categories) == 20
    assert [s.id for s in catalog.strategies] == ESSAY_ORDER


def test_every_attribute_has_facets_and_a_known_strategy(catalog: Catalog) -> None:
    strategy_ids = {s.id for s in catalog.strategies}
    for category in catalog.categories:
        for attribute in category.attributes:
            assert attribute.facets, attribute.id
            assert attribute.strategy in strategy_ids
    for strategy in catalog.strategies:
        assert 2 <= len(strategy.starter_tasks) <= 3


def test_node_ids_are_unique(catalog: Catalog) -> None:
    ids = catalog.node_ids()
    assert len(ids) == len(set(ids))


def test_essay_facets_are_present(catalog: Catalog) -> None:
    ids = set(catalog.node_ids())
    for node_id in [
        "internals.weights",
        "internals.gradients",
        "api-surface.prefill",
        "api-surface.logprobs",
        "api-surface.fine-tuning",
        "decision-influence.veto",
        "decision-influence.memo",
        "formal.nda",
        "formal.publication-restrictions",
    ]:
        assert node_id in ids


def _raw() -> dict:  # type: ignore[type-arg]
    return json.loads((resources_dir() / "catalog.json").read_text(encoding="utf-8"))


def test_a_broken_catalog_fails_loudly() -> None:
    raw = _raw()
    raw["categories"][0]["attributes"][0]["strategy"] = "no-such-strategy"
    with pytest.raises(ValidationError, match="unknown strategy"):
        Catalog.model_validate(raw)


def test_duplicate_ids_are_refused() -> None:
    raw = _raw()
    raw["categories"][1]["attributes"][0]["id"] = raw["categories"][0]["attributes"][0]["id"]
    with pytest.raises(ValidationError, match="duplicate node id"):
        Catalog.model_validate(raw)


def test_attribute_without_facets_is_refused() -> None:
    raw = _raw()
    raw["categories"][0]["attributes"][0]["facets"] = []
    with pytest.raises(ValidationError):
        Catalog.model_validate(raw)


def test_the_shipped_catalog_validates_in_full() -> None:
    validated = validate_shipped_catalog()
    assert validated.categories and validated.strategies


def test_the_catalog_read_at_start_is_the_validated_one() -> None:
    # The app reads its own catalog without validating it; it must build exactly what full
    # validation builds, down to tuples and defaults.
    trusted = Catalog.from_trusted(_raw())
    assert trusted == validate_shipped_catalog()
    assert trusted.model_dump() == validate_shipped_catalog().model_dump()
    facet = trusted.categories[0].attributes[0].facets[0]
    assert isinstance(trusted.categories, tuple) and isinstance(facet.limits_criticism, bool)
    assert load_catalog() == trusted


def test_a_broken_shipped_catalog_is_caught_by_the_full_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = _raw()
    raw["strategies"].append(raw["strategies"][0])
    monkeypatch.setattr(resources, "_catalog_bytes", lambda: json.dumps(raw).encode())
    with pytest.raises(ValidationError, match="strategy ids must be unique"):
        validate_shipped_catalog()
