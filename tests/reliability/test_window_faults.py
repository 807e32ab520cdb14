"""A full disk and a crash, seen from the real window (T-C4, T-L2).

The promise to the user: a write that fails changes neither the file nor the board on
screen except for the edit being made, which stays where the user made it, with a clear
message, to retry. The disk is made full the way it fills up in real use: the board file
is capped at its current size (``PRAGMA max_page_count``) and small changes are saved
until one no longer fits, so the next change of any size fails with SQLite's own
``SQLITE_FULL``. Then each gesture goes through the real widgets: typing a title in the
inspector, dragging a card with the mouse, creating a card from the toolbar and with its
shortcut. Finally a process editing a board is killed, and the window opens the board
(taking over the dead process's lock) and shows every change that process reported saved.
"""

import json
import subprocess
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.changes import Batch, MoveCards
from evidenceboard.storage import BoardDocument, WriteFailedError, open_board
from evidenceboard.storage.lock import lock_path
from evidenceboard.ui.window.main_window import MainWindow
from evidenceboard.ui.window.panels.fields import LineField
from evidenceboard.ui.window.session import BoardSession
from tests.reliability.helpers import digest, record
from tests.reliability.test_crash_loop import (
    Model,
    _model,
    kill_crash_child,
    replay,
    start_crash_child,
)
from tests.window_fixtures import answer_read_only, new_window, session_of

if TYPE_CHECKING:
    from collections.abc import Callable

LEFT, NONE = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
TYPED = "Selvi column, checked against the Tass wire"
KEPT = "full-disk edits in the window kept on screen and retried"


# The window comes from tests/window_fixtures.py, built as every window test builds it.
pytestmark = pytest.mark.usefixtures("window_guard")


# -- a full disk ----------------------------------------------------------------------------


def _fill_disk(doc: BoardDocument, spare: Card) -> int:
    """Cap the file at its size and save tiny changes until one no longer fits.

    The tiny changes nudge ``spare`` (a card the test does not touch) by one unit and
    back. Returns the earlier cap, for :func:`_free_disk`.
    """
    connection = doc._connection
    earlier = int(connection.execute("PRAGMA max_page_count").fetchone()[0])
    pages = int(connection.execute("PRAGMA page_count").fetchone()[0])
    connection.execute(f"PRAGMA max_page_count = {pages}")
    for n in range(2000):
        g = doc.board.cards[spare.id].geometry
        nudge = g.moved_to(g.x + (1 if n % 2 == 0 else -1), g.y)
        try:
            doc.apply(Batch((MoveCards(((spare.id, g, nudge),)),), "m"))
        except WriteFailedError:
            return earlier
    raise AssertionError("the capped board file never filled up")


def _free_disk(doc: BoardDocument, earlier: int) -> None:
    doc._connection.execute(f"PRAGMA max_page_count = {earlier}")


def _stored(path: Path, card_id: str) -> Card | None:
    with open_board(path, read_only=True) as doc:
        return doc.board.cards.get(card_id)


def _pick(window: MainWindow) -> tuple[Card, Card]:
    """The card the user edits (the Selvi column) and a spare one for filling the disk."""
    board = session_of(window).document.board
    card = next(c for c in board.cards.values() if c.title.startswith("Selvi column"))
    spare = min((c for c in board.cards.values() if c.id != card.id), key=lambda c: c.id)
    return card, spare


def _fill_disk_of_window(window: MainWindow) -> tuple[BoardSession, Card, int]:
    """Fill the disk of the window's board; its session, the card edited, the earlier cap."""
    session = session_of(window)
    card, spare = _pick(window)
    return session, card, _fill_disk(session.document, spare)


def _assert_full_disk_message(window: MainWindow) -> None:
    text = window.message_bar.text()
    assert "could not be saved" in text and "disk is full" in text, text


