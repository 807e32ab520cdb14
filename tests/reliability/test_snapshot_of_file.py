"""Snapshots read from the board file on a connection of their own, while the board is edited."""

import sqlite3
import threading
from pathlib import Path

import pytest

from evidenceboard.model import AddCards, CardKind
from evidenceboard.model.factory import make_card
from evidenceboard.storage import DamagedBoardError, WriteFailedError, open_board, vetting
from evidenceboard.storage import document as document_module
from evidenceboard.storage import snapshot_copy as copy_module
from evidenceboard.storage.hardening import Watchdog
from evidenceboard.storage.snapshot_copy import check_copy
from evidenceboard.storage.snapshots import (
    SnapshotSource,
    has_snapshots,
    list_snapshots,
    snapshot_folder,
    snapshot_of_file,
    take_snapshot,
)
from tests.reliability.faults import FailingBackup, PausedCopy
from tests.reliability.helpers import digest, file_state, make_demo, state


def test_has_snapshots_reads_only_names(board_dir: Path) -> None:
    path = make_demo(board_dir)
    with open_board(path) as doc:
        board_id = doc.board.info.id
    assert not has_snapshots(board_id), "no folder yet"
    folder = snapshot_folder(board_id)
    folder.mkdir(parents=True)
    (folder / "origin.json").write_text("{}")
    (folder / ".20240101T000000.000000Z.abc.partial").write_bytes(b"half")
    assert not has_snapshots(board_id), "neither the origin nor a partial copy is a snapshot"
    # Not a board at all: were it opened, it would not count as a snapshot.
    (folder / "20240101T000000.000000Z.evboard").write_bytes(b"not opened")
    assert has_snapshots(board_id)


def test_listing_counts_by_sql_without_loading_a_board(
    board_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_demo(board_dir)
    with open_board(path) as doc:
        take_snapshot(doc)
        doc.apply(AddCards((make_card(CardKind.NOTE, "one more", "ana"),)))
        take_snapshot(doc)
        board_id = doc.board.info.id
        cards, links = len(doc.board.cards), len(doc.board.links)

    def no_load(*_args: object) -> None:
        raise AssertionError("a snapshot was loaded to describe it")

    monkeypatch.setattr(document_module, "_load_rows", no_load)
    listed = list_snapshots(board_id)
    assert [(s.cards, s.links, s.usable) for s in listed] == [
        (cards, links, True),
        (cards - 1, links, True),
    ]


def test_a_snapshot_of_the_file_is_the_open_board(board_dir: Path) -> None:
    path = make_demo(board_dir)
    with open_board(path) as doc:
        doc.apply(AddCards((make_card(CardKind.NOTE, "typed just now", "ana"),)))
        before = digest(path)
        snap = snapshot_of_file(SnapshotSource.of(doc), pages=3, pause=0)
        assert digest(path) == before, "taking a snapshot must not touch the board"
        assert file_state(snap) == state(doc.board)
        assert sorted(p.name for p in snap.parent.iterdir()) == sorted([snap.name, "origin.json"])
        source = SnapshotSource.of(doc)
    # A board closed meanwhile is read from its file all the same.
    again = snapshot_of_file(source)
    assert file_state(again) == file_state(path)


def test_an_edit_during_a_snapshot_is_saved_and_ends_up_in_it(
    board_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_demo(board_dir)
    copy = PausedCopy()
    monkeypatch.setattr(copy_module, "connect", copy.connect)
    with open_board(path) as doc:
        source = SnapshotSource.of(doc)
        outcome: list[Path | BaseException] = []

        def run() -> None:
            try:
                outcome.append(snapshot_of_file(source, pages=1, pause=0))
            except BaseException as exc:
                outcome.append(exc)

        worker = threading.Thread(target=run)
        worker.start()
        assert copy.paused.wait(30), "the copy never stopped half-way"
        # The copy is between two of its steps and holds no lock: the document's
        # connection saves at once. Were the board locked for the whole copy, the
        # edit would wait two seconds for the lock and then fail.
        doc.apply(AddCards((make_card(CardKind.NOTE, "typed during the snapshot", "ana"),)))
        assert worker.is_alive() and not copy.timed_out, "the copy did not wait for the edit"
        assert file_state(path) == state(doc.board), "the edit was not saved"
        copy.resume.set()
        worker.join(timeout=30)
        assert not copy.timed_out
        [result] = outcome
        assert isinstance(result, Path), result
        assert file_state(result) == state(doc.board)


def test_a_disk_that_fills_up_leaves_no_partial_snapshot(
    board_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_demo(board_dir)
    real_connect = vetting.connect

    def failing_connect(path: Path, *, writable: bool) -> tuple[sqlite3.Connection, Watchdog]:
        connection, watchdog = real_connect(path, writable=writable)
        return FailingBackup(connection, 2), watchdog  # type: ignore[return-value]

    with open_board(path) as doc:
        source = SnapshotSource.of(doc)
    monkeypatch.setattr(copy_module, "connect", failing_connect)
    with pytest.raises(WriteFailedError, match="disk is full"):
        snapshot_of_file(source, pages=1)
    assert [p.name for p in snapshot_folder(source.board_id).iterdir()] == ["origin.json"]
    assert not has_snapshots(source.board_id)


def test_a_copy_that_lacks_cards_does_not_check_out(board_dir: Path) -> None:
    path = make_demo(board_dir)
    with open_board(path) as doc:
        snap = take_snapshot(doc)
        cards, links = len(doc.board.cards), len(doc.board.links)
    check_copy(snap, cards, links)
    with pytest.raises(DamagedBoardError, match="does not hold"):
        check_copy(snap, cards + 1, links)
    data = bytearray(snap.read_bytes())
    data[4096 * 2 : 4096 * 2 + 64] = bytes(64)
    snap.write_bytes(bytes(data))
    with pytest.raises(DamagedBoardError):
        check_copy(snap, cards, links)
