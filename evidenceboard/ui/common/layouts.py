"""The window's two recurring arrangements: a column of widgets, and a page that scrolls.

Panels, docks and the window's centre each stack a few widgets with their own margins
and spacing, one of them taking the spare height; the inspector and the analysis
panel put such a column in a frameless area that scrolls down but never sideways,
so long text wraps to the dock's width instead of widening it.
"""

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

#: A widget in a column, or a widget with the share of spare height it takes.
ColumnItem = QWidget | tuple[QWidget, int]

Margins = tuple[int, int, int, int]


def column(
    owner: QWidget, items: Iterable[ColumnItem], *, margins: Margins, spacing: int
) -> QVBoxLayout:
    """Lay ``items`` out top to bottom on ``owner``."""
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(*margins)
    layout.setSpacing(spacing)
    for item in items:
        match item:
            case (widget, stretch):
                layout.addWidget(widget, stretch)
            case widget:
                layout.addWidget(widget)
    return layout


def scrolling_page(page: QWidget) -> QScrollArea:
    """``page`` in a frameless area that scrolls down and wraps to its width."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(page)
    return scroll
