"""The link legend shown in the toolbar: one small sample line per link kind."""

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPolygonF
from PySide6.QtWidgets import QWidget
from typing_extensions import override

from evidenceboard.model.factory import make_link
from evidenceboard.model.links import Link, LinkKind
from evidenceboard.ui.board.scene.link_item import link_pen
from evidenceboard.ui.common.theme import Theme

_SAMPLE_IDS = ("0" * 32, "1" * 32, "2" * 32)


class Legend(QWidget):
    """Sample arrows for corroborates, contradicts, derived from and related."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.setObjectName("link-legend")
        self._theme = theme
        self._samples = [
            make_link(_SAMPLE_IDS[1], _SAMPLE_IDS[2], kind, "legend", link_id=_SAMPLE_IDS[0])
            for kind in LinkKind
        ]
        self.setToolTip("Link kinds")

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    @override
    def sizeHint(self) -> QSize:
        return QSize(self._row_width(self._samples) + 8, 28)

    @override
    def minimumSizeHint(self) -> QSize:
        # On a narrow window the four kinds go in two rows of two, not out of sight.
        return QSize(self._two_row_width() + 8, 2 * self._line_height())

    def _item_width(self, kind: LinkKind) -> int:
        return 34 + self.fontMetrics().horizontalAdvance(kind.label) + 16

    def _row_width(self, samples: list[Link]) -> int:
        return sum(self._item_width(link.kind) for link in samples)

    def _two_row_width(self) -> int:
        half = (len(self._samples) + 1) // 2
        first, second = self._samples[:half], self._samples[half:]
        columns = zip(first, [*second, *([None] * (len(first) - len(second)))], strict=True)
        return sum(
            max(self._item_width(a.kind), self._item_width(b.kind) if b is not None else 0)
            for a, b in columns
        )

    def _line_height(self) -> int:
        return self.fontMetrics().height() + 2

    def _rows(self) -> list[list[Link]]:
        if self.width() >= self._row_width(self._samples) + 8:
            return [self._samples]
        half = (len(self._samples) + 1) // 2
        return [self._samples[:half], self._samples[half:]]

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rows = self._rows()
        line = self.height() / len(rows)
        # In two rows, each column is as wide as its wider entry, so the rows line up.
        widths = [
            max(self._item_width(row[i].kind) for row in rows if i < len(row))
            for i in range(len(rows[0]))
        ]
        for number, row in enumerate(rows):
            mid = line * number + line / 2
            x = 4.0
            for column, link in enumerate(row):
                self._draw_sample(painter, link, x, mid)
                x += widths[column]
        painter.end()

    def _draw_sample(self, painter: QPainter, link: Link, x: float, mid: float) -> None:
        pen = link_pen(link, self._theme)
        painter.setPen(pen)
        painter.drawLine(QPointF(x, mid), QPointF(x + 26, mid))
        if link.kind is not LinkKind.RELATED:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pen.color())
            tip = QPointF(x + 28, mid)
            painter.drawPolygon(QPolygonF([tip, tip + QPointF(-7, -4), tip + QPointF(-7, 4)]))
        painter.setPen(self.palette().windowText().color())
        painter.drawText(
            QPointF(x + 34, mid + self.fontMetrics().ascent() / 2 - 1), link.kind.label
        )
