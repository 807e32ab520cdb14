"""The window driven through the real viewport: create, move, link, edit, delete, undo."""

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from evidenceboard.model.cards import CardKind
from evidenceboard.model.links import LinkKind
from evidenceboard.storage.document import open_board
from evidenceboard.ui.board.clipboard import MIME_TYPE, cards_to_mime
from evidenceboard.ui.window.main_window import MainWindow
from tests.window_fixtures import (
    choose_link_kind,
    click_card_titled,
    drag_on_canvas,
    note_and_claim_in_view,
    note_centred,
    view_of,
)

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier


def _stored(path: Path) -> dict[str, tuple[float, float]]:
    with open_board(path, read_only=True) as doc:
        return {c.id: (c.geometry.x, c.geometry.y) for c in doc.board.cards.values()}


def test_window_opens_demo_board(window: MainWindow) -> None:
    assert window.session is not None
    board = window.session.document.board
    assert len(list(window.session.scene.card_items())) == len(board.cards) == 21
    assert "21 cards" in window.count_label.text()
    assert board.info.title in window.windowTitle()


@pytest.mark.xcb
def test_shortcut_creates_claim_and_file_has_it(window: MainWindow, demo_path: Path) -> None:
    view = view_of(window)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_C)
    assert window.session is not None
    board = window.session.document.board
    new = [c for c in board.cards.values() if c.title == "New claim"]
    assert len(new) == 1 and new[0].kind is CardKind.CLAIM
    assert window.session.scene.selected_card_ids() == [new[0].id]
    assert new[0].id in _stored(demo_path)
    assert window.actions_by_name["undo"].text() == "&Undo Add claim “New claim”"


@pytest.mark.xcb
def test_drag_moves_card_one_undo_step(window: MainWindow, demo_path: Path) -> None:
    card, item, _view = note_centred(window, 1.0)
    assert window.session is not None
    board = window.session.document.board
    start = item.scene_rect().center() + QPointF(0, 20)
    before = window.session.controller.undo_stack.count()
    drag_on_canvas(window, start, start + QPointF(150, 90))
    moved = board.card(card.id).geometry
    # Pixel positions map to scene units through the scroll offset: allow a unit.
    assert moved.x == pytest.approx(card.geometry.x + 150, abs=1)
    assert moved.y == pytest.approx(card.geometry.y + 90, abs=1)
    assert item.pos() == QPointF(moved.x, moved.y)
    assert _stored(demo_path)[card.id] == (moved.x, moved.y)
    assert window.session.controller.undo_stack.count() == before + 1
    window.actions_by_name["undo"].trigger()
    restored = board.card(card.id).geometry
    assert (restored.x, restored.y) == (card.geometry.x, card.geometry.y)
    assert _stored(demo_path)[card.id] == (card.geometry.x, card.geometry.y)
    window.actions_by_name["redo"].trigger()
    assert _stored(demo_path)[card.id] == (moved.x, moved.y)


@pytest.mark.xcb
def test_drag_from_handle_links_cards(window: MainWindow, demo_path: Path) -> None:
    note, claim, source, target = note_and_claim_in_view(window)
    assert window.session is not None
    scene, board = window.session.scene, window.session.document.board
    handle = QPointF(source.scene_rect().right() - 3, source.scene_rect().center().y())
    links_before = set(board.links)
    drag_on_canvas(window, handle, target.scene_rect().center(), Qt.KeyboardModifier.ShiftModifier)
    added = [board.links[i] for i in set(board.links) - links_before]
    assert len(added) == 1
    assert (added[0].source, added[0].target, added[0].kind) == (
        note.id,
        claim.id,
        LinkKind.CONTRADICTS,
    )
    assert scene.link_item(added[0].id) is not None
    with open_board(demo_path, read_only=True) as doc:
        assert added[0].id in doc.board.links


@pytest.mark.xcb
def test_link_kind_menu_without_modifier(window: MainWindow, qtbot: QtBot) -> None:
    _note, _claim, source, target = note_and_claim_in_view(window)
    assert window.session is not None
    board = window.session.document.board
    handle = QPointF(source.scene_rect().right() - 3, source.scene_rect().center().y())
    before = set(board.links)
    drag_on_canvas(window, handle, target.scene_rect().center())
    choose_link_kind(LinkKind.DERIVED_FROM)
    added = [board.links[i] for i in set(board.links) - before]
    assert [link.kind for link in added] == [LinkKind.DERIVED_FROM]


