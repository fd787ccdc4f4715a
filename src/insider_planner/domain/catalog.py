"""The built-in catalog of insider attributes and the six strategies, validated by pydantic.

The models build their validators only when something validates with them (`defer_build`):
the app reads its own shipped catalog with `Catalog.from_trusted`, which checks nothing, and
a test validates the shipped file in full. A catalog from anywhere else goes through
`Catalog.model_validate` as usual.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Slug = str
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Kind = Literal["access", "constraint"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class CatalogFacet(_Frozen):
    """The finest grain of an attribute, e.g. 'Weights' under 'Internals'."""

    id: Slug = Field(pattern=SLUG_PATTERN)
    title: str = Field(min_length=1)
    help: str = Field(min_length=1)
    limits_criticism: bool = False


class CatalogAttribute(_Frozen):
    """An insider attribute with its facets and the strategy most likely to acquire it."""

    id: Slug = Field(pattern=SLUG_PATTERN)
    title: str = Field(min_length=1)
    help: str = Field(min_length=1)
    strategy: Slug
    facets: tuple[CatalogFacet, ...] = Field(min_length=1)


class CatalogCategory(_Frozen):
    """A group of attributes; constraint categories hold obligations rather than access."""

    id: Slug = Field(pattern=SLUG_PATTERN)
    title: str = Field(min_length=1)
    kind: Kind
    help: str = Field(min_length=1)
    attributes: tuple[CatalogAttribute, ...] = Field(min_length=1)


class CatalogStrategy(_Frozen):
    """One of the ways to acquire insider attributes, with starter tasks."""

    id: Slug = Field(pattern=SLUG_PATTERN)
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    starter_tasks: tuple[str, ...] = Field(min_length=1)


class Catalog(_Frozen):
    """Categories → attributes → facets, and the strategies in priority order."""

    catalog_version: int = Field(ge=1)
    categories: tuple[CatalogCategory, ...] = Field(min_length=1)
    strategies: tuple[CatalogStrategy, ...] = Field(min_length=1)

    @field_validator("strategies")
    @classmethod
    def _unique_strategies(cls, value: tuple[CatalogStrategy, ...]) -> tuple[CatalogStrategy, ...]:
        ids = [s.id for s in value]
        if len(set(ids)) != len(ids):
            raise ValueError("strategy ids must be unique")
        return value

    @model_validator(mode="after")
    def _check_references(self) -> Catalog:
        strategy_ids = {s.id for s in self.strategies}
        seen: set[str] = set()
        for node_id in self.node_ids():
            if node_id in seen:
                raise ValueError(f"duplicate node id {node_id!r}")
            seen.add(node_id)
        for category in self.categories:
            for attribute in category.attributes:
                if attribute.strategy not in strategy_ids:
                    raise ValueError(
                        f"attribute {attribute.id!r} names unknown strategy {attribute.strategy!r}"
                    )
        return self

    @classmethod
    def from_trusted(cls, raw: dict[str, Any]) -> Catalog:
        """The catalog from parsed JSON that is known to be valid (the one shipped with the
        app), built without validating it. Anything else goes through `model_validate`."""
        build = CatalogFacet.model_construct
        return cls.model_construct(
            catalog_version=raw["catalog_version"],
            categories=tuple(
                CatalogCategory.model_construct(
                    id=category["id"],
                    title=category["title"],
                    kind=category["kind"],
                    help=category["help"],
                    attributes=tuple(
                        CatalogAttribute.model_construct(
                            id=attribute["id"],
                            title=attribute["title"],
                            help=attribute["help"],
                            strategy=attribute["strategy"],
                            facets=tuple(build(**facet) for facet in attribute["facets"]),
                        )
                        for attribute in category["attributes"]
                    ),
                )
                for category in raw["categories"]
            ),
            strategies=tuple(
                CatalogStrategy.model_construct(
                    id=strategy["id"],
                    title=strategy["title"],
                    description=strategy["description"],
                    starter_tasks=tuple(strategy["starter_tasks"]),
                )
                for strategy in raw["strategies"]
            ),
        )

    def node_ids(self) -> list[str]:
        """Every node id in catalog order: category, its attributes, their facets."""
        ids: list[str] = []
        for category in self.categories:
            ids.append(category.id)
            for attribute in category.attributes:
                ids.append(attribute.id)
                ids.extend(facet_node_id(attribute.id, f.id) for f in attribute.facets)
        return ids

    def strategy(self, strategy_id: str) -> CatalogStrategy | None:
        """The strategy with this id, if the catalog has it."""
        return next((s for s in self.strategies if s.id == strategy_id), None)


def facet_node_id(attribute_id: str, facet_id: str) -> str:
    """Facet ids are local to their attribute; the node id joins both."""
    return f"{attribute_id}.{facet_id}"
