"""Renaming a card in place: the field matches the card's title and closes on Enter."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from evidenceboard.ui.board.scene.card_item import TITLE_FONT
from evidenceboard.ui.window.main_window import MainWindow
from tests.window_fixtures import note_centred, view_point

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier


@pytest.mark.xcb
@pytest.mark.parametrize("zoom", [1.0, 1.6, 0.6])
def test_title_editor_matches_the_card_and_closes_on_enter(window: MainWindow, zoom: float) -> None:
    card, item, view = note_centred(window, zoom)
    assert window.session is not None
    scene, board = window.session.scene, window.session.document.board
    # Selected first, as a double-click on a card leaves it: Enter must not reopen it.
    scene.select_only([card.id])
    QTest.mouseDClick(view.viewport(), LEFT, NONE, view_point(view, item.title_rect().center()))
    editor = view.title_editor
    assert editor is not None and editor.isVisible()
    assert editor.font().pixelSize() == round(TITLE_FONT.pixelSize() * zoom)
    card_rect = view.mapFromScene(item.scene_rect()).boundingRect()
    assert card_rect.contains(editor.geometry())
    # The text is not clipped: the field is tall enough for the font.
    assert editor.height() >= editor.fontMetrics().height()
    before = window.session.controller.undo_stack.count()
    editor.selectAll()
    QTest.keyClicks(editor, "Renamed in place")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    assert not editor.isVisible()
    assert view.title_editor is None or not view.title_editor.isVisible()
    assert board.card(card.id).title == "Renamed in place"
    assert window.session.controller.undo_stack.count() == before + 1
