"""The data files shipped with the app, found from a wheel or from the source tree."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from insider_planner.domain.catalog import Catalog

_PACKAGE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """`resources/` inside an installed wheel, else the top-level one of a source checkout."""
    for candidate in (_PACKAGE / "resources", _PACKAGE.parent.parent / "resources"):
        if (candidate / "catalog.json").is_file():
            return candidate
    raise FileNotFoundError("the built-in catalog (resources/catalog.json) is missing")


@cache
def load_catalog() -> Catalog:
    """The built-in catalog.

    It ships with the app and a test validates it in full, so it is read without validating
    it again at every start (`validate_shipped_catalog` does, loudly).
    """
    from insider_planner.domain.catalog import Catalog

    return Catalog.from_trusted(json.loads(_catalog_bytes()))


def validate_shipped_catalog() -> Catalog:
    """The built-in catalog, fully validated; a broken one raises ValidationError."""
    from insider_planner.domain.catalog import Catalog

    return Catalog.model_validate_json(_catalog_bytes())


def _catalog_bytes() -> bytes:
    return (resources_dir() / "catalog.json").read_bytes()
