"""Started by test_layout on a screen of a given size: the app on the example plan.

`python layout_driver.py PLAN STEPS...` opens the window as the app does (its settings in
the data folder), takes the steps, and prints one line of JSON: what the window shows,
measured. The screen's size and scale come from the environment (the offscreen platform's
configuration file and QT_SCALE_FACTOR), which Qt reads once, when the application starts.

Steps: `measure`, `shrink` (to 900 x 600), `big` (1500 x 950), `grow` (maximised), `close`.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from insider_planner.app import make_app, start_window
from insider_planner.ui.attributes.model import COL_HELD, COL_NAME, COL_NEEDED
from insider_planner.ui.board.style import Column
from insider_planner.ui.gap import chart as chart_module
from insider_planner.ui.window.main_window import MainWindow

DRAWN: list[tuple[float, str]] = []


class RecordingPainter(QPainter):
    """Records the texts the coverage chart draws, with the width each was given."""

    def drawText(self, *args: Any) -> None:  # type: ignore[override]
        if len(args) == 3 and isinstance(args[0], QRectF):
            DRAWN.append((args[0].width(), str(args[2])))
        super().drawText(*args)


def settle(app: QApplication) -> None:
    for _ in range(6):
        app.processEvents()


def inside(widget: QWidget, window: QWidget) -> bool:
    """Whether a widget lies wholly within the window."""
    top_left = widget.mapTo(window, widget.rect().topLeft())
    return window.rect().contains(widget.rect().translated(top_left))


def measure(window: MainWindow) -> dict[str, Any]:
    assert window.view is not None
    screen = window.screen()
    frame = window.frameGeometry()
    area = screen.availableGeometry()
    result: dict[str, Any] = {
        "area": [area.x(), area.y(), area.width(), area.height()],
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "fits": area.contains(frame),
        "docks": {
            dock.objectName(): [dock.width(), dock.isVisible()]
            for dock in (window.plans_dock, window.gap_dock)
        },
    }

    tree = window.view.attributes.view
    header = tree.header()
    width = tree.viewport().width()
    result["tree_columns_shown"] = all(
        header.sectionViewportPosition(c) >= 0
        and header.sectionViewportPosition(c) + header.sectionSize(c) <= width
        for c in (COL_NAME, COL_HELD, COL_NEEDED)
    )
    result["tree_reachable"] = inside(tree, window) and tree.isVisible()

    gap = window.gap_dock.widget()
    chart = gap.chart
    DRAWN.clear()
    chart.repaint()
    titles = [c.title for c in chart.coverage]
    drawn = [text for _, text in DRAWN]
    result["chart_titles_whole"] = all(title in drawn for title in titles)
    bold = QFont(gap.view.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    model = gap.view.model()
    rows = [model.index(row, 0) for row in range(model.rowCount())]
    result["gap_rows_whole"] = all(
        gap.view.visualRect(index).width()
        >= metrics.horizontalAdvance(str(index.data())) + gap.view.indentation() // 2
        for index in rows
    )

    board = window.view.board.view
    bheader = board.horizontalHeader()
    average = board.fontMetrics().averageCharWidth()
    title_text = bheader.sectionSize(Column.TITLE) - board.title_decoration_width()
    result["title_chars"] = title_text / average
    result["board_h_scroll"] = board.horizontalScrollBar().maximum()
    height = board.viewport().height()
    first = board.rowAt(0)
    whole = 0
    row = first
    while 0 <= row < board.model().rowCount():
        if board.rowViewportPosition(row) + board.rowHeight(row) > height:
            break
        whole += 1
        row += 1
    result["board_rows"] = whole
    result["board_reachable"] = board.isVisible() and board.viewport().height() > 0

    panel = window.view.board
    actions = panel.board_actions
    result["toolbar_hidden"] = [
        action.text().replace("&", "")
        for action in actions.toolbar_order()
        if action is not None and not panel.toolbar.widgetForAction(action).isVisible()
    ]

    plans = window.plans_panel.view
    line = plans.fontMetrics().lineSpacing()
    index = plans.model().index(0, 0)
    result["plan_row_height"] = plans.visualRect(index).height() / line
    result["plan_tooltip"] = str(index.data(Qt.ItemDataRole.ToolTipRole))
    return result


def main() -> int:
    plan, *steps = sys.argv[1:]
    chart_module.QPainter = RecordingPainter  # type: ignore[misc]
    app = make_app([plan])
    window = start_window([plan])
    settle(app)
    out: list[dict[str, Any]] = []
    for step in steps:
        if step == "measure":
            out.append(measure(window))
        elif step == "shrink":
            window.showNormal()
            window.resize(900, 600)
        elif step == "big":
            window.showNormal()
            window.resize(1500, 950)
        elif step == "grow":
            window.showMaximized()
        elif step == "close":
            window.close()
        settle(app)
    print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
