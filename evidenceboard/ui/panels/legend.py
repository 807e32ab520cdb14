"""The link legend shown in the toolbar: one small sample line per link kind."""

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPolygonF
from PySide6.QtWidgets import QWidget
from typing_extensions import override

from evidenceboard.model.factory import make_link
from evidenceboard.model.links import LinkKind
from evidenceboard.ui.scene.link_item import link_pen
from evidenceboard.ui.theme import Theme

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
        return QSize(sum(self._item_width(link.kind) for link in self._samples) + 8, 28)

    def _item_width(self, kind: LinkKind) -> int:
        return 34 + self.fontMetrics().horizontalAdvance(kind.label) + 16

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x = 4.0
        mid = self.height() / 2
        for link in self._samples:
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
            x += self._item_width(link.kind)
        painter.end()
