"""A board changed under us is never overwritten: our state goes to a conflict copy."""

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from evidenceboard.model.attachments import Attachment, sha256_hex
from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddAttachment, AddCards, Batch
from evidenceboard.model.clock import utc_now
from evidenceboard.model.factory import make_card
from evidenceboard.storage import BoardDocument, create_board, open_board
from evidenceboard.storage.conflict import (
    BoardChangedElsewhereError,
    conflict_copy_path,
    save_conflict_copy,
)
from evidenceboard.storage.file_guard import FileGuard
from tests.storage.helpers import digest

WHEN = datetime(2024, 5, 6, 7, 8, tzinfo=UTC)


def _guarded_apply(doc: BoardDocument, guard: FileGuard, change: Batch | AddCards) -> None:
    """What BoardDocument.apply will do once the guard is wired in."""
    change.check(doc.board)
    if guard.changed_elsewhere():
        raise save_conflict_copy(
            doc.path,
            doc.board,
            change,
            doc.attachment_data,
            doc.author,
            WHEN,
            create_board=create_board,
        )
    doc.apply(change)
    guard.record()


def _note(title: str) -> AddCards:
    return AddCards((make_card(CardKind.NOTE, title, "ana", text=title),))


def test_own_writes_are_not_conflicts(board_dir: Path) -> None:
    with create_board(board_dir / "case.evboard", author="ana") as doc:
        guard = FileGuard(doc.path)
        for i in range(3):
            _guarded_apply(doc, guard, _note(f"note {i}"))
        assert len(doc.board.cards) == 3


def test_replaced_file_gets_a_conflict_copy_with_our_state(board_dir: Path) -> None:
    path = board_dir / "case.evboard"
    with create_board(path, author="ana") as doc:
        data = b"our scan"
        attachment = Attachment(sha256_hex(data), "scan.txt", "text/plain", len(data), utc_now())
        doc.apply(AddAttachment(attachment, data))
        doc.apply(_note("written before"))
        guard = FileGuard(doc.path)
        # A colleague's version replaces the file on the shared drive.
        with create_board(board_dir / "theirs.evboard", author="bo") as theirs:
            theirs.apply(_note("their work"))
        os.replace(board_dir / "theirs.evboard", path)
        theirs_digest = digest(path)
        pending_data = b"new evidence"
        pending_attachment = Attachment(
            sha256_hex(pending_data), "new.txt", "text/plain", len(pending_data), utc_now()
        )
        change = Batch(
            (AddAttachment(pending_attachment, pending_data), _note("my pending edit")), "Add"
        )
        with pytest.raises(BoardChangedElsewhereError, match="conflict 2024-05-06 0708") as caught:
            _guarded_apply(doc, guard, change)
    assert digest(path) == theirs_digest
    copy_path = caught.value.conflict_copy
    assert copy_path.name == "case (conflict 2024-05-06 0708).evboard"
    with open_board(copy_path, read_only=True) as copy:
        titles = {c.title for c in copy.board.cards.values()}
        assert titles == {"written before", "my pending edit"}
        assert copy.attachment_data(attachment.sha256) == data
        assert copy.attachment_data(pending_attachment.sha256) == pending_data
        assert copy.integrity_report() == []
    with open_board(path, read_only=True) as theirs_again:
        assert {c.title for c in theirs_again.board.cards.values()} == {"their work"}


def test_changed_in_place_or_removed_is_noticed(board_dir: Path) -> None:
    path = board_dir / "case.evboard"
    with create_board(path, author="ana") as doc:
        guard = FileGuard(doc.path)
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
        assert guard.changed_elsewhere()
        guard.record()
        assert not guard.changed_elsewhere()
        # The document's own guard noticed the touch too: it refuses to write over it.
        with pytest.raises(BoardChangedElsewhereError) as caught:
            doc.apply(_note("x"))
        assert caught.value.conflict_copy.exists()
        assert not doc.board.cards
        assert guard.changed_elsewhere() is False, "nothing was written to the board"


def test_the_document_notices_a_replaced_file_and_keeps_the_edit(board_dir: Path) -> None:
    path = board_dir / "case.evboard"
    with create_board(path, author="ana") as doc:
        doc.apply(_note("mine before"))
        other = board_dir / "theirs.evboard"
        with create_board(other, author="bo") as theirs:
            theirs.apply(_note("theirs"))
        before = path.with_name("replaced.bak")
        os.replace(path, before)
        os.replace(other, path)
        theirs_bytes = path.read_bytes()
        with pytest.raises(BoardChangedElsewhereError) as caught:
            doc.apply(_note("mine after"))
        assert path.read_bytes() == theirs_bytes
        with open_board(caught.value.conflict_copy, read_only=True) as copy:
            texts = {c.text for c in copy.board.cards.values()}
        assert texts == {"mine before", "mine after"}


def test_conflict_names_are_numbered_when_taken(board_dir: Path) -> None:
    path = board_dir / "case.evboard"
    first = conflict_copy_path(path, WHEN)
    first.write_bytes(b"taken")
    assert conflict_copy_path(path, WHEN).name == "case (conflict 2024-05-06 0708) 2.evboard"
