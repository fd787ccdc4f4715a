"""Malformed and hostile plan files: every one must be refused with a one-line reason.

Each case is built from a valid plan (or from raw bytes) by one change, so a refusal can
only come from that change. Large cases stay under a few tens of megabytes so the corpus
writes quickly; the 64 MB cap itself is tested with a sparse file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from insider_planner.domain.plan import Plan, Task, new_plan
from insider_planner.resources import load_catalog
from insider_planner.storage.files import plan_bytes

Json = dict[str, Any]
Mutation = Callable[[Json], object]


def _base() -> Json:
    plan: Plan = new_plan(load_catalog(), "Hostile")
    plan.strategies[0].tasks.append(Task(id="t-1", title="First task", links=["internals"]))
    plan.strategies[0].tasks.append(Task(id="t-2", title="Second task"))
    plan.nodes["internals"] = plan.state("internals").model_copy(update={"held": True})
    data: Json = json.loads(plan_bytes(plan))
    return data


def _dumps(data: object) -> bytes:
    # ASCII with escapes, so a lone surrogate is spelled as JSON spells it: "\\ud800".
    return json.dumps(data).encode("ascii")


def _set(path: str, value: object) -> Mutation:
    """Set a dotted path (numbers index lists) in the plan's JSON."""

    def change(data: Json) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return change


#: Stands for raw JSON spliced into the file after encoding, so huge cases cost no memory.
PLACEHOLDER = "@@raw@@"


class Raw:
    """JSON text to put at a path as is, for cases too big to build as Python objects."""

    def __init__(self, text: bytes) -> None:
        self.text = text


def _delete(path: str) -> Mutation:
    def change(data: Json) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[last]

    return change


TASK = "strategies.0.tasks.0"
NODE = "nodes.internals"

MUTATIONS: dict[str, Mutation] = {
    # the envelope
    "format-missing": _delete("format"),
    "format-wrong": _set("format", "insider-planner/catalog"),
    "format-number": _set("format", 1),
    "version-missing": _delete("schema_version"),
    "version-string": _set("schema_version", "2"),
    "version-float": _set("schema_version", 2.0),
    "version-bool": _set("schema_version", True),
    "version-newer": _set("schema_version", 99),
    "version-zero": _set("schema_version", 0),
    "version-negative": _set("schema_version", -1),
    "version-4000-digits": _set("schema_version", int("9" * 4000)),
    # lax types that must not be coerced
    "held-yes": _set(f"{NODE}.held", "yes"),
    "held-one": _set(f"{NODE}.held", 1),
    "held-null": _set(f"{NODE}.held", None),
    "private-string": _set(f"{NODE}.private", "false"),
    "note-number": _set(f"{NODE}.note", 5),
    "title-number": _set("title", 5),
    "title-null": _set("title", None),
    "title-list": _set("title", ["a"]),
    "project-object": _set("project", {"a": 1}),
    "task-title-empty": _set(f"{TASK}.title", ""),
    "task-title-missing": _delete(f"{TASK}.title"),
    "task-notes-list": _set(f"{TASK}.notes", []),
    "status-unknown": _set(f"{TASK}.status", "blocked"),
    "status-number": _set(f"{TASK}.status", 1),
    "due-not-a-date": _set(f"{TASK}.due", "soon"),
    "due-number": _set(f"{TASK}.due", 20260101),
    "due-impossible": _set(f"{TASK}.due", "2026-13-45"),
    "created-words": _set("created", "yesterday"),
    "links-string": _set(f"{TASK}.links", "internals"),
    "links-numbers": _set(f"{TASK}.links", [1, 2]),
    "task-private-string": _set(f"{TASK}.private", "no"),
    # structure
    "unknown-top-field": _set("script", "rm -rf ~"),
    "unknown-task-field": _set(f"{TASK}.owner", "x"),
    "unknown-node-field": _set(f"{NODE}.colour", "red"),
    "nodes-list": _set("nodes", []),
    "strategies-object": _set("strategies", {}),
    "strategy-null": _set("strategies.0", None),
    "duplicate-task-ids": _set("strategies.0.tasks.1.id", "t-1"),
    "duplicate-lane-ids": _set("strategies.1.id", "understand"),
    "empty-task-id": _set(f"{TASK}.id", ""),
    "custom-node-no-parent": _set("custom_nodes", [{"id": "c-1", "title": "x"}]),
    "duplicate-custom-ids": _set(
        "custom_nodes",
        [
            {"id": "c-1", "title": "a", "parent": "artefacts"},
            {"id": "c-1", "title": "b", "parent": "artefacts"},
        ],
    ),
    # text that is too long for its field
    "title-100-kb": _set("title", "T" * 100_000),
    "target-100-kb": _set("target", "x " * 50_000),
    "id-10-kb": _set(f"{TASK}.id", "t" * 10_000),
    "node-key-1-mb": _set("nodes", {"k" * 1_000_000: {"held": True}}),
    "note-2-mb": _set(f"{NODE}.note", "word " * 420_000),
    "project-20-mb": _set("project", "lorem ipsum " * 1_700_000),
    "single-word-20-mb": _set(f"{TASK}.notes", "x" * 20_000_000),
    # too many items
    "links-100k": _set(f"{TASK}.links", ["internals"] * 100_000),
    "tasks-2-million": _set(
        "strategies.0.tasks", Raw(b"[" + b'{"title":"a"},' * 1_999_999 + b'{"title":"a"}]')
    ),
    "nodes-2-million": _set(
        "nodes", Raw(b"{" + b",".join(b'"n%d":{}' % i for i in range(2_000_000)) + b"}")
    ),
    # text no file may hold
    "lone-surrogate-title": _set("title", "\ud800"),
    "lone-surrogate-key": _set("nodes", {"\udfff": {"held": True}}),
}

