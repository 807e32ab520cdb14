"""A large board on the canvas: it opens, fit-all shows the overview, links stay usable.

Behaviour only; speed is measured in benchmarks/canvas_bench.py.
"""

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from evidenceboard.model.board import Board
from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import EditCards, MoveCards
from evidenceboard.model.factory import edited_card
from evidenceboard.storage import create_board
from evidenceboard.ui.board.scene.board_scene import BoardScene
from evidenceboard.ui.board.scene.card_item import CardItem
from evidenceboard.ui.board.scene.link_item import LinkItem
from evidenceboard.ui.board.scene.overview_item import OverviewItem
from evidenceboard.ui.common.theme import LIGHT
from evidenceboard.ui.window.main_window import MainWindow
from evidenceboard.ui.window.panels.outline import Outline
from tests.window_fixtures import session_of, shown_window, view_of, view_point

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
# The benchmarks' seeded generator, so tests and figures use the same kind of board.
generate = importlib.import_module("board_generator").generate

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def big_window(qtbot: QtBot, board_dir: Path) -> Iterator[MainWindow]:
    path = board_dir / "big.evboard"
    document = create_board(path, author="tester")
    document.apply(generate(2_000, 4_000).change())
    document.close()
    win = shown_window(qtbot, path)
    yield win
    win.close()


def test_big_board_opens_with_every_card_and_link(big_window: MainWindow) -> None:
    session = session_of(big_window)
    board = session.document.board
    assert len(board.cards) == 2_000
    assert len(list(session.scene.card_items())) == 2_000
    assert all(session.scene.link_item(i) is not None for i in board.links)
    image = view_of(big_window).viewport().grab().toImage()
    assert image.width() > 0 and not image.isNull()


def test_fit_all_shows_the_overview_and_zooming_in_brings_cards_back(
    big_window: MainWindow,
) -> None:
    session = session_of(big_window)
    scene, view = session.scene, view_of(big_window)
    view.fit_board()
    some = next(iter(scene.card_items()))
    overview = next(i for i in scene.items() if type(i).__name__ == "OverviewItem")
    assert overview.isVisible() and not some.isVisible()
    view.set_zoom(1.0)
    view.centre_on_card(some.card_id)
    assert some.isVisible() and not overview.isVisible()
    # What a click finds follows what is drawn: the card under the pointer.
    assert scene.card_at(some.scene_rect().center()) is not None


def _link_with_room(big_window: MainWindow) -> tuple[str, QPointF]:
    """A link and a point on it, away from both cards."""
    session = session_of(big_window)
    for link_id, item in ((i, session.scene.link_item(i)) for i in session.document.board.links):
        assert item is not None
        line = item.line()
        if 120 < line.length() < 400:
            return link_id, line.pointAt(0.5)
    raise AssertionError("no link of a clickable length")


def test_a_link_is_selected_by_clicking_on_it(big_window: MainWindow) -> None:
    session = session_of(big_window)
    view = view_of(big_window)
    view.set_zoom(1.0)
    link_id, point = _link_with_room(big_window)
    view.centerOn(point)
    session.scene.clearSelection()
    QTest.mouseClick(view.viewport(), LEFT, NONE, view_point(view, point))
    assert session.scene.selected_link_ids() == [link_id]
    assert session.scene.selected_card_ids() == []


