"""Share a copy, merge a colleague's copy, exports and attachments, from the window."""

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QListWidget, QPushButton
from pytestqt.qtbot import QtBot

from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.changes import AddCards, EditCards, RemoveLinks
from evidenceboard.model.factory import edited_card, make_card
from evidenceboard.model.frames import plan_new_frame
from evidenceboard.model.merge import CONFLICT_TAG
from evidenceboard.storage.document import open_board
from evidenceboard.storage.share import share_file
from evidenceboard.ui.common.settings import AUTHOR_KEY
from evidenceboard.ui.features.sharing import feature as sharing_feature
from evidenceboard.ui.features.sharing import share_dialog
from evidenceboard.ui.features.sharing.feature import SharingFeature
from evidenceboard.ui.features.sharing.merge_dialog import MergeDialog
from evidenceboard.ui.features.sharing.share_dialog import ShareDialog
from evidenceboard.ui.window.main_window import MainWindow
from evidenceboard.ui.window.session import BoardSession
from tests.window_fixtures import feature_of, session_of


@pytest.fixture
def feature(window: MainWindow) -> SharingFeature:
    return feature_of(window, SharingFeature)


@pytest.fixture
def no_author_setting() -> Iterator[None]:
    saved = QSettings().value(AUTHOR_KEY)
    QSettings().remove(AUTHOR_KEY)
    yield
    if saved is None:
        QSettings().remove(AUTHOR_KEY)
    else:
        QSettings().setValue(AUTHOR_KEY, saved)


def _check(widget: QListWidget, text: str) -> None:
    items = widget.findItems(text, Qt.MatchFlag.MatchExactly)
    assert items, f"{text} is not offered"
    items[0].setCheckState(Qt.CheckState.Checked)


