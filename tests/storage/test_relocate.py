"""Moving the plans to another folder: backups go along, nothing is lost or overwritten."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from insider_planner.domain.plan import Plan
from insider_planner.storage import relocate
from insider_planner.storage.files import read_plan, save_plan, version_folder_name
from insider_planner.storage.lock import lock_path_for
from insider_planner.storage.relocate import FolderUnusableError, check_writable, move_plans

HOLDER = """
import sys
from pathlib import Path
from insider_planner.storage.lock import PlanLock

lock = PlanLock(Path(sys.argv[1]))
print("LOCKED" if lock.acquire() else "BUSY", flush=True)
sys.stdin.read()
lock.release()
"""


def make_plans(folder: Path, plan: Plan, *names: str) -> list[Path]:
    """Plans saved twice each (so each has saved versions in folder/backups)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for name in names:
        path = folder / f"{name}.insiderplan"
        plan.title = f"Plan {name}"
        save_plan(path, plan)
        plan.project = f"Second save of {name}"
        save_plan(path, plan)
        made.append(path)
    return made


def versions(plan: Path) -> list[Path]:
    folder = plan.parent / "backups" / version_folder_name(plan)
    return sorted(folder.glob("*.insiderplan")) if folder.is_dir() else []


def readable(path: Path) -> str:
    return read_plan(path, keep_migration_backup=False).plan.title


@pytest.fixture
def new(tmp_path: Path) -> Path:
    return tmp_path / "new plans"


def test_plans_move_with_their_versions_upgrade_copies_and_deleted_copies(
    data_dir: Path, new: Path, sample_plan: Plan
) -> None:
    plans = make_plans(data_dir, sample_plan, "a", "b")
    before = {p.name: p.read_bytes() for p in plans}
    old_versions = {p.name: [v.read_bytes() for v in versions(p)] for p in plans}
    assert all(len(v) == 2 for v in old_versions.values())
    (data_dir / "a.insiderplan.v1.bak").write_bytes(b"old format")
    (data_dir / "backups" / "deleted-20260101T000000Z-gone.insiderplan").write_bytes(b"gone")
    elsewhere = data_dir / "backups" / "outside-0123456789"
    elsewhere.mkdir()
    (elsewhere / "20260101T000000.000000Z.insiderplan").write_bytes(b"outside version")
    check_writable(new)

    report = move_plans(data_dir, new)

    assert report.complete
    assert report.moved == {p: new / p.name for p in plans}
    assert report.summary() == f"Moved 2 plans to:\n{new}"
    for name, data in before.items():
        assert (new / name).read_bytes() == data
        assert readable(new / name).startswith("Plan ")
        assert [v.read_bytes() for v in versions(new / name)] == old_versions[name]
        assert not (data_dir / name).exists()
        assert not lock_path_for(data_dir / name).exists()
        assert not lock_path_for(new / name).exists()
    assert (new / "a.insiderplan.v1.bak").read_bytes() == b"old format"
    assert (new / "backups" / "deleted-20260101T000000Z-gone.insiderplan").read_bytes() == b"gone"
    assert (new / "backups" / elsewhere.name / "20260101T000000.000000Z.insiderplan").is_file()
    # Nothing of the plans is left in the old folder, and no temporary file in the new one.
    left = [p for p in data_dir.rglob("*") if p.is_file()]
    assert all(p.parent.name == "pending" for p in left), left
    assert not [p for p in new.rglob("*.tmp")]


def test_a_name_taken_in_the_new_folder_is_never_overwritten(
    data_dir: Path, new: Path, sample_plan: Plan
) -> None:
    a, b = make_plans(data_dir, sample_plan, "a", "b")
    new.mkdir()
    (new / "b.insiderplan").write_bytes(b"theirs")
    report = move_plans(data_dir, new)
    assert report.moved == {a: new / "a.insiderplan"}
    assert list(report.left) == [b]
    assert (new / "b.insiderplan").read_bytes() == b"theirs"
    assert readable(b) == "Plan b"
    assert len(versions(b)) == 2  # its versions stay with it
    assert "Moved 1 of 2 plans" in report.summary()
    assert "b.insiderplan: A file of that name is already in the new folder" in report.summary()


@pytest.mark.parametrize("stem", ["p" * 231, "é" * 115])
def test_a_plan_with_the_longest_name_moves(
    data_dir: Path, new: Path, sample_plan: Plan, stem: str
) -> None:
    """The temporary file a copy goes through repeats a shortened name, so a plan whose
    name the file system allows (255 bytes) moves like any other."""
    (plan,) = make_plans(data_dir, sample_plan, stem)
    assert len(os.fsencode(plan.name)) >= 242
    data = plan.read_bytes()
    report = move_plans(data_dir, new)
    assert report.complete
    assert report.moved == {plan: new / plan.name}
    assert (new / plan.name).read_bytes() == data
    assert len(versions(new / plan.name)) == 2
    assert not plan.exists()
    assert not [p for p in new.rglob("*.tmp")]