def test_a_title_typed_on_a_full_disk_stays_in_the_field_to_retry(
    window: MainWindow, demo_path: Path
) -> None:
    session, card, earlier = _fill_disk_of_window(window)
    doc, stack = session.document, session.controller.undo_stack
    session.scene.select_only([card.id])
    field = session.inspector.field("title")
    assert isinstance(field, LineField) and field.edit.text() == card.title
    before_file, steps = digest(demo_path), stack.count()
    assert window.message_bar.text() == ""

    field.edit.setFocus()
    field.edit.selectAll()
    QTest.keyClicks(field.edit, TYPED)
    QTest.keyClick(field.edit, Qt.Key.Key_Return)

    _assert_full_disk_message(window)
    assert field.edit.text() == TYPED, "the typed title was lost"
    assert doc.board.card(card.id).title == card.title
    assert digest(demo_path) == before_file
    stored = _stored(demo_path, card.id)
    assert stored is not None and stored.title == card.title
    assert stack.count() == steps, "a failed edit must not be an undo step"

    _free_disk(doc, earlier)
    QTest.keyClick(field.edit, Qt.Key.Key_Return)  # the retry

    assert doc.board.card(card.id).title == TYPED
    stored = _stored(demo_path, card.id)
    assert stored is not None and stored.title == TYPED
    assert stack.count() == steps + 1
    assert window.message_bar.text() == ""
    record(KEPT, 1)


def _drag_card(window: MainWindow, card_id: str, by: QPoint) -> QPointF:
    """Drag a card with the mouse on the viewport; the item's position just before release."""
    session = session_of(window)
    view, scene = session.view, session.scene
    view.set_zoom(1.0)
    view.centre_on_card(card_id)
    item = scene.card_item(card_id)
    assert item is not None
    start = view.mapFromScene(item.scene_rect().center())
    viewport = view.viewport()
    QTest.mousePress(viewport, LEFT, NONE, start)
    for step in range(1, 6):
        QTest.mouseMove(viewport, start + by * step / 5)
    moving = item.pos()
    QTest.mouseRelease(viewport, LEFT, NONE, start + by)
    return moving


@pytest.mark.xcb
def test_a_card_dragged_on_a_full_disk_snaps_back_and_the_drag_can_be_retried(
    window: MainWindow, demo_path: Path
) -> None:
    session, card, earlier = _fill_disk_of_window(window)
    doc, stack = session.document, session.controller.undo_stack
    item = session.scene.card_item(card.id)
    assert item is not None
    origin = QPointF(card.geometry.x, card.geometry.y)
    assert item.pos() == origin
    before_file, steps = digest(demo_path), stack.count()
    assert window.message_bar.text() == ""

    moving = _drag_card(window, card.id, QPoint(120, 80))

    assert moving != origin, "the drag did not move the card while the button was down"
    _assert_full_disk_message(window)
    assert item.pos() == origin, "the card did not snap back"
    assert doc.board.card(card.id).geometry == card.geometry
    assert digest(demo_path) == before_file
    stored = _stored(demo_path, card.id)
    assert stored is not None and stored.geometry == card.geometry
    assert stack.count() == steps

    _free_disk(doc, earlier)
    _drag_card(window, card.id, QPoint(120, 80))  # the retry

    moved = doc.board.card(card.id).geometry
    assert (moved.x, moved.y) != (card.geometry.x, card.geometry.y)
    assert item.pos() == QPointF(moved.x, moved.y)
    stored = _stored(demo_path, card.id)
    assert stored is not None and stored.geometry == moved
    assert stack.count() == steps + 1
    record(KEPT, 1)


