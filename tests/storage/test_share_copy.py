"""Share a copy: everything the board holds, nothing that was deleted or redacted."""

import sqlite3
from pathlib import Path

import pytest

from evidenceboard.model.attachments import Attachment, sha256_hex
from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddAttachment, AddCards, AddLinks
from evidenceboard.model.clock import utc_now
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.links import LinkKind
from evidenceboard.storage import BoardDocument, BoardFileError, create_board, open_board
from evidenceboard.storage.lock import lock_path
from evidenceboard.storage.share import share_copy, share_file

CANARY = "SECRET-CANARY-123"


def _attach(doc: BoardDocument, data: bytes, name: str) -> str:
    sha = sha256_hex(data)
    doc.apply(AddAttachment(Attachment(sha, name, "text/plain", len(data), utc_now()), data))
    return sha


def _seeded(folder: Path) -> tuple[Path, dict[str, str]]:
    """A board with a deleted canary card and cards to redact by tag and by marking."""
    path = folder / "case.evboard"
    ids: dict[str, str] = {}
    with create_board(path, author="ana") as doc:
        doc._connection.execute("PRAGMA secure_delete = OFF")
        keep = make_card(CardKind.CLAIM, "The ship left port", "ana", statement="Left at 6am")
        gone = make_card(CardKind.NOTE, f"Deleted {CANARY}", "ana", text=f"body {CANARY}")
        doc.apply(AddCards((keep, gone)))
        doc.apply(doc.board.removal_of([gone.id]))
        sha_public = _attach(doc, b"public scan bytes", "scan.txt")
        sha_secret = _attach(doc, b"SOURCE-NAME-CANARY-456 bytes", "informant.txt")
        public_doc = make_card(
            CardKind.DOCUMENT, "Port log", "ana", attachment=sha_public, file_name="scan.txt"
        )
        by_tag = make_card(
            CardKind.DOCUMENT,
            "TAGGED-CANARY-789 informant",
            "ana",
            attachment=sha_secret,
            file_name="informant.txt",
            tags=("source-protection",),
        )
        by_mark = make_card(
            CardKind.NOTE, "MARKED-CANARY-000", "ana", text="x", handling="Official-Sensitive"
        )
        doc.apply(AddCards((public_doc, by_tag, by_mark)))
        doc.apply(
            AddLinks(
                (
                    make_link(public_doc.id, keep.id, LinkKind.CORROBORATES, "ana"),
                    make_link(
                        by_tag.id, keep.id, LinkKind.CORROBORATES, "ana", rationale="LINK-CANARY"
                    ),
                )
            )
        )
        ids.update(keep=keep.id, public=public_doc.id, tag=by_tag.id, mark=by_mark.id)
        ids.update(sha_public=sha_public, sha_secret=sha_secret)
    return path, ids


def test_original_still_holds_the_canary_but_the_copy_does_not(board_dir: Path) -> None:
    path, _ids = _seeded(board_dir)
    assert CANARY.encode() in path.read_bytes()
    out = board_dir / "out" / "shared.evboard"
    out.parent.mkdir()
    report = share_file(path, out)
    raw = out.read_bytes()
    assert CANARY.encode() not in raw
    assert b"canary-123" not in raw.lower()
    assert report.cards == 4 and report.links == 2 and report.attachments == 2
    assert [p.name for p in out.parent.iterdir()] == ["shared.evboard"]


def test_copy_holds_everything_and_passes_check(board_dir: Path) -> None:
    path, ids = _seeded(board_dir)
    out = board_dir / "shared.evboard"
    with open_board(path, read_only=True) as original:
        share_copy(original, out)
        expected = original.board
        with open_board(out, read_only=True) as copy:
            assert copy.integrity_report() == []
            assert copy.board.cards == expected.cards
            assert copy.board.links == expected.links
            assert copy.board.attachments == expected.attachments
            assert copy.attachment_data(ids["sha_secret"]) == b"SOURCE-NAME-CANARY-456 bytes"
            assert copy.history()
    connection = sqlite3.connect(out)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    finally:
        connection.close()
    assert not Path(str(out) + "-wal").exists()


