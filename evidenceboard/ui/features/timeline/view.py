"""The timeline's own graphics view: lanes on a time axis that zooms and scrolls.

Zoom is horizontal only (time stretches, lanes keep their height): Ctrl+wheel zooms
around the pointer, ``+``/``-`` around the middle, ``0`` fits everything. The wheel
scrolls the lanes, Shift+wheel and the arrow keys scroll time. The time axis and the
lane names are drawn in the foreground, in pixels, so they stay put while the lanes
scroll under them; the ticks step by days, months or years (1, 2, 5, 10...) so that
labels are about ``TICK_SPACING`` pixels apart.
"""

import math
from datetime import date

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QKeyEvent, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QToolTip
from typing_extensions import override

from evidenceboard.model.chronology import ChronologyEntry
from evidenceboard.ui.common.plain import plain_tooltip
from evidenceboard.ui.common.theme import Theme
from evidenceboard.ui.features.timeline.lanes import DOT, EPOCH, LaneItem, days

AXIS_HEIGHT = 26
LABEL_WIDTH = 130
#: Pixels between tick labels, about.
TICK_SPACING = 90
ZOOM_STEP = 1.25
#: Closest zoom: a day over a few screens' width, in pixels per day.
MAX_SCALE = 20_000.0
#: Margin left and right of the first and last entry, in days.
MARGIN_DAYS = 30.0
_DAY_STEPS = (1, 2, 7, 14)
_MONTH_STEPS = (1, 3, 6)
_YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)


class TimelineView(QGraphicsView):
    """Shows lane items on a time axis."""

    #: An entry was clicked (card id; whether Ctrl or Shift was held, to add to the selection).
    entry_clicked = Signal(str, bool)
    #: A click on empty time.
    background_clicked = Signal()
    #: The horizontal zoom changed (pixels per day).
    zoomed = Signal(float)

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.setObjectName("timeline-view")
        self.theme = theme
        self.lanes: list[LaneItem] = []
        self.setScene(QGraphicsScene(self))
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setViewportMargins(0, 0, 0, 0)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._apply_theme()

    # -- content ---------------------------------------------------------------------

    def set_lanes(self, lanes: list[LaneItem], left: float, right: float) -> None:
        """Show ``lanes`` (top to bottom) for the days from ``left`` to ``right``."""
        scene = self.scene()
        for old in self.lanes:
            scene.removeItem(old)
        self.lanes = lanes
        top = float(AXIS_HEIGHT)
        for lane in lanes:
            lane.set_theme(self.theme)
            lane.setPos(0.0, top)
            scene.addItem(lane)
            top += lane.height
        # Room left of the first entry for the lane names, and under the last lane.
        pad = MARGIN_DAYS
        scene.setSceneRect(QRectF(left - pad, 0.0, right - left + 2 * pad, top + 20.0))

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._apply_theme()
        for lane in self.lanes:
            lane.set_theme(theme)

    def _apply_theme(self) -> None:
        self.setBackgroundBrush(QColor(self.theme.canvas))
        self.viewport().update()

    # -- zoom and scroll -------------------------------------------------------------

    def scale_x(self) -> float:
        return self.transform().m11()

    def _min_scale(self) -> float:
        width = self.sceneRect().width()
        return (self.viewport().width() - LABEL_WIDTH) / width / 4 if width > 0 else 1e-6

    def zoom_by(self, factor: float, anchor: QPoint | None = None) -> None:
        """Stretch time by ``factor`` around ``anchor`` (viewport pixels; default the middle)."""
        point = anchor if anchor is not None else self.viewport().rect().center()
        before = self.mapToScene(point).x()
        scale = min(max(self.scale_x() * factor, self._min_scale()), MAX_SCALE)
        self._set_scale(scale)
        self._keep_day_at(before, point.x())

    def fit_all(self) -> None:
        """Every entry in view, the lane names beside them."""
        rect = self.sceneRect()
        room = max(self.viewport().width() - LABEL_WIDTH - 10, 50)
        if rect.width() <= 0:
            return
        self._set_scale(room / rect.width())
        self._keep_day_at(rect.left(), LABEL_WIDTH)
        self.verticalScrollBar().setValue(0)

    def show_day(self, day: float) -> None:
        """Scroll time so ``day`` is in the middle."""
        self._keep_day_at(day, (LABEL_WIDTH + self.viewport().width()) / 2)

    def _set_scale(self, scale: float) -> None:
        self.setTransform(self.transform().fromScale(scale, 1.0))
        self.zoomed.emit(scale)

    def _keep_day_at(self, day: float, pixel: float) -> None:
        # Scene x that should sit at the viewport's left edge, through the scroll bar.
        bar = self.horizontalScrollBar()
        left_day = day - pixel / self.scale_x()
        origin = self.mapFromScene(QPointF(left_day, 0)).x()
        bar.setValue(bar.value() + origin)

    def visible_days(self) -> tuple[float, float]:
        rect = self.mapToScene(self.viewport().rect()).boundingRect()
        return rect.left(), rect.right()

    @override
    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = delta.y() / 120
            if steps:
                self.zoom_by(ZOOM_STEP**steps, event.position().toPoint())
            event.accept()
        elif event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - (delta.y() or delta.x()))
            event.accept()
        else:
            super().wheelEvent(event)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        bar = self.horizontalScrollBar()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP)
        elif key in (Qt.Key.Key_0, Qt.Key.Key_Home):
            self.fit_all()
        elif key == Qt.Key.Key_Left:
            bar.setValue(bar.value() - self.viewport().width() // 8)
        elif key == Qt.Key.Key_Right:
            bar.setValue(bar.value() + self.viewport().width() // 8)
        else:
            super().keyPressEvent(event)

    # -- picking ---------------------------------------------------------------------

    def entry_at(self, point: QPoint) -> ChronologyEntry | None:
        """The entry drawn at ``point`` (viewport pixels), if any."""
        if point.y() < AXIS_HEIGHT:
            return None
        scene_point = self.mapToScene(point)
        tolerance = DOT / self.scale_x()
        for lane in self.lanes:
            local = lane.mapFromScene(scene_point)
            if 0 <= local.y() < lane.height:
                return lane.entry_at(local.x(), local.y(), tolerance)
        return None

    @override
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        entry = self.entry_at(event.position().toPoint())
        if entry is None:
            self.background_clicked.emit()
        else:
            adding = bool(
                event.modifiers()
                & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
            )
            self.entry_clicked.emit(entry.card_id, adding)
        event.accept()

    @override
    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            entry = self.entry_at(event.pos())
            if entry is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), plain_tooltip(describe(entry)), self)
            return True
        return super().viewportEvent(event)

    # -- axis and lane names ---------------------------------------------------------

    @override
    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        painter.save()
        painter.resetTransform()
        theme = self.theme
        width = self.viewport().width()
        band = QColor(theme.panel)
        painter.fillRect(QRectF(0, 0, width, AXIS_HEIGHT), band)
        painter.setPen(QColor(theme.border))
        painter.drawLine(0, AXIS_HEIGHT, width, AXIS_HEIGHT)
        left, right = self.visible_days()
        painter.setPen(QColor(theme.muted))
        for day, label in ticks(left, right, self.scale_x()):
            x = round(self.mapFromScene(QPointF(day, 0)).x())
            painter.drawLine(x, AXIS_HEIGHT - 6, x, AXIS_HEIGHT)
            painter.drawText(QPoint(x + 3, AXIS_HEIGHT - 9), label)
        names = QColor(theme.panel)
        names.setAlphaF(0.85)
        metrics = painter.fontMetrics()
        for lane in self.lanes:
            top = self.mapFromScene(lane.pos()).y()
            if top + lane.height < AXIS_HEIGHT or top > self.viewport().height():
                continue
            painter.fillRect(QRectF(0, max(top, AXIS_HEIGHT + 1), LABEL_WIDTH, lane.height), names)
            painter.setPen(QColor(theme.border))
            painter.drawLine(0, round(top + lane.height), width, round(top + lane.height))
            if top >= AXIS_HEIGHT:
                painter.setPen(QColor(theme.text))
                name = metrics.elidedText(lane.name, Qt.TextElideMode.ElideRight, LABEL_WIDTH - 8)
                painter.drawText(QPoint(6, round(top + metrics.ascent() + 3)), name)
        painter.restore()


