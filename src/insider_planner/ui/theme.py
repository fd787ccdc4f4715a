"""The window's theme: the platform's own look, or an explicit light or dark palette.

Colours painted on screen come from the application palette, or are checked against it
with `readable`, so they keep their contrast under any palette. Printed output never uses
the palette: its colours are fixed in `report.page_style`.
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QWidget,
)

#: WCAG's least contrast for text, and for the parts of a control one must see (a frame).
TEXT_CONTRAST = 4.5
GRAPHIC_CONTRAST = 3.0


class Theme(Enum):
    """The themes offered in View ▸ Theme; the value is what the settings file keeps."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"

    @property
    def label(self) -> str:
        return {"system": "&System", "light": "&Light", "dark": "&Dark"}[self.value]

    @classmethod
    def parse(cls, value: object) -> Theme:
        """The theme a settings value names; an absent or unknown one means System."""
        for theme in cls:
            if theme.value == value:
                return theme
        return cls.SYSTEM


# --- contrast ------------------------------------------------------------------------------


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(color: QColor) -> float:
    """WCAG relative luminance: 0 for black, 1 for white."""
    return (
        0.2126 * _linear(color.redF())
        + 0.7152 * _linear(color.greenF())
        + 0.0722 * _linear(color.blueF())
    )


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio of two opaque colours, from 1 (none) to 21."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def blend(under: QColor, over: QColor, amount: float) -> QColor:
    """`over` laid on `under` with the given opacity (0 to 1), as an opaque colour."""
    return QColor.fromRgbF(
        under.redF() + (over.redF() - under.redF()) * amount,
        under.greenF() + (over.greenF() - under.greenF()) * amount,
        under.blueF() + (over.blueF() - under.blueF()) * amount,
    )


def readable(color: QColor, background: QColor, minimum: float = TEXT_CONTRAST) -> QColor:
    """`color`, made lighter or darker (keeping its hue) until it reaches `minimum`
    contrast against `background`. A see-through colour is first laid on `background`."""
    if color.alpha() < 255:
        color = blend(background, color, color.alphaF())
    if contrast_ratio(color, background) >= minimum:
        return QColor(color)
    towards_white = luminance(background) < 0.18  # about the middle grey's luminance
    target = QColor("white") if towards_white else QColor("black")
    for step in range(1, 21):
        candidate = blend(color, target, step / 20)
        if contrast_ratio(candidate, background) >= minimum:
            return candidate
    return target


# --- palettes ------------------------------------------------------------------------------

_R = QPalette.ColorRole
_DISABLED = QPalette.ColorGroup.Disabled

_LIGHT = {
    _R.Window: "#efefef",
    _R.WindowText: "#1a1a1a",
    _R.Base: "#ffffff",
    _R.AlternateBase: "#f1f3f5",
    _R.Text: "#1a1a1a",
    _R.PlaceholderText: "#5f6368",
    _R.Button: "#efefef",
    _R.ButtonText: "#1a1a1a",
    _R.BrightText: "#ffffff",
    _R.Light: "#ffffff",
    _R.Midlight: "#e3e3e3",
    _R.Mid: "#a0a0a0",
    _R.Dark: "#7a7a7a",
    _R.Shadow: "#4a4a4a",
    _R.Highlight: "#2a6496",
    _R.HighlightedText: "#ffffff",
    _R.Accent: "#2a6496",
    _R.Link: "#1f5fa8",
    _R.LinkVisited: "#6b3fa0",
    _R.ToolTipBase: "#ffffdc",
    _R.ToolTipText: "#1a1a1a",
}
_LIGHT_DISABLED = {
    _R.WindowText: "#6e6e6e",
    _R.Text: "#6e6e6e",
    _R.ButtonText: "#6e6e6e",
    _R.Highlight: "#8c8c8c",
}

