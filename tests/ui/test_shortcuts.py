"""The window's keyboard shortcuts: one action per key, and Undo/Redo from the keys.

Qt refuses a key that two enabled actions of a window share, or that one action lists
twice ("Ambiguous shortcut overload"), and then the key does nothing. Which keys a
standard shortcut means depends on the platform, so CI runs these tests on a real X
server too (the ``xcb`` marker).
"""

import re
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from evidenceboard.model.changes import EditCards, MoveCards
from evidenceboard.storage.document import open_board
from evidenceboard.ui.window.main_window import MainWindow
from tests.window_fixtures import click_card_titled

pytestmark = pytest.mark.xcb

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
PORTABLE = QKeySequence.SequenceFormat.PortableText


def _keys_of(action: QAction) -> list[str]:
    return [k.toString(PORTABLE) for k in action.shortcuts() if not k.isEmpty()]


def _move_and_undo(window: MainWindow) -> None:
    """One step to undo and one to redo, so that both actions are enabled."""
    assert window.session is not None
    controller, board = window.session.controller, window.session.document.board
    for card in sorted(board.cards.values(), key=lambda c: c.id)[:2]:
        moved = replace(card.geometry, x=card.geometry.x + 30)
        assert controller.submit(MoveCards(((card.id, card.geometry, moved),)))
    window.actions_by_name["undo"].trigger()


def test_no_action_lists_a_key_twice(window: MainWindow) -> None:
    twice = {
        action.objectName() or action.text(): keys
        for action in window.findChildren(QAction)
        if len(keys := _keys_of(action)) != len(set(keys))
    }
    assert not twice, f"actions listing a key more than once: {twice}"


def test_no_two_enabled_actions_share_a_key(window: MainWindow) -> None:
    _move_and_undo(window)
    acts = window.actions_by_name
    assert acts["undo"].isEnabled() and acts["redo"].isEnabled()
    owners: dict[str, set[str]] = {}
    for action in window.findChildren(QAction):
        if action.isEnabled():
            for key in set(_keys_of(action)):
                owners.setdefault(key, set()).add(action.objectName() or action.text())
    shared = {key: names for key, names in owners.items() if len(names) > 1}
    assert not shared, f"keys of more than one enabled action: {shared}"


def test_redo_has_the_platforms_key_and_both_usual_ones(window: MainWindow) -> None:
    redo = [k.toString(PORTABLE) for k in window.actions_by_name["redo"].shortcuts()]
    standard = [
        k.toString(PORTABLE) for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    ]
    assert {"Ctrl+Shift+Z", "Ctrl+Y", *standard} == set(redo)
    assert len(redo) == len(set(redo))


def _stored_ids(path: Path) -> set[str]:
    with open_board(path, read_only=True) as doc:
        return set(doc.board.cards)


@pytest.mark.parametrize(
    ("key", "modifiers"), [(Qt.Key.Key_Z, CTRL | SHIFT), (Qt.Key.Key_Y, CTRL)], ids=["shift-z", "y"]
)
def test_redo_keys_redo_a_deleted_card(
    window: MainWindow,
    demo_path: Path,
    qtlog: object,
    key: Qt.Key,
    modifiers: Qt.KeyboardModifier,
) -> None:
    card, _item, view = click_card_titled(window, "H1")
    assert window.session is not None
    board, stack = window.session.document.board, window.session.controller.undo_stack
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert card.id not in board.cards
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert card.id in board.cards and stack.index() == stack.count() - 1

    QTest.keyClick(view, key, modifiers)
    QApplication.processEvents()

    messages = [r.message for r in qtlog.records]  # type: ignore[attr-defined]
    assert not [m for m in messages if "mbiguous shortcut" in m], messages
    assert card.id not in board.cards, "the redo key did nothing"
    assert stack.index() == stack.count()
    assert card.id not in _stored_ids(demo_path)


def test_the_edit_menu_names_the_step_and_undoes_it_from_its_mnemonic(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.session is not None
    controller, board = window.session.controller, window.session.document.board
    card = next(c for c in board.cards.values() if c.title.startswith("H1"))
    retitled = replace(card, title="R&D budget & staff")
    assert controller.submit(EditCards(((card, retitled),)))
    undo = window.actions_by_name["undo"]
    assert undo.text() == "&Undo Edit claim “R&&D budget && staff”"
    edit = window.menus["edit"]

    QTest.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(edit.isVisible)
    assert edit.activeAction() is None or edit.activeAction() is undo
    QTest.keyClick(edit, Qt.Key.Key_U)  # the one mnemonic of the entry: "&Undo"

    qtbot.waitUntil(lambda: not edit.isVisible())
    assert board.card(card.id) == card


def _mnemonic(text: str) -> str | None:
    match = re.search(r"&([^&])", text.replace("&&", ""))
    return match.group(1).casefold() if match else None


def _clashes(menu: QMenu, path: str) -> list[str]:
    found: dict[str, list[str]] = {}
    problems: list[str] = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        key = _mnemonic(action.text())
        if key is not None:
            found.setdefault(key, []).append(action.text())
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            problems += _clashes(submenu, f"{path} > {action.text()}")
    problems += [
        f"{path}: {', '.join(texts)} share Alt+{key}"
        for key, texts in found.items()
        if len(texts) > 1
    ]
    return problems


@pytest.mark.xcb
def test_no_two_entries_of_a_menu_share_an_access_key(window: MainWindow) -> None:
    bar = window.menuBar()
    top = [a.text() for a in bar.actions()]
    keys = [_mnemonic(t) for t in top]
    assert None not in keys and len(set(keys)) == len(keys), top
    problems: list[str] = []
    for action in bar.actions():
        menu = action.menu()
        assert isinstance(menu, QMenu)
        problems += _clashes(menu, action.text())
    assert not problems, "\n".join(problems)
