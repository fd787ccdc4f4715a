"""Whatever a file holds, loading it returns a plan or raises PlanLoadError, and never writes.

Example counts come from the Hypothesis profile in tests/conftest.py (500 under
HYPOTHESIS_PROFILE=ci), so none is set here.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from insider_planner.domain.plan import PLAN_FORMAT, SCHEMA_VERSION
from insider_planner.resources import load_catalog
from insider_planner.storage.files import (
    LoadedPlan,
    LoadFailure,
    PlanLoadError,
    plan_bytes,
    read_plan,
)
from tests.conftest import make_sample_plan

# Text with everything JSON can spell; lone surrogates and other oddities are rare in random
# text, so they are also drawn on purpose.
ODD_TEXT = ["\ud800", "a\udfffb", "\x00", "\ufeff", "line\nbreak", "\u202e", "'\"\\", ""]
any_text = st.text(st.characters(exclude_categories=()), max_size=20) | st.sampled_from(ODD_TEXT)
short_text = st.text(max_size=12)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | any_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=20,
)


def _maybe(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly a value of the right shape, sometimes anything at all."""
    return st.sampled_from([True] * 9 + [False]).flatmap(lambda ok: valid if ok else json_values)


node_ids = st.sampled_from(["internals.weights", "formal.nda", "api-surface.prefill", "x", ""])
timestamps = st.sampled_from(
    ["2026-01-02T03:04:05Z"] * 4 + ["2026-01-02T03:04:05+05:30", "2026-01-02T03:04", "?"]
)
titles = st.text(min_size=1, max_size=12) | st.just("")
node_states = st.fixed_dictionaries(
    {},
    optional={
        "held": _maybe(st.booleans()),
        "needed": _maybe(st.booleans()),
        "note": _maybe(short_text),
        "private": _maybe(st.booleans()),
    },
)
tasks = st.fixed_dictionaries(
    {"title": _maybe(titles)},
    optional={
        "id": _maybe(titles),
        "notes": _maybe(short_text),
        "status": _maybe(st.sampled_from(["todo", "doing", "done", "maybe"])),
        "due": _maybe(st.sampled_from(["2027-03-01", "2027-03-01", None, "2027-02-30"])),
        "links": _maybe(st.lists(node_ids, max_size=3)),
        "private": _maybe(st.booleans()),
    },
)
lanes = st.fixed_dictionaries(
    {"id": _maybe(st.sampled_from(["understand", "connections", "integrity", ""]))},
    optional={"tasks": _maybe(st.lists(tasks, max_size=3))},
)
lane_lists = st.lists(lanes, max_size=4, unique_by=lambda lane: repr(lane["id"]))
custom_nodes = st.fixed_dictionaries(
    {
        "id": _maybe(st.sampled_from(["c-1", "c-2"])),
        "title": _maybe(titles),
        "parent": _maybe(st.sampled_from(["internals", "c-1", "artefacts"])),
    },
    optional={"help": _maybe(short_text), "strategy": _maybe(st.none() | short_text)},
)
v2_fields = st.fixed_dictionaries(
    {},
    optional={
        "id": _maybe(short_text),
        "title": _maybe(any_text),
        "target": _maybe(short_text),
        "project": _maybe(short_text),
        "created": _maybe(timestamps),
        "updated": _maybe(timestamps),
        "nodes": _maybe(st.dictionaries(node_ids, _maybe(node_states), max_size=4)),
        "strategies": _maybe(lane_lists),
        "custom_nodes": _maybe(
            st.lists(custom_nodes, max_size=2, unique_by=lambda c: repr(c["id"]))
        ),
    },
)
v1_fields = st.fixed_dictionaries(
    {"title": _maybe(short_text), "created": _maybe(timestamps), "updated": _maybe(timestamps)},
    optional={
        "held": _maybe(st.lists(node_ids, max_size=3)),
        "needed": _maybe(st.lists(node_ids, max_size=3)),
        "notes": _maybe(st.dictionaries(node_ids, short_text, max_size=2)),
        "strategy_order": _maybe(st.lists(st.sampled_from(["understand", "obstacles"]))),
        "tasks": _maybe(
            st.lists(
                st.fixed_dictionaries(
                    {"title": _maybe(titles), "strategy": _maybe(titles)},
                    optional={"done": _maybe(st.booleans()), "notes": _maybe(short_text)},
                ),
                max_size=3,
            )
        ),
    },
)


