"""The plan model: defaults, validation and the small helpers the UI relies on."""

from __future__ import annotations

import itertools
import json
import random
from datetime import date, timezone
from pathlib import Path

import pytest
from pydantic import ValidationError

from insider_planner.domain import editing, limits
from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import (
    LONE_SURROGATE,
    PLAN_FORMAT,
    SCHEMA_VERSION,
    CustomNode,
    NodeState,
    Plan,
    StrategyLane,
    Task,
    TaskRows,
    TaskStatus,
    error_text,
    new_id,
    new_plan,
    reconcile_with_catalog,
    utc_now,
)
from insider_planner.storage.files import LoadFailure, PlanLoadError, parse_plan, plan_bytes


def test_a_new_plan_has_every_strategy_in_the_catalogs_order(catalog: Catalog) -> None:
    plan = new_plan(catalog, title="Pilot")
    assert plan.title == "Pilot"
    assert plan.format == PLAN_FORMAT and plan.schema_version == SCHEMA_VERSION
    assert [lane.id for lane in plan.strategies] == [s.id for s in catalog.strategies]
    assert plan.all_tasks() == [] and plan.nodes == {} and plan.custom_nodes == []
    assert plan.created.tzinfo is not None and plan.created == plan.updated
    assert new_plan(catalog).id != plan.id


def test_ids_and_times() -> None:
    ids = {new_id("t-") for _ in range(1000)}
    assert len(ids) == 1000 and all(i.startswith("t-") and len(i) == 14 for i in ids)
    now = utc_now()
    assert now.tzinfo is timezone.utc and now.microsecond == 0


def test_node_state_default() -> None:
    assert NodeState().is_default()
    for change in ({"held": True}, {"needed": True}, {"note": "x"}, {"private": True}):
        assert not NodeState.model_validate(change).is_default()


