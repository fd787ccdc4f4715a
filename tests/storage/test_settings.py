"""AppSettings: last plan, recent files, window bytes and the INI file on disk."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray

from insider_planner.storage import paths
from insider_planner.storage import settings as settings_module
from insider_planner.storage.relocate import check_writable
from insider_planner.storage.settings import MAX_RECENT, AppSettings


@pytest.fixture
def ini(tmp_path: Path) -> Path:
    return tmp_path / "conf" / "settings.ini"


def reopen(settings: AppSettings) -> AppSettings:
    """Write everything out and read it back through a fresh object on the same file."""
    settings.sync()
    return AppSettings(settings.path)


def hand_edit(path: Path, *lines: str) -> AppSettings:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[General]\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return AppSettings(path)


def plan(n: int | str) -> Path:
    return Path(f"/plans/p{n}.insiderplan")


# --- last plan ---------------------------------------------------------------------------


def test_last_plan_is_none_when_never_set(ini: Path) -> None:
    assert AppSettings(ini).last_plan is None


def test_last_plan_round_trips_in_memory_and_on_disk(ini: Path) -> None:
    settings = AppSettings(ini)
    settings.last_plan = plan(1)
    assert settings.last_plan == plan(1)
    assert reopen(settings).last_plan == plan(1)


def test_last_plan_set_to_none_reads_back_as_none(ini: Path) -> None:
    settings = AppSettings(ini)
    settings.last_plan = plan(1)
    settings.last_plan = None
    assert settings.last_plan is None
    assert reopen(settings).last_plan is None


def test_last_plan_empty_string_in_file_is_none(ini: Path) -> None:
    assert hand_edit(ini, "last_plan=").last_plan is None
    assert hand_edit(ini, 'last_plan=""').last_plan is None


@pytest.mark.parametrize(
    "value",
    ["a, b", "@Size(1 2)", "@ByteArray(abc)", "@Invalid()", r"@Variant(\0\0\0\x2\0\0\0\x5)"],
)
def test_last_plan_junk_in_file_is_none(ini: Path, value: str) -> None:
    # An unquoted comma makes a list; the others are non-string values.
    assert hand_edit(ini, f"last_plan={value}").last_plan is None


def test_last_plan_with_awkward_characters_survives_the_file(ini: Path) -> None:
    awkward = Path("/tmp/a, b; c=d \"e\" 'f' \\g ü.insiderplan")
    settings = AppSettings(ini)
    settings.last_plan = awkward
    assert reopen(settings).last_plan == awkward


# --- recent files ------------------------------------------------------------------------


def test_recent_files_empty_by_default(ini: Path) -> None:
    assert AppSettings(ini).recent_files() == []


def test_add_recent_puts_newest_first(ini: Path) -> None:
    settings = AppSettings(ini)
    for n in range(3):
        settings.add_recent(plan(n))
    assert settings.recent_files() == [plan(2), plan(1), plan(0)]


def test_add_recent_again_moves_to_front_without_duplicates(ini: Path) -> None:
    settings = AppSettings(ini)
    for n in range(3):
        settings.add_recent(plan(n))
    settings.add_recent(plan(0))
    assert settings.recent_files() == [plan(0), plan(2), plan(1)]
    settings.add_recent(plan(0))
    assert settings.recent_files() == [plan(0), plan(2), plan(1)]


def test_add_recent_caps_at_max_recent_dropping_the_oldest(ini: Path) -> None:
    settings = AppSettings(ini)
    for n in range(MAX_RECENT + 3):
        settings.add_recent(plan(n))
    recent = settings.recent_files()
    assert len(recent) == MAX_RECENT
    assert recent == [plan(n) for n in range(MAX_RECENT + 2, 2, -1)]
    assert plan(0) not in recent


def test_re_adding_an_entry_at_the_cap_keeps_the_others(ini: Path) -> None:
    settings = AppSettings(ini)
    for n in range(MAX_RECENT):
        settings.add_recent(plan(n))
    settings.add_recent(plan(0))  # already listed (oldest): nothing may fall off
    recent = settings.recent_files()
    assert len(recent) == MAX_RECENT
    assert recent[0] == plan(0)
    assert set(recent) == {plan(n) for n in range(MAX_RECENT)}


def test_remove_recent_removes_only_that_entry(ini: Path) -> None:
    settings = AppSettings(ini)
    for n in range(3):
        settings.add_recent(plan(n))
    settings.remove_recent(plan(1))
    assert settings.recent_files() == [plan(2), plan(0)]


def test_remove_recent_of_unknown_path_changes_nothing(ini: Path) -> None:
    settings = AppSettings(ini)
    settings.add_recent(plan(1))
    settings.remove_recent(plan(9))
    assert settings.recent_files() == [plan(1)]
    AppSettings(ini).remove_recent(plan(9))  # on an empty list: no crash


def test_recent_files_survive_a_new_instance_after_sync(ini: Path) -> None:
    settings = AppSettings(ini)
    for n in range(4):
        settings.add_recent(plan(n))
    assert reopen(settings).recent_files() == [plan(3), plan(2), plan(1), plan(0)]


def test_a_single_recent_file_survives_the_file(ini: Path) -> None:
    # QSettings writes a one-item list as a plain string.
    settings = AppSettings(ini)
    settings.add_recent(plan(1))
    assert reopen(settings).recent_files() == [plan(1)]


def test_removing_the_last_recent_file_survives_the_file(ini: Path) -> None:
    settings = AppSettings(ini)
    settings.add_recent(plan(1))
    settings.sync()
    settings.remove_recent(plan(1))
    assert reopen(settings).recent_files() == []


@pytest.mark.parametrize(
    "name",
    [
        "/tmp/a, b.insiderplan",
        "@at-start.insiderplan",
        "/x;y=z.insiderplan",
        "/q\"uo'te\\back.insiderplan",
        "/tmp/ü ñ 日本.insiderplan",
        " /leading and trailing space ",
    ],
)
def test_recent_paths_with_awkward_characters_survive_the_file(ini: Path, name: str) -> None:
    for count in (1, 2):  # alone (stored as a string) and in a list
        ini.unlink(missing_ok=True)
        settings = AppSettings(ini)
        if count == 2:
            settings.add_recent(plan("other"))
        settings.add_recent(Path(name))
        expected = [Path(name), plan("other")][:count]
        assert reopen(settings).recent_files() == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/plans/one.insiderplan", [Path("/plans/one.insiderplan")]),
        ("/a.insiderplan, /b.insiderplan", [Path("/a.insiderplan"), Path("/b.insiderplan")]),
        ("", []),
        ('""', []),
        (", ,", []),
        ("@Invalid()", []),
        ("@ByteArray(abc)", []),
        (
            "/a.insiderplan, @Size(1 2), , /b.insiderplan",
            [Path("/a.insiderplan"), Path("/b.insiderplan")],
        ),
    ],
)
def test_hand_edited_recent_files_give_sane_results(
    ini: Path, value: str, expected: list[Path]
) -> None:
    recent = hand_edit(ini, f"recent_files={value}").recent_files()
    assert recent == expected
    assert all(isinstance(p, Path) for p in recent)


@pytest.mark.parametrize(
    "value",
    ["@Size(1 2)", "@Point(1 2)", "@Rect(1 2 3 4)", r"@Variant(\0\0\0\x2\0\0\0\x5)"],
)
def test_hand_edited_recent_files_with_one_non_string_value_is_empty(ini: Path, value: str) -> None:
    """A single size, point, rect or number where paths belong is no list of paths."""
    assert hand_edit(ini, f"recent_files={value}").recent_files() == []


def test_add_recent_after_junk_in_the_file_recovers(ini: Path) -> None:
    settings = hand_edit(ini, "recent_files=, @ByteArray(abc), /a.insiderplan")
    settings.add_recent(plan(1))
    assert reopen(settings).recent_files() == [plan(1), Path("/a.insiderplan")]


# --- window bytes ------------------------------------------------------------------------


def test_bytes_value_round_trips_binary_data(ini: Path) -> None:
    blob = QByteArray(bytes(range(256)))
    settings = AppSettings(ini)
    settings.set_value("window/geometry", blob)
    assert settings.bytes_value("window/geometry") == blob
    assert reopen(settings).bytes_value("window/geometry") == blob


def test_bytes_value_is_none_when_missing(ini: Path) -> None:
    assert AppSettings(ini).bytes_value("window/geometry") is None


@pytest.mark.parametrize("value", ["text", 5, ["a", "b"]])
def test_bytes_value_is_none_for_a_non_bytes_value(ini: Path, value: object) -> None:
    settings = AppSettings(ini)
    settings.set_value("window/state", value)
    assert settings.bytes_value("window/state") is None
    assert reopen(settings).bytes_value("window/state") is None


@pytest.mark.parametrize("value", ["hello", "@Size(1 2)", "1, 2", ""])
def test_bytes_value_is_none_for_hand_edited_junk(ini: Path, value: str) -> None:
    assert hand_edit(ini, "[window]", f"state={value}").bytes_value("window/state") is None


# --- the file ----------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_sync_makes_a_new_file_owner_only(ini: Path) -> None:
    settings = AppSettings(ini)
    settings.last_plan = plan(1)
    settings.sync()
    assert stat.S_IMODE(ini.stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize("change", [True, False], ids=["changed", "unchanged"])
def test_sync_tightens_a_world_readable_file(ini: Path, change: bool) -> None:
    settings = hand_edit(ini, "last_plan=/plans/p0.insiderplan")
    ini.chmod(0o644)
    if change:
        settings.add_recent(plan(1))
    settings.sync()
    assert stat.S_IMODE(ini.stat().st_mode) == 0o600
    assert AppSettings(ini).last_plan == plan(0)


def test_sync_with_nothing_to_write_does_not_crash(ini: Path) -> None:
    AppSettings(ini).sync()


def test_default_path_is_settings_ini_in_the_config_folder(
    config_dir: Path, data_dir: Path
) -> None:
    settings = AppSettings()
    assert settings.path == config_dir / "settings.ini"
    settings.last_plan = plan(1)
    settings.sync()
    assert (config_dir / "settings.ini").is_file()
    assert AppSettings(config_dir / "settings.ini").last_plan == plan(1)
    assert not (data_dir / "settings.ini").exists()


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_config_folder_is_made_private(config_dir: Path) -> None:
    settings = AppSettings()
    settings.theme = "dark"
    settings.sync()
    assert stat.S_IMODE(config_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((config_dir / "settings.ini").stat().st_mode) == 0o600


# --- moving settings out of the plans folder ------------------------------------------------


def old_settings(data_dir: Path, *lines: str) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    old = data_dir / "settings.ini"
    old.write_text("[General]\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return old


def test_settings_in_the_plans_folder_move_to_the_config_folder_once(
    config_dir: Path, data_dir: Path
) -> None:
    old = old_settings(data_dir, "last_plan=/plans/p1.insiderplan", "theme=dark")
    settings = AppSettings()
    assert settings.path == config_dir / "settings.ini"
    assert settings.last_plan == plan(1) and settings.theme == "dark"
    assert not old.exists()
    # A file appearing there again later (an older version still run) is not moved over.
    old_settings(data_dir, "theme=light")
    assert AppSettings().theme == "dark"
    assert old.exists()


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_moved_settings_are_owner_only(config_dir: Path, data_dir: Path) -> None:
    old_settings(data_dir, "theme=dark").chmod(0o644)
    AppSettings()
    assert stat.S_IMODE((config_dir / "settings.ini").stat().st_mode) == 0o600


def test_a_failed_move_keeps_the_old_settings_and_uses_them(
    config_dir: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = old_settings(data_dir, "last_plan=/plans/p1.insiderplan")

    def full_disk(source: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(settings_module, "copy_file", full_disk)
    settings = AppSettings()
    assert settings.path == old and old.is_file()
    assert settings.last_plan == plan(1)
    assert not settings.kept_in_config_folder
    assert not (config_dir / "settings.ini").exists()


def test_settings_move_where_the_file_system_has_no_hard_links(
    config_dir: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = old_settings(data_dir, "theme=dark")

    def cross_device(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(os, "link", cross_device)
    settings = AppSettings()
    assert settings.path == config_dir / "settings.ini" and settings.theme == "dark"
    assert not old.exists()
    assert [p.name for p in config_dir.iterdir()] == ["settings.ini"]


def test_a_copy_that_reads_back_differently_is_removed_and_the_old_file_kept(
    config_dir: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = old_settings(data_dir, "theme=dark")
    real_read = Path.read_bytes

    def garbled(path: Path) -> bytes:
        data = real_read(path)
        return data[:-1] if path.parent == config_dir else data

    monkeypatch.setattr(Path, "read_bytes", garbled)
    settings = AppSettings()
    assert settings.path == old and old.is_file()
    assert not (config_dir / "settings.ini").exists()
    assert list(config_dir.iterdir()) == []  # no temporary file either


def test_a_config_folder_that_cannot_be_made_still_starts_on_the_old_settings(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = old_settings(data_dir, "theme=light")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(paths.CONFIG_DIR_ENV, str(blocker / "config"))
    settings = AppSettings()
    assert settings.path == old and settings.theme == "light"
    assert old.is_file()


def test_the_environment_still_fixes_the_plans_folder(
    config_dir: Path, data_dir: Path, tmp_path: Path
) -> None:
    settings = AppSettings()
    settings.plans_folder = tmp_path / "chosen"
    assert paths.data_path() == data_dir
    assert paths.data_path_from_environment() == data_dir


def test_the_chosen_plans_folder_is_used_without_the_environment(
    config_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(paths.DATA_DIR_ENV)
    monkeypatch.setattr(paths, "default_data_path", lambda: tmp_path / "default")
    assert paths.data_path() == tmp_path / "default"
    settings = AppSettings()
    settings.plans_folder = tmp_path / "chosen"
    assert paths.data_path() == tmp_path / "chosen"
    assert paths.plan_path_for("p-1") == tmp_path / "chosen" / "p-1.insiderplan"
    settings.plans_folder = None
    assert paths.data_path() == tmp_path / "default"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_chosen_folder_of_the_users_keeps_its_permissions(
    config_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Choosing one's documents folder must not make it owner-only; a folder the app makes
    # for the plans, or its own default one, is private.
    monkeypatch.delenv(paths.DATA_DIR_ENV)
    monkeypatch.setattr(paths, "default_data_path", lambda: tmp_path / "default")
    documents = tmp_path / "Documents"
    documents.mkdir(mode=0o755)
    documents.chmod(0o755)
    settings = AppSettings()
    settings.plans_folder = documents
    assert paths.data_dir() == documents
    check_writable(documents)
    assert stat.S_IMODE(documents.stat().st_mode) == 0o755
    assert stat.S_IMODE(paths.backups_dir().stat().st_mode) == 0o700
    settings.plans_folder = tmp_path / "new" / "plans"
    assert stat.S_IMODE(paths.data_dir().stat().st_mode) == 0o700
    settings.plans_folder = None
    default = tmp_path / "default"
    default.mkdir(mode=0o755)
    default.chmod(0o755)
    assert stat.S_IMODE(paths.data_dir().stat().st_mode) == 0o700


@pytest.mark.parametrize(
    "line", ["plans_folder=", "plans_folder=relative/dir", "plans_folder=1, 2"]
)
def test_an_empty_relative_or_odd_plans_folder_reads_as_none(ini: Path, line: str) -> None:
    assert hand_edit(ini, line).plans_folder is None


def test_a_relative_plans_folder_is_refused(ini: Path) -> None:
    with pytest.raises(ValueError, match="absolute"):
        AppSettings(ini).plans_folder = Path("relative")


def test_recent_files_and_last_plan_follow_moved_plans(ini: Path) -> None:
    settings = AppSettings(ini)
    for n in (3, 2, 1):
        settings.add_recent(plan(n))
    settings.last_plan = plan(2)
    moved = {plan(2): Path("/new/p2.insiderplan"), plan(3): Path("/new/p3.insiderplan")}
    settings.follow_moves(moved)
    again = reopen(settings)
    assert again.recent_files() == [plan(1), moved[plan(2)], moved[plan(3)]]
    assert again.last_plan == moved[plan(2)]


# --- theme -------------------------------------------------------------------------------


def test_theme_is_system_when_never_set(ini: Path) -> None:
    assert AppSettings(ini).theme == "system"


@pytest.mark.parametrize("name", ["light", "dark", "system"])
def test_theme_survives_a_reopen(ini: Path, name: str) -> None:
    settings = AppSettings(ini)
    settings.theme = name
    assert reopen(settings).theme == name


@pytest.mark.parametrize("line", ["theme=solarized", "theme=Dark", "theme=", "theme=1, 2"])
def test_unknown_or_hand_edited_theme_reads_as_system(ini: Path, line: str) -> None:
    assert hand_edit(ini, line).theme == "system"


def test_an_unknown_theme_is_refused_and_the_saved_one_kept(ini: Path) -> None:
    settings = AppSettings(ini)
    settings.theme = "dark"
    with pytest.raises(ValueError, match="Unknown theme"):
        settings.theme = "neon"
    assert reopen(settings).theme == "dark"


def test_theme_leaves_the_other_settings_alone(ini: Path) -> None:
    settings = AppSettings(ini)
    settings.last_plan = plan(1)
    settings.add_recent(plan(2))
    settings.theme = "light"
    again = reopen(settings)
    assert again.last_plan == plan(1)
    assert again.recent_files() == [plan(2)]
