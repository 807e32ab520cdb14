"""Far out, a zoom gesture's frames are the last whole frame scaled, then drawn crisp.

What the user sees during the gesture must still be the board: each card where it now
is, and what the scaled frame did not show (a zoom out) drawn by the view. Once the
gesture stops, the view shows exactly what it draws at that zoom without a gesture.
The tests set the preview's clock, so which frames belong to one gesture does not
depend on how fast the machine paints.
"""

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem as ItemOption
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddCards
from evidenceboard.model.factory import make_card
from evidenceboard.ui.board.scene.board_view import BoardView
from evidenceboard.ui.board.scene.card_item import CardItem
from evidenceboard.ui.board.scene.zoom_preview import PREVIEW_SCALE
from evidenceboard.ui.window.main_window import MainWindow
from tests.window_fixtures import session_of, view_of

ZOOM = 0.3
#: A zoom out by this, within one gesture, leaves a margin the last frame did not show.
OUT = 1.3
#: Far from the demo's cards, so only the test's cards are in view.
X, Y = 60_000.0, 60_000.0


def _canvas(view: BoardView) -> QImage:
    return view.viewport().grab().toImage()


def _mean(image: QImage, view: BoardView, area: QRectF) -> QColor:
    """The mean colour of the middle of ``area`` (scene units) as ``image`` shows it."""
    box = view.mapFromScene(area).boundingRect()
    inner = box.adjusted(box.width() // 5, box.height() // 4, -box.width() // 5, -box.height() // 4)
    red = green = blue = count = 0
    for x in range(inner.left(), inner.right() + 1):
        for y in range(inner.top(), inner.bottom() + 1):
            colour = QColor(image.pixel(x, y))
            red, green, blue, count = (
                red + colour.red(),
                green + colour.green(),
                blue + colour.blue(),
                count + 1,
            )
    assert count > 0
    return QColor(red // count, green // count, blue // count)


def _distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


def _zoom(view: BoardView, scale: float, centre: QPointF) -> None:
    view.set_zoom(scale)
    view.centerOn(centre)


@pytest.mark.xcb
def test_a_zoom_gesture_far_out_shows_every_card_scaled_then_draws_the_zoom_crisp(
    window: MainWindow, qtbot: QtBot
) -> None:
    session, view = session_of(window), view_of(window)
    assert ZOOM * OUT < PREVIEW_SCALE
    # One card in the middle, one just outside the view at ZOOM: inside it once the
    # view zooms out by OUT.
    half_width = view.viewport().width() / 2 / ZOOM
    middle = make_card(CardKind.NOTE, "Ferry manifest", "ana", x=X, y=Y)
    edge = make_card(CardKind.CLAIM, "Harbour log", "ana", x=X + half_width * 1.15, y=Y)
    assert session.controller.submit(AddCards((middle, edge)))
    items = [session.scene.card_item(card.id) for card in (middle, edge)]
    areas = [item.sceneBoundingRect() for item in items if item is not None]
    assert len(areas) == 2
    centre = areas[0].center()
    now = [0.0]
    view.zoom_preview.clock = lambda: now[0]

    # The zoom out on its own, long after any other: drawn crisp at once.
    _zoom(view, ZOOM, centre)
    _canvas(view)
    now[0] = 10.0
    _zoom(view, ZOOM / OUT, centre)
    _canvas(view)
    # What the view paints itself at that zoom, once the step has settled.
    qtbot.waitUntil(lambda: not view.zoom_preview.settling)
    crisp = _canvas(view)
    assert view.mapFromScene(areas[1]).boundingRect().right() < crisp.width()

    # The same zoom out as a gesture: the frame before, scaled, with the margin drawn.
    now[0] = 20.0
    _zoom(view, ZOOM, centre)
    before = _canvas(view)
    assert view.mapFromScene(areas[1]).boundingRect().left() > before.width()
    _zoom(view, ZOOM / OUT, centre)
    during = _canvas(view)
    assert during != crisp
    canvas = QColor(session.scene.theme.canvas)
    for area in areas:
        seen, meant = _mean(during, view, area), _mean(crisp, view, area)
        assert _distance(meant, canvas) > 60
        # Near the crisp drawing, far from the empty canvas (the title's letters are
        # sized for the zoom before, so they are not the same pixels).
        assert _distance(seen, meant) < _distance(meant, canvas) / 3

    # A moment after the last new zoom, the view draws it as it does without a gesture.
    qtbot.waitUntil(lambda: _canvas(view) == crisp)


def test_a_picture_of_the_board_draws_its_cards_smoothed_after_the_unsmoothed_grid(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = session_of(window).scene
    assert scene.show_grid
    smoothed: list[bool] = []
    paint = CardItem.paint

    def noting(
        item: CardItem, painter: QPainter, option: ItemOption, widget: QWidget | None = None
    ) -> None:
        smoothed.append(bool(painter.renderHints() & QPainter.RenderHint.Antialiasing))
        paint(item, painter, option, widget)

    monkeypatch.setattr(CardItem, "paint", noting)
    image = QImage(800, 600, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    # At full size, where the grid is drawn, around the first card.
    first = next(item for item in scene.items() if isinstance(item, CardItem))
    centre = first.sceneBoundingRect().center()
    scene.render(
        painter, QRectF(0, 0, 800, 600), QRectF(centre.x() - 400, centre.y() - 300, 800, 600)
    )
    painter.end()
    assert smoothed and all(smoothed)