def describe(entry: ChronologyEntry) -> str:
    """An entry in words, for a tooltip or the status line (plain text)."""
    source = f"\n{entry.source}" if entry.source else ""
    return f"{entry.title}\n{entry.date_text} ({entry.precision.value}, {entry.kind.value}){source}"


def ticks(left: float, right: float, scale: float) -> list[tuple[float, str]]:
    """Tick positions (days) and labels for the days from ``left`` to ``right``.

    The finest step whose labels land at least ``TICK_SPACING`` pixels apart: days
    (1, 2, 7, 14), months (1, 3, 6) or years (1, 2, 5, 10...).
    """
    if scale <= 0 or right <= left:
        return []
    first = _date_of(max(left, days_of(date(1, 1, 1))))
    last = _date_of(min(right, days_of(date(9999, 12, 31))))
    for step in _DAY_STEPS:
        if step * scale >= TICK_SPACING:
            start = first.toordinal() - first.toordinal() % step
            marks = [date.fromordinal(o) for o in range(start, last.toordinal() + 1, step)]
            return [(days_of(d), d.isoformat()) for d in marks]
    for step in _MONTH_STEPS:
        if step * 30.4 * scale >= TICK_SPACING:
            return _month_ticks(first, last, step)
    per_year = 365.25 * scale
    step = next((s for s in _YEAR_STEPS if s * per_year >= TICK_SPACING), _YEAR_STEPS[-1])
    years = range(first.year - first.year % step, last.year + 1, step)
    return [(days_of(date(y, 1, 1)), str(y)) for y in years if 1 <= y <= 9999]


def _month_ticks(first: date, last: date, step: int) -> list[tuple[float, str]]:
    marks: list[tuple[float, str]] = []
    year, month = first.year, first.month - (first.month - 1) % step
    while (year, month) <= (last.year, last.month):
        marks.append((days_of(date(year, month, 1)), f"{year:04d}-{month:02d}"))
        month += step
        if month > 12:
            year, month = year + 1, month - 12
    return marks


def days_of(day: date) -> float:
    return float(day.toordinal() - EPOCH.date().toordinal())


def _date_of(day: float) -> date:
    return date.fromordinal(math.floor(day) + EPOCH.date().toordinal())


__all__ = ["TimelineView", "days", "describe", "ticks"]