@pytest.mark.xcb
def test_a_card_created_on_a_full_disk_does_not_appear_and_can_be_retried(
    window: MainWindow, demo_path: Path
) -> None:
    session, _card, earlier = _fill_disk_of_window(window)
    doc, stack, view = session.document, session.controller.undo_stack, session.view
    before_ids, before_items = set(doc.board.cards), len(list(session.scene.card_items()))
    before_file, steps = digest(demo_path), stack.count()

    gestures: dict[str, Callable[[], object]] = {
        "toolbar": lambda: window.actions_by_name["new-note"].trigger(),
        "shortcut": lambda: QTest.keyClick(view, Qt.Key.Key_N),
    }
    for how, gesture in gestures.items():
        window.message_bar.hide()
        view.setFocus()
        gesture()
        _assert_full_disk_message(window)
        assert set(doc.board.cards) == before_ids, f"{how}: a card appeared in the board"
        assert len(list(session.scene.card_items())) == before_items, f"{how}: on screen"
        assert view.title_editor is None, f"{how}: a title editor opened for no card"
        assert digest(demo_path) == before_file, f"{how}: the file changed"
        assert stack.count() == steps, f"{how}: an undo step was pushed"
        record(KEPT, 1)

    _free_disk(doc, earlier)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_N)  # the retry
    added = set(doc.board.cards) - before_ids
    assert len(added) == 1
    (new_id,) = added
    assert doc.board.cards[new_id].kind is CardKind.NOTE
    assert session.scene.card_item(new_id) is not None
    assert _stored(demo_path, new_id) is not None
    assert stack.count() == steps + 1
    if view.title_editor is not None:
        QTest.keyClick(view.title_editor, Qt.Key.Key_Escape)


# -- a crash while editing ------------------------------------------------------------------


def _edit_then_kill(path: Path, seed: int, saves: int) -> tuple[Model, Model, int]:
    """Run the crash child until it reported ``saves`` changes saved, then kill it.

    Returns the model with every reported change, the same with the change in flight,
    and how many changes were reported saved.
    """
    base, child = start_crash_child(path, seed, stderr=subprocess.DEVNULL)
    lines: list[dict[str, Any]] = []
    enough = threading.Event()

    def read() -> None:
        # Reads on to the end: the child goes on saving until the kill lands, and every
        # change it reported saved must be accounted for (under load it saved a few more
        # after "enough", and those were missing from the expected board).
        assert child.stdout is not None
        for line in child.stdout:
            try:
                lines.append(json.loads(line))
            except ValueError:
                break  # a line cut by the kill is not a report
            if sum("done" in entry for entry in lines) >= saves:
                enough.set()
        enough.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    enough.wait(120)  # a guard against a hung child, not a timing assertion
    kill_crash_child(child, reader)

    done, with_pending, saved = replay(base, lines)
    assert saved >= saves, f"the child reported only {saved} saved changes"
    return done, with_pending, saved


def _on_screen(session: BoardSession) -> Model:
    """The board as the window shows it: each card item's title and position, each link."""
    scene, board = session.scene, session.document.board
    cards = {}
    for item in scene.card_items():
        card = item.card
        cards[card.id] = (card.title, item.pos().x(), item.pos().y())
    links = {}
    for link_id, link in sorted(board.links.items()):
        if scene.link_item(link_id) is not None:
            links[link_id] = (link.source, link.target)
    return {"cards": dict(sorted(cards.items())), "links": links}


def test_after_a_crash_while_editing_the_window_shows_every_saved_change(
    qtbot: QtBot, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answer_read_only(monkeypatch, False)
    window = new_window(qtbot)
    total = 0
    try:
        for round_number, saves in enumerate((5, 20, 40)):
            done, with_pending, saved = _edit_then_kill(demo_path, 300 + round_number, saves)
            assert lock_path(demo_path).exists(), "the dead process's lock should be left"
            assert window.open_path(demo_path), "the window did not open the board"
            assert asked == [], f"the stale lock was reported as held: {asked}"
            session = session_of(window)
            assert not session.document.read_only
            shown = _on_screen(session)
            assert shown in (done, with_pending), f"round {round_number}: a saved edit is missing"
            assert _model(session.document.board) == shown
            total += saved
            window.close_board()
    finally:
        window.close()
    record("crash-while-editing kills after which the window showed every saved change", 3)
    record("changes saved before a kill and shown by the window", total)
