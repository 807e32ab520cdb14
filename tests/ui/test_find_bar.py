"""The find bar: how many cards match, stepping through them, and saying when none do."""

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from evidenceboard.ui.window.main_window import MainWindow
from evidenceboard.ui.window.panels.outline import card_matches
from tests.window_fixtures import view_of

SHIFT = Qt.KeyboardModifier.ShiftModifier


def _open_find(window: MainWindow, query: str) -> None:
    view = view_of(window)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible() and window.find_bar.hasFocus()
    QTest.keyClicks(window.find_bar, query)


def _count(window: MainWindow) -> str:
    return window.find_row.count.text()


def _shown(window: MainWindow) -> str:
    """The one selected card, checked to be where the canvas is centred."""
    assert window.session is not None
    selected = window.session.scene.selected_card_ids()
    assert len(selected) == 1
    view = view_of(window)
    item = window.session.scene.card_item(selected[0])
    assert item is not None
    # Within a few screen pixels: centring rounds to whole pixels.
    gap = view.mapFromScene(item.scene_rect().center()) - view.viewport().rect().center()
    assert abs(gap.x()) <= 2 and abs(gap.y()) <= 2, gap
    return selected[0]


@pytest.mark.xcb
def test_find_counts_and_steps_through_matches_centring_each(window: MainWindow) -> None:
    assert window.session is not None
    board = window.session.document.board
    expected = {c.id for c in board.cards.values() if card_matches(c, "israel")}
    assert len(expected) == 8
    # Start far from every card, so each step has to move the canvas.
    view_of(window).centerOn(QPointF(-5000, -5000))
    _open_find(window, "israel")
    assert _count(window) == "8 matches"
    assert window.session.scene.selected_card_ids() == []

    QTest.keyClick(window.find_bar, Qt.Key.Key_F3)
    assert _count(window) == "1 of 8"
    first = _shown(window)
    QTest.keyClick(window.find_bar, Qt.Key.Key_Return)
    QTest.keyClick(window.find_bar, Qt.Key.Key_F3)
    assert _count(window) == "3 of 8"
    third = _shown(window)
    QTest.keyClick(window.find_bar, Qt.Key.Key_F3, SHIFT)
    assert _count(window) == "2 of 8"
    second = _shown(window)
    assert len({first, second, third}) == 3

    seen = [second]
    for _ in range(7):
        QTest.keyClick(window.find_bar, Qt.Key.Key_Return)
        seen.append(_shown(window))
    # Eight steps visit every match once and wrap round to the first.
    assert set(seen) == expected
    assert _count(window) == "1 of 8" and seen[-1] == first
    QTest.keyClick(window.find_bar, Qt.Key.Key_Return, SHIFT)
    assert _count(window) == "8 of 8"
    # The matches are stepped through top to bottom on the board.
    tops = [board.cards[i].geometry.y for i in [first, second, third]]
    assert tops == sorted(tops)


@pytest.mark.xcb
def test_find_says_no_matches_and_keeps_the_selection(window: MainWindow) -> None:
    assert window.session is not None
    scene = window.session.scene
    some = next(iter(window.session.document.board.cards))
    scene.select_only([some])
    _open_find(window, "zzzz")
    assert _count(window) == "No matches"
    assert not window.find_row.next_button.isEnabled()
    QTest.keyClick(window.find_bar, Qt.Key.Key_F3)
    assert _count(window) == "No matches"
    assert scene.selected_card_ids() == [some]
    # Emptying the query clears the count; Esc closes the bar and the canvas has the keys.
    window.find_bar.clear()
    assert _count(window) == ""
    QTest.keyClick(window.find_bar, Qt.Key.Key_Escape)
    assert not window.find_row.isVisible()
    assert view_of(window).hasFocus()


@pytest.mark.xcb
def test_find_count_follows_board_edits(window: MainWindow) -> None:
    assert window.session is not None
    board = window.session.document.board
    _open_find(window, "deal")
    assert _count(window) == "3 matches"
    QTest.keyClick(window.find_bar, Qt.Key.Key_F3)
    shown = _shown(window)
    # Deleting a match that is not the one shown keeps the shown one, renumbered.
    others = [i for i in window.find_row.matches if i != shown]
    window.session.scene.select_only([others[0]])
    window.session.editor.delete_selection()
    assert others[0] not in board.cards
    assert _count(window) in ("1 of 2", "2 of 2")
    assert window.find_row.matches[window.find_row.current] == shown