def test_task_status_cycles() -> None:
    assert [s.next() for s in TaskStatus] == [TaskStatus.DOING, TaskStatus.DONE, TaskStatus.TODO]
    assert [s.label for s in TaskStatus] == ["To do", "Doing", "Done"]
    assert TaskStatus("done") is TaskStatus.DONE


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("strategies", [StrategyLane(id="a"), StrategyLane(id="a")], "strategy ids must be unique"),
        (
            "strategies",
            [
                StrategyLane(id="a", tasks=[Task(id="t", title="x")]),
                StrategyLane(id="b", tasks=[Task(id="t", title="y")]),
            ],
            "task ids must be unique",
        ),
        (
            "custom_nodes",
            [CustomNode(id="c", title="x", parent="p"), CustomNode(id="c", title="y", parent="p")],
            "custom node ids must be unique",
        ),
    ],
)
def test_duplicate_ids_are_refused(field: str, value: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Plan.model_validate({field: value})


def test_unknown_fields_and_empty_titles_are_refused() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        Plan.model_validate({"colour": "red"})
    with pytest.raises(ValidationError, match="at least 1 character"):
        Task(title="")
    with pytest.raises(ValidationError):
        Plan.model_validate({"schema_version": 1})


def test_state_of_an_unmarked_node_is_not_stored(sample_plan: Plan) -> None:
    assert sample_plan.state("internals.activations").note == "Via the pilot"
    state = sample_plan.state("internals.gradients")
    assert state.is_default()
    assert "internals.gradients" not in sample_plan.nodes


def test_lanes_and_tasks(sample_plan: Plan) -> None:
    assert [t.id for t in sample_plan.all_tasks()] == ["t-1", "t-2", "t-3", "t-4"]
    lane = sample_plan.lane("small-collaborations")
    assert lane is not None and [t.id for t in lane.tasks] == ["t-3", "t-4"]
    assert sample_plan.lane("nope") is None
    found = sample_plan.find_task("t-4")
    assert found is not None and found[0] is lane and found[1] == 1
    assert sample_plan.find_task("t-9") is None


def test_reconcile_adds_missing_strategies_at_the_end(catalog: Catalog) -> None:
    plan = Plan(strategies=[StrategyLane(id="obstacles"), StrategyLane(id="mine")])
    assert reconcile_with_catalog(plan, catalog)
    ids = [lane.id for lane in plan.strategies]
    assert ids[:2] == ["obstacles", "mine"]
    assert ids[2:] == [s.id for s in catalog.strategies if s.id != "obstacles"]
    assert not reconcile_with_catalog(plan, catalog)


# --- limits and strict types, as a file meets them ------------------------------------------


def _file_with(sample: Plan, where: tuple[str | int, ...], value: object) -> bytes:
    """The sample plan's file with one value replaced (or added) at `where`."""
    data = json.loads(plan_bytes(sample))
    target = data
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = value
    return json.dumps(data).encode("utf-8")


def _field(where: tuple[str | int, ...]) -> str:
    """A field's path as a load error names it: keys holding a dot are quoted."""
    return ".".join(repr(step) if "." in str(step) else str(step) for step in where)


def _refusal(raw: bytes) -> str:
    with pytest.raises(PlanLoadError) as raised:
        parse_plan(raw, Path("x.insiderplan"))
    assert raised.value.failure is LoadFailure.INVALID_FIELD, raised.value.reason
    return raised.value.reason


TASK = ("strategies", 2, "tasks", 0)
TEXT_LIMITS = [
    (("title",), limits.TITLE_MAX),
    (("target",), limits.TARGET_MAX),
    (("project",), limits.LONG_TEXT_MAX),
    (("id",), limits.ID_MAX),
    (("nodes", "internals.activations", "note"), limits.LONG_TEXT_MAX),
    (("strategies", 2, "id"), limits.ID_MAX),
    ((*TASK, "id"), limits.ID_MAX),
    ((*TASK, "title"), limits.TITLE_MAX),
    ((*TASK, "notes"), limits.LONG_TEXT_MAX),
    ((*TASK, "links", 0), limits.ID_MAX),
    (("custom_nodes", 0, "id"), limits.ID_MAX),
    (("custom_nodes", 0, "title"), limits.TITLE_MAX),
    (("custom_nodes", 0, "help"), limits.LONG_TEXT_MAX),
    (("custom_nodes", 0, "parent"), limits.ID_MAX),
    (("custom_nodes", 0, "strategy"), limits.ID_MAX),
]


@pytest.mark.parametrize(("where", "limit"), TEXT_LIMITS, ids=lambda v: str(v))
def test_text_over_its_limit_is_refused_with_the_field_named(
    sample_plan: Plan, where: tuple[str | int, ...], limit: int
) -> None:
    at_limit = _file_with(sample_plan, where, "x" * limit)
    parse_plan(at_limit, Path("x.insiderplan"))
    reason = _refusal(_file_with(sample_plan, where, "x" * (limit + 1)))
    field = _field(where)
    assert reason == f"invalid field {field}: String should have at most {limit} characters"


def test_a_node_id_over_its_limit_is_refused(sample_plan: Plan) -> None:
    reason = _refusal(_file_with(sample_plan, ("nodes", "n" * (limits.ID_MAX + 1)), {}))
    assert reason.startswith("invalid field nodes.nnnn")
    assert reason.endswith(f"[key]': String should have at most {limits.ID_MAX} characters")
    assert _refusal(_file_with(sample_plan, ("nodes", "\ud800"), {})).endswith(
        "text with invalid Unicode (a lone surrogate)"
    )


@pytest.mark.parametrize(
    ("where", "item", "limit"),
    [
        (("nodes",), None, limits.NODES_MAX),
        (("strategies",), None, limits.STRATEGIES_MAX),
        (("custom_nodes",), None, limits.CUSTOM_NODES_MAX),
        ((*TASK, "links"), "internals.weights", limits.LINKS_MAX),
    ],
    ids=lambda v: str(v),
)
def test_too_many_items_are_refused(
    sample_plan: Plan, where: tuple[str, ...], item: object, limit: int
) -> None:
    many: object
    if where == ("nodes",):
        many = {f"n{i}": {} for i in range(limit + 1)}
    elif where == ("strategies",):
        many = [{"id": f"s{i}"} for i in range(limit + 1)]
    elif where == ("custom_nodes",):
        many = [{"id": f"c{i}", "title": "c", "parent": "p"} for i in range(limit + 1)]
    else:
        many = [item] * (limit + 1)
    reason = _refusal(_file_with(sample_plan, where, many))
    assert reason.startswith(f"invalid field {'.'.join(map(str, where))}: ")
    assert f"at most {limit} items" in reason


def test_too_many_tasks_are_refused() -> None:
    lanes = [
        StrategyLane(id=f"s{n}", tasks=[Task(id=f"t{n}-{i}", title="t") for i in range(half)])
        for n, half in enumerate([limits.TASKS_MAX // 2, limits.TASKS_MAX // 2 + 1])
    ]
    with pytest.raises(ValidationError, match=f"at most {limits.TASKS_MAX:,} tasks"):
        Plan(strategies=lanes)


def test_the_schema_states_every_limit_in_words() -> None:
    schema = Plan.model_json_schema()
    checked = 0
    for model in [schema, *schema["$defs"].values()]:
        for name, field in model.get("properties", {}).items():
            types = {field.get("type")} | {alt.get("type") for alt in field.get("anyOf", [])}
            kind = field if "type" in field else field.get("anyOf", [{}])[0]
            if "string" in types and "format" not in kind and "const" not in kind:
                assert kind["maxLength"] > 0, name
                assert f"At most {kind['maxLength']:,} characters." in kind["description"], name
                checked += 1
            elif "array" in types:
                assert f"At most {field['maxItems']:,} " in field["description"], name
                if field["items"].get("type") == "string":  # a task's links
                    assert field["items"]["maxLength"] == limits.ID_MAX
                checked += 1
            elif "object" in types:
                assert f"At most {field['maxProperties']:,} " in field["description"], name
                assert field["propertyNames"]["maxLength"] == limits.ID_MAX
                checked += 1
    assert checked == 19  # every text field, list and mapping of the five models


STRICT_CASES = [
    (("nodes", "internals.weights", "held"), "yes", "a valid boolean"),
    (("nodes", "internals.weights", "held"), 1, "a valid boolean"),
    (("nodes", "internals.weights", "private"), 0, "a valid boolean"),
    (("nodes", "internals.weights", "note"), 5, "a valid string"),
    (("title",), 5, "a valid string"),
    (("title",), None, "a valid string"),
    (("target",), True, "a valid string"),
    (("project",), ["a"], "a valid string"),
    ((*TASK, "title"), 1.5, "a valid string"),
    ((*TASK, "due"), 20260101, "a valid date"),
    ((*TASK, "due"), 86400, "a valid date"),
    ((*TASK, "due"), "20260101", "a valid date"),
    ((*TASK, "status"), 1, "'todo', 'doing' or 'done'"),
    ((*TASK, "status"), "DONE", "'todo', 'doing' or 'done'"),
    ((*TASK, "links"), "a", "a valid list"),
    ((*TASK, "links", 0), 7, "a valid string"),
    ((*TASK, "private"), "true", "a valid boolean"),
    (("created",), 1700000000, "a valid datetime"),
    (("created",), "1700000000", "a valid datetime"),
    (("updated",), False, "a valid datetime"),
    (("strategies", 0, "id"), 3, "a valid string"),
    (("custom_nodes", 0, "strategy"), 0, "a valid string"),
    (("id",), 123, "a valid string"),
]


@pytest.mark.parametrize(("where", "value", "message"), STRICT_CASES, ids=lambda v: repr(v))
def test_a_file_is_validated_strictly(
    sample_plan: Plan, where: tuple[str | int, ...], value: object, message: str
) -> None:
    reason = _refusal(_file_with(sample_plan, where, value))
    field = _field(where)
    assert reason.startswith(f"invalid field {field}: ")
    assert message in reason


@pytest.mark.parametrize("version", [2.0, "2", True])
def test_a_schema_version_that_is_not_an_int_is_refused(sample_plan: Plan, version: object) -> None:
    with pytest.raises(PlanLoadError, match="schema version"):
        parse_plan(_file_with(sample_plan, ("schema_version",), version), Path("x.insiderplan"))
    with pytest.raises(ValidationError, match="schema_version"):
        Plan.model_validate({"schema_version": version})


def test_iso_strings_for_dates_times_and_statuses_are_taken(sample_plan: Plan) -> None:
    raw = _file_with(sample_plan, ("created",), "2026-01-02T03:04:05+05:30")
    plan, _ = parse_plan(raw, Path("x.insiderplan"))
    assert plan.created.isoformat() == "2026-01-02T03:04:05+05:30"
    task = Task.model_validate({"title": "t", "due": "2027-03-01", "status": "doing"})
    assert (task.due, task.status) == (date(2027, 3, 1), TaskStatus.DOING)
    # The app builds models from Python values as before.
    built = Task(title="t", due=date(2027, 3, 1), status=TaskStatus.DONE)
    assert built.status is TaskStatus.DONE
    assert Plan(created=utc_now(), nodes={"a": NodeState(held=True)}).nodes["a"].held


# --- finding tasks ---------------------------------------------------------------------------


def _count_rebuilds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    rebuild = TaskRows.rebuild

    def counting(self: TaskRows, strategies: list[StrategyLane]) -> None:
        calls.append(len(strategies))
        rebuild(self, strategies)

    monkeypatch.setattr(TaskRows, "rebuild", counting)
    return calls


def test_edits_keep_the_task_index_without_scanning_the_plan(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = new_plan(catalog)
    lanes = plan.strategies
    for n in range(60):
        editing.insert_task(plan, lanes[n % 3].id, n // 6, Task(id=f"x-{n}", title=f"T{n}"))
    rebuilds = _count_rebuilds(monkeypatch)
    editing.move_task(plan, "x-0", lanes[0].id, 7)  # within a lane
    editing.move_task(plan, "x-7", lanes[0].id, 0)
    editing.move_task(plan, "x-1", lanes[4].id, 0)  # to another lane
    editing.remove_task(plan, "x-30")
    editing.insert_task(plan, lanes[2].id, -1, Task(id="x-new", title="New"))
    for lane in lanes:
        for row, task in enumerate(lane.tasks):
            assert plan.find_task(task.id) == (lane, row)
    assert rebuilds == []
    assert plan.find_task("x-30") is None


def test_many_inserts_and_removals_keep_every_place_right_without_a_rebuild(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Well past the shifts a lane keeps, in a random order over three lanes.
    plan = new_plan(catalog)
    lanes = plan.strategies[:3]
    rng = random.Random(7)
    rebuilds = _count_rebuilds(monkeypatch)
    ids = itertools.count()
    for step in range(3 * TaskRows.SHIFTS_KEPT + 40):
        lane = rng.choice(lanes)
        if lane.tasks and rng.random() < 0.4:
            editing.remove_task(plan, rng.choice(lane.tasks).id)
        else:
            row = rng.randint(0, len(lane.tasks))
            editing.insert_task(plan, lane.id, row, Task(id=f"r-{next(ids)}", title="T"))
        if step % 17 == 0:
            lane = rng.choice(lanes)
            if len(lane.tasks) > 1:
                editing.move_task(plan, lane.tasks[0].id, rng.choice(lanes).id, 1)
        for held in lanes:
            for row, task in enumerate(held.tasks):
                assert plan.find_task(task.id) == (held, row)
    assert rebuilds == []


def test_an_insert_or_removal_does_not_record_the_rows_below_it_again(catalog: Catalog) -> None:
    plan = new_plan(catalog)
    lane = plan.strategies[0]
    for n in range(500):
        editing.insert_task(plan, lane.id, n, Task(id=f"b-{n}", title="T"))
    entries = dict(plan.task_rows.where)
    editing.insert_task(plan, lane.id, 0, Task(id="top", title="T"))
    editing.remove_task(plan, "b-10")
    rewritten = [
        key for key, entry in entries.items() if plan.task_rows.where.get(key) is not entry
    ]
    assert rewritten == ["b-10"]  # the removed one only; the rest are shifted when looked up
    assert plan.find_task("b-499") == (lane, 499)


def test_a_plan_changed_directly_is_still_found_right(sample_plan: Plan) -> None:
    assert sample_plan.find_task("t-2") is not None  # index built
    lanes = {lane.id: lane for lane in sample_plan.strategies}
    lanes["understand"].tasks.reverse()
    moved = lanes["small-collaborations"].tasks.pop()
    lanes["integrity"].tasks.append(moved)
    assert sample_plan.find_task("t-2") == (lanes["understand"], 0)
    assert sample_plan.find_task("t-4") == (lanes["integrity"], 0)
    sample_plan.strategies = [lane.model_copy(deep=True) for lane in sample_plan.strategies]
    found = sample_plan.find_task("t-3")
    assert found is not None and found[0] is sample_plan.strategies[2]


def test_the_task_index_never_makes_plans_differ(sample_plan: Plan) -> None:
    copy = sample_plan.model_copy(deep=True)
    sample_plan.find_task("t-1")
    assert copy == sample_plan
    found = copy.find_task("t-1")
    assert found is not None and found[0] is copy.strategies[0]


GATED = [
    ("due", "2027-03-01"),
    ("due", "20270301"),
    ("due", "2027-03-01T00:00:00"),
    ("due", "2027-03-01\n"),
    ("due", " 2027-03-01"),
    ("due", "2027-13-01"),
    ("due", "\u0662\u0660\u0662\u0667-03-01"),
    ("due", 86400),
    ("created", "2026-01-02T03:04:05+05:30"),
    ("created", "2026-01-02 03:04:05Z"),
    ("created", "2026-01-02"),
    ("created", "2026-01-02x"),
    ("created", "1700000000"),
    ("created", 1700000000),
]


@pytest.mark.parametrize(("field", "value"), GATED, ids=lambda v: repr(v))
def test_dates_and_times_from_json_are_gated_as_from_python(field: str, value: object) -> None:
    """A file's dates take the fast JSON path or the Python one; both must agree."""
    model = Task if field == "due" else Plan
    data: dict[str, object] = {"title": "t", field: value} if model is Task else {field: value}

    def outcome(validate: object) -> object:
        try:
            return getattr(validate(), field)  # type: ignore[operator]
        except ValidationError as error:
            first = error.errors()[0]
            return (first["type"], first["loc"], first["msg"])

    from_json = outcome(lambda: model.model_validate_json(json.dumps(data)))
    from_python = outcome(lambda: model.model_validate(data))
    assert from_json == from_python


@pytest.mark.parametrize(
    "build",
    [
        lambda: Task(title="pasted \ud800"),
        lambda: Task(title="t", links=["\udfff"]),
        lambda: CustomNode(id="c", title="t", parent="p", help="a\udc00b"),
        lambda: NodeState(note="\ud83d"),
        lambda: Plan(nodes={"\ud800": NodeState()}),
    ],
    ids=["task title", "link", "custom help", "note", "node key"],
)
def test_text_built_in_the_app_with_a_lone_surrogate_is_refused_and_named(build: object) -> None:
    with pytest.raises(ValidationError) as raised:
        build()  # type: ignore[operator]
    assert [error_text(e) for e in raised.value.errors()] == [LONE_SURROGATE]


def test_other_errors_keep_their_own_text() -> None:
    with pytest.raises(ValidationError) as raised:
        Task(title="")
    assert error_text(raised.value.errors()[0]) == raised.value.errors()[0]["msg"]
