"""Making links: handles on every side, a forgiving hit area, and the L key."""

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from evidenceboard.model.cards import CardKind
from evidenceboard.model.links import LinkKind
from evidenceboard.ui.board.scene.card_item import CardItem
from evidenceboard.ui.window.main_window import MainWindow
from tests.window_fixtures import (
    choose_link_kind,
    drag_on_canvas,
    note_and_claim_in_view,
    session_of,
    view_of,
    view_point,
)

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _side(item: CardItem, side: str) -> QPointF:
    r = item.scene_rect()
    return {
        "left": QPointF(r.left(), r.center().y()),
        "right": QPointF(r.right(), r.center().y()),
        "top": QPointF(r.center().x(), r.top()),
        "bottom": QPointF(r.center().x(), r.bottom()),
    }[side]


def _new_links(window: MainWindow, before: set[str]) -> list[tuple[str, str, LinkKind]]:
    board = session_of(window).document.board
    return [
        (board.links[i].source, board.links[i].target, board.links[i].kind)
        for i in set(board.links) - before
    ]


@pytest.mark.xcb
@pytest.mark.parametrize(
    ("side", "offset"),
    [
        ("left", QPointF(0, 0)),
        ("right", QPointF(0, 0)),
        ("top", QPointF(0, 0)),
        ("bottom", QPointF(0, 0)),
        ("right", QPointF(7, 4)),  # outside the card, a few px off the dot
        ("top", QPointF(-5, -6)),
    ],
)
def test_a_handle_on_any_side_drags_out_a_link(
    window: MainWindow, side: str, offset: QPointF
) -> None:
    note, claim, source, target = note_and_claim_in_view(window)
    before = set(session_of(window).document.board.links)
    drag_on_canvas(
        window, _side(source, side) + offset, target.scene_rect().center(), SHIFT, hover=True
    )
    assert _new_links(window, before) == [(note.id, claim.id, LinkKind.CONTRADICTS)]


@pytest.mark.xcb
def test_a_press_on_a_handle_where_a_link_attaches_starts_a_new_link(
    window: MainWindow,
) -> None:
    note, claim, source, target = note_and_claim_in_view(window)
    session = session_of(window)
    scene, board = session.scene, session.document.board
    other = next(
        c
        for c in board.cards.values()
        if c.id not in (note.id, claim.id) and c.kind is CardKind.CLAIM
    )
    other_item = scene.card_item(other.id)
    assert other_item is not None
    # Put the other card straight right of the source: their link leaves the source
    # exactly at its right handle.
    other_item.setPos(source.scene_rect().right() + 200, source.y())
    scene.select_only([])
    before = set(board.links)
    drag_on_canvas(
        window, _side(source, "right"), other_item.scene_rect().center(), SHIFT, hover=True
    )
    first = _new_links(window, before)
    assert first == [(note.id, other.id, LinkKind.CONTRADICTS)]
    before = set(board.links)
    drag_on_canvas(window, _side(source, "right"), target.scene_rect().center(), SHIFT, hover=True)
    assert _new_links(window, before) == [(note.id, claim.id, LinkKind.CONTRADICTS)]


def _start_keyboard_link(window: MainWindow, card_id: str) -> set[str]:
    """Select the card and press L; the ids of the links the board had before."""
    session = session_of(window)
    before = set(session.document.board.links)
    session.scene.select_only([card_id])
    view = view_of(window)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_L)
    return before


@pytest.mark.xcb
def test_l_then_a_click_links_and_the_inspector_shows_the_link(window: MainWindow) -> None:
    note, claim, _source, target = note_and_claim_in_view(window)
    session = session_of(window)
    before = _start_keyboard_link(window, note.id)
    view = view_of(window)
    QTest.mouseClick(view.viewport(), LEFT, SHIFT, view_point(view, target.scene_rect().center()))
    added = set(session.document.board.links) - before
    assert _new_links(window, before) == [(note.id, claim.id, LinkKind.CONTRADICTS)]
    assert session.scene.selected_link_ids() == list(added)
    assert session.inspector.heading.text().startswith("Link: ")


@pytest.mark.xcb
def test_l_then_typing_a_title_picks_the_target(window: MainWindow) -> None:
    note, claim, _source, _target = note_and_claim_in_view(window)
    before = _start_keyboard_link(window, note.id)
    picker = QApplication.focusWidget()
    assert isinstance(picker, QLineEdit) and picker.objectName() == "link-target-picker"
    QTest.keyClicks(picker, claim.title[:4].lower())
    QTest.keyClick(picker, Qt.Key.Key_Return)
    choose_link_kind(LinkKind.RELATED)
    assert _new_links(window, before) == [(note.id, claim.id, LinkKind.RELATED)]


@pytest.mark.xcb
def test_esc_cancels_keyboard_linking(window: MainWindow) -> None:
    note, _claim, _source, target = note_and_claim_in_view(window)
    session = session_of(window)
    before = _start_keyboard_link(window, note.id)
    picker = QApplication.focusWidget()
    assert isinstance(picker, QLineEdit)
    QTest.keyClick(picker, Qt.Key.Key_Escape)
    assert not picker.isVisible()
    view = view_of(window)
    QTest.mouseClick(view.viewport(), LEFT, NONE, view_point(view, target.scene_rect().center()))
    assert set(session.document.board.links) == before
    assert session.scene.selected_card_ids() == [target.card_id]