def test_redaction_by_tag_and_marking_leaves_nothing_behind(board_dir: Path) -> None:
    path, ids = _seeded(board_dir)
    out = board_dir / "redacted.evboard"
    report = share_file(
        path, out, omit_tags=["Source-Protection"], omit_markings=["OFFICIAL-SENSITIVE"]
    )
    assert (report.omitted_cards, report.omitted_links, report.omitted_attachments) == (2, 1, 1)
    raw = out.read_bytes()
    for canary in (b"TAGGED-CANARY", b"MARKED-CANARY", b"SOURCE-NAME-CANARY", b"LINK-CANARY"):
        assert canary not in raw
        assert canary.lower() not in raw.lower()
    assert ids["sha_secret"].encode() not in raw
    with open_board(out, read_only=True) as copy:
        assert set(copy.board.cards) == {ids["keep"], ids["public"]}
        assert set(copy.board.attachments) == {ids["sha_public"]}
        assert copy.integrity_report() == []
        assert copy.history()[0]["action"].startswith("Several changes")
    # The original is untouched.
    with open_board(path, read_only=True) as original:
        assert len(original.board.cards) == 4


def test_never_overwrites_unless_asked(board_dir: Path) -> None:
    path, _ids = _seeded(board_dir)
    out = board_dir / "shared.evboard"
    out.write_bytes(b"someone else's file")
    with pytest.raises(BoardFileError, match="already exists"):
        share_file(path, out)
    assert out.read_bytes() == b"someone else's file"
    share_file(path, out, overwrite=True)
    with open_board(out, read_only=True) as copy:
        assert len(copy.board.cards) == 4


def test_refuses_to_replace_the_board_itself(board_dir: Path) -> None:
    path, _ids = _seeded(board_dir)
    with open_board(path) as doc, pytest.raises(BoardFileError, match="cannot replace"):
        share_copy(doc, path, overwrite=True)


def test_copy_of_a_board_held_by_someone_else(board_dir: Path) -> None:
    """A board open for writing elsewhere can still be shared from a read-only open."""
    path, _ids = _seeded(board_dir)
    with open_board(path, author="ana") as holder:
        holder.apply(AddCards((make_card(CardKind.NOTE, "late note", "ana", text="t"),)))
        out = board_dir / "shared.evboard"
        share_file(path, out, author="bo")
        assert lock_path(path).exists()
    with open_board(out, read_only=True) as copy:
        assert any(c.title == "late note" for c in copy.board.cards.values())
    assert not lock_path(out).exists()


def test_read_only_folder_gives_a_clear_error(board_dir: Path, tmp_path: Path) -> None:
    path, _ids = _seeded(board_dir)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if (locked / "probe").parent.stat().st_mode & 0o200 or _is_root():
            pytest.skip("running as root: folder permissions are not enforced")
        with pytest.raises(BoardFileError, match="could not be written"):
            share_file(path, locked / "shared.evboard")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def _is_root() -> bool:
    import os

    return hasattr(os, "geteuid") and os.geteuid() == 0


def test_a_chosen_marking_leaves_out_the_cards_marked_above_it_too(tmp_path: Path) -> None:
    source = tmp_path / "m.evboard"
    with create_board(source) as doc:
        marks = ["OFFICIAL", "SECRET", "TOP SECRET", "SECRET//NOFORN", "Project X"]
        cards = tuple(
            make_card(CardKind.NOTE, f"Note {n}", "tester", handling=m, text=m)
            for n, m in enumerate(marks)
        )
        doc.apply(AddCards(cards))
        report = share_copy(doc, tmp_path / "c.evboard", omit_markings=["secret", "project x"])
    assert report.omitted_cards == 4
    with open_board(tmp_path / "c.evboard", read_only=True) as copy:
        assert [c.handling for c in copy.board.cards.values()] == ["OFFICIAL"]