def test_links_follow_a_dragged_card(big_window: MainWindow) -> None:
    session = session_of(big_window)
    scene, board, view = session.scene, session.document.board, view_of(big_window)
    card_id = max(board.cards, key=lambda i: len(board.links_of(i)))
    links = board.links_of(card_id)
    item = scene.card_item(card_id)
    assert item is not None and links
    view.set_zoom(1.0)
    view.centre_on_card(card_id)
    before = {x.id: scene.link_item(x.id).line() for x in links}  # type: ignore[union-attr]
    start = view_point(view, item.scene_rect().center() + QPointF(0, 20))
    vp = view.viewport()
    QTest.mousePress(vp, LEFT, NONE, start)
    for step in range(1, 6):
        QTest.mouseMove(vp, start + (start.__class__(200, 120) * step) / 5)
    # While the button is down the links already end at the card's new place.
    rect = item.scene_rect().adjusted(-1, -1, 1, 1)
    for link in links:
        line = scene.link_item(link.id).line()  # type: ignore[union-attr]
        end = line.p1() if link.source == card_id else line.p2()
        assert rect.contains(end)
        assert line != before[link.id]
    QTest.mouseRelease(vp, LEFT, NONE, start + start.__class__(200, 120))
    moved = board.card(card_id).geometry
    assert moved.x == pytest.approx(scene.card_item(card_id).x())  # type: ignore[union-attr]


@pytest.fixture
def big_board() -> Board:
    board = Board()
    board.apply(generate(2_000, 4_000).change())
    return board


def _rect(board: Board, card_id: str) -> QRectF:
    g = board.cards[card_id].geometry
    return QRectF(g.x, g.y, g.width, g.height)


def _shown_cards(scene: BoardScene) -> dict[str, CardItem]:
    return {i.card_id: i for i in scene.items() if isinstance(i, CardItem) and i.isVisible()}


def _made_links(scene: BoardScene) -> dict[str, LinkItem]:
    return {i.link_id: i for i in scene.items() if isinstance(i, LinkItem)}


def test_a_large_board_makes_no_items_until_the_view_comes_close(
    qtbot: QtBot, big_board: Board
) -> None:
    scene = BoardScene(big_board, LIGHT)
    assert not scene.complete and scene.item_count == 0
    scene.set_overview(True)
    scene.show_region(scene.cards_rect())
    # Far out the overview draws the board: still no item.
    assert scene.item_count == 0
    scene.detach()


def test_the_view_makes_the_items_of_what_it_shows_and_what_it_pans_to(
    big_window: MainWindow,
) -> None:
    session = session_of(big_window)
    scene, board, view = session.scene, session.document.board, view_of(big_window)
    view.fit_board()
    assert not scene.complete
    made_at_fit = scene.item_count
    view.set_zoom(1.0)
    middle = scene.cards_rect().center()
    target = min(board.cards, key=lambda i: (_rect(board, i).center() - middle).manhattanLength())
    view.centerOn(_rect(board, target).center())
    for step in range(3):
        made = _made_links(scene)
        visible = view.mapToScene(view.viewport().rect()).boundingRect()
        in_view = {i for i in board.cards if _rect(board, i).intersects(visible)}
        assert in_view and in_view <= set(_shown_cards(scene))
        # Every link crossing the view is drawn too, even when both its cards are not.
        for link in board.links.values():
            line = QLineF(_rect(board, link.source).center(), _rect(board, link.target).center())
            if visible.contains(line.pointAt(0.5)):
                assert link.id in made and made[link.id].isVisible()
        bar = view.horizontalScrollBar() if step % 2 == 0 else view.verticalScrollBar()
        bar.setValue(bar.value() + 700)
    # Only the neighbourhood of what was shown has items, not the whole board.
    assert made_at_fit < scene.item_count < len(board.cards) + len(board.links)


