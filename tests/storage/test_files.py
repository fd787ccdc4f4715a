"""Plan files: round trips, owner-only modes, kept versions and schema migration."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
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
    PlanChangedError,
    PlanLoadError,
    SaveResult,
    backup_folder,
    backups_of,
    clean_leftover_temp_files,
    keep_version,
    plan_bytes,
    read_plan,
    remove_stale_temp_files,
    save_plan,
    stamp_file,
    write_atomic,
)
from insider_planner.storage.lock import PlanLock
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


# --- kept versions are copies of their own -------------------------------------------------------


def test_a_backup_survives_an_in_place_rewrite_of_the_plan(sample_plan: Plan) -> None:
    """A program that rewrites the plan in place (same inode) must not change its backups."""
    path = plan_path_for(sample_plan.id)
    save_plan(path, sample_plan)
    saved = path.read_bytes()
    with path.open("r+b") as file:
        file.truncate(0)
        file.write(b"rewritten by another program")
    [backup] = backups_of(path)
    assert backup.read_bytes() == saved
    assert not os.path.samefile(backup, path)


@posix_only
def test_kept_versions_are_private_under_any_umask(sample_plan: Plan, no_umask: None) -> None:
    path = plan_path_for(sample_plan.id)
    save_plan(path, sample_plan)
    kept = keep_version(path)
    assert kept is not None and kept.read_bytes() == path.read_bytes()
    assert [mode(b) for b in backups_of(path)] == [0o600, 0o600]


def test_keeping_the_version_of_a_missing_file(tmp_path: Path) -> None:
    assert keep_version(tmp_path / "gone.insiderplan") is None


def test_kept_versions_never_exceed_the_limit(sample_plan: Plan) -> None:
    path = plan_path_for(sample_plan.id)
    save_plan(path, sample_plan)
    for _ in range(BACKUPS_KEPT + 2):
        keep_version(path)
    assert len(backups_of(path)) == BACKUPS_KEPT


# --- changes made by other programs ---------------------------------------------------------------


@pytest.fixture
def loaded(sample_plan: Plan) -> files.LoadedPlan:
    path = plan_path_for(sample_plan.id)
    save_plan(path, sample_plan)
    return read_plan(path)


def test_the_stamp_of_a_load_and_of_a_save(loaded: files.LoadedPlan) -> None:
    path = loaded.path
    assert loaded.stamp == stamp_file(path)
    assert loaded.stamp.digest == hashlib.sha256(path.read_bytes()).hexdigest()
    loaded.plan.title = "Saved again"
    result = save_plan(path, loaded.plan, expected=loaded.stamp)
    assert result == SaveResult(stamp_file(path), None)  # type: ignore[arg-type]
    # The stamp of a save is good for the next save.
    loaded.plan.title = "And again"
    save_plan(path, loaded.plan, expected=result.stamp)
    assert read_plan(path).plan.title == "And again"


def test_a_touched_but_identical_file_is_not_a_change(loaded: files.LoadedPlan) -> None:
    os.utime(loaded.path, ns=(1, 1))
    loaded.plan.title = "Saved after a touch"
    save_plan(loaded.path, loaded.plan, expected=loaded.stamp)
    assert read_plan(loaded.path).plan.title == "Saved after a touch"


def test_a_file_changed_by_another_program_is_not_overwritten(
    loaded: files.LoadedPlan, data_dir: Path
) -> None:
    path = loaded.path
    path.write_bytes(path.read_bytes().replace(b"Interpretability", b"Interpretation!!"))
    theirs = path.read_bytes()
    loaded.plan.title = "Mine"
    with pytest.raises(PlanChangedError) as raised:
        save_plan(path, loaded.plan, expected=loaded.stamp)
    assert raised.value.reason == "the file was changed by another program since it was opened"
    assert isinstance(raised.value, files.PlanSaveError)
    assert path.read_bytes() == theirs
    assert [p for p in data_dir.rglob("*") if p.name.endswith(".tmp")] == []
    # Keeping their version first, then saving without the check, loses nothing.
    kept = keep_version(path)
    assert kept is not None and kept.read_bytes() == theirs
    save_plan(path, loaded.plan)
    assert read_plan(path).plan.title == "Mine"


def test_a_deleted_file_is_not_silently_recreated(loaded: files.LoadedPlan) -> None:
    loaded.path.unlink()
    with pytest.raises(PlanChangedError, match="deleted or moved since it was opened"):
        save_plan(loaded.path, loaded.plan, expected=loaded.stamp)
    assert not loaded.path.exists()
    save_plan(loaded.path, loaded.plan)  # without `expected`, as before: written
    assert loaded.path.exists()


def test_stamp_file_of_a_missing_or_unreadable_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert stamp_file(tmp_path / "none") is None

    def denied(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(files.os, "open", denied)
    with pytest.raises(files.PlanSaveError, match="Permission denied"):
        stamp_file(tmp_path / "x")


# --- leftovers of interrupted writes anywhere -----------------------------------------------------

INTERRUPTED_EXPORT = """
import os, sys
from pathlib import Path
from insider_planner.storage import files

