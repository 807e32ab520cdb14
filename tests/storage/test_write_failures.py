"""A write that fails changes neither the file nor the board in memory."""

import os
import stat
from pathlib import Path

import pytest

from evidenceboard.model import AddAttachment, AddCards, Batch, CardKind
from evidenceboard.model.attachments import Attachment, sha256_hex
from evidenceboard.model.clock import utc_now
from evidenceboard.model.factory import make_card
from evidenceboard.storage import ReadOnlyBoardError, WriteFailedError, open_board
from tests.storage.helpers import digest, make_demo_file, tamper


def _big_attachment_change() -> tuple[Batch, str]:
    data = os.urandom(500_000)
    sha = sha256_hex(data)
    attachment = Attachment(sha, "scan.png", "image/png", len(data), utc_now())
    card = make_card(CardKind.DOCUMENT, "Scan", "ana", attachment=sha, file_name="scan.png")
    return Batch((AddAttachment(attachment, data), AddCards((card,))), "Add scan"), card.id


def test_disk_full_leaves_file_and_board_untouched(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    with open_board(path) as doc:
        pages = doc._connection.execute("PRAGMA page_count").fetchone()[0]
        doc._connection.execute(f"PRAGMA max_page_count = {pages + 2}")
        before_file = digest(path)
        before_cards = dict(doc.board.cards)
        change, card_id = _big_attachment_change()
        with pytest.raises(WriteFailedError, match="disk is full"):
            doc.apply(change)
        assert doc.board.cards == before_cards
        assert not doc.board.attachments
        assert digest(path) == before_file
        # The board stays usable: a small change still goes through.
        note = make_card(CardKind.NOTE, "", "ana", text="still works")
        doc.apply(AddCards((note,)))
    with open_board(path, read_only=True) as doc:
        assert card_id not in doc.board.cards
        assert doc.integrity_report() == []
        assert any(c.text == "still works" for c in doc.board.cards.values())


def test_read_only_document_refuses_changes(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    before = digest(path)
    with open_board(path, read_only=True) as doc:
        assert doc.read_only
        with pytest.raises(ReadOnlyBoardError, match="read-only"):
            doc.apply(AddCards((make_card(CardKind.NOTE, "x", "ana"),)))
        assert len(doc.board.cards) == 21
    assert digest(path) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only files")
def test_read_only_file_opens_read_only(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    path.chmod(stat.S_IRUSR)
    with open_board(path) as doc:
        assert doc.read_only_reason == "the file is read-only"


def test_read_only_file_permission_bits_are_honoured(
    board_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root ignores permission bits, so ask the same question the document asks.
    path = make_demo_file(board_dir)
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode: False if Path(p) == path and mode == os.W_OK else real_access(p, mode),
    )
    with open_board(path) as doc:
        assert doc.read_only_reason == "the file is read-only"
        with pytest.raises(ReadOnlyBoardError):
            doc.apply(AddCards((make_card(CardKind.NOTE, "x", "ana"),)))


def test_attachment_tampering_is_detected(board_dir: Path) -> None:

    path = make_demo_file(board_dir)
    change, _ = _big_attachment_change()
    with open_board(path) as doc:
        doc.apply(change)
        sha = next(iter(doc.board.attachments))
    tamper(path, "UPDATE attachments SET data = zeroblob(10)")
    with open_board(path, read_only=True) as doc:
        problems = doc.integrity_report()
        assert any("fingerprint" in p for p in problems)
        from evidenceboard.storage import DamagedBoardError

        with pytest.raises(DamagedBoardError, match="fingerprint"):
            doc.attachment_data(sha)
