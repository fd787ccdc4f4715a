"""Window state and recent files, kept in an INI file beside the plans."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from insider_planner.storage.paths import data_dir

MAX_RECENT = 8
#: The themes the settings may name (storage knows no Qt palette: `ui.theme` does).
THEMES = ("system", "light", "dark")


class AppSettings:
    """A thin typed layer over QSettings stored in the data folder (never the registry)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "settings.ini"
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
