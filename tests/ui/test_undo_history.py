"""Undo and redo from the History panel and the toolbar, as the user drives them.

A click on a History row walks the undo stack one step at a time through the same
door as Edit > Undo: each step is written to the board file first, and the walk stops
at the first step the file or the board refuses, with the panel showing where the
board really is and the message bar saying why. The toolbar's Undo and Redo buttons
keep short labels however long the step's words are; the words are in the tooltip.
"""

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QToolBar, QToolButton
from pytestqt.qtbot import QtBot

from evidenceboard.model.cards import Geometry
from evidenceboard.model.changes import Batch, MoveCards
from evidenceboard.ui.board.commands import StackMovedElsewhereError
from evidenceboard.ui.window.main_window import MainWindow
from evidenceboard.ui.window.panels.fields import LineField
from tests.reliability.test_window_faults import (
    _assert_full_disk_message,
    _drag_card,
    _fill_disk,
    _free_disk,
    _pick,
    _stored,
)
from tests.window_fixtures import session_of

pytestmark = pytest.mark.xcb

LEFT, NONE = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


def _history(window: MainWindow) -> QAbstractItemView:
    """The list in the History dock, shown so that its rows can be clicked."""
    window.history_dock.show()
    window.history_dock.raise_()
    view = window.history_dock.widget()
    assert isinstance(view, QAbstractItemView)
    return view


def _click_row(view: QAbstractItemView, row: int) -> None:
    model = view.model()
    assert row < model.rowCount()
    rect = view.visualRect(model.index(row, 0))
    assert rect.isValid() and view.viewport().rect().contains(rect.center())
    QTest.mouseClick(view.viewport(), LEFT, NONE, rect.center())


def _current_row(view: QAbstractItemView) -> int:
    return view.currentIndex().row()


def test_a_history_click_on_a_full_disk_moves_neither_the_card_nor_the_history(
    window: MainWindow, demo_path: Path
) -> None:
    session = session_of(window)
    doc, stack, history = session.document, session.controller.undo_stack, _history(window)
    card, spare = _pick(window)
    _drag_card(window, card.id, QPoint(120, 80))
    moved = doc.board.card(card.id).geometry
    assert moved != card.geometry and stack.index() == stack.count() == 1
    assert _current_row(history) == 1
    item = session.scene.card_item(card.id)
    assert item is not None
    earlier = _fill_disk(doc, spare)

    _click_row(history, 0)  # "Opened": undo the move, on a full disk

    _assert_full_disk_message(window)
    assert stack.index() == 1, "the history moved although the undo was not written"
    assert _current_row(history) == 1, "the panel does not show where the board is"
    assert doc.board.card(card.id).geometry == moved
    assert (item.pos().x(), item.pos().y()) == (moved.x, moved.y)
    stored = _stored(demo_path, card.id)
    assert stored is not None and stored.geometry == moved

    _free_disk(doc, earlier)
    _click_row(history, 0)  # the retry, once the disk has room

    assert stack.index() == 0 and _current_row(history) == 0
    assert doc.board.card(card.id).geometry == card.geometry
    stored = _stored(demo_path, card.id)
    assert stored is not None and stored.geometry == card.geometry
    assert window.message_bar.text() == ""

    window.actions_by_name["redo"].trigger()  # redo is not refused afterwards

    assert window.message_bar.text() == ""
    assert stack.index() == 1 and _current_row(history) == 1
    assert doc.board.card(card.id).geometry == moved
    stored = _stored(demo_path, card.id)
    assert stored is not None and stored.geometry == moved


def _nudge(geometry: Geometry, dx: float) -> Geometry:
    return replace(geometry, x=geometry.x + dx)


