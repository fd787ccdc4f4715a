"""Themes: View ▸ Theme applies System, Light or Dark at once and remembers it; every colour
painted on screen stays readable under both explicit palettes; print stays light."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QImage, QPainter, QPalette
from PySide6.QtPrintSupport import QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QCheckBox, QMenu, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from insider_planner.domain.catalog import Catalog
from insider_planner.domain.plan import Plan, TaskStatus
from insider_planner.report.chart import PRINT_COLORS, coverage_chart_height, paint_coverage
from insider_planner.report.content import build_report
from insider_planner.report.page_style import TEXT
from insider_planner.report.pdf import pdf_bytes
from insider_planner.storage.library import PlanEntry
from insider_planner.storage.settings import AppSettings
from insider_planner.ui import roles
from insider_planner.ui.attributes.model import AttributeTreeModel, background_of, foreground_of
from insider_planner.ui.board.model import BoardModel
from insider_planner.ui.board.style import BoardIcons, Column
from insider_planner.ui.document import PlanDocument
from insider_planner.ui.gap.chart import CoverageChart, screen_colors
from insider_planner.ui.plans.model import PlanListModel
from insider_planner.ui.print_support import PlanPrintPreviewDialog
from insider_planner.ui.theme import (
    Theme,
    ThemeStyle,
    apply_theme,
    contrast_ratio,
    dark_palette,
    light_palette,
    readable,
)
from insider_planner.ui.widgets import MessageBand, banner_label

_R = QPalette.ColorRole
EXPLICIT = [Theme.LIGHT, Theme.DARK]


@pytest.fixture(autouse=True)
def _back_to_system() -> Iterator[None]:
    """A theme is the whole application's: every test leaves the platform's look on."""
    yield
    apply_theme(Theme.SYSTEM)


def wcag_contrast(a: QColor, b: QColor) -> float:
    """The WCAG 2 contrast ratio, written out here apart from the app's own helper."""

    def lum(c: QColor) -> float:
        def lin(v: float) -> float:
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def color_of(value: object) -> QColor:
    """A colour from a model's brush or colour answer (solid, as drawn)."""
    assert value is not None
    color = value.color() if hasattr(value, "color") else QColor(value)  # type: ignore[arg-type]
    assert color.alpha() == 255
    return color


def theme_menu(window: QWidget) -> QMenu:
    menu = window.menus.theme  # type: ignore[attr-defined]
    assert isinstance(menu, QMenu)
    assert menu in [a.menu() for a in window.menus.view.actions()]  # type: ignore[attr-defined]
    return menu


def theme_action(window: QWidget, label: str):  # type: ignore[no-untyped-def]
    return next(a for a in theme_menu(window).actions() if a.text().replace("&", "") == label)


# --- the helpers ---------------------------------------------------------------------------


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio(QColor("black"), QColor("white")) == pytest.approx(21)
    assert contrast_ratio(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("#123"), QColor("#123")) == pytest.approx(1)


@pytest.mark.parametrize("background", ["#ffffff", "#1e1e1e", "#777777", "#2f6aa3"])
@pytest.mark.parametrize("color", ["#c62828", "#9aa0a6", "#e8a317", "#1a1a1a", "#ffffff"])
def test_readable_reaches_the_contrast_asked(color: str, background: str) -> None:
    made = readable(QColor(color), QColor(background))
    assert wcag_contrast(made, QColor(background)) >= 4.5
    if wcag_contrast(QColor(color), QColor(background)) >= 4.5:
        assert made == QColor(color)  # a readable colour is left alone


def test_readable_lays_a_see_through_colour_on_the_background() -> None:
    faint = QColor(0, 0, 0, 40)  # nearly nothing on white
    made = readable(faint, QColor("white"))
    assert made.alpha() == 255
    assert wcag_contrast(made, QColor("white")) >= 4.5


@pytest.mark.parametrize(("value", "theme"), [("dark", Theme.DARK), ("light", Theme.LIGHT)])
def test_theme_parse_reads_known_values(value: str, theme: Theme) -> None:
    assert Theme.parse(value) is theme


@pytest.mark.parametrize("value", [None, "", "Dark", "solarized", 3, ["dark"]])
def test_theme_parse_takes_anything_else_as_system(value: object) -> None:
    assert Theme.parse(value) is Theme.SYSTEM


# --- switching -----------------------------------------------------------------------------