_DARK = {
    _R.Window: "#2b2b2b",
    _R.WindowText: "#e8e8e8",
    _R.Base: "#1e1e1e",
    _R.AlternateBase: "#323438",
    _R.Text: "#e8e8e8",
    _R.PlaceholderText: "#a6a6a6",
    _R.Button: "#3a3a3a",
    _R.ButtonText: "#e8e8e8",
    _R.BrightText: "#ffffff",
    _R.Light: "#5a5a5a",
    _R.Midlight: "#474747",
    _R.Mid: "#6a6a6a",
    _R.Dark: "#161616",
    _R.Shadow: "#000000",
    _R.Highlight: "#2f6aa3",
    _R.HighlightedText: "#ffffff",
    _R.Accent: "#2f6aa3",
    _R.Link: "#8ab4f8",
    _R.LinkVisited: "#c58af9",
    _R.ToolTipBase: "#3a3a3a",
    _R.ToolTipText: "#e8e8e8",
}
_DARK_DISABLED = {
    _R.WindowText: "#8c8c8c",
    _R.Text: "#8c8c8c",
    _R.ButtonText: "#8c8c8c",
    _R.Highlight: "#4a4a4a",
}


def _palette(
    colors: dict[QPalette.ColorRole, str], disabled: dict[QPalette.ColorRole, str]
) -> QPalette:
    palette = QPalette()
    for role, name in colors.items():
        palette.setColor(role, QColor(name))  # every colour group
    for role, name in disabled.items():
        palette.setColor(_DISABLED, role, QColor(name))
    return palette


def light_palette() -> QPalette:
    """The Light theme's palette."""
    return _palette(_LIGHT, _LIGHT_DISABLED)


def dark_palette() -> QPalette:
    """The Dark theme's palette."""
    return _palette(_DARK, _DARK_DISABLED)


# --- the style -----------------------------------------------------------------------------

# Item views' check boxes come here too: Fusion draws them as PE_IndicatorCheckBox through
# its proxy, so they are not caught twice.
_CHECK_INDICATORS = frozenset(
    {QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_IndicatorRadioButton}
)


def indicator_frame(palette: QPalette) -> QColor:
    """The colour a check box's frame should have: seen against the box (Base) and the
    window around it."""
    return QColor.fromRgba(
        _indicator_frame(
            palette.color(_R.Base).rgba(),
            palette.color(_R.Text).rgba(),
            palette.color(_R.Window).rgba(),
        )
    )


@lru_cache(maxsize=32)
def _indicator_frame(base: int, text: int, window: int) -> int:
    """`indicator_frame` by colour values, kept: every check box painted asks for it."""
    frame = blend(QColor.fromRgba(base), QColor.fromRgba(text), 0.55)
    frame = readable(frame, QColor.fromRgba(base), GRAPHIC_CONTRAST)
    return readable(frame, QColor.fromRgba(window), GRAPHIC_CONTRAST).rgba()


class ThemeStyle(QProxyStyle):
    """Fusion, with check box and radio button frames that stay visible.

    Fusion draws those frames in the window colour darkened, which under a dark palette
    is about the colour of the box itself: the frame vanishes. The indicator is drawn
    here with a window colour from which Fusion's darkening gives `indicator_frame`.
    """

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element in _CHECK_INDICATORS:
            option = type(option)(option)
            palette = QPalette(option.palette)
            # Fusion's frame is window.darker(140).lighter(110): undo both steps.
            source = indicator_frame(palette).lighter(140).darker(110)
            palette.setColor(_R.Window, source)
            option.palette = palette
        super().drawPrimitive(element, option, painter, widget)


# --- applying a theme ----------------------------------------------------------------------

#: The platform's own style, by name, kept before a theme first replaces it.
_system_style: str | None = None


def apply_theme(theme: Theme) -> None:
    """Give the running application the theme's style and palette; every widget is told
    (Qt sends them a palette and a style change) and repaints."""
    global _system_style
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    hints = QGuiApplication.styleHints()
    if theme is Theme.SYSTEM:
        if _system_style is None:
            return  # nothing was changed: the platform's look is on
        app.setStyle(_system_style)
        QApplication.setPalette(QPalette())  # no colour set: the style's and platform's own
        hints.unsetColorScheme()
        _system_style = None
        return
    if _system_style is None:
        _system_style = app.style().name()
    # Where the platform supports it, menus and window frames follow too.
    hints.setColorScheme(Qt.ColorScheme.Dark if theme is Theme.DARK else Qt.ColorScheme.Light)
    if not isinstance(app.style(), ThemeStyle):
        app.setStyle(ThemeStyle())
    QApplication.setPalette(dark_palette() if theme is Theme.DARK else light_palette())