def test_a_history_jump_stops_at_the_first_refused_step(
    window: MainWindow, demo_path: Path
) -> None:
    session = session_of(window)
    controller, doc, stack = session.controller, session.document, session.controller.undo_stack
    history = _history(window)
    first, second = sorted(doc.board.cards.values(), key=lambda c: c.id)[:2]
    assert controller.submit(MoveCards(((first.id, first.geometry, _nudge(first.geometry, 40)),)))
    assert controller.submit(
        MoveCards(((second.id, second.geometry, _nudge(second.geometry, 40)),))
    )
    assert stack.index() == 2
    # The first card is moved again behind the history's back (as a merge from a
    # colleague's copy would), so its step can no longer be undone.
    elsewhere = _nudge(first.geometry, 300)
    doc.apply(Batch((MoveCards(((first.id, _nudge(first.geometry, 40), elsewhere),)),), "m"))

    _click_row(history, 0)

    assert stack.index() == 1, "the walk did not stop at the refused step"
    assert _current_row(history) == 1
    assert "moved meanwhile" in window.message_bar.text()
    assert doc.board.card(second.id).geometry == second.geometry
    assert doc.board.card(first.id).geometry == elsewhere
    for card_id, geometry in ((first.id, elsewhere), (second.id, second.geometry)):
        stored = _stored(demo_path, card_id)
        assert stored is not None and stored.geometry == geometry

    _click_row(history, 2)  # forward again: the step that was undone is redone

    assert stack.index() == 2 and _current_row(history) == 2
    assert doc.board.card(second.id).geometry == _nudge(second.geometry, 40)


def test_history_keys_step_through_the_same_door(window: MainWindow) -> None:
    session = session_of(window)
    doc, stack, history = session.document, session.controller.undo_stack, _history(window)
    card, spare = _pick(window)
    _drag_card(window, card.id, QPoint(60, 40))
    earlier = _fill_disk(doc, spare)
    history.setFocus()

    QTest.keyClick(history, Qt.Key.Key_Up)

    _assert_full_disk_message(window)
    assert stack.index() == 1 and _current_row(history) == 1
    _free_disk(doc, earlier)
    QTest.keyClick(history, Qt.Key.Key_Up)
    assert stack.index() == 0 and _current_row(history) == 0
    assert doc.board.card(card.id).geometry == card.geometry


def test_a_stack_moved_behind_the_controllers_back_is_reported(
    window: MainWindow, qtbot: QtBot
) -> None:
    session = session_of(window)
    card, _spare = _pick(window)
    moved = _nudge(card.geometry, 25)
    assert session.controller.submit(MoveCards(((card.id, card.geometry, moved),)))

    with qtbot.captureExceptions() as raised:
        session.controller.undo_stack.setIndex(0)  # as QUndoView's clicks did

    assert [type(value) for _type, value, _tb in raised] == [StackMovedElsewhereError]
    assert session.document.board.card(card.id).geometry == moved, "a command wrote"


def _toolbar_button(window: MainWindow, name: str) -> QToolButton:
    toolbar = window.findChild(QToolBar, "main-toolbar")
    assert toolbar is not None
    button = toolbar.widgetForAction(window.actions_by_name[name])
    assert isinstance(button, QToolButton)
    return button


def _as_shown(tooltip: str) -> str:
    """A tooltip's words as Qt draws them (rich text when it looks like rich text)."""
    if not QtGui.Qt.mightBeRichText(tooltip):
        return tooltip
    text = QTextDocument()
    text.setHtml(tooltip)
    return text.toPlainText()


HOSTILE = "<b>Assad</b> left Damascus & flew to Moscow — <i>Tass</i>, 8 December"


@pytest.mark.parametrize("title", [HOSTILE, "Plain & short"])
def test_the_toolbar_says_undo_and_redo_and_the_tooltip_the_step(
    window: MainWindow, title: str
) -> None:
    session = session_of(window)
    card, _spare = _pick(window)
    session.scene.select_only([card.id])
    field = session.inspector.field("title")
    assert isinstance(field, LineField)
    field.edit.setFocus()
    field.edit.setText(title)  # QTest types no dash: set, then commit with the key
    QTest.keyClick(field.edit, Qt.Key.Key_Return)
    undo, redo = _toolbar_button(window, "undo"), _toolbar_button(window, "redo")
    words = session.controller.undo_stack.undoText()
    assert words.startswith("Edit")

    assert undo.text() == "Undo" and undo.isEnabled()
    assert _as_shown(undo.toolTip()) == f"Undo {words}"
    assert window.actions_by_name["undo"].text() == f"&Undo {words.replace('&', '&&')}"
    window.actions_by_name["undo"].trigger()
    assert redo.text() == "Redo" and redo.isEnabled()
    assert _as_shown(redo.toolTip()) == f"Redo {words}"
    assert undo.text() == "Undo" and not undo.isEnabled()
    assert _as_shown(undo.toolTip()) == "Undo"
