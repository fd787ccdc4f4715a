"""Plan files: round trips, owner-only modes, kept versions and schema migration."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from insider_planner.domain.plan import (
    SCHEMA_VERSION,
    CustomNode,
    NodeState,
    Plan,
    StrategyLane,
    Task,
    TaskStatus,
)
from insider_planner.storage import files
from insider_planner.storage.files import (
    BACKUPS_KEPT,
    LoadFailure,
    PlanLoadError,
    backup_folder,
    backups_of,
    plan_bytes,
    read_plan,
    remove_stale_temp_files,
    save_plan,
    write_atomic,
)
from insider_planner.storage.paths import backups_dir, plan_path_for

V1_FILE = Path(__file__).with_name("data") / "plan_v1.insiderplan"
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def no_umask() -> Iterator[None]:
    """Umask 0: whatever is private is so because the code made it so."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


# --- round trip -------------------------------------------------------------------------------

texts = st.text(max_size=30)
names = st.text(min_size=1, max_size=15)
zones = st.none() | st.sampled_from(
    [timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]
)
moments = st.datetimes(datetime(1970, 1, 1), datetime(2200, 1, 1), timezones=zones)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """Any valid plan: unique ids where the model demands them, any text elsewhere."""
    lane_ids = draw(st.lists(names, unique=True, max_size=6))
    task_ids = iter(draw(st.lists(names, unique=True, min_size=18, max_size=18)))
    lanes = [
        StrategyLane(
            id=lane_id,
            tasks=[
                Task(
                    id=next(task_ids),
                    title=draw(names),
                    notes=draw(texts),
                    status=draw(st.sampled_from(TaskStatus)),
                    due=draw(st.none() | st.dates()),
                    links=draw(st.lists(texts, max_size=3)),
                    private=draw(st.booleans()),
                )
                for _ in range(draw(st.integers(0, 3)))
            ],
        )
        for lane_id in lane_ids
    ]
    custom_ids = draw(st.lists(names, unique=True, max_size=3))
    return Plan(
        id=draw(names),
        title=draw(texts),
        target=draw(texts),
        project=draw(texts),
        created=draw(moments),
        updated=draw(moments),
        nodes=draw(
            st.dictionaries(
                texts,
                st.builds(
                    NodeState,
                    held=st.booleans(),
                    needed=st.booleans(),
                    note=texts,
                    private=st.booleans(),
                ),
                max_size=5,
            )
        ),
        strategies=lanes,
        custom_nodes=[
            CustomNode(
                id=custom_id,
                title=draw(names),
                help=draw(texts),
                parent=draw(names),
                strategy=draw(st.none() | names),
            )
            for custom_id in custom_ids
        ],
    )


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    # Module-scoped: Hypothesis reruns the body, not function-scoped fixtures such as tmp_path.
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@given(plan=plans())
def test_any_plan_round_trips(folder: Path, plan: Plan) -> None:
    path = folder / "round.insiderplan"
    save_plan(path, plan, keep_backup=False)
    loaded = read_plan(path)
    assert loaded.plan == plan
    assert loaded.file_version == SCHEMA_VERSION and not loaded.was_migrated
    assert path.read_bytes() == plan_bytes(plan)


def test_the_sample_plan_round_trips(sample_plan: Plan) -> None:
    path = plan_path_for(sample_plan.id)
    save_plan(path, sample_plan)
    assert read_plan(path).plan == sample_plan
    assert path.read_bytes().endswith(b"}\n")


# --- owner-only modes --------------------------------------------------------------------------


@posix_only
def test_new_files_and_folders_are_private(
    sample_plan: Plan, data_dir: Path, no_umask: None
) -> None:
    assert not data_dir.exists()
    path = plan_path_for(sample_plan.id)
    save_plan(path, sample_plan)
    assert path.parent == data_dir
    assert mode(data_dir) == 0o700
    assert mode(path) == 0o600
    assert mode(backups_dir()) == 0o700
    assert mode(backup_folder(path)) == 0o700
    [backup] = backups_of(path)
    assert mode(backup) == 0o600


