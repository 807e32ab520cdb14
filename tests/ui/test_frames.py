"""Frames in the window: made around a selection, dragged with their cards, joined by
a card dropped inside, collapsed to their name; each gesture one undo step, on disk."""

from pathlib import Path
from typing import NamedTuple

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from evidenceboard.model.cards import CardKind, FrameContent
from evidenceboard.model.changes import AddCards
from evidenceboard.model.factory import make_card
from evidenceboard.model.frames import TITLE_BAND, frame_index
from evidenceboard.storage.document import open_board
from evidenceboard.ui.board.scene.frame_item import FrameItem
from evidenceboard.ui.window.main_window import MainWindow
from evidenceboard.ui.window.session import BoardSession
from tests.window_fixtures import drag_on_canvas, session_of, view_of, view_point

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _notes(window: MainWindow) -> list[str]:
    """Three notes away from the demo's cards: two side by side and one below."""
    assert window.session is not None
    cards = [
        make_card(CardKind.NOTE, "Flight log", "ana", x=6000, y=6000),
        make_card(CardKind.NOTE, "Radar track", "ana", x=6300, y=6000),
        make_card(CardKind.NOTE, "Loose note", "ana", x=6000, y=6600),
    ]
    assert window.session.controller.submit(AddCards(tuple(cards)))
    return [c.id for c in cards]


def _frame_around(window: MainWindow, card_ids: list[str]) -> FrameItem:
    assert window.session is not None
    session = window.session
    view = view_of(window)
    session.scene.select_only(card_ids)
    view.centre_on_card(card_ids[0])
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_G, CTRL)
    (frame_id,) = session.scene.selected_card_ids()
    editor = view.title_editor
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    QTest.keyClicks(editor, "Doha talks")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    item = session.scene.frame_item(frame_id)
    assert item is not None
    return item


class Framed(NamedTuple):
    """Two notes framed as "Doha talks", and a loose note below them."""

    session: BoardSession
    item: FrameItem
    first: str
    second: str
    loose: str


@pytest.fixture
def framed(window: MainWindow) -> Framed:
    first, second, loose = _notes(window)
    item = _frame_around(window, [first, second])
    return Framed(session_of(window), item, first, second, loose)


def _band(item: FrameItem) -> QPointF:
    """On the frame's name, left of the link handle in the middle of its top."""
    rect = item.scene_rect()
    return QPointF(rect.left() + 70, rect.top() + TITLE_BAND / 2)


@pytest.mark.xcb
def test_a_frame_is_made_around_the_selection_and_kept_on_disk(
    framed: Framed, demo_path: Path
) -> None:
    session, item, first, second, _ = framed
    board = session.document.board
    frame = board.cards[item.card_id]
    assert frame.title == "Doha talks"
    assert frame_index(board) == {first: frame.id, second: frame.id}
    assert session.outline.tree.findItems("Frames (1)", Qt.MatchFlag.MatchExactly)
    with open_board(demo_path, read_only=True) as doc:
        stored = doc.board.cards[frame.id].content
        assert isinstance(stored, FrameContent) and set(stored.members) == {first, second}


@pytest.mark.xcb
def test_dragging_a_frame_moves_its_cards_and_one_undo_puts_them_back(
    window: MainWindow, framed: Framed
) -> None:
    session, item, first, second, loose = framed
    board = session.document.board
    before = {i: board.cards[i].geometry for i in (item.card_id, first, second, loose)}
    drag_on_canvas(window, _band(item), _band(item) + QPointF(150, 90))
    for card_id in (item.card_id, first, second):
        moved = board.cards[card_id].geometry
        assert (moved.x - before[card_id].x, moved.y - before[card_id].y) == pytest.approx(
            (150, 90), abs=2
        )
    assert board.cards[loose].geometry == before[loose]
    window.actions_by_name["undo"].trigger()
    assert {i: board.cards[i].geometry for i in before} == before


@pytest.mark.xcb
def test_a_card_dropped_in_a_frame_joins_it_and_dragged_out_leaves_it(
    window: MainWindow, framed: Framed
) -> None:
    session, item, first, _, loose = framed
    board = session.document.board
    loose_item = session.scene.card_item(loose)
    assert loose_item is not None
    start = loose_item.scene_rect().center()
    inside = QPointF(item.scene_rect().right() - 60, item.scene_rect().bottom() - 40)
    view = view_of(window)
    vp = view.viewport()
    QTest.mousePress(vp, LEFT, NONE, view_point(view, start))
    QTest.mouseMove(vp, view_point(view, (start + inside) / 2))
    QTest.mouseMove(vp, view_point(view, inside))
    # While the card is over the frame, the frame shows it would take it.
    assert item.drop_target
    QTest.mouseRelease(vp, LEFT, NONE, view_point(view, inside))
    assert not item.drop_target
    assert frame_index(board)[loose] == item.card_id
    assert window.actions_by_name["undo"].text() == "&Undo Move a card into the frame “Doha talks”"
    window.actions_by_name["undo"].trigger()
    assert loose not in frame_index(board)
    window.actions_by_name["redo"].trigger()
    first_item = session.scene.card_item(first)
    assert first_item is not None
    centre = first_item.scene_rect().center()
    drag_on_canvas(window, centre, centre + QPointF(0, -900))
    assert first not in frame_index(board)


@pytest.mark.xcb
def test_a_collapsed_frame_hides_its_cards_and_says_how_many(
    window: MainWindow, framed: Framed
) -> None:
    session, item, first, second, _ = framed
    view = view_of(window)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_G, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert item.collapsed
    for card_id in (first, second):
        card = session.scene.card_item(card_id)
        assert card is not None and not card.isVisible()
    assert item.scene_rect().height() < 100
    window.actions_by_name["undo"].trigger()
    assert not item.collapsed
    assert all(
        (c := session.scene.card_item(i)) is not None and c.isVisible() for i in (first, second)
    )


@pytest.mark.xcb
def test_a_press_inside_a_frame_reaches_the_canvas_not_the_frame(
    window: MainWindow, framed: Framed
) -> None:
    session, item = framed.session, framed.item
    session.scene.select_only([])
    rect = item.scene_rect()
    # Between the two cards, below the band: empty frame inside.
    gap = QPointF(rect.left() + 24 + 240 + 30, rect.top() + TITLE_BAND + 60)
    assert session.scene.card_at(gap) is None
    view = view_of(window)
    QTest.mouseClick(view.viewport(), LEFT, NONE, view_point(view, gap))
    assert session.scene.selected_card_ids() == []
    QTest.mouseClick(view.viewport(), LEFT, NONE, view_point(view, _band(item)))
    assert session.scene.selected_card_ids() == [item.card_id]