@pytest.mark.xcb
def test_delete_and_undo_restore_card_with_links(window: MainWindow, demo_path: Path) -> None:
    claim, _item, view = click_card_titled(window, "H1")
    assert window.session is not None
    scene, board = window.session.scene, window.session.document.board
    link_ids = {link.id for link in board.links_of(claim.id)}
    assert link_ids
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert claim.id not in board.cards and scene.card_item(claim.id) is None
    assert claim.id not in _stored(demo_path)
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert board.cards[claim.id] == claim
    assert {link.id for link in board.links_of(claim.id)} == link_ids
    assert scene.card_item(claim.id) is not None
    assert claim.id in _stored(demo_path)


def test_undo_redo_survive_reopen(window: MainWindow, demo_path: Path) -> None:
    assert window.session is not None
    view = view_of(window)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_N)
    board = window.session.document.board
    note_ids = {c.id for c in board.cards.values() if c.title == "New note"}
    window.actions_by_name["undo"].trigger()
    shown = {i.card_id for i in window.session.scene.card_items()}
    assert not note_ids & shown
    window.close_board()
    assert set(_stored(demo_path)) == shown
    assert window.open_path(demo_path)
    assert window.session is not None
    assert {i.card_id for i in window.session.scene.card_items()} == shown


@pytest.mark.xcb
def test_zoom_and_pan(window: MainWindow) -> None:
    view = view_of(window)
    view.set_zoom(1.0)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.scale_factor() > 1.0
    assert window.zoom_label.text() == f"{round(view.scale_factor() * 100)} %"
    QTest.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.scale_factor() == 1.0
    centre = view.mapToScene(view.viewport().rect().center())
    vp = view.viewport()
    a = vp.rect().center()
    QTest.mousePress(vp, Qt.MouseButton.MiddleButton, NONE, a)
    QTest.mouseMove(vp, a + a.__class__(-100, -60))
    QTest.mouseRelease(vp, Qt.MouseButton.MiddleButton, NONE, a + a.__class__(-100, -60))
    moved = view.mapToScene(view.viewport().rect().center())
    assert (moved - centre).x() > 90 and (moved - centre).y() > 50
    window.actions_by_name["fit"].trigger()
    assert (
        view.mapToScene(vp.rect())
        .boundingRect()
        .contains(window.session.scene.cards_rect() if window.session else QPointF())
    )


def _hostile_clipboard(window: MainWindow, kind: str) -> bytes:
    assert window.session is not None
    document = window.session.document
    if kind == "nested 200,000 deep":
        return b'{"cards": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    some = list(document.board.cards)[:1]
    payload = json.loads(bytes(cards_to_mime(document, some).data(MIME_TYPE).data()))
    payload["cards"][0]["geometry"]["x"] = 10**400  # valid JSON, but no float
    return json.dumps(payload).encode()


@pytest.mark.xcb
@pytest.mark.parametrize("kind", ["nested 200,000 deep", "a 400-digit coordinate"])
def test_a_hostile_clipboard_pastes_nothing_and_says_so(
    window: MainWindow, demo_path: Path, kind: str
) -> None:
    # Any program can put data of our type on the clipboard.
    assert window.session is not None
    board = window.session.document.board
    before = set(board.cards)
    mime = QMimeData()
    mime.setData(MIME_TYPE, _hostile_clipboard(window, kind))
    QGuiApplication.clipboard().setMimeData(mime)
    view = view_of(window)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert set(board.cards) == before
    assert window.message_bar.text().startswith("Nothing was pasted: ")
    assert set(_stored(demo_path)) == before


@pytest.mark.xcb
def test_copy_paste_gives_new_cards_and_links(window: MainWindow, demo_path: Path) -> None:
    assert window.session is not None
    scene, board = window.session.scene, window.session.document.board
    tass = next(c for c in board.cards.values() if c.title.startswith("Tass repeats"))
    selvi = next(c for c in board.cards.values() if c.title.startswith("Selvi"))
    scene.select_only([tass.id, selvi.id])
    view = view_of(window)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    pasted = scene.selected_card_ids()
    assert len(pasted) == 2 and not {tass.id, selvi.id} & set(pasted)
    copies = [board.card(i) for i in pasted]
    assert {c.title for c in copies} == {tass.title, selvi.title}
    assert len(board.links_between(pasted)) == 1
    assert set(pasted) <= set(_stored(demo_path))