def test_an_unwritable_folder_is_refused_before_anything_moves(
    tmp_path: Path, data_dir: Path, sample_plan: Plan
) -> None:
    plans = make_plans(data_dir, sample_plan, "a")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(FolderUnusableError, match="This folder cannot be written"):
        check_writable(blocker / "plans")
    assert plans[0].is_file()


def test_a_folder_refusing_new_files_is_refused(new: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = relocate.os.open

    def read_only(path: object, flags: int, *args: object) -> int:
        if flags & relocate.os.O_CREAT:
            raise OSError(30, "Read-only file system", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(relocate.os, "open", read_only)
    with pytest.raises(FolderUnusableError) as caught:
        check_writable(new)
    assert caught.value.reason == "This folder cannot be written (Read-only file system)"


def test_a_failure_midway_leaves_every_plan_readable_and_says_which_moved(
    data_dir: Path, new: Path, sample_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    plans = make_plans(data_dir, sample_plan, "a", "b", "c")
    real_copy = relocate.copy_file
    plan_copies: list[Path] = []

    def fail_on_the_second_plan(source: Path, target: Path) -> None:
        if source.parent == data_dir:
            plan_copies.append(source)
            if len(plan_copies) == 2:
                raise OSError(28, "No space left on device")
        real_copy(source, target)

    monkeypatch.setattr(relocate, "copy_file", fail_on_the_second_plan)
    report = move_plans(data_dir, new)
    a, b, c = plans
    assert report.moved == {a: new / a.name, c: new / c.name}
    assert report.left == {b: "it could not be copied: No space left on device"}
    for plan in plans:
        where = new / plan.name if plan in report.moved else plan
        assert readable(where) == f"Plan {plan.stem}"
        assert len(versions(where)) == 2
    assert not (new / b.name).exists()
    assert report.summary() == (
        f"Moved 2 of 3 plans to:\n{new}\n\nNot moved, still in:\n{data_dir}\n"
        "• b.insiderplan: It could not be copied: No space left on device."
    )


def test_a_failing_version_copy_keeps_the_plan_and_removes_its_partial_copies(
    data_dir: Path, new: Path, sample_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    (plan,) = make_plans(data_dir, sample_plan, "a")
    real_copy = relocate.copy_file
    copied: list[Path] = []

    def fail_on_the_second_version(source: Path, target: Path) -> None:
        copied.append(source)
        if len(copied) == 3:  # the plan, its first version, then this
            raise OSError(5, "Input/output error")
        real_copy(source, target)

    monkeypatch.setattr(relocate, "copy_file", fail_on_the_second_version)
    report = move_plans(data_dir, new)
    assert report.left == {plan: "it could not be copied: Input/output error"}
    assert readable(plan) == "Plan a" and len(versions(plan)) == 2
    assert [p for p in new.rglob("*") if p.is_file()] == []


def test_a_copy_that_reads_back_differently_is_not_trusted(
    data_dir: Path, new: Path, sample_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    (plan,) = make_plans(data_dir, sample_plan, "a")
    real_read = Path.read_bytes

    def flipped(path: Path) -> bytes:
        data = real_read(path)
        return data.replace(b"Plan a", b"Plan A") if path.parent == new else data

    monkeypatch.setattr(Path, "read_bytes", flipped)
    report = move_plans(data_dir, new)
    assert report.left == {
        plan: "it could not be copied: the copy of a.insiderplan reads back differently"
    }
    assert plan.is_file() and not (new / plan.name).exists()


@pytest.fixture
def held(data_dir: Path, sample_plan: Plan) -> Iterator[Path]:
    """A plan whose lock another running process holds."""
    (path,) = make_plans(data_dir, sample_plan, "held")
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    try:
        assert proc.stdout.readline().strip() == "LOCKED"
        yield path
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)


def test_a_plan_open_in_another_instance_stays_and_is_reported(
    data_dir: Path, new: Path, sample_plan: Plan, held: Path
) -> None:
    (free,) = make_plans(data_dir, sample_plan, "free")
    report = move_plans(data_dir, new)
    assert report.moved == {free: new / free.name}
    assert list(report.left) == [held]
    assert report.left[held].startswith("It is open in Insider Planner (process ")
    assert readable(held) == "Plan held" and len(versions(held)) == 2
    assert lock_path_for(held).exists()  # its holder's lock is untouched
    assert not (new / held.name).exists()


def test_the_same_folder_moves_nothing(data_dir: Path, sample_plan: Plan) -> None:
    plans = make_plans(data_dir, sample_plan, "a")
    report = move_plans(data_dir, data_dir)
    assert report.moved == {} and report.left == {}
    assert plans[0].is_file()


def test_an_original_that_cannot_be_removed_keeps_the_plan_in_one_place(
    data_dir: Path, new: Path, sample_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    (plan,) = make_plans(data_dir, sample_plan, "a")
    real_unlink = Path.unlink

    def refuse(path: Path, missing_ok: bool = False) -> None:
        if path == plan:
            raise PermissionError(13, "Permission denied")
        real_unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse)
    report = move_plans(data_dir, new)
    assert report.left == {plan: "the original could not be removed: Permission denied"}
    assert readable(plan) == "Plan a" and len(versions(plan)) == 2
    assert [p for p in new.rglob("*") if p.is_file()] == []