def test_a_card_moved_by_an_edit_shows_at_its_new_place_though_it_had_no_item(
    big_window: MainWindow,
) -> None:
    session = session_of(big_window)
    scene, board, view = session.scene, session.document.board, view_of(big_window)
    view.set_zoom(1.0)
    ids = sorted(board.cards, key=lambda i: (board.cards[i].geometry.x, board.cards[i].geometry.y))
    near = ids[0]
    view.centerOn(_rect(board, near).center())
    made_cards, made_links = (
        {i.card_id for i in scene.items() if isinstance(i, CardItem)},
        (_made_links(scene)),
    )
    far = next(
        i
        for i in reversed(ids)
        if i not in made_cards
        and board.links_of(i)
        and not any(x.id in made_links for x in board.links_of(i))
    )
    # The far card, with no item yet, is moved next to the one in view (as another
    # window's edit or a layout would), then the view pans to where it used to be.
    g = board.cards[near].geometry
    old = board.cards[far].geometry
    move = (far, old, old.moved_to(g.x + g.width + 40, g.y))
    assert session.controller.submit(MoveCards((move,)))
    shown, made = _shown_cards(scene), _made_links(scene)
    assert far in shown and shown[far].scene_rect() == _rect(board, far)
    for link in board.links_of(far):
        item = made[link.id]
        assert (
            shown[far]
            .scene_rect()
            .adjusted(-1, -1, 1, 1)
            .contains(item.line().p1() if link.source == far else item.line().p2())
        )
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.intersects(_rect(board, far))
    # Where it was, nothing is left behind.
    view.centerOn(QRectF(old.x, old.y, old.width, old.height).center())
    assert not any(
        i.scene_rect() == QRectF(old.x, old.y, old.width, old.height)
        for i in _shown_cards(scene).values()
    )


def test_items_made_later_get_the_find_highlight_and_claim_status(
    qtbot: QtBot, big_board: Board
) -> None:
    scene = BoardScene(big_board, LIGHT)
    claim = next(c.id for c in big_board.cards.values() if c.kind is CardKind.CLAIM)
    other = next(i for i in big_board.cards if i != claim)
    scene.set_highlight({claim})
    assert scene.item_count == 0
    matched, dimmed = scene.card_item(claim), scene.card_item(other)
    assert matched is not None and dimmed is not None
    assert matched.opacity() == 1.0 and dimmed.opacity() < 0.5
    scene.set_highlight(None)
    assert dimmed.opacity() == 1.0
    scene.detach()


def test_removing_a_card_without_an_item_removes_it_and_its_links_from_the_canvas(
    qtbot: QtBot, big_board: Board
) -> None:
    scene = BoardScene(big_board, LIGHT)
    card_id = max(big_board.cards, key=lambda i: len(big_board.links_of(i)))
    removal = big_board.removal_of([card_id])
    big_board.apply(removal)
    assert scene.card_item(card_id) is None
    assert all(scene.link_item(x.id) is None for x in removal.links)
    cards = [i for i in scene.card_items()]
    assert scene.complete
    links = [i for i in scene.items() if isinstance(i, LinkItem)]
    assert (len(cards), len(links)) == (1_999, 4_000 - len(removal.links))
    # Undo brings the card back on the canvas, with its links.
    big_board.apply(removal.inverted())
    assert scene.card_item(card_id) is not None
    assert all(scene.link_item(x.id) is not None for x in removal.links)
    scene.detach()


def test_export_and_select_all_see_every_item(qtbot: QtBot, big_board: Board) -> None:
    scene = BoardScene(big_board, LIGHT)
    assert len(list(scene.card_items())) == 2_000
    assert scene.complete
    assert sum(isinstance(i, LinkItem) for i in scene.items()) == 4_000
    link_id = next(iter(big_board.links))
    link = big_board.links[link_id]
    source, item = scene.card_item(link.source), scene.link_item(link_id)
    assert source is not None and item is not None
    assert source.scene_rect().adjusted(-1, -1, 1, 1).contains(item.line().p1())
    scene.detach()


