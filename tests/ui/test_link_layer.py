"""Far out, the links at rest are drawn by one layer: what the canvas shows stays true.

The layer draws the links of cards that show, and only those (a card folded into a
collapsed frame takes its links with it); a moved card's links are drawn where they
are now and nowhere else; a link stays clickable, and a selected one paints itself.
Each check looks at the pixels of the canvas, at the zoom where the layer draws.
"""

import pytest
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtTest import QTest

from evidenceboard.model.cards import CardKind, Geometry
from evidenceboard.model.changes import AddCards, AddLinks, MoveCards
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.frames import plan_collapse, plan_new_frame
from evidenceboard.model.links import LinkKind
from evidenceboard.ui.board.scene.board_view import BoardView
from evidenceboard.ui.board.scene.link_item import THIN_LOD, LinkItem
from evidenceboard.ui.window.main_window import MainWindow
from tests.window_fixtures import session_of, view_of, view_point

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier
FAR = 0.2
#: Far from the demo's cards, so nothing else is drawn where the test looks.
X, Y = 40_000.0, 40_000.0


def _seen(image: QImage, view: BoardView, line: QLineF, colour: QColor) -> float:
    """The share of points along the middle of ``line`` drawn in ``colour``.

    A thin line is antialiased, so a pixel on it counts when it is much nearer
    ``colour`` than the canvas is.
    """
    canvas = QColor(view.board_scene.theme.canvas)
    hits = 0
    samples = 24
    for step in range(samples):
        point = view.mapFromScene(line.pointAt(0.3 + 0.4 * step / (samples - 1)))
        near = (
            QColor(image.pixel(point.x() + dx, point.y() + dy))
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
        )
        if any(_distance(found, colour) < 0.6 * _distance(canvas, colour) for found in near):
            hits += 1
    return hits / samples


def _distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


def _canvas(view: BoardView) -> QImage:
    return view.viewport().grab().toImage()


def _far_out(view: BoardView, centre: QPointF) -> None:
    view.set_zoom(FAR)
    view.centerOn(centre)
    assert view.scale_factor() < THIN_LOD


@pytest.fixture
def linked(window: MainWindow) -> dict[str, str]:
    """Cards far out on the demo board: a - b linked, c - d linked with c in a frame."""
    session = session_of(window)
    cards = {
        "a": make_card(CardKind.NOTE, "Flight log", "ana", x=X, y=Y),
        "b": make_card(CardKind.NOTE, "Radar track", "ana", x=X + 1500, y=Y),
        "c": make_card(CardKind.NOTE, "Hangar photo", "ana", x=X, y=Y + 1500),
        "d": make_card(CardKind.NOTE, "Fuel receipt", "ana", x=X + 1500, y=Y + 2200),
    }
    assert session.controller.submit(AddCards(tuple(cards.values())))
    green = LinkKind.CORROBORATES
    ab = make_link(cards["a"].id, cards["b"].id, green, "ana")
    cd = make_link(cards["c"].id, cards["d"].id, green, "ana")
    assert session.controller.submit(AddLinks((ab, cd)))
    board = session.document.board
    change, frame_id = plan_new_frame(board, [cards["c"].id], "ana", title="Hangar")
    assert session.controller.submit(change)
    return {**{k: c.id for k, c in cards.items()}, "ab": ab.id, "cd": cd.id, "frame": frame_id}


def _link(window: MainWindow, link_id: str) -> LinkItem:
    item = session_of(window).scene.link_item(link_id)
    assert item is not None
    return item


def _ab_far_out(window: MainWindow, linked: dict[str, str]) -> LinkItem:
    """The a - b link, with the view far out and centred on its middle."""
    ab = _link(window, linked["ab"])
    _far_out(view_of(window), ab.line().pointAt(0.5))
    return ab