@pytest.fixture
def theirs_path(
    window: MainWindow, demo_path: Path, board_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A colleague's copy of the open demo board, the file the merge action will be given."""
    theirs_path = board_dir / "colleague.evboard"
    share_file(demo_path, theirs_path)
    monkeypatch.setattr(sharing_feature, "choose_board_to_merge", lambda _parent: theirs_path)
    return theirs_path


def _bob_rewords_a_claim(session: BoardSession, theirs_path: Path) -> Card:
    """Bob retitles, in his copy, a claim of the open board; that claim as it is here."""
    card = next(c for c in session.document.board.cards.values() if c.kind.value == "claim")
    with open_board(theirs_path, author="bob") as theirs:
        before = theirs.board.cards[card.id]
        theirs.apply(EditCards(((before, edited_card(before, "bob", title="Bob's wording")),)))
    return card


def test_share_a_copy_leaving_out_a_tag(
    qtbot: QtBot,
    window: MainWindow,
    feature: SharingFeature,
    board_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    destination = board_dir / "for the desk.evboard"
    monkeypatch.setattr(share_dialog, "choose_share_path", lambda _parent, _suggested: destination)
    board = session_of(window).document.board
    tagged = {c.id for c in board.cards.values() if "state-media" in c.tags}
    assert tagged
    feature.actions["share-copy"].trigger()
    dialog = window.findChild(ShareDialog)
    assert dialog is not None and dialog.isVisible()
    assert "all 21 cards" in dialog.summary.text()
    _check(dialog.tags, "state-media")
    assert f"leave out {len(tagged)} of 21 cards" in dialog.summary.text()
    choose = dialog.findChild(QPushButton, "share-choose")
    assert choose is not None
    QTest.mouseClick(choose, Qt.MouseButton.LeftButton)
    assert dialog.destination.text() == str(destination)
    QTest.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    assert "left out" in dialog.status.text()
    assert window.message_bar.text().startswith("Wrote for the desk.evboard")
    dialog.close()
    with open_board(destination, read_only=True) as copy:
        assert set(copy.board.cards) == set(board.cards) - tagged
        assert not any("state-media" in c.tags for c in copy.board.cards.values())


def _frame(session: BoardSession, card_ids: list[str], title: str) -> str:
    change, frame_id = plan_new_frame(session.document.board, card_ids, "tester", title=title)
    assert session.controller.submit(change)
    return frame_id


def test_share_only_the_selected_frame(
    qtbot: QtBot,
    window: MainWindow,
    feature: SharingFeature,
    board_dir: Path,
) -> None:
    session = session_of(window)
    board = session.document.board
    claims = sorted(
        (c for c in board.cards.values() if c.kind is CardKind.CLAIM), key=lambda c: c.id
    )
    held = [claims[0].id, claims[1].id]
    doha = _frame(session, held, "Doha\ntalks <b>")
    _frame(session, [claims[2].id], "Arms route")
    session.scene.select_only([doha])
    feature.actions["share-copy"].trigger()
    dialog = window.findChild(ShareDialog)
    assert dialog is not None and dialog.isVisible()
    offered = [dialog.scope.itemText(i) for i in range(dialog.scope.count())]
    assert offered == [
        "Whole board",
        "Only this frame: Arms route",
        "Only this frame: Doha talks <b>",
    ]
    assert dialog.scope.currentText() == "Only this frame: Doha talks <b>"
    total = len(board.cards)
    assert dialog.summary.text().startswith(
        "The copy will hold only the frame “Doha talks <b>”: 3 cards, the frame included"
    )
    assert f"It leaves out {total - 3} cards of {total}" in dialog.summary.text()
    destination = board_dir / "doha.evboard"
    dialog.destination.setText(str(destination))
    QTest.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    assert dialog.status.text().startswith("Wrote doha.evboard (only the frame “Doha talks <b>”)")
    dialog.close()
    kept = {doha, *held}
    among = {i for i, x in board.links.items() if x.source in kept and x.target in kept}
    with open_board(destination, read_only=True) as copy:
        assert set(copy.board.cards) == kept
        assert set(copy.board.links) == among


def test_share_dialog_offers_the_whole_board_first_and_a_frame_on_request(
    window: MainWindow, feature: SharingFeature
) -> None:
    session = session_of(window)
    board = session.document.board
    claim = next(c for c in board.cards.values() if c.kind is CardKind.CLAIM)
    _frame(session, [claim.id], "Arms route")
    session.scene.select_only([claim.id])
    dialog = feature.share()
    assert dialog is not None
    assert dialog.scope.currentText() == "Whole board"
    assert dialog.frame_id() is None
    assert f"all {len(board.cards)} cards" in dialog.summary.text()
    dialog.scope.setFocus()
    QTest.keyClick(dialog.scope, Qt.Key.Key_Down)
    assert dialog.scope.currentText() == "Only this frame: Arms route"
    assert "only the frame “Arms route”: 2 cards" in dialog.summary.text()
    dialog.close()


def test_share_refuses_to_replace_without_asking(
    feature: SharingFeature, board_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    destination = board_dir / "taken.evboard"
    destination.write_bytes(b"someone else's file")
    asked: list[Path] = []

    def refuse(_parent: object, path: Path) -> bool:
        asked.append(path)
        return False

    monkeypatch.setattr(share_dialog, "confirm_overwrite", refuse)
    dialog = feature.share()
    assert dialog is not None
    dialog.destination.setText(str(destination))
    QTest.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    assert asked == [destination]
    assert not dialog.running
    dialog.close()
    assert destination.read_bytes() == b"someone else's file"


@pytest.mark.xcb
def test_merge_a_diverged_copy_shows_the_conflict_and_undoes_in_one_step(
    qtbot: QtBot,
    window: MainWindow,
    feature: SharingFeature,
    demo_path: Path,
    theirs_path: Path,
) -> None:
    session = session_of(window)
    card = _bob_rewords_a_claim(session, theirs_path)
    mine = edited_card(card, "alice", title="Alice's wording")
    assert session.controller.submit(EditCards(((card, mine),)))
    cards_before = len(session.document.board.cards)
    feature.actions["merge-board"].trigger()
    dialog = window.findChild(MergeDialog)
    assert dialog is not None and dialog.isVisible()
    conflicts = [dialog.conflicts.item(i).text() for i in range(dialog.conflicts.count())]
    assert len(conflicts) == 1 and "Alice's wording" in conflicts[0] and "bob" in conflicts[0]
    assert dialog.merge_button is not None
    QTest.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    board = session.document.board
    copies = [c for c in board.cards.values() if CONFLICT_TAG in c.tags]
    assert len(copies) == 1 and copies[0].title == "Bob's wording (their version, by bob)"
    item = session.scene.card_item(copies[0].id)
    assert item is not None and item.isVisible()
    assert "1 conflicts" in window.message_bar.text()
    assert session.controller.undo_stack.count() == 2
    window.actions_by_name["undo"].trigger()
    assert len(board.cards) == cards_before
    assert session.scene.card_item(copies[0].id) is None
    with open_board(demo_path, read_only=True) as reopened:
        assert reopened.board.cards[card.id].title == "Alice's wording"
        assert not any(CONFLICT_TAG in c.tags for c in reopened.board.cards.values())


def test_merge_takes_a_card_only_they_changed_and_lists_it(
    qtbot: QtBot, window: MainWindow, feature: SharingFeature, theirs_path: Path
) -> None:
    session = session_of(window)
    card = _bob_rewords_a_claim(session, theirs_path)
    feature.actions["merge-board"].trigger()
    dialog = window.findChild(MergeDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.plan.conflicts == () and not dialog.conflicts.isVisible()
    updates = [dialog.updates.item(i).text() for i in range(dialog.updates.count())]
    assert len(updates) == 1 and "Bob's wording" in updates[0] and dialog.updates.isVisible()
    assert dialog.merge_button is not None
    QTest.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert session.document.board.cards[card.id].title == "Bob's wording"


def test_merge_of_a_copy_whose_card_has_my_link_id_is_refused_in_words(
    window: MainWindow, feature: SharingFeature, theirs_path: Path
) -> None:
    session = session_of(window)
    link_id = next(iter(session.document.board.links))
    with open_board(theirs_path, author="bob") as theirs:
        theirs.apply(RemoveLinks((theirs.board.links[link_id],)))
        theirs.apply(AddCards((make_card(CardKind.NOTE, "Clash", "bob", card_id=link_id),)))
    cards_before = set(session.document.board.cards)
    assert feature.merge() is None
    assert window.findChild(MergeDialog) is None
    assert "same id as a link" in window.message_bar.text()
    assert set(session.document.board.cards) == cards_before


def test_export_json_canvas_writes_a_valid_file(
    window: MainWindow, feature: SharingFeature, board_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = board_dir / "board.canvas"
    monkeypatch.setattr(sharing_feature, "choose_save_path", lambda *_args: target)
    feature.actions["export-canvas"].trigger()
    data = json.loads(target.read_text(encoding="utf-8"))
    board = session_of(window).document.board
    assert len(data["nodes"]) == len(board.cards)
    assert len(data["edges"]) == len(board.links)
    assert {n["id"] for n in data["nodes"]} == set(board.cards)
    assert window.message_bar.text() == "Exported board.canvas."


def _add_file(window: MainWindow, path: Path, data: bytes) -> str:
    path.write_bytes(data)
    session = session_of(window)
    before = set(session.document.board.cards)
    session.editor.add_files([path])
    (card_id,) = set(session.document.board.cards) - before
    session.scene.select_only([card_id])
    return card_id


def test_save_attachment_as_uses_a_safe_free_name(
    window: MainWindow, feature: SharingFeature, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    incoming, out = tmp_path / "in", tmp_path / "out"
    incoming.mkdir()
    out.mkdir()
    _add_file(window, incoming / "..\\..\\evil:name.txt", b"evidence")
    (out / "evil_name.txt").write_bytes(b"older file")
    offered: list[str] = []

    def choose(_parent: object, suggested: str) -> Path:
        offered.append(suggested)
        return out / suggested

    monkeypatch.setattr(sharing_feature, "choose_attachment_path", choose)
    saved = feature.save_attachment()
    assert offered == ["..\\..\\evil:name.txt"]
    assert saved == (out / "evil_name (1).txt").resolve()
    assert saved.read_bytes() == b"evidence"
    assert (out / "evil_name.txt").read_bytes() == b"older file"
    assert sorted(os.listdir(out)) == ["evil_name (1).txt", "evil_name.txt"]
    assert "evil_name (1).txt" in window.message_bar.text()


def test_save_attachment_warns_before_saving_a_program(
    window: MainWindow, feature: SharingFeature, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_file(window, tmp_path / "run.sh", b"#!/bin/sh\n")
    out = tmp_path / "out"
    out.mkdir()
    warned: list[str] = []
    monkeypatch.setattr(sharing_feature, "choose_attachment_path", lambda _p, name: out / name)

    def refuse(_parent: object, name: str) -> bool:
        warned.append(name)
        return False

    monkeypatch.setattr(sharing_feature, "confirm_executable", refuse)
    assert feature.save_attachment() is None
    assert warned == ["run.sh"]
    assert os.listdir(out) == []


def test_a_board_changed_elsewhere_offers_its_conflict_copy(
    qtbot: QtBot, window: MainWindow, feature: SharingFeature, demo_path: Path
) -> None:
    session = session_of(window)
    card = next(iter(session.document.board.cards.values()))
    stat = demo_path.stat()
    # A sync client rewrote the file: its timestamp moved.
    os.utime(demo_path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    edit = EditCards(((card, edited_card(card, "alice", title="Typed after the sync")),))
    assert not session.controller.submit(edit)
    assert feature.conflict_bar.isVisible()
    assert not window.message_bar.isVisible()
    copy = feature.conflict_copy
    assert copy is not None and copy.exists() and "(conflict " in copy.name
    assert copy.name in feature.conflict_bar.text()
    QTest.mouseClick(feature.open_conflict, Qt.MouseButton.LeftButton)
    opened = session_of(window).document
    assert opened.path == copy
    assert opened.board.cards[card.id].title == "Typed after the sync"


def test_export_json_writes_the_attachments_beside_it(
    window: MainWindow, feature: SharingFeature, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evidenceboard.formats import read_board_file
    from evidenceboard.formats.importing import BoardFile

    _add_file(window, tmp_path / "statement.txt", b"The ferry left at six.")
    target = tmp_path / "case.json"
    monkeypatch.setattr(sharing_feature, "choose_save_path", lambda *_args: target)
    feature.actions["export-json"].trigger()
    board = session_of(window).document.board
    assert len(list((tmp_path / "case_files").iterdir())) == len(board.attachments) == 1
    assert window.message_bar.text() == "Exported case.json, with 1 attachment in case_files."
    incoming = read_board_file(target, "bo")
    assert isinstance(incoming, BoardFile)
    assert list(incoming.attachment_data.values()) == [b"The ferry left at six."]