def test_theme_menu_switches_live_and_is_remembered(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    system_window = QApplication.palette().color(_R.Window)
    system_style = QApplication.style().name()
    actions = theme_menu(window).actions()
    assert [a.text().replace("&", "") for a in actions] == ["System", "Light", "Dark"]
    assert all(a.isCheckable() for a in actions)
    assert actions[0].actionGroup() is not None and actions[0].actionGroup().isExclusive()
    assert theme_action(window, "System").isChecked()  # nothing saved yet

    theme_action(window, "Dark").trigger()
    QApplication.processEvents()  # Qt tells every widget through the event loop
    assert QApplication.palette().color(_R.Window) == dark_palette().color(_R.Window)
    assert QApplication.palette().color(_R.Base) == dark_palette().color(_R.Base)
    assert isinstance(QApplication.style(), ThemeStyle)
    assert [a.isChecked() for a in actions] == [False, False, True]
    # Widgets already made follow at once, without a restart.
    assert window.plans_panel.palette().color(_R.Base) == dark_palette().color(_R.Base)
    assert AppSettings().theme == "dark"

    theme_action(window, "Light").trigger()
    assert QApplication.palette().color(_R.Window) == light_palette().color(_R.Window)
    assert AppSettings().theme == "light"

    theme_action(window, "System").trigger()
    assert QApplication.palette().color(_R.Window) == system_window
    assert QApplication.style().name() == system_style
    assert not isinstance(QApplication.style(), ThemeStyle)
    assert AppSettings().theme == "system"


def test_saved_theme_is_applied_when_the_window_opens(make_window) -> None:  # type: ignore[no-untyped-def]
    settings = AppSettings()
    settings.theme = "dark"
    settings.sync()
    window = make_window()
    assert theme_action(window, "Dark").isChecked()
    assert QApplication.palette().color(_R.Base) == dark_palette().color(_R.Base)


def test_unknown_saved_theme_opens_as_system(make_window, config_dir: Path) -> None:  # type: ignore[no-untyped-def]
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "settings.ini").write_text("[General]\ntheme=neon\n", encoding="utf-8")
    before = QApplication.palette().color(_R.Window)
    window = make_window()
    assert theme_action(window, "System").isChecked()
    assert QApplication.palette().color(_R.Window) == before


def test_system_before_any_theme_changes_nothing(qtbot: QtBot) -> None:
    style = QApplication.style()
    key = QApplication.palette().cacheKey()
    apply_theme(Theme.SYSTEM)
    assert QApplication.style() is style
    assert QApplication.palette().cacheKey() == key


# --- contrast of what is painted -----------------------------------------------------------


def _pairs(doc: PlanDocument, palette: QPalette) -> dict[str, tuple[QColor, QColor]]:
    """Every (text, background) pair the screen draws, each asked of the code that draws it."""
    base = palette.color(_R.Base)
    window = palette.color(_R.Window)
    pairs: dict[str, tuple[QColor, QColor]] = {
        "text": (palette.color(_R.Text), base),
        "window text": (palette.color(_R.WindowText), window),
        "button text": (palette.color(_R.ButtonText), palette.color(_R.Button)),
        "selection": (palette.color(_R.HighlightedText), palette.color(_R.Highlight)),
        "tool tip": (palette.color(_R.ToolTipText), palette.color(_R.ToolTipBase)),
        "placeholder": (palette.color(_R.PlaceholderText), base),
        "strategy band": (palette.color(_R.Text), palette.color(_R.AlternateBase)),
        "banner": (palette.color(_R.Text), palette.color(_R.AlternateBase)),
        "link": (palette.color(_R.Link), base),
    }

    board = BoardModel(doc)
    board.check_looks()
    lane = doc.plan.strategies[0]
    overdue = lane.tasks[0].model_copy(
        update={"due": date.today() - timedelta(days=3), "status": TaskStatus.TODO}
    )
    done = lane.tasks[0].model_copy(update={"status": TaskStatus.DONE})
    display = board._display
    pairs["overdue date"] = (
        color_of(display.task_look(overdue, Column.DUE)[roles.FOREGROUND]),
        base,
    )
    pairs["done task"] = (color_of(display.task_look(done, Column.TITLE)[roles.FOREGROUND]), base)

    tree = AttributeTreeModel(doc)
    constraint = next(n for n in doc.tree.leaves() if n.kind == "constraint")
    access = next(n for n in doc.tree.leaves() if n.kind != "constraint")
    pairs["constraint row"] = (
        color_of(foreground_of(constraint, 0)),
        color_of(background_of(constraint)),
    )
    pairs["note column"] = (color_of(tree.data(tree.index_of(access, 3), roles.FOREGROUND)), base)

    plans = PlanListModel()
    plans.entries = [PlanEntry(Path("broken.insiderplan"), "broken", None, "cannot parse")]
    pairs["unreadable plan"] = (color_of(plans.data(plans.index(0), roles.FOREGROUND)), base)

    chart = screen_colors(palette)
    pairs["chart text"] = (chart.text, window)
    pairs["chart labels"] = (chart.muted, window)
    return pairs