@posix_only
def test_existing_open_files_and_folders_are_made_private(
    sample_plan: Plan, data_dir: Path, no_umask: None
) -> None:
    path = data_dir / f"{sample_plan.id}.insiderplan"
    keep = backup_folder(path)  # computing it creates the data and backups folders
    for folder in (data_dir, data_dir / "backups", keep):
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o755)
    path.write_bytes(b"{}")
    path.chmod(0o644)

    assert plan_path_for(sample_plan.id) == path
    save_plan(path, sample_plan)

    assert mode(data_dir) == 0o700
    assert mode(data_dir / "backups") == 0o700
    assert mode(keep) == 0o700
    assert mode(path) == 0o600
    assert all(mode(b) == 0o600 for b in backups_of(path))


@posix_only
def test_exports_and_plans_saved_elsewhere_are_private(
    sample_plan: Plan, tmp_path: Path, no_umask: None
) -> None:
    out = tmp_path / "shared.md"
    out.write_bytes(b"old")
    out.chmod(0o666)
    write_atomic(out, b"new")
    assert out.read_bytes() == b"new"
    assert mode(out) == 0o600
    fresh = tmp_path / "fresh.insiderplan"
    save_plan(fresh, sample_plan)
    assert mode(fresh) == 0o600


@posix_only
def test_a_copied_backup_is_private(
    sample_plan: Plan, monkeypatch: pytest.MonkeyPatch, no_umask: None
) -> None:
    """Where hard links fail (another file system), the copy is made private too."""

    def cross_device(*args: object) -> None:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(files.os, "link", cross_device)
    path = plan_path_for(sample_plan.id)
    save_plan(path, sample_plan)
    [backup] = backups_of(path)
    assert backup.read_bytes() == path.read_bytes()
    assert not os.path.samefile(backup, path)
    assert mode(backup) == 0o600


# --- kept versions -----------------------------------------------------------------------------


def test_only_the_last_ten_saves_are_kept(sample_plan: Plan) -> None:
    path = plan_path_for(sample_plan.id)
    for n in range(12):
        sample_plan.title = f"v{n}"
        save_plan(path, sample_plan)
    kept = backups_of(path)
    assert len(kept) == BACKUPS_KEPT == 10
    assert [read_plan(b).plan.title for b in kept] == [f"v{n}" for n in range(2, 12)]
    assert kept[-1].read_bytes() == path.read_bytes()
    # The next save replaces the plan file, not the newest backup's content.
    sample_plan.title = "v12"
    save_plan(path, sample_plan)
    assert read_plan(backups_of(path)[-2]).plan.title == "v11"


def test_backups_of_same_named_plans_stay_apart(sample_plan: Plan, tmp_path: Path) -> None:
    one, two = tmp_path / "a" / "plan.insiderplan", tmp_path / "b" / "plan.insiderplan"
    for path, title in ((one, "one"), (two, "two")):
        path.parent.mkdir()
        sample_plan.title = title
        save_plan(path, sample_plan)
    assert backup_folder(one) != backup_folder(two)
    assert [read_plan(b).plan.title for b in backups_of(one)] == ["one"]
    assert [read_plan(b).plan.title for b in backups_of(two)] == ["two"]


def test_saving_without_a_backup(sample_plan: Plan, data_dir: Path) -> None:
    path = plan_path_for(sample_plan.id)
    save_plan(path, sample_plan, keep_backup=False)
    assert backups_of(path) == []


# --- leftovers of interrupted saves -------------------------------------------------------------


def test_stale_temp_files_are_removed_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "plan.insiderplan"
    path.write_bytes(b"plan")
    stale = tmp_path / ".plan.insiderplan.k3j4h5.tmp"
    keep = [
        tmp_path / ".plan.insiderplan.lock",
        tmp_path / ".other.insiderplan.k3j4h5.tmp",
        tmp_path / "plan.insiderplan.v1.bak",
        tmp_path / "notes.tmp",
    ]
    for p in [stale, *keep]:
        p.write_bytes(b"x")
    assert remove_stale_temp_files(path, older_than=3600) == 0  # too fresh: maybe in use
    assert stale.exists()
    assert remove_stale_temp_files(path) == 1
    assert not stale.exists()
    assert all(p.exists() for p in keep) and path.read_bytes() == b"plan"