def die(*args):
    os._exit(3)  # killed between writing the temporary file and renaming it

files.os.replace = die
files.write_atomic(Path(sys.argv[1]), b"exported text")
"""


def _interrupted_write(target: Path) -> None:
    done = subprocess.run([sys.executable, "-c", INTERRUPTED_EXPORT, str(target)], check=False)
    assert done.returncode == 3


def test_temp_files_carry_the_writers_pid(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    _interrupted_write(target)
    [temp] = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert re.fullmatch(r"\.report\.md\.\d+\.\w+\.tmp", temp.name)


def test_an_interrupted_export_is_cleaned_anywhere(tmp_path: Path, data_dir: Path) -> None:
    elsewhere = tmp_path / "exports"
    elsewhere.mkdir()
    target = elsewhere / "report.md"
    target.write_bytes(b"previous export")
    _interrupted_write(target)
    assert len([p for p in elsewhere.iterdir() if p.name.endswith(".tmp")]) == 2
    assert len(list((data_dir / "pending").iterdir())) == 1

    assert clean_leftover_temp_files() == 2
    assert [p.name for p in elsewhere.iterdir()] == ["report.md"]
    assert target.read_bytes() == b"previous export"
    assert list((data_dir / "pending").iterdir()) == []


def test_leftover_plan_temps_of_ended_processes_are_removed(
    sample_plan: Plan, data_dir: Path
) -> None:
    path = plan_path_for(sample_plan.id)
    save_plan(path, sample_plan)
    _interrupted_write(path)
    ended = [p for p in data_dir.iterdir() if p.name.endswith(".tmp")]
    assert len(ended) == 2
    # A save in progress in this process, and another one's (a live process), stay.
    live = [
        data_dir / f".{path.name}.{os.getpid()}.abcd1234.tmp",
        data_dir / f".{path.name}.{os.getppid()}.abcd1234.tmp",
    ]
    for temp in live:
        temp.write_bytes(b"in progress")
    assert clean_leftover_temp_files() == 2
    assert sorted(p for p in data_dir.iterdir() if p.name.endswith(".tmp")) == sorted(live)
    # Once over an hour old, even a live process's temporary file is a leftover.
    for temp in live:
        os.utime(temp, (time.time() - 7200, time.time() - 7200))
    assert clean_leftover_temp_files() == 2
    assert path.read_bytes() == plan_bytes(sample_plan)


def test_cleaning_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    def unwritable() -> Path:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(files, "data_path", unwritable)
    monkeypatch.setattr(files, "pending_dir", unwritable)
    assert clean_leftover_temp_files() == 0


def test_an_unwritable_journal_never_fails_a_save(
    sample_plan: Plan,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def unwritable() -> Path:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(files, "pending_dir", unwritable)
    path = tmp_path / "plan.insiderplan"
    with caplog.at_level(logging.WARNING, logger=files.__name__):
        save_plan(path, sample_plan, keep_backup=False)
    assert read_plan(path).plan == sample_plan
    assert "could not record a pending write" in caplog.text


@pytest.mark.parametrize("name", ["p" * 243 + ".insiderplan", "é" * 121 + ".insiderplan"])
def test_a_plan_with_the_longest_name_saves_and_locks(
    sample_plan: Plan, tmp_path: Path, name: str
) -> None:
    """Temporary files and locks beside a plan repeat a shortened name, so a name the file
    system allows (255 bytes) never makes every save fail with "File name too long"."""
    path = tmp_path / name
    assert len(os.fsencode(path.name)) >= 254
    save_plan(path, sample_plan)
    sample_plan.title = "Saved again"
    save_plan(path, sample_plan, expected=stamp_file(path))
    assert read_plan(path).plan.title == "Saved again"
    lock = PlanLock(path)
    assert lock.acquire()
    lock.release()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == [name]