@pytest.mark.parametrize("theme", EXPLICIT)
def test_every_text_colour_reaches_4_5_to_1(theme: Theme, doc: PlanDocument) -> None:
    apply_theme(theme)
    palette = QGuiApplication.palette()
    low = {
        name: round(wcag_contrast(fg, bg), 2)
        for name, (fg, bg) in _pairs(doc, palette).items()
        if wcag_contrast(fg, bg) < 4.5
    }
    assert low == {}


@pytest.mark.parametrize("theme", EXPLICIT)
def test_chart_bars_and_board_icons_stand_out(theme: Theme, qtbot: QtBot) -> None:
    apply_theme(theme)
    palette = QGuiApplication.palette()
    window, base = palette.color(_R.Window), palette.color(_R.Base)
    chart = screen_colors(palette)
    for color in (chart.held, chart.needed, chart.outline):
        assert wcag_contrast(color, window) >= 3
    icons = BoardIcons(palette)
    for icon in [*icons.status.values(), icons.private]:
        image = icon.pixmap(14, 14).toImage()
        inked = [
            image.pixelColor(x, y)
            for x in range(image.width())
            for y in range(image.height())
            if image.pixelColor(x, y).alpha() == 255
        ]
        assert inked and max(wcag_contrast(c, base) for c in inked) >= 3


def test_dark_changes_the_colours_the_screen_uses(doc: PlanDocument) -> None:
    apply_theme(Theme.LIGHT)
    light = _pairs(doc, QGuiApplication.palette())
    apply_theme(Theme.DARK)
    dark = _pairs(doc, QGuiApplication.palette())
    for name in ("overdue date", "done task", "constraint row", "chart text", "unreadable plan"):
        assert light[name] != dark[name], name


# --- check boxes ---------------------------------------------------------------------------