def test_a_crashed_save_leaves_a_temp_file_the_cleanup_finds(
    sample_plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    path = folder / "plan.insiderplan"
    save_plan(path, sample_plan)
    original = path.read_bytes()

    class Crash(BaseException):
        pass

    def crash(*args: object) -> None:
        raise Crash

    with monkeypatch.context() as patch:
        # Dying between write and rename: no rename, and no cleanup either.
        patch.setattr(files.os, "replace", crash)
        patch.setattr(files.os, "unlink", lambda *a: None)
        with pytest.raises(Crash):
            save_plan(path, sample_plan)
    # The new bytes, and the previous file kept under a temporary name until the rename.
    leftovers = sorted(p for p in folder.iterdir() if p.suffix == ".tmp")
    assert [p.name.endswith(".old.tmp") for p in leftovers] == [True, False]
    assert leftovers[0].read_bytes() == original
    assert leftovers[1].read_bytes() == plan_bytes(sample_plan)
    assert remove_stale_temp_files(path) == 2
    assert sorted(p.name for p in folder.iterdir()) == ["plan.insiderplan"]
    assert path.read_bytes() == original


# --- migration from schema 1 --------------------------------------------------------------------


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    (tmp_path / "plans").mkdir()
    path = tmp_path / "plans" / "old.insiderplan"
    shutil.copyfile(V1_FILE, path)
    return path


def test_a_schema_1_file_is_migrated_after_a_backup(v1_copy: Path) -> None:
    original = v1_copy.read_bytes()
    mtime = v1_copy.stat().st_mtime_ns
    loaded = read_plan(v1_copy)

    assert loaded.was_migrated and loaded.file_version == 1
    plan = loaded.plan
    assert plan.schema_version == SCHEMA_VERSION
    assert plan.title == "Probe replication (2025)"
    assert plan.target == "A frontier lab"
    assert plan.created == datetime(2025, 5, 1, 10, 0, tzinfo=timezone.utc)
    assert plan.nodes == {
        "api-surface.logprobs": NodeState(held=True, needed=True),
        "formal.nda": NodeState(held=True),
        "internals.activations": NodeState(needed=True, note="Ask about a sandbox"),
        "financial.equity": NodeState(needed=True),
    }
    assert [lane.id for lane in plan.strategies] == [
        "small-collaborations",
        "understand",
        "obstacles",
    ]
    assert [(t.title, t.status, t.notes) for t in plan.all_tasks()] == [
        ("Propose a two-week pilot", TaskStatus.TODO, "Start small"),
        ("Read past collaboration agreements", TaskStatus.DONE, ""),
        ("Ask counsel about the NDA", TaskStatus.TODO, ""),
    ]

    backup = v1_copy.with_name("old.insiderplan.v1.bak")
    assert backup.read_bytes() == original
    if os.name == "posix":
        assert mode(backup) == 0o600
    # Loading never rewrites the file itself.
    assert v1_copy.read_bytes() == original
    assert v1_copy.stat().st_mtime_ns == mtime

    # Loading again keeps the one backup as it was.
    backup_mtime = backup.stat().st_mtime_ns
    read_plan(v1_copy)
    assert backup.stat().st_mtime_ns == backup_mtime
    assert sorted(p.name for p in v1_copy.parent.iterdir()) == [
        "old.insiderplan",
        "old.insiderplan.v1.bak",
    ]

    # Saving writes the current schema; the backup still holds the original.
    save_plan(v1_copy, plan)
    again = read_plan(v1_copy)
    assert not again.was_migrated and again.plan == plan
    assert backup.read_bytes() == original


def test_loading_without_a_migration_backup(v1_copy: Path) -> None:
    assert read_plan(v1_copy, keep_migration_backup=False).was_migrated
    assert [p.name for p in v1_copy.parent.iterdir()] == ["old.insiderplan"]


def test_an_older_backup_of_another_original_is_never_replaced(v1_copy: Path) -> None:
    """A .v1.bak left from an earlier file of the same name keeps that earlier original."""
    earlier = v1_copy.with_name("old.insiderplan.v1.bak")
    earlier.write_bytes(b"an earlier original")
    read_plan(v1_copy)
    assert earlier.read_bytes() == b"an earlier original"
    second = v1_copy.with_name("old.insiderplan.v1.2.bak")
    assert second.read_bytes() == V1_FILE.read_bytes()


def test_no_backup_no_migration(v1_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the backup cannot be written, the plan does not load (it could not be kept)."""
    original = v1_copy.read_bytes()

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.tempfile, "mkstemp", full)
    with pytest.raises(PlanLoadError) as raised:
        read_plan(v1_copy)
    assert raised.value.failure is LoadFailure.UNREADABLE
    assert raised.value.reason == (
        "could not keep a backup before upgrading the file: No space left on device"
    )
    assert [p.name for p in v1_copy.parent.iterdir()] == ["old.insiderplan"]
    assert v1_copy.read_bytes() == original
