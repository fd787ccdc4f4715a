"""The data files shipped with the app, found from a wheel or from the source tree."""

from __future__ import annotations

from functools import cache
from pathlib import Path

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
    """The built-in catalog, validated; a broken one raises ValidationError loudly."""
    raw = (resources_dir() / "catalog.json").read_bytes()
    return Catalog.model_validate_json(raw)
