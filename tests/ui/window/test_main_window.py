from __future__ import annotations

import errno
import gc
import os
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QHeaderView,
    QLineEdit,
    QMenuBar,
    QPlainTextEdit,
    QTabBar,
    QToolButton,
    QWidget,
)

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan
from insider_planner.storage import files
from insider_planner.storage.files import read_plan, save_plan
from insider_planner.storage.lock import PlanLock
from insider_planner.storage.settings import AppSettings
from insider_planner.ui import dialogs, edits
from insider_planner.ui.attributes.model import COL_HELD, COL_NEEDED
from insider_planner.ui.commands import (
    SetNodeFieldCommand,
)
from insider_planner.ui.window.main_window import MainWindow
from tests.ui.conftest import fail_saves, newest_backup_title

CHECKED = Qt.CheckState.Checked
PARTIAL = Qt.CheckState.PartiallyChecked
UNCHECKED = Qt.CheckState.Unchecked


def mark(window: MainWindow, node_id: str, column: int) -> Qt.CheckState:
    assert window.view is not None
    model = window.view.attributes.model
    return Qt.CheckState(
        model.data(model.index_of(model.doc.node(node_id), column), Qt.ItemDataRole.CheckStateRole)
    )


def press_on(
    qtbot, window: MainWindow, node_id: str, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier
) -> None:  # type: ignore[no-untyped-def]
    assert window.view is not None
    window.view.attributes.select_node(node_id)
    qtbot.keyClick(window.view.attributes.view, key, modifier)


