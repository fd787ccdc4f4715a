"""How the attribute tree's cells are dressed for painting, asked of the model in one call.

Qt's delegate asks the model for each cell's font, alignment, colours, check state, icon,
text and background one role at a time, each a call from C++ into Python. This delegate
fills the style option from the tree model directly, once per cell, with what those roles
would have answered; through the filter proxy it leaves the work to Qt.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from insider_planner.domain.tree import Node
from insider_planner.ui.attributes.model import (
    AttributeTreeModel,
    background_of,
    font_of,
    foreground_of,
)

_CHECK = QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
_DISPLAY = QStyleOptionViewItem.ViewItemFeature.HasDisplay
_TEXT = QPalette.ColorRole.Text


@cache
def _with_features(
    features: QStyleOptionViewItem.ViewItemFeature, check: bool, display: bool
) -> QStyleOptionViewItem.ViewItemFeature:
    # Flag arithmetic on Qt's enums runs in Python; the few combinations are kept.
    if check:
        features |= _CHECK
    if display:
        features |= _DISPLAY
    return features


class AttributeDelegate(QStyledItemDelegate):
    """Paints the tree model's cells as Qt's own delegate would, with one call per cell."""

    def __init__(self, model: AttributeTreeModel, parent: Any = None) -> None:
        super().__init__(parent)
        self._model = model

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        model = self._model
        if index.model() is not model:
            super().initStyleOption(option, index)
            return
        node: Node = index.internalPointer()
        column = index.column()
        # As QStyledItemDelegate::initStyleOption, for the roles the model answers.
        option.index = index  # type: ignore[assignment]  # views pass a QModelIndex
        font = font_of(node, column)
        if font is not None:
            option.font = font.resolve(option.font)
            option.fontMetrics = QFontMetrics(option.font)
        foreground = foreground_of(node, column)
        if foreground is not None:
            palette = option.palette
            palette.setBrush(_TEXT, foreground)
            option.palette = palette
        check = model.check_of(node, column)
        text = model.text_of(node, column)
        if check is not None or text is not None:
            option.features = _with_features(option.features, check is not None, text is not None)
        if check is not None:
            option.checkState = check
        if text is not None:
            option.text = text.replace("\n", "\u2028")  # as Qt shows a line break in a cell
        background = background_of(node)
        if background is not None:
            option.backgroundBrush = background
        # No style animations in item views, as Qt does; the stubs do not allow None here.
        option.styleObject = None  # type: ignore[assignment]
