"""Nudging with the arrow keys, Tab navigation and pinch zoom on the real canvas."""

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from evidenceboard.demo import demo_id
from evidenceboard.storage import open_board
from evidenceboard.ui.window.main_window import MainWindow
from tests.window_fixtures import view_of


def _select(window: MainWindow, *names: str) -> list[str]:
    assert window.session is not None
    ids = [demo_id(n) for n in names]
    window.session.scene.select_only(ids)
    view_of(window).setFocus()
    return ids


def _geometry_in_file(path: Path, card_id: str) -> tuple[float, float]:
    with open_board(path, read_only=True) as doc:
        g = doc.board.cards[card_id].geometry
        return g.x, g.y


@pytest.mark.xcb
def test_arrow_nudges_merge_into_one_undo_step(window: MainWindow, demo_path: Path) -> None:
    assert window.session is not None
    tass, hurriyet = _select(window, "tass", "hurriyet")
    board = window.session.controller.board
    start = board.cards[tass].geometry
    view = view_of(window)
    for _ in range(3):
        QTest.keyClick(view, Qt.Key.Key_Right)
    QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    moved = board.cards[tass].geometry
    assert (moved.x, moved.y) == (start.x + 30, start.y + 50)
    assert _geometry_in_file(demo_path, tass) == (start.x + 30, start.y + 50)
    stack = window.session.controller.undo_stack
    assert stack.count() == 1
    assert stack.undoText() == "Move 2 cards"
    window.actions_by_name["undo"].trigger()
    assert (board.cards[tass].geometry.x, board.cards[tass].geometry.y) == (start.x, start.y)
    assert _geometry_in_file(demo_path, tass) == (start.x, start.y)
    assert hurriyet in window.session.scene.selected_card_ids()


def test_a_nudge_after_another_edit_is_a_new_step(window: MainWindow) -> None:
    assert window.session is not None
    _select(window, "note")
    view = view_of(window)
    QTest.keyClick(view, Qt.Key.Key_Left)
    _select(window, "tass")
    QTest.keyClick(view, Qt.Key.Key_Left)
    assert window.session.controller.undo_stack.count() == 2


def test_arrows_in_the_inspector_do_not_move_cards(window: MainWindow) -> None:
    assert window.session is not None
    (note,) = _select(window, "note")
    before = window.session.controller.board.cards[note].geometry
    title = window.session.inspector.field("title").widget
    title.setFocus()
    QTest.keyClick(title, Qt.Key.Key_Left)
    QTest.keyClick(title, Qt.Key.Key_Up)
    assert window.session.controller.board.cards[note].geometry == before
    assert window.session.controller.undo_stack.count() == 0


@pytest.mark.xcb
def test_tab_walks_the_cards_in_reading_order(window: MainWindow) -> None:
    assert window.session is not None
    scene = window.session.scene
    scene.clearSelection()
    view = view_of(window)
    view.setFocus()
    seen: list[str] = []
    for _ in range(len(window.session.controller.board.cards)):
        QTest.keyClick(view, Qt.Key.Key_Tab)
        (selected,) = scene.selected_card_ids()
        seen.append(selected)
    assert len(set(seen)) == len(seen) == 21
    # The top row of the demo board (Hurriyet, Tass, the analyst note) comes first.
    board = window.session.controller.board
    ys = [board.cards[i].geometry.y for i in seen]
    assert ys[0] == min(ys)
    QTest.keyClick(view, Qt.Key.Key_Backtab)
    assert scene.selected_card_ids() == [seen[-2]]


def test_pinch_zooms_around_the_fingers(window: MainWindow, qtbot: QtBot) -> None:
    from PySide6.QtGui import QNativeGestureEvent, QPointingDevice
    from PySide6.QtWidgets import QApplication

    view = view_of(window)
    before = view.scale_factor()
    centre = QPointF(view.viewport().rect().center())
    event = QNativeGestureEvent(
        Qt.NativeGestureType.ZoomNativeGesture,
        QPointingDevice.primaryPointingDevice(),
        2,
        centre,
        centre,
        view.viewport().mapToGlobal(centre),
        0.5,
        QPointF(),
    )
    QApplication.sendEvent(view.viewport(), event)
    assert view.scale_factor() > before * 1.3


def test_paste_lands_at_the_mouse_pointer(window: MainWindow, demo_path: Path) -> None:
    from PySide6.QtGui import QCursor

    assert window.session is not None
    _select(window, "tass", "hurriyet")
    window.actions_by_name["copy"].trigger()
    view = view_of(window)
    target = QPointF(2000.0, 1500.0)
    view.centerOn(target)
    QCursor.setPos(view.viewport().mapToGlobal(view.mapFromScene(target)))
    window.actions_by_name["paste"].trigger()
    board = window.session.controller.board
    pasted = window.session.scene.selected_card_ids()
    assert len(pasted) == 2
    left = min(board.cards[i].geometry.x for i in pasted)
    top = min(board.cards[i].geometry.y for i in pasted)
    # The pointer is a whole pixel on screen: allow a pixel's worth of scene units.
    tolerance = 1.5 / view.scale_factor()
    assert abs(left - target.x()) <= tolerance and abs(top - target.y()) <= tolerance
    # The two cards keep their arrangement: Tass sits left of the Hurriyet column.
    tass_copy = next(i for i in pasted if board.cards[i].title.startswith("Tass"))
    column_copy = next(i for i in pasted if i != tass_copy)
    assert board.cards[tass_copy].geometry.x < board.cards[column_copy].geometry.x
    with open_board(demo_path, read_only=True) as doc:
        assert all(i in doc.board.cards for i in pasted)
