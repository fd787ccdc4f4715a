"""File ▸ Open Recent names plans by their titles."""

from __future__ import annotations

from pathlib import Path

from insider_planner.domain.plan import Plan
from insider_planner.storage.files import save_plan
from insider_planner.ui import edits
from insider_planner.ui.window.recent import MNEMONICS, TITLE_SHOWN, recent_entries


def saved(folder: Path, name: str, plan: Plan, title: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.insiderplan"
    save_plan(path, plan.model_copy(update={"title": title}))
    return path


def test_entries_show_titles_with_mnemonics_and_the_path_as_tip(
    tmp_path: Path, sample_plan: Plan
) -> None:
    first = saved(tmp_path, "p-1", sample_plan, "Interpretability pilot")
    second = saved(tmp_path, "p-2", sample_plan, "Evals & red-teaming")
    entries = recent_entries([first, second])
    assert [e.text for e in entries] == ["&1 Interpretability pilot", "&2 Evals && red-teaming"]
    assert [e.tip for e in entries] == [str(first), str(second)]
    assert [e.path for e in entries] == [first, second]


def test_plans_with_one_title_are_told_apart_by_file_name(
    tmp_path: Path, sample_plan: Plan
) -> None:
    a = saved(tmp_path / "a", "p-1", sample_plan, "Pilot")
    b = saved(tmp_path / "b", "p-2", sample_plan, "Pilot")
    c = saved(tmp_path, "p-3", sample_plan, "Other")
    texts = [e.text for e in recent_entries([a, b, c])]
    assert texts == ["&1 Pilot — p-1.insiderplan", "&2 Pilot — p-2.insiderplan", "&3 Other"]


def test_an_unreadable_or_missing_file_is_listed_by_name_with_the_reason(
    tmp_path: Path, sample_plan: Plan
) -> None:
    broken = tmp_path / "broken.insiderplan"
    broken.write_text("{ not json", encoding="utf-8")
    gone = tmp_path / "gone.insiderplan"
    entries = recent_entries([broken, gone])
    assert entries[0].text == "&1 broken.insiderplan (cannot be read)"
    assert entries[1].text == "&2 gone.insiderplan (cannot be read)"
    assert entries[0].tip.startswith(f"{broken}\n") and len(entries[0].tip) > len(str(broken)) + 1
    assert entries[1].tip.startswith(f"{gone}\n")


def test_long_titles_are_shortened_and_only_the_first_nine_get_numbers(
    tmp_path: Path, sample_plan: Plan
) -> None:
    long = saved(tmp_path, "long", sample_plan, "A very long title " * 10)
    paths = [long] + [saved(tmp_path, f"p-{n}", sample_plan, f"Plan {n}") for n in range(10)]
    entries = recent_entries(paths)
    assert entries[0].text.endswith("…")
    assert len(entries[0].text) == len("&1 ") + TITLE_SHOWN
    assert entries[MNEMONICS - 1].text.startswith(f"&{MNEMONICS} ")
    assert entries[MNEMONICS].text == "Plan 8"


def test_the_window_menu_shows_the_open_plans_live_title(
    make_window, saved_sample: Path, data_dir: Path, sample_plan: Plan
) -> None:  # type: ignore[no-untyped-def]
    other = saved(data_dir, "other", sample_plan, "Another plan")
    window = make_window(other)
    assert window.open_path(saved_sample)
    assert window.doc is not None
    edits.set_plan_field(window.doc, "title", "Renamed, not yet saved")
    menu = window.menus.recent
    menu.aboutToShow.emit()
    texts = [a.text() for a in menu.actions()]
    assert texts == ["&1 Renamed, not yet saved", "&2 Another plan"]
    assert menu.actions()[1].toolTip() == str(other)
    menu.actions()[1].trigger()
    assert window.doc.path == other
