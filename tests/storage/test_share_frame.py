"""Share a copy of one frame: the frame, its cards, the links among them and their files."""

from pathlib import Path

import pytest

from evidenceboard.model.attachments import Attachment, sha256_hex
from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddAttachment, AddCards, AddLinks
from evidenceboard.model.clock import utc_now
from evidenceboard.model.errors import ChangeError
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.frames import frame_content, members, plan_new_frame
from evidenceboard.model.links import LinkKind
from evidenceboard.storage import BoardDocument, create_board, open_board
from evidenceboard.storage.share import share_file

INSIDE_FILE = b"port log scan, used inside and outside the frame"
OUTSIDE_FILE = b"OUTSIDE-FILE-CANARY bytes"


def _attach(doc: BoardDocument, data: bytes, name: str) -> str:
    sha = sha256_hex(data)
    doc.apply(AddAttachment(Attachment(sha, name, "text/plain", len(data), utc_now()), data))
    return sha


def _board(folder: Path) -> tuple[Path, dict[str, str]]:
    """A frame holding a claim, a report and a tagged note; cards, a frame, links and a
    file outside it."""
    path = folder / "case.evboard"
    with create_board(path, author="ana") as doc:
        shared_sha = _attach(doc, INSIDE_FILE, "log.txt")
        outside_sha = _attach(doc, OUTSIDE_FILE, "outside.txt")
        claim = make_card(CardKind.CLAIM, "The ship left port", "ana", x=0, y=0)
        report = make_card(CardKind.DOCUMENT, "Port log", "ana", x=300, y=0, attachment=shared_sha)
        tagged = make_card(
            CardKind.NOTE, "TAGGED-CANARY", "ana", x=0, y=300, tags=("source-protection",)
        )
        copy_of_log = make_card(
            CardKind.DOCUMENT, "Copy of the log", "ana", x=3000, y=0, attachment=shared_sha
        )
        outside = make_card(
            CardKind.DOCUMENT, "OUTSIDE-CANARY", "ana", x=3300, y=0, attachment=outside_sha
        )
        doc.apply(AddCards((claim, report, tagged, copy_of_log, outside)))
        doc.apply(
            AddLinks(
                (
                    make_link(report.id, claim.id, LinkKind.CORROBORATES, "ana"),
                    make_link(
                        outside.id,
                        claim.id,
                        LinkKind.CONTRADICTS,
                        "ana",
                        rationale="LEAVING-LINK-CANARY",
                    ),
                    make_link(copy_of_log.id, outside.id, LinkKind.RELATED, "ana"),
                )
            )
        )
        held = [claim.id, report.id, tagged.id]
        change, frame_id = plan_new_frame(doc.board, held, "ana", title="Port call")
        doc.apply(change)
        change, other_id = plan_new_frame(
            doc.board, [copy_of_log.id], "ana", title="OTHER-FRAME-CANARY"
        )
        doc.apply(change)
    ids = dict(
        frame=frame_id,
        other=other_id,
        claim=claim.id,
        report=report.id,
        tagged=tagged.id,
        copy=copy_of_log.id,
        outside=outside.id,
        shared_sha=shared_sha,
        outside_sha=outside_sha,
    )
    return path, ids


def test_a_copy_of_one_frame_holds_only_the_frame_and_what_it_holds(board_dir: Path) -> None:
    path, ids = _board(board_dir)
    out = board_dir / "port call.evboard"
    report = share_file(path, out, frame=ids["frame"][:8])
    assert (report.cards, report.links, report.attachments) == (4, 1, 1)
    assert (report.omitted_cards, report.omitted_links, report.omitted_attachments) == (3, 2, 1)
    assert report.describe().startswith("Wrote port call.evboard (only the frame “Port call”)")
    with open_board(out, read_only=True) as copy:
        board = copy.board
        assert set(board.cards) == {ids["frame"], ids["claim"], ids["report"], ids["tagged"]}
        assert [(x.source, x.target) for x in board.links.values()] == [
            (ids["report"], ids["claim"])
        ]
        assert set(board.attachments) == {ids["shared_sha"]}
        assert copy.attachment_data(ids["shared_sha"]) == INSIDE_FILE
        assert copy.integrity_report() == []
    raw = out.read_bytes()
    for canary in (b"OUTSIDE-CANARY", b"LEAVING-LINK-CANARY", b"OTHER-FRAME", b"OUTSIDE-FILE"):
        assert canary not in raw
    assert ids["outside_sha"].encode() not in raw
    assert ids["outside"].encode() not in raw
    with open_board(path, read_only=True) as original:
        assert len(original.board.cards) == 7


def test_a_frame_copy_still_leaves_out_what_redaction_asks_and_the_frame_stops_listing_it(
    board_dir: Path,
) -> None:
    path, ids = _board(board_dir)
    out = board_dir / "redacted.evboard"
    report = share_file(path, out, frame=ids["frame"], omit_tags=["Source-Protection"])
    assert report.omitted_cards == 4
    with open_board(out, read_only=True) as copy:
        frame = copy.board.cards[ids["frame"]]
        assert set(copy.board.cards) == {ids["frame"], ids["claim"], ids["report"]}
        assert frame_content(frame).members == (ids["claim"], ids["report"])
        assert members(copy.board, frame) == (ids["claim"], ids["report"])
    raw = out.read_bytes()
    assert b"TAGGED-CANARY" not in raw
    assert ids["tagged"].encode() not in raw


def test_a_card_that_is_no_frame_is_refused_and_nothing_is_written(board_dir: Path) -> None:
    path, ids = _board(board_dir)
    out = board_dir / "nothing.evboard"
    with pytest.raises(ChangeError, match="is not a frame"):
        share_file(path, out, frame=ids["claim"])
    with pytest.raises(ChangeError, match="No card or link"):
        share_file(path, out, frame="ffffffff-no-such")
    assert list(board_dir.iterdir()) == [path]
