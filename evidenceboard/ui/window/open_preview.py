"""What the canvas shows while a large board loads: the board itself, drawn from its sketch.

Loading the model of a board of 10,000 cards takes about half a second, of 100,000
several seconds; the canvas columns alone take a tenth of that. So the window opens in
two steps (:func:`~evidenceboard.storage.document.begin_open`): the preview reads the
sketch, builds the overview from it, shows it in a plain view at the fit-all zoom the
board view will open at, and paints that frame at once; then the model loads. The
board's scene takes over the same overview item, so the first frames after the open
blit pixmaps the preview already rendered.

Boards under ``PREVIEW_CARDS`` load in about a tenth of a second; showing them twice
would only flicker, so they get no preview.
"""

import time

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPaintEvent
from PySide6.QtWidgets import (
    QGraphicsScene,
    QGraphicsView,
    QStackedWidget,
    QStatusBar,
    QWidget,
)
from typing_extensions import override

from evidenceboard.storage.document import BoardOpening
from evidenceboard.ui.board.scene.board_view import fit_view
from evidenceboard.ui.board.scene.overview_item import OverviewItem
from evidenceboard.ui.common.theme import Theme

#: Boards with fewer cards than this open without a preview.
PREVIEW_CARDS = 1500


class PreviewView(QGraphicsView):
    """A plain view of the overview; says when it painted (tests and benchmarks listen)."""

    #: A frame was painted (argument: ``time.perf_counter()`` when it was done).
    painted = Signal(float)

    def __init__(self, scene: QGraphicsScene, theme: Theme) -> None:
        super().__init__(scene)
        self.setObjectName("open-preview")
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setBackgroundBrush(QColor(theme.canvas))
        self.setInteractive(False)

    def fit(self, rect: QRectF) -> None:
        """The transform ``BoardView.fit_rect`` gives, so the board does not jump."""
        fit_view(self, rect)

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.painted.emit(time.perf_counter())


class OpenPreview:
    """Shows a board in the canvas host while it loads; hands its overview on."""

    def __init__(self, host: QStackedWidget, theme: Theme, status: QStatusBar) -> None:
        self._host = host
        self._theme = theme
        self._status = status
        self._scene: QGraphicsScene | None = None
        self._overview: OverviewItem | None = None
        self._previous: QWidget | None = None
        #: The preview's view while it is shown (None before and after).
        self.view: PreviewView | None = None

    def show(self, opening: BoardOpening) -> None:
        """Sketch the board and paint it now; raises what ``sketch()`` raises."""
        sketch = opening.sketch()
        if sketch.card_count < PREVIEW_CARDS:
            return
        overview = OverviewItem(self._theme)
        overview.rebuild_from_sketch(sketch)
        overview.setVisible(True)
        scene = QGraphicsScene()
        scene.addItem(overview)
        bounds = overview.boundingRect()
        scene.setSceneRect(bounds.adjusted(-2000, -2000, 2000, 2000))
        view = PreviewView(scene, self._theme)
        self._scene, self._overview, self.view = scene, overview, view
        self._previous = self._host.currentWidget()
        self._host.addWidget(view)
        view.resize(self._host.size())
        self._host.setCurrentWidget(view)
        view.fit(bounds)
        self._status.showMessage(
            f"Opening {opening.path.name}: loading {sketch.card_count:,} cards…"
        )
        # Nothing returns to the event loop until the model is loaded: paint now.
        view.viewport().repaint()

    def take_overview(self) -> OverviewItem | None:
        """The overview, out of the preview, for the board's scene (once; else None)."""
        overview, self._overview = self._overview, None
        if overview is not None and self._scene is not None:
            self._scene.removeItem(overview)
            # The board's scene decides when the overview shows, starting from hidden.
            overview.setVisible(False)
        return overview

    def discard(self) -> None:
        """Forget the preview's overview (the board did not open)."""
        self._overview = None

    def close(self) -> None:
        """Take the preview off the canvas (the host shows what it shows otherwise)."""
        self._status.clearMessage()
        view, self.view = self.view, None
        if view is None:
            return
        showing_preview = self._host.currentWidget() is view
        self._host.removeWidget(view)
        if showing_preview and self._previous is not None:
            # The board did not open: back to what the canvas showed before.
            self._host.setCurrentWidget(self._previous)
        view.setScene(None)
        view.setParent(None)
        view.deleteLater()
        self._scene = self._previous = None