def test_the_outline_lists_every_card_of_a_large_board_in_order(
    qtbot: QtBot, big_board: Board
) -> None:
    scene = BoardScene(big_board, LIGHT)
    outline = Outline(big_board, scene, lambda _card_id: None)
    qtbot.addWidget(outline)
    assert outline.filling
    ids = outline.visible_card_ids()
    assert not outline.filling
    assert sorted(ids) == sorted(big_board.cards)
    claims = [big_board.cards[i] for i in ids if big_board.cards[i].kind is CardKind.CLAIM]
    titles = [c.display_title.lower() for c in claims]
    assert titles == sorted(titles)
    # A selection made on the canvas while rows were still coming shows in the list.
    outline.rebuild()
    scene.select_only([ids[-1]])
    qtbot.waitUntil(lambda: not outline.filling, timeout=20_000)
    assert [r.data(0, Qt.ItemDataRole.UserRole) for r in outline.tree.selectedItems()] == [ids[-1]]
    outline.detach()
    scene.detach()


def test_moving_cards_keeps_the_outline_as_the_user_left_it(big_window: MainWindow) -> None:
    session = session_of(big_window)
    outline, board = session.outline, session.document.board
    outline.visible_card_ids()  # every row filled
    tree = outline.tree
    group = tree.topLevelItem(0)
    assert group is not None
    row, last = group.child(0), group.child(group.childCount() - 1)
    assert row is not None and last is not None
    tree.scrollToItem(last)
    scrolled = tree.verticalScrollBar().value()
    assert scrolled > 0
    card_id = str(row.data(0, Qt.ItemDataRole.UserRole))
    old = board.cards[card_id].geometry
    assert session.controller.submit(MoveCards(((card_id, old, old.moved_to(old.x + 48, old.y)),)))
    # Not rebuilt: the same rows, scrolled where the user left them.
    assert row.text(0) and tree.verticalScrollBar().value() == scrolled
    edited = edited_card(board.cards[card_id], "tester", title="Renamed in the test")
    assert session.controller.submit(EditCards(((board.cards[card_id], edited),)))
    assert card_id in outline.visible_card_ids()
    titles = []
    for g in range(tree.topLevelItemCount()):
        heading = tree.topLevelItem(g)
        assert heading is not None
        titles += [heading.child(r).text(0) for r in range(heading.childCount())]  # type: ignore[union-attr]
    assert "Renamed in the test" in titles


def test_fit_all_fits_the_cards_after_the_outermost_one_moves_in(
    big_window: MainWindow,
) -> None:
    session = session_of(big_window)
    scene, board = session.scene, session.document.board
    right = max(board.cards, key=lambda i: board.cards[i].geometry.x)
    old = board.cards[right].geometry
    assert session.controller.submit(MoveCards(((right, old, old.moved_to(0.0, 0.0)),)))
    lefts = [c.geometry.x for c in board.cards.values()]
    rights = [c.geometry.x + c.geometry.width for c in board.cards.values()]
    rect = scene.cards_rect()
    assert rect.left() == pytest.approx(min(lefts))
    assert rect.right() == pytest.approx(max(rights)) and rect.right() < old.x + old.width


def test_far_out_a_rename_keeps_the_overview_and_a_move_redraws_it(
    big_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = session_of(big_window)
    scene, board, view = session.scene, session.document.board, view_of(big_window)
    view.fit_board()
    overview = next(i for i in scene.items() if isinstance(i, OverviewItem))
    assert overview.isVisible()
    rebuilds: list[int] = []
    rebuild = OverviewItem.rebuild

    def counting(item: OverviewItem, changed: Board) -> None:
        rebuilds.append(1)
        rebuild(item, changed)

    monkeypatch.setattr(OverviewItem, "rebuild", counting)
    before = view.viewport().grab().toImage()
    card = next(iter(board.cards.values()))
    renamed = edited_card(card, "tester", title="Renamed far out")
    assert session.controller.submit(EditCards(((card, renamed),)))
    # Nothing the overview draws changed: same picture, nothing rebuilt.
    assert rebuilds == [] and view.viewport().grab().toImage() == before
    old = board.cards[card.id].geometry
    assert session.controller.submit(
        MoveCards(((card.id, old, old.moved_to(old.x, old.y + 2500)),))
    )
    assert rebuilds == [1] and view.viewport().grab().toImage() != before
