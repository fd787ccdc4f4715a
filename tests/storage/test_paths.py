"""Where plans live: one place, overridable, created owner-only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from insider_planner.storage import paths
from insider_planner.storage.settings import AppSettings, settings_path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_environment_overrides_the_data_folder(data_dir: Path) -> None:
    assert not data_dir.exists()
    assert paths.data_dir() == data_dir
    assert data_dir.is_dir()
    assert paths.backups_dir() == data_dir / "backups"
    assert paths.plan_path_for("p-1") == data_dir / "p-1.insiderplan"


def test_the_default_data_folder_comes_from_platformdirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(paths.DATA_DIR_ENV)
    calls: list[tuple[object, ...]] = []

    def user_data_path(*args: object, **kwargs: object) -> Path:
        calls.append(args)
        return tmp_path / "platform" / "insider-planner"

    monkeypatch.setattr(paths.platformdirs, "user_data_path", user_data_path)
    assert paths.data_dir() == tmp_path / "platform" / "insider-planner"
    assert calls == [("insider-planner",)]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize("chosen", [False, True])
def test_the_data_folder_asks_the_settings_once(
    config_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chosen: bool
) -> None:
    """Finding the plans folder reads the settings file's stat once, chosen folder or not."""
    monkeypatch.delenv(paths.DATA_DIR_ENV)
    monkeypatch.setattr(paths, "default_data_path", lambda: tmp_path / "default")
    if chosen:
        AppSettings().plans_folder = tmp_path / "chosen"
    asked: list[Path] = []
    real_stat = Path.stat

    def counted(path: Path, **kwargs: bool) -> os.stat_result:
        if path == settings_path():
            asked.append(path)
        return real_stat(path, **kwargs)

    monkeypatch.setattr(Path, "stat", counted)
    assert paths.data_dir() == tmp_path / ("chosen" if chosen else "default")
    assert len(asked) == 1


def test_folders_are_made_private_new_or_existing(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        fresh = paths.ensure_private_dir(tmp_path / "a" / "b")
        assert mode(fresh) == 0o700
        existing = tmp_path / "shared"
        existing.mkdir(mode=0o755)
        existing.chmod(0o755)
        paths.ensure_private_dir(existing)
        assert mode(existing) == 0o700
    finally:
        os.umask(old)
