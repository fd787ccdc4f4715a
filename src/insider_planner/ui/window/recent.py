"""What File ▸ Open Recent shows of each plan: its title, not its file name."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from insider_planner.storage.files import PlanLoadError, read_summary

#: Entries get a keyboard mnemonic (&1 … &9) in menu order.
MNEMONICS = 9
#: Longest title shown in the menu before it is shortened.
TITLE_SHOWN = 60


@dataclass(frozen=True)
class RecentEntry:
    path: Path
    text: str  # the menu text, with its mnemonic and escaped ampersands
    tip: str  # the whole path, and why the file cannot be read if it cannot


def _shorten(title: str) -> str:
    title = " ".join(title.split()) or "Untitled plan"
    return title if len(title) <= TITLE_SHOWN else title[: TITLE_SHOWN - 1].rstrip() + "…"


def recent_entries(
    paths: Sequence[Path], title_of_open: Callable[[Path], str | None] = lambda path: None
) -> list[RecentEntry]:
    """One entry per path, named by the plan's title (the open plan's live title when
    `title_of_open` knows it). Two plans with one title are told apart by their file
    names; a file that cannot be read is listed by its name with the reason in its tip,
    so that choosing it says why and takes it off the list."""
    titles: list[str | None] = []
    problems: list[str] = []
    for path in paths:
        title = title_of_open(path)
        problem = ""
        if title is None:
            try:
                title = read_summary(path).title
            except PlanLoadError as error:
                problem = error.reason
            except OSError as error:
                problem = error.strerror or str(error)
        titles.append(None if title is None else _shorten(title))
        problems.append(problem)
    seen = Counter(title for title in titles if title is not None)
    entries = []
    for number, (path, title, problem) in enumerate(
        zip(paths, titles, problems, strict=True), start=1
    ):
        if title is None:
            label = f"{path.name} (cannot be read)"
        elif seen[title] > 1:
            label = f"{title} — {path.name}"
        else:
            label = title
        label = label.replace("&", "&&")
        if number <= MNEMONICS:
            label = f"&{number} {label}"
        tip = f"{path}\n{problem}" if problem else str(path)
        entries.append(RecentEntry(path, label, tip))
    return entries