@st.composite
def plan_like(draw: st.DrawFn) -> dict[str, Any]:
    """Dicts that pass the format check, so loading goes as deep as it can."""
    version = draw(st.sampled_from([2, 2, 2, 1, 1, 0, -1, 3, 99]))
    fields = draw(v1_fields if version == 1 else v2_fields)
    extra = draw(st.dictionaries(st.sampled_from(["colour", "tasks", "held"]), json_values))
    if draw(st.sampled_from([True] + [False] * 9)):
        fields = {**extra, **fields}
    return {"format": PLAN_FORMAT, "schema_version": version, **fields}


def _encode(value: Any, ascii_only: bool) -> bytes:
    # Non-ASCII output keeps lone surrogates as such: the bytes are then not UTF-8.
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    # Module-scoped: Hypothesis reruns the body, not function-scoped fixtures such as tmp_path.
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def _load_unchanged(folder: Path, raw: bytes) -> LoadedPlan | PlanLoadError:
    """Load `raw` from a file; assert nothing outside a migration backup was written."""
    for leftover in folder.iterdir():
        leftover.unlink()
    path = folder / "fuzz.insiderplan"
    path.write_bytes(raw)
    mtime = path.stat().st_mtime_ns
    try:
        result: LoadedPlan | PlanLoadError = read_plan(path)
    except PlanLoadError as error:
        assert error.reason and "\n" not in error.reason
        result = error
    assert path.read_bytes() == raw
    assert path.stat().st_mtime_ns == mtime
    others = sorted(p.name for p in folder.iterdir() if p != path)
    if isinstance(result, LoadedPlan) and result.was_migrated:
        backup = folder / f"fuzz.insiderplan.v{result.file_version}.bak"
        assert others == [backup.name]
        assert backup.read_bytes() == raw
    else:
        assert others == []
    if isinstance(result, LoadedPlan):
        plan_bytes(result.plan)  # every plan that loads can be saved again
    return result


@given(raw=st.binary(max_size=2000))
def test_arbitrary_bytes(folder: Path, raw: bytes) -> None:
    _load_unchanged(folder, raw)


@given(value=json_values, ascii_only=st.booleans())
def test_arbitrary_json(folder: Path, value: Any, ascii_only: bool) -> None:
    result = _load_unchanged(folder, _encode(value, ascii_only))
    assert isinstance(result, PlanLoadError)  # nothing here names the plan format


@given(value=plan_like(), ascii_only=st.booleans())
def test_plan_like_json(folder: Path, value: dict[str, Any], ascii_only: bool) -> None:
    result = _load_unchanged(folder, _encode(value, ascii_only))
    event("loaded" if isinstance(result, LoadedPlan) else result.failure.value)
    if isinstance(result, LoadedPlan):
        assert result.file_version == value["schema_version"]
        assert result.plan.schema_version == SCHEMA_VERSION


SAMPLE = json.loads(plan_bytes(make_sample_plan(load_catalog())))
TEXT_FIELDS = [
    ("title",),
    ("target",),
    ("project",),
    ("nodes", "internals.activations", "note"),
    ("strategies", 0, "tasks", 0, "title"),
    ("strategies", 2, "tasks", 0, "notes"),
    ("strategies", 2, "tasks", 0, "links", 0),
    ("custom_nodes", 0, "title"),
]


def _has_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)


@given(
    where=st.sampled_from(TEXT_FIELDS),
    text=st.sampled_from(ODD_TEXT) | any_text,
    ascii_only=st.booleans(),
)
def test_odd_text_in_a_valid_plan(
    folder: Path, where: tuple[str | int, ...], text: str, ascii_only: bool
) -> None:
    data = json.loads(json.dumps(SAMPLE))
    target = data
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = text
    result = _load_unchanged(folder, _encode(data, ascii_only))
    if not _has_surrogate(text):
        assert isinstance(result, LoadedPlan) or (where[-1] == "title" and text == "")
    elif ascii_only:  # valid JSON, but no UTF-8 file could hold the text
        assert isinstance(result, PlanLoadError)
        assert result.failure is LoadFailure.INVALID_FIELD