RAW: dict[str, bytes] = {
    "empty": b"",
    "whitespace": b" \n\t\r\n",
    "bom-only": b"\xef\xbb\xbf",
    "nul-bytes": b"\x00" * 1024,
    "not-utf8": b'{"format": "insider-planner/plan", "title": "\xff\xfe"}',
    "utf16": '{"format": "insider-planner/plan"}'.encode("utf-16"),
    "truncated": b'{"format": "insider-planner/plan", "schema_version": 2, "title": "a',
    "trailing-garbage": b'{"format": "insider-planner/plan", "schema_version": 2} x',
    "nan": b'{"format": "insider-planner/plan", "schema_version": NaN}',
    "infinity": b'{"format": "insider-planner/plan", "schema_version": 2, "x": Infinity}',
    "top-array": b"[1, 2, 3]",
    "top-string": b'"insider-planner/plan"',
    "top-null": b"null",
    "top-number": b"2",
    "nested-arrays": b"[" * 200_000 + b"]" * 200_000,
    "nested-objects": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "number-10k-digits": b'{"format": "insider-planner/plan", "schema_version": '
    + b"9" * 10_000
    + b"}",
    "control-characters": b'{"format": "insider-planner/plan\x1b[2J"}',
    "scalars-5-million": b'{"format": "insider-planner/plan", "schema_version": 2, "x": ['
    + b"0," * 5_000_000
    + b"0]}",
    "html-not-a-plan": b"<!doctype html><script>alert(1)</script>",
    "markdown-export": b"# Plan\n\n- [x] held\n",
    "zip-header": b"PK\x03\x04" + b"\x00" * 100,
}


def _write_special(folder: Path) -> Iterator[Path]:
    """Files that are hostile by what they are rather than by what they hold."""
    huge = folder / "over-the-cap.insiderplan"
    with open(huge, "wb") as file:  # sparse: 65 MB on paper, nothing on disk
        file.truncate(65 * 1024 * 1024)
    yield huge
    directory = folder / "a-folder.insiderplan"
    directory.mkdir()
    yield directory
    loop = folder / "link-loop.insiderplan"
    loop.symlink_to(loop.name)
    yield loop
    dangling = folder / "dangling.insiderplan"
    dangling.symlink_to(folder / "nowhere")
    yield dangling
    device = folder / "zeros.insiderplan"
    device.symlink_to(os.devnull if not Path("/dev/zero").exists() else "/dev/zero")
    yield device
    fifo = folder / "pipe.insiderplan"
    os.mkfifo(fifo)
    yield fifo
    odd_name = folder / "name with\nnewline and \x1b[31mescape.insiderplan"
    odd_name.write_bytes(b"not json")
    yield odd_name


def write_corpus(folder: Path) -> list[Path]:
    """Write every hostile case into `folder`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for name, change in MUTATIONS.items():
        data = _base()
        spliced: list[bytes] = []

        def splice(value: Raw, spliced: list[bytes] = spliced) -> str:
            spliced.append(value.text)
            return PLACEHOLDER

        change(data)
        text = _dumps(json.loads(json.dumps(data, default=splice)))
        if spliced:
            text = text.replace(f'"{PLACEHOLDER}"'.encode(), spliced[0])
        path = folder / f"{name}.insiderplan"
        path.write_bytes(text)
        paths.append(path)
    for name, raw in RAW.items():
        path = folder / f"{name}.insiderplan"
        path.write_bytes(raw)
        paths.append(path)
    paths.extend(_write_special(folder))
    return paths