def test_far_out_the_layer_draws_each_shown_link_and_none_whose_card_is_folded(
    window: MainWindow, linked: dict[str, str]
) -> None:
    session, view = session_of(window), view_of(window)
    green = session.scene.theme.link_colour(LinkKind.CORROBORATES)
    ab, cd = _link(window, linked["ab"]), _link(window, linked["cd"])
    _far_out(view, QPointF(X + 900, Y + 1200))
    layer = session.scene.link_layer
    # The layer, not the links' own paint, draws them at this zoom.
    assert layer.draws(ab) and layer.draws(cd)
    image = _canvas(view)
    assert _seen(image, view, ab.line(), green) > 0.9
    assert _seen(image, view, cd.line(), green) > 0.9

    board = session.document.board
    assert session.controller.submit(plan_collapse(board, linked["frame"], True, "ana"))
    assert not cd.isVisible()
    image = _canvas(view)
    assert _seen(image, view, cd.line(), green) == 0
    assert _seen(image, view, ab.line(), green) > 0.9

    window.actions_by_name["undo"].trigger()
    assert cd.isVisible()
    assert _seen(_canvas(view), view, cd.line(), green) > 0.9


def test_far_out_a_moved_card_takes_its_drawn_link_along(
    window: MainWindow, linked: dict[str, str]
) -> None:
    session, view = session_of(window), view_of(window)
    green = session.scene.theme.link_colour(LinkKind.CORROBORATES)
    ab = _link(window, linked["ab"])
    _far_out(view, QPointF(X, Y + 1000))
    before = ab.line()
    assert _seen(_canvas(view), view, before, green) > 0.9
    board = session.document.board
    b = board.cards[linked["b"]]
    g = b.geometry
    # Down to the left of a: the new line's box leaves out the old line.
    moved = Geometry(g.x - 3000, g.y + 2000, g.width, g.height)
    assert session.controller.submit(MoveCards(((b.id, g, moved),)))
    after = ab.line()
    assert after != before and session.scene.link_layer.draws(ab)
    image = _canvas(view)
    assert _seen(image, view, after, green) > 0.9
    # Nothing left where the line was, away from where it starts.
    assert _seen(image, view, QLineF(before.pointAt(0.5), before.p2()), green) == 0


def test_far_out_a_link_is_clicked_and_paints_itself_while_selected(
    window: MainWindow, linked: dict[str, str]
) -> None:
    scene = session_of(window).scene
    ab = _ab_far_out(window, linked)
    view, middle = view_of(window), ab.line().pointAt(0.5)
    scene.clearSelection()
    QTest.mouseClick(view.viewport(), LEFT, NONE, view_point(view, middle))
    assert scene.selected_link_ids() == [linked["ab"]]
    assert not scene.link_layer.draws(ab)
    # Selected, it is drawn with its glow: wider than the thin line of the layer.
    selection = QColor(scene.theme.selection)
    glow = QLineF(middle + QPointF(0, -2 / FAR), middle + QPointF(40, -2 / FAR))
    assert _seen(_canvas(view), view, glow, selection) > 0
    scene.clearSelection()
    # Still under the pointer, it stays as it is drawn when hovered, until the pointer leaves.
    assert not scene.link_layer.draws(ab)
    QTest.mouseMove(view.viewport(), view_point(view, middle + QPointF(0, 400)))
    assert scene.link_layer.draws(ab)


def test_an_export_while_far_out_draws_the_links_in_full(
    window: MainWindow, linked: dict[str, str]
) -> None:
    scene = session_of(window).scene
    ab = _ab_far_out(window, linked)
    assert scene.link_layer.draws(ab)
    # An export draws at its own scale: there the link has its arrow head.
    source = ab.boundingRect().adjusted(-20, -20, 20, 20)
    image = QImage(round(source.width()), round(source.height()), QImage.Format.Format_RGB32)
    image.fill(QColor(scene.theme.canvas))
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()), source)
    painter.end()
    green = scene.theme.link_colour(LinkKind.CORROBORATES)
    head = ab.head()
    assert not head.isEmpty()
    tip = head.boundingRect().center() - source.topLeft()
    assert _distance(QColor(image.pixel(round(tip.x()), round(tip.y()))), green) < 60
