"""Where plans, backups and settings live. One place, overridable for tests.

The plans folder is, first, the one INSIDER_PLANNER_DATA_DIR names (tests and scripts rely
on it); else the one chosen in Preferences (kept in the settings); else platformdirs' user
data folder. The settings live in the user config folder, never inside the plans folder,
since they name it; INSIDER_PLANNER_CONFIG_DIR moves them elsewhere (tests use it).
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import platformdirs

from insider_planner import APP_NAME

DATA_DIR_ENV = "INSIDER_PLANNER_DATA_DIR"
CONFIG_DIR_ENV = "INSIDER_PLANNER_CONFIG_DIR"
PLAN_SUFFIX = ".insiderplan"
PRIVATE_DIR_MODE = 0o700


def data_path() -> Path:
    """Where the folder holding the user's plans is, whether or not it exists yet."""
    fixed = data_path_from_environment()
    if fixed is not None:
        return fixed
    # The settings module reads its file with Qt and imports this one: imported here.
    from insider_planner.storage.settings import chosen_plans_folder

    return chosen_plans_folder() or default_data_path()


def data_path_from_environment() -> Path | None:
    """The plans folder INSIDER_PLANNER_DATA_DIR names, which no choice in the app overrides."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else None


def default_data_path() -> Path:
    """The plans folder used until another is chosen: the platform's user data folder."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def config_path() -> Path:
    """Where the folder holding the settings is, whether or not it exists yet."""
    override = os.environ.get(CONFIG_DIR_ENV)
    return Path(override) if override else platformdirs.user_config_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The folder holding the settings, created private (0700) if needed."""
    return ensure_private_dir(config_path())


def data_dir() -> Path:
    """The folder holding the user's plans, created private (0700) if needed.

    The app's own folder (the default, or the one the environment names) is kept private.
    A folder chosen in Preferences may be one of the user's (their documents, a synced
    folder): it is created private when it does not exist, but an existing one keeps its
    permissions, as the plan files in it are owner-only themselves.
    """
    fixed = data_path_from_environment()
    if fixed is not None:
        return ensure_private_dir(fixed)
    from insider_planner.storage.settings import chosen_plans_folder

    chosen = chosen_plans_folder()  # a stat of the settings file: asked once
    if chosen is not None:
        return ensure_dir(chosen)
    return ensure_private_dir(default_data_path())


def backups_dir() -> Path:
    return ensure_private_dir(data_dir() / "backups")


def pending_dir() -> Path:
    """The journal of writes in progress: one small file per write, removed when it ends."""
    return ensure_private_dir(data_dir() / "pending")


def ensure_dir(path: Path) -> Path:
    """Create the folder (and parents) owner-only if it is missing; an existing folder keeps
    its permissions."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    return path


def ensure_private_dir(path: Path) -> Path:
    """Create the folder (and parents) and make it owner-only on POSIX, new or existing."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) != PRIVATE_DIR_MODE:
        path.chmod(PRIVATE_DIR_MODE)
    return path


def plan_path_for(plan_id: str) -> Path:
    """The default file of a plan in the data folder."""
    return data_dir() / f"{plan_id}{PLAN_SUFFIX}"


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file, whatever their spelling (relative, links)."""
    return os.path.realpath(a) == os.path.realpath(b)


#: Bytes of a file's name that the files kept beside it (its temporary files, its lock) repeat,
#: leaving room for what they add within the 255 bytes most file systems allow in a name.
SIDECAR_NAME_BYTES = 180


def sidecar_stem(name: str) -> str:
    """`name`, or a shortened form of it (head, hash, extension) that still names it uniquely,
    for the names of the files kept beside it."""
    encoded = os.fsencode(name)
    if len(encoded) <= SIDECAR_NAME_BYTES:
        return name
    suffix = os.path.splitext(name)[1]
    if len(os.fsencode(suffix)) > 32:
        suffix = ""
    digest = hashlib.sha256(encoded).hexdigest()[:12]
    room = SIDECAR_NAME_BYTES - len(os.fsencode(suffix)) - len(digest) - 1
    head = encoded[:room].decode("utf-8", "ignore")  # never half a character
    return f"{head}~{digest}{suffix}"


def fsync_dir(folder: Path) -> None:
    """Make a folder's entries durable (a file created, renamed or removed in it); POSIX."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_probe(path: Path) -> None:
    """Create a scratch file at `path`, write and sync it, and remove it: the OSError of
    the first step the folder refuses, if any."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, b"probe")
        os.fsync(fd)
    finally:
        os.close(fd)
        os.unlink(path)