def test_a_new_plan_from_the_start_page_is_written_at_its_first_edit(
    make_window, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.doc is None and window.stack.currentWidget() is window.start_page
    window.start_page.new_button.click()
    doc = window.doc
    assert doc is not None
    assert doc.path is not None and doc.path.parent == data_dir
    assert "Untitled plan" in window.windowTitle()
    assert window.plan_list.rowCount() == 1  # listed while it is open
    assert not doc.path.exists()  # but not written before anything is typed
    edits.set_plan_field(doc, "target", "A frontier lab")
    assert doc.save_if_needed()
    assert read_plan(doc.path).plan.target == "A frontier lab"
    assert window.settings.last_plan == doc.path


def test_keyboard_ticks_facets_and_parent_follows(qtbot, make_window, saved_sample: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    facets = ["metrics.benchmarks", "metrics.safety-evaluations", "metrics.incident-reports"]
    press_on(qtbot, window, facets[0], Qt.Key.Key_Space)
    assert mark(window, facets[0], COL_HELD) == CHECKED
    assert mark(window, "metrics", COL_HELD) == PARTIAL
    for facet in facets[1:]:
        press_on(qtbot, window, facet, Qt.Key.Key_Space)
    assert mark(window, "metrics", COL_HELD) == CHECKED
    assert (
        window.window_actions.undo.text() == "&Undo Tick 'Incident reports'"
        or "Incident reports" in window.window_actions.undo.text()
    )


def test_needed_mark_updates_gap_and_chart(qtbot, make_window, saved_sample: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    gap = window.gap_dock.widget()
    before_total = gap.model.total()
    before_needed = gap.chart.coverage[0].needed
    press_on(
        qtbot, window, "metrics.benchmarks", Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier
    )
    assert mark(window, "metrics.benchmarks", COL_NEEDED) == CHECKED
    assert gap.model.total() == before_total + 1
    assert gap.chart.coverage[0].needed == before_needed + 1
    assert "metrics.benchmarks" in [n.id for n in _gap_nodes(gap)]


def _gap_nodes(gap):  # type: ignore[no-untyped-def]
    nodes = []
    for row in range(gap.model.rowCount()):
        parent = gap.model.index(row, 0)
        nodes += [
            gap.model.entry(gap.model.index(r, 0, parent))
            for r in range(gap.model.rowCount(parent))
        ]
    return nodes


def test_add_task_from_gap_links_it(qtbot, make_window, saved_sample: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    gap = window.gap_dock.widget()
    prefill = next(n for n in _gap_nodes(gap) if n.id == "api-surface.prefill")
    tasks_before = len(window.doc.plan.all_tasks())
    parent = gap.model.index(1, 0)  # Access to resources
    row = [
        gap.model.entry(gap.model.index(r, 0, parent)) for r in range(gap.model.rowCount(parent))
    ].index(prefill)
    gap.view.setCurrentIndex(gap.model.index(row, 0, parent))
    qtbot.mouseClick(gap.add_task, Qt.MouseButton.LeftButton)
    tasks = window.doc.plan.all_tasks()
    assert len(tasks) == tasks_before + 1
    new = [t for t in tasks if t.links == ["api-surface.prefill"]]
    assert len(new) == 1 and "Prefill" in new[0].title
    assert gap.model.data(gap.model.index(row, 1, parent)) == "1"


def test_undo_redo_restore_exact_states(qtbot, make_window, saved_sample: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    doc = window.doc
    start = doc.plan.model_dump(exclude={"updated"})
    model = window.view.attributes.model
    model.setData(
        model.index_of(doc.node("internals"), COL_HELD),
        CHECKED.value,
        Qt.ItemDataRole.CheckStateRole,
    )
    after_tick = doc.plan.model_dump(exclude={"updated"})
    press_on(
        qtbot, window, "metrics.benchmarks", Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier
    )
    assert doc.undo_stack.count() == 2
    window.window_actions.undo.trigger()
    assert doc.plan.model_dump(exclude={"updated"}) == after_tick
    window.window_actions.undo.trigger()
    assert doc.plan.model_dump(exclude={"updated"}) == start
    assert mark(window, "internals", COL_HELD) == PARTIAL
    window.window_actions.redo.trigger()
    assert doc.plan.model_dump(exclude={"updated"}) == after_tick
    assert mark(window, "internals", COL_HELD) == CHECKED


def test_close_and_reopen_keeps_everything(
    qtbot, make_window, saved_sample: Path, catalog: Catalog
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    press_on(qtbot, window, "metrics.benchmarks", Qt.Key.Key_Space)
    detail = window.view.attributes.detail
    window.view.attributes.edit_note()
    detail.note.setPlainText("Asked on Tuesday")
    window.view.header.target.setText("Another lab")
    window.view.header.target.editingFinished.emit()
    qtbot.keyClick(detail.note, Qt.Key.Key_Escape)  # commits the note, back to the tree
    assert window.windowTitle().startswith(window.doc.plan.title)
    assert window.close()
    saved = read_plan(saved_sample).plan
    assert saved.state("metrics.benchmarks").held
    assert saved.state("metrics.benchmarks").note == "Asked on Tuesday"
    assert saved.target == "Another lab"
    reopened = make_window()
    assert reopened.doc is not None and reopened.doc.path == saved_sample
    assert reopened.doc.plan.state("metrics.benchmarks").note == "Asked on Tuesday"


def test_filter_narrows_tree_and_escape_clears(qtbot, make_window, saved_sample: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    attributes = window.view.attributes
    window.window_actions.find.trigger()
    qtbot.keyClicks(attributes.filter, "prefill")
    proxy = attributes.proxy
    assert proxy.rowCount() == 1  # only "Access to resources" keeps a match
    resources = proxy.index(0, 0)
    assert proxy.data(resources) == "Access to resources"
    api_surface = proxy.index(0, 0, resources)
    assert proxy.rowCount(resources) == 1 and proxy.data(api_surface) == "API surface"
    assert proxy.rowCount(api_surface) == 1
    qtbot.keyClick(attributes.filter, Qt.Key.Key_Escape)
    assert attributes.filter.text() == ""
    assert attributes.view.model().rowCount() == 5


def test_custom_nodes_add_rename_remove(
    qtbot, make_window, saved_sample: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    doc = window.doc
    answers = iter([("Sparse autoencoders", True), ("SAE features", True)])
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: next(answers))
    window.view.attributes.select_node("internals")
    window.window_actions.add_custom.trigger()
    node = next(n for n in doc.node("internals").children if n.custom)
    assert node.title == "Sparse autoencoders" and node.level == "facet"
    window.view.attributes.select_node(node.id)
    detail = window.view.attributes.detail
    assert detail.rename.isVisibleTo(window) and detail.remove.isVisibleTo(window)
    detail.rename.click()
    assert doc.node(node.id).title == "SAE features"
    assert any(c.title == "SAE features" for c in doc.plan.custom_nodes)
    detail.remove.click()
    assert node.id not in doc.tree
    window.window_actions.undo.trigger()
    assert doc.node(node.id).title == "SAE features"
    # Built-in nodes offer no remove.
    window.view.attributes.select_node("internals.weights")
    assert not detail.remove.isVisibleTo(window)


def test_save_error_then_close_saves_elsewhere(
    qtbot, make_window, saved_sample: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    original = saved_sample.read_bytes()
    real_replace = os.replace
    elsewhere = tmp_path / "elsewhere.insiderplan"

    def failing_replace(src, dst):  # type: ignore[no-untyped-def]
        if Path(dst) == saved_sample.resolve():
            raise OSError(errno.EACCES, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", failing_replace)
    asked: list[str] = []
    monkeypatch.setattr(
        dialogs,
        "ask_unsaved",
        lambda parent, text: asked.append(text) or dialogs.UnsavedChoice.SAVE_ELSEWHERE,
    )
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: elsewhere)
    press_on(qtbot, window, "metrics.benchmarks", Qt.Key.Key_Space)
    assert not window.doc.save()
    assert window.banner.isVisibleTo(window) and "Permission denied" in window.banner.text()
    assert window.isWindowModified()
    assert window.close()
    assert asked and "Permission denied" in asked[0]
    assert saved_sample.read_bytes() == original
    assert read_plan(elsewhere).plan.state("metrics.benchmarks").held


def _answer_unsaved(monkeypatch, *choices: dialogs.UnsavedChoice) -> list[str]:  # type: ignore[no-untyped-def]
    """Answer the unsaved-changes question with `choices` in turn; returns the texts asked."""
    asked: list[str] = []
    answers = iter(choices)
    monkeypatch.setattr(
        dialogs, "ask_unsaved", lambda parent, text: asked.append(text) or next(answers)
    )
    return asked


def test_discarding_unsaved_changes_keeps_a_copy_among_the_backups(
    qtbot, make_window, saved_sample: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    fail_saves(monkeypatch)
    asked = _answer_unsaved(monkeypatch, dialogs.UnsavedChoice.DISCARD)
    edits.set_plan_field(window.doc, "title", "Edited while the disk was full")
    assert window.close()
    assert len(asked) == 1
    assert (
        "No space left on device" in asked[0]
        and "keeps a copy among the plan's backups" in asked[0]
    )
    assert read_plan(saved_sample).plan.title == "Interpretability pilot"
    assert newest_backup_title(saved_sample) == "Edited while the disk was full"


def test_discarding_when_no_copy_can_be_kept_asks_again_saying_so(
    qtbot, make_window, saved_sample: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    fail_saves(monkeypatch)

    def no_room() -> Path:
        raise files.PlanSaveError(saved_sample, "Read-only file system")

    monkeypatch.setattr(window.doc, "keep_in_memory_version", no_room)
    discard, cancel = dialogs.UnsavedChoice.DISCARD, dialogs.UnsavedChoice.CANCEL
    asked = _answer_unsaved(monkeypatch, discard, cancel, discard, discard)
    edits.set_plan_field(window.doc, "title", "Edited")
    before = files.backups_of(saved_sample)
    assert not window.close()  # discard, then told no copy was kept: cancel
    assert window.doc is not None and window.doc.plan.title == "Edited"
    assert "No copy could be kept (Read-only file system)" in asked[1]
    assert window.close()  # discard, told again, discard
    assert len(asked) == 4 and "No copy could be kept" in asked[3]
    assert window.doc is None
    assert files.backups_of(saved_sample) == before


def test_failed_load_shows_which_file_and_why(make_window, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    data_dir.mkdir(parents=True, exist_ok=True)
    broken = data_dir / "broken.insiderplan"
    broken.write_bytes(b'{"format": "insider-planner/plan", "schema_version": 2, "title": ')
    before = broken.read_bytes()
    settings = AppSettings()
    settings.last_plan = broken
    settings.sync()
    window = make_window()
    assert window.doc is None  # nothing else opened in its place
    assert window.stack.currentWidget() is window.start_page
    text = window.start_page.message.text()
    assert str(broken) in text and "not valid JSON" in text
    assert broken.read_bytes() == before
    assert sorted(p.name for p in data_dir.glob("*.insiderplan")) == ["broken.insiderplan"]
    # The plan list marks it with its reason.
    entry = window.plan_list.entries[0]
    assert entry.error and "JSON" in entry.error


def test_locked_plan_opens_read_only(make_window, saved_sample: Path) -> None:  # type: ignore[no-untyped-def]
    lock = PlanLock(saved_sample)
    assert lock.acquire()
    try:
        # Another QLockFile in this process stands in for another running instance.
        window = make_window(saved_sample)
        assert window.doc is not None and window.doc.read_only
        assert "read-only" in window.windowTitle()
        assert window.banner.isVisibleTo(window) and "read-only" in window.banner.text()
        model = window.view.attributes.model
        index = model.index_of(window.doc.node("internals.weights"), COL_HELD)
        assert not (model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable)
        assert not model.setData(index, CHECKED.value, Qt.ItemDataRole.CheckStateRole)
    finally:
        lock.release()


def test_constraint_warning_in_window(qtbot, make_window, saved_sample: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    gap = window.gap_dock.widget()
    assert gap.warning.isVisibleTo(window)  # the sample holds an NDA
    press_on(qtbot, window, "formal.nda", Qt.Key.Key_Space)  # untick it
    assert not gap.warning.isVisibleTo(window)


def test_geometry_docks_and_splitters_are_remembered(make_window, saved_sample: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    # The offscreen screen is 800 px wide: hide the docks so the window fits on it.
    window.plans_dock.hide()
    window.gap_dock.hide()
    QApplication.processEvents()  # let the layout drop the docks' minimum widths
    window.resize(780, 640)
    window.view.splitter.setSizes([300, 450])
    sizes = window.view.splitter.sizes()
    assert window.close()
    again = make_window(saved_sample)
    assert (again.width(), again.height()) == (780, 640)
    assert not again.plans_dock.isVisibleTo(again) and not again.gap_dock.isVisibleTo(again)
    assert again.view.splitter.sizes() == sizes


def test_the_editor_s_height_is_remembered_not_its_collapse(
    make_window, saved_sample: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    board = window.view.board
    assert not board.editor_shown()  # nothing current yet: the board has the room
    assert board.select_task("t-1") and board.editor_shown()
    board.splitter.setSizes([200, 300])
    chosen = board.splitter.sizes()
    assert window.close()
    again = make_window(saved_sample)  # closed again before any row is current
    assert not again.view.board.editor_shown()
    assert again.close()
    third = make_window(saved_sample)
    board = third.view.board
    assert board.select_task("t-1") and board.editor_shown()
    QApplication.processEvents()
    # The board's share of the room is as it was left (the room itself may differ by a
    # few pixels), not the default 3 to 1, nor the board's all.
    board_height, editor_height = board.splitter.sizes()
    assert abs(editor_height - chosen[1]) <= 5 and abs(board_height - chosen[0]) <= 5


def test_every_interactive_widget_has_a_name_and_tooltip(make_window, saved_sample: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    interactive = (QAbstractButton, QLineEdit, QPlainTextEdit, QAbstractItemView, QComboBox)
    # Parts of composite widgets (a combo's list, a date edit's line edit, a dock's title
    # buttons, a view's header) are named through the widget they belong to.
    composite = (QComboBox, QAbstractSpinBox, QDockWidget, QAbstractItemView, QTabBar, QLineEdit)
    missing = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, interactive) or isinstance(widget, QHeaderView):
            continue
        owner = widget.parent()
        while owner is not None and owner is not window:
            if isinstance(owner, composite) and not isinstance(owner, QDockWidget):
                break
            owner = owner.parent()
        if owner is not None and owner is not window:
            continue
        if isinstance(widget.parent(), QDockWidget):  # the dock's own float/close buttons
            continue
        if isinstance(widget.parent(), QMenuBar) or widget.objectName() == "qt_toolbar_ext_button":
            continue  # Qt's own overflow buttons
        if isinstance(widget, QToolButton) and widget.defaultAction() is not None:
            action = widget.defaultAction()  # named by its action's text, as screen readers read it
            if action.text() and action.toolTip():
                continue
        if not widget.accessibleName() or not widget.toolTip():
            text = widget.text() if isinstance(widget, (QAbstractButton, QLineEdit)) else ""
            missing.append(f"{type(widget).__name__} {text!r} in {type(widget.parent()).__name__}")
    assert missing == []


def test_close_plan_leaves_the_window_with_the_start_page(make_window, saved_sample: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    assert window.close_plan()
    assert window.doc is None
    assert window.stack.currentWidget() is window.start_page
    assert window.start_page.intro.isVisibleTo(window)
    assert window.start_page.hint.isVisibleTo(window)  # the plan is still in the list
    assert not window.window_actions.export["pdf"].isEnabled()
    assert window.open_path(saved_sample)
    assert window.doc is not None


def test_a_closed_plan_goes_back_to_the_collector(make_window, saved_sample: Path) -> None:  # type: ignore[no-untyped-def]
    # The app freezes what start-up built, the first plan among it; closing that plan
    # must hand its objects back to the collector, or a plan switch would leak them.
    window = make_window(saved_sample)
    gc.freeze()
    try:
        assert gc.get_freeze_count() > 0
        assert window.close_plan()
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


def test_export_from_the_window_respects_redaction(
    make_window, saved_sample: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    targets = iter([tmp_path / "plan.md", tmp_path / "redacted.md", tmp_path / "plan.pdf"])
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: next(targets))
    window.window_actions.export["markdown"].trigger()
    assert "Contact: Dana" in (tmp_path / "plan.md").read_text()  # a private note, unredacted
    assert "Via the pilot" in (tmp_path / "plan.md").read_text()
    window.window_actions.redact.setChecked(True)
    window.window_actions.export["markdown"].trigger()
    redacted = (tmp_path / "redacted.md").read_text()
    assert "Via the pilot" not in redacted and "Private: call Dana" not in redacted
    assert "Contact: Dana" not in redacted
    window.window_actions.export["pdf"].trigger()
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")


def test_export_failure_is_one_message_and_the_app_goes_on(
    make_window, saved_sample: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: tmp_path / "missing" / "x.md")
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: errors.append(text))
    window.window_actions.export["markdown"].trigger()
    assert len(errors) == 1 and "No such file" in errors[0]
    assert window.doc is not None


def test_import_copies_a_plan_into_the_data_folder(
    make_window, sample_plan: Plan, tmp_path: Path, data_dir: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "shared.insiderplan"
    save_plan(outside, sample_plan)
    before = outside.read_bytes()
    window = make_window()
    monkeypatch.setattr(dialogs, "ask_open_path", lambda *a, **k: outside)
    window.window_actions.import_plan.trigger()
    assert window.doc is not None and window.doc.path is not None
    assert window.doc.path.parent == data_dir
    assert window.doc.plan.title == sample_plan.title and window.doc.plan.id != sample_plan.id
    assert outside.read_bytes() == before


def test_delete_asks_and_keeps_a_backup(
    make_window, saved_sample: Path, data_dir: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    content = saved_sample.read_bytes()
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: False)
    window.delete_plan(saved_sample)
    assert saved_sample.exists()
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    window.delete_plan(saved_sample)
    assert not saved_sample.exists()
    kept = list((data_dir / "backups").glob("deleted-*sample.insiderplan"))
    assert len(kept) == 1 and kept[0].read_bytes() == content
    assert window.doc is None and window.stack.currentWidget() is window.start_page
    assert not window.start_page.hint.isVisibleTo(window)  # no plan left to point at
    assert list(data_dir.glob("*.insiderplan")) == []  # and no new plan took its place


def test_duplicate_and_rename_from_the_plan_list(
    make_window, saved_sample: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    window.duplicate_plan(saved_sample)
    titles = sorted(e.title for e in window.plan_list.entries)
    assert titles == ["Copy of Interpretability pilot", "Interpretability pilot"]
    copy = next(e.path for e in window.plan_list.entries if e.title.startswith("Copy"))
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: ("Second plan", True))
    window.rename_plan(copy)
    assert read_plan(copy).plan.title == "Second plan"
    window.rename_plan(saved_sample)  # the open plan: an undoable edit
    assert window.doc.plan.title == "Second plan"
    window.window_actions.undo.trigger()
    assert window.doc.plan.title == "Interpretability pilot"


def test_renaming_a_plan_open_elsewhere_says_so_before_asking(
    make_window, saved_sample: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    window.duplicate_plan(saved_sample)
    copy = next(e.path for e in window.plan_list.entries if e.title.startswith("Copy"))
    asked: list[str] = []
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: asked.append(a[3]) or ("X", True))
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: errors.append(text))
    lock = PlanLock(copy)
    assert lock.acquire()
    try:
        before = copy.read_bytes()
        window.rename_plan(copy)
        assert asked == [] and len(errors) == 1 and errors[0].startswith("It is open in ")
        assert copy.read_bytes() == before
    finally:
        lock.release()
    window.rename_plan(copy)  # free again: asked with the title read from the file
    assert asked == ["Copy of Interpretability pilot"]
    assert read_plan(copy).plan.title == "X"


def test_large_plan_in_the_window_ticks_100_facets_without_any_reset(
    make_window, catalog: Catalog, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    import time

    from tests.generate import large_plan

    plan = large_plan(catalog, nodes=500, tasks=5000)
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "large.insiderplan"
    save_plan(path, plan)
    window = make_window(path)
    assert len(window.doc.tree) >= 500 and len(window.doc.plan.all_tasks()) == 5000
    gap = window.gap_dock.widget()
    models = [
        window.view.attributes.model,
        window.view.attributes.proxy,
        gap.model,
        window.view.board.model,
        window.view.board.proxy,
    ]
    resets: list[str] = []
    for model in models:
        model.modelAboutToBeReset.connect(lambda m=model: resets.append(type(m).__name__))
    tree_model = window.view.attributes.model
    leaves = list(window.doc.tree.leaves())[:100]
    started = time.perf_counter()
    for leaf in leaves:
        assert edits.toggle_flag(tree_model.doc, leaf, "needed")
    elapsed = time.perf_counter() - started
    assert resets == []
    assert gap.model.total() >= 100 - sum(window.doc.plan.state(leaf.id).held for leaf in leaves)
    print(f"100 ticks on a 500-node, 5,000-task plan: {elapsed * 1000:.0f} ms")
    assert elapsed < 10  # generous; measured well under a second


def test_a_closed_plan_cannot_be_edited_or_saved(qtbot, make_window, saved_sample: Path) -> None:  # type: ignore[no-untyped-def]
    path = saved_sample
    window = make_window(path)
    doc = window.doc
    assert doc is not None
    old_gap = window.gap_dock.widget()
    assert window.close_plan()
    assert window.gap_dock.widget() is not old_gap  # no panel left acting on the closed plan
    before = path.read_bytes()
    lock = PlanLock(path)
    assert lock.acquire()  # the lock was released: another instance may now edit
    try:
        assert doc.closed
        assert not doc.push(SetNodeFieldCommand(doc, "internals.weights", "note", "late", "x"))
        assert not doc.save()
        qtbot.wait(50)
        assert path.read_bytes() == before
    finally:
        lock.release()


def test_undo_from_the_menu_while_the_note_editor_has_focus(
    qtbot, make_window, saved_sample: Path
) -> None:  # type: ignore[no-untyped-def]
    path = saved_sample
    window = make_window(path)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.view is not None and window.doc is not None
    attributes = window.view.attributes
    attributes.select_node("internals.weights")
    note = attributes.detail.note
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    qtbot.keyClicks(note, "call Dana")
    edit_menu = window.menuBar().actions()[1].menu()
    edit_menu.popup(QPoint(100, 100))  # taking focus commits the note
    qtbot.waitUntil(edit_menu.isVisible)
    assert window.doc.plan.state("internals.weights").note == "call Dana"
    edit_menu.hide()  # a menu hides itself, then triggers the action; focus is back
    window.window_actions.undo.trigger()
    assert note.toPlainText() == ""
    attributes.view.setFocus()  # the next focus-out must not commit the undone text again
    assert window.doc.plan.state("internals.weights").note == ""
    assert window.doc.undo_stack.canRedo()
    window.doc.close()


def test_opening_the_open_plan_by_another_spelling_keeps_it_writable(
    qtbot, make_window, saved_sample: Path
) -> None:  # type: ignore[no-untyped-def]
    path = saved_sample
    link = saved_sample.parent.parent / "link.insiderplan"
    os.symlink(path, link)
    window = make_window(path)
    doc = window.doc
    assert window.open_path(link)
    assert window.doc is doc and not doc.read_only
    assert doc.save_as(link)  # the same file: a plain save
    doc.close()


def test_save_as_from_a_read_only_plan_makes_it_editable(
    qtbot, make_window, saved_sample: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    path = saved_sample
    lock = PlanLock(path)
    assert lock.acquire()
    try:
        window = make_window(path)
        assert window.doc is not None and window.doc.read_only
        assert window.view is not None and window.view.header.title.isReadOnly()
        assert not window.window_actions.add_custom.isEnabled()
        monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: tmp_path / "mine.insiderplan")
        window.save_as()
        assert not window.doc.read_only
        assert not window.view.header.title.isReadOnly()
        assert window.window_actions.add_custom.isEnabled()
        assert read_plan(tmp_path / "mine.insiderplan").plan.title == "Interpretability pilot"
        window.doc.close()
    finally:
        lock.release()


def test_saving_at_once_keeps_a_note_whose_attribute_was_just_left(
    qtbot, make_window, saved_sample: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(saved_sample)
    attributes = window.view.attributes
    attributes.select_node("internals.weights")
    qtbot.keyClicks(attributes.detail.note, "call Dana")
    attributes.select_node("formal.nda")  # the note is committed on the next loop turn
    # A stop signal saves before that turn comes.
    assert window.commit_and_save()
    assert read_plan(saved_sample).plan.state("internals.weights").note == "call Dana"
    assert window.doc.plan.state("formal.nda").note == ""
    QApplication.processEvents()  # the deferred commit, when its turn comes, adds nothing
    assert not window.doc.modified