def _frame_contrast(image: QImage, box: QColor) -> float:
    """The strongest contrast against the box colour along the image's middle row: the
    indicator's frame crossing it."""
    y = image.height() // 2
    return max(wcag_contrast(image.pixelColor(x, y), box) for x in range(image.width() // 2))


@pytest.mark.parametrize("theme", EXPLICIT)
def test_unticked_check_box_frame_shows(theme: Theme, qtbot: QtBot) -> None:
    apply_theme(theme)
    box = QCheckBox("")
    qtbot.addWidget(box)
    box.resize(20, 20)
    image = box.grab().toImage()
    assert _frame_contrast(image, QGuiApplication.palette().color(_R.Base)) >= 3


def test_unticked_boxes_in_the_tree_and_board_show_in_dark(  # type: ignore[no-untyped-def]
    make_window, saved_sample: Path, tmp_path: Path
) -> None:
    window = make_window(saved_sample)
    theme_action(window, "Dark").trigger()
    window.resize(1366, 768)
    QApplication.processEvents()
    base = QGuiApplication.palette().color(_R.Base)
    tree = window.view.attributes.view
    board = window.view.board.view
    for view, column in ((tree, 1), (board, 0)):
        index = view.model().index(0, column)
        while index.isValid() and index.data(roles.CHECK_STATE) not in (
            Qt.CheckState.Unchecked,
            Qt.CheckState.Unchecked.value,
        ):
            index = view.indexBelow(index) if view is tree else index.siblingAtRow(index.row() + 1)
        assert index.isValid(), view.accessibleName()
        view.scrollTo(index)
        rect = view.visualRect(index)
        image = view.viewport().grab(rect).toImage()
        image.save(str(tmp_path / f"{view.accessibleName()}.png"))
        assert _frame_contrast(image, base) >= 3, view.accessibleName()


# --- the screen follows, print does not ----------------------------------------------------


def test_message_band_and_banner_follow_the_palette(qtbot: QtBot) -> None:
    band = MessageBand()
    band.show_message("Read-only: another window has this plan open", [QPushButton("Save As…")])
    warning = banner_label("warning", "Held: limits your freedom to criticise")
    for widget in (band, warning):
        qtbot.addWidget(widget)
        widget.resize(320, 60)
        widget.show()
    for theme, palette in ((Theme.LIGHT, light_palette()), (Theme.DARK, dark_palette())):
        apply_theme(theme)
        QApplication.processEvents()
        for widget in (band, warning):
            image = widget.grab().toImage()
            assert image.pixelColor(image.width() - 3, 3) == palette.color(_R.AlternateBase)
        assert band.label.palette().color(band.label.foregroundRole()) == palette.color(_R.Text)


def test_coverage_chart_on_screen_follows_the_palette(qtbot: QtBot, doc: PlanDocument) -> None:
    chart = CoverageChart(doc)
    qtbot.addWidget(chart)
    chart.resize(360, chart.sizeHint().height())
    for theme, palette in ((Theme.LIGHT, light_palette()), (Theme.DARK, dark_palette())):
        apply_theme(theme)
        QApplication.processEvents()
        image = chart.grab().toImage()
        colors = {image.pixelColor(x, y).name() for x in range(360) for y in range(40)}
        assert palette.color(_R.Window).name() in colors
        # The category's name is painted in the palette's window text.
        assert palette.color(_R.WindowText).name() in colors
        assert TEXT.name() not in colors or theme is Theme.LIGHT


def _printed_chart(plan: Plan, catalog: Catalog) -> QImage:
    coverage = build_report(plan, catalog).coverage
    font = QFont()
    font.setPixelSize(12)
    height = coverage_chart_height(QFontMetricsF(font), len(coverage))
    image = QImage(600, int(height), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    paint_coverage(painter, QRectF(0, 0, 600, height), coverage)
    painter.end()
    return image


def test_printed_chart_stays_light_under_dark(sample_plan: Plan, catalog: Catalog) -> None:
    system = _printed_chart(sample_plan, catalog)
    apply_theme(Theme.DARK)
    dark = _printed_chart(sample_plan, catalog)
    assert dark == system
    colors = {dark.pixelColor(x, y).name() for x in range(600) for y in range(dark.height())}
    assert PRINT_COLORS.text.name() in colors
    assert PRINT_COLORS.track.name() in colors


_COLOR_OP = re.compile(rb"([0-9.]+ [0-9.]+ [0-9.]+) (?:rg|RG|scn|SCN)\b")


def _rgb(color: QColor) -> tuple[float, ...]:
    return tuple(round(v, 3) for v in (color.redF(), color.greenF(), color.blueF()))


def _pdf_colors(data: bytes) -> set[tuple[float, ...]]:
    """Every colour the PDF's pages set, from their (deflated) content streams."""
    found: set[tuple[float, ...]] = set()
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            content = stream
        found.update(
            tuple(round(float(v), 3) for v in match.split()) for match in _COLOR_OP.findall(content)
        )
    return found


def test_pdf_made_under_dark_uses_the_colours_of_paper(sample_plan: Plan, catalog: Catalog) -> None:
    report = build_report(sample_plan, catalog)
    apply_theme(Theme.LIGHT)
    light = _pdf_colors(pdf_bytes(report)[0])
    apply_theme(Theme.DARK)
    dark = _pdf_colors(pdf_bytes(report)[0])
    assert light  # the test reads the colours at all
    assert dark == light
    assert _rgb(TEXT) in dark
    dark_theme = dark_palette()
    for role in (_R.Window, _R.Base, _R.WindowText, _R.Text, _R.AlternateBase):
        assert _rgb(dark_theme.color(role)) not in dark


def test_print_preview_pages_stay_white_under_dark(
    qtbot: QtBot, sample_plan: Plan, catalog: Catalog
) -> None:
    apply_theme(Theme.DARK)
    dialog = PlanPrintPreviewDialog(sample_plan, catalog)
    qtbot.addWidget(dialog)
    dialog.resize(700, 700)
    dialog.show()
    QApplication.processEvents()
    preview = dialog.findChild(QPrintPreviewWidget)
    assert preview is not None
    image = preview.grab().toImage()
    # Down the middle of the preview: the page, on the dark backdrop around it.
    column = [image.pixelColor(image.width() // 2, y) for y in range(image.height())]
    white = sum(1 for c in column if c == QColor("white"))
    assert white > len(column) // 2
    assert any(wcag_contrast(c, QColor("white")) > 3 for c in column)  # the backdrop is dark


def test_board_draws_its_icons_again_when_the_palette_changes(doc: PlanDocument) -> None:
    board = BoardModel(doc)
    # A task to do: its grey dot is darkened on white and kept as it is on dark.
    task = next(
        t for lane in doc.plan.strategies for t in lane.tasks if t.status is TaskStatus.TODO
    )
    apply_theme(Theme.LIGHT)
    board.check_looks()
    light = board._display.task_look(task, Column.STATUS)[roles.DECORATION]
    apply_theme(Theme.DARK)
    board.check_looks()  # as before every paint
    dark = board._display.task_look(task, Column.STATUS)[roles.DECORATION]
    assert light.pixmap(12, 12).toImage() != dark.pixmap(12, 12).toImage()
