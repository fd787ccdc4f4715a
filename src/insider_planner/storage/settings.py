"""Window state, recent files and the chosen plans folder, kept in an INI file in the
user config folder (the plans folder cannot hold the file that names it)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from insider_planner.storage.durable import copy_file
from insider_planner.storage.paths import config_dir, config_path, data_path

log = logging.getLogger(__name__)

SETTINGS_NAME = "settings.ini"
PLANS_FOLDER_KEY = "plans_folder"
MAX_RECENT = 8
#: The themes the settings may name (storage knows no Qt palette: `ui.theme` does).
THEMES = ("system", "light", "dark")


def settings_path() -> Path:
    """The settings file in the user config folder, whether or not it exists yet."""
    return config_path() / SETTINGS_NAME


def _settings_file() -> Path:
    """The settings file to use, after moving one left in the plans folder by an older
    version to the config folder, once.

    The old file is removed only after its copy is durable and checked. If the move fails
    the old file stays where it is and is used, so the app starts with its settings.
    """
    target = settings_path()
    legacy = data_path() / SETTINGS_NAME
    try:
        config_dir()
        if target.exists() or not legacy.is_file():
            return target
        copy_file(legacy, target)
    except OSError as error:
        log.warning("could not move the settings to %s: %s", target, error)
        return legacy if _is_file(legacy) else target
    try:
        legacy.unlink()
    except OSError as error:  # the copy is in place and used; the old one is only left over
        log.warning("could not remove the old settings file %s: %s", legacy, error)
    return target


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


#: The chosen plans folder read from each settings file, with the file's identity then.
_chosen: dict[Path, tuple[tuple[int, int, int], Path | None]] = {}


def _folder_value(value: object) -> Path | None:
    """The plans folder a settings value names: an absolute path, or None."""
    if not isinstance(value, str) or not value:
        return None
    folder = Path(value).expanduser()
    return folder if folder.is_absolute() else None


def chosen_plans_folder() -> Path | None:
    """The plans folder chosen in Preferences, or None when none was chosen.

    Read from the settings file only when that file has changed since it was last read, so
    asking costs one stat.
    """
    path = settings_path()
    try:
        info = path.stat()
    except OSError:
        return None
    identity = (info.st_ino, info.st_mtime_ns, info.st_size)
    cached = _chosen.get(path)
    if cached is not None and cached[0] == identity:
        return cached[1]
    folder = _folder_value(QSettings(str(path), QSettings.Format.IniFormat).value(PLANS_FOLDER_KEY))
    _chosen[path] = (identity, folder)
    return folder


class AppSettings:
    """A thin typed layer over QSettings stored in an INI file (never the registry)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or _settings_file()
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    def sync(self) -> None:
        self._qs.sync()
        if self.path.exists():
            self.path.chmod(0o600)

    def bytes_value(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QByteArray) else None

    def set_value(self, key: str, value: object) -> None:
        self._qs.setValue(key, value)

    @property
    def last_plan(self) -> Path | None:
        value = self._qs.value("last_plan")
        return Path(value) if isinstance(value, str) and value else None

    @last_plan.setter
    def last_plan(self, path: Path | None) -> None:
        self._qs.setValue("last_plan", str(path) if path else "")

    @property
    def text_zoom(self) -> int:
        """The text size of the plan's lists in percent (100, the normal size, when unset
        or not a number)."""
        value = self._qs.value("view/text_zoom")
        try:
            return int(value)
        except (TypeError, ValueError):
            return 100

    @text_zoom.setter
    def text_zoom(self, percent: int) -> None:
        self._qs.setValue("view/text_zoom", int(percent))

    @property
    def theme(self) -> str:
        """The theme's name ("system", "light" or "dark"); "system" when absent or unknown,
        so files written before themes existed, or by a newer version, read as System."""
        value = self._qs.value("theme")
        return value if value in THEMES else "system"

    @theme.setter
    def theme(self, name: str) -> None:
        if name not in THEMES:
            raise ValueError(f"Unknown theme: {name!r}")
        self._qs.setValue("theme", name)

    @property
    def plans_folder(self) -> Path | None:
        """The plans folder chosen in Preferences; None for the default one."""
        return _folder_value(self._qs.value(PLANS_FOLDER_KEY))

    @plans_folder.setter
    def plans_folder(self, folder: Path | None) -> None:
        """Choose the plans folder (an absolute path; None for the default), at once on disk."""
        if folder is not None and not folder.is_absolute():
            raise ValueError(f"The plans folder must be an absolute path: {folder}")
        self._qs.setValue(PLANS_FOLDER_KEY, str(folder) if folder else "")
        self.sync()

    @property
    def kept_in_config_folder(self) -> bool:
        """Whether these are the settings in the config folder, which can name the plans
        folder (not an old file left in the plans folder because it could not be moved)."""
        return self.path == settings_path()

    def recent_files(self) -> list[Path]:
        value = self._qs.value("recent_files")
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):  # absent, or a hand-edited value of another type
            return []
        return [Path(p) for p in value if isinstance(p, str) and p]

    def add_recent(self, path: Path) -> None:
        paths = [p for p in self.recent_files() if p != path]
        self._qs.setValue("recent_files", [str(p) for p in [path, *paths][:MAX_RECENT]])

    def remove_recent(self, path: Path) -> None:
        self._qs.setValue("recent_files", [str(p) for p in self.recent_files() if p != path])

    def follow_moves(self, moves: dict[Path, Path]) -> None:
        """Point the recent files and the last plan at the new places of moved plans."""
        recent = [moves.get(p, p) for p in self.recent_files()]
        self._qs.setValue("recent_files", [str(p) for p in recent])
        last = self.last_plan
        if last is not None and last in moves:
            self.last_plan = moves[last]
        self.sync()
