"""Disk full and I/O errors at every step of saving a change, a snapshot and a shared copy.

After each injected fault: a clear :class:`WriteFailedError`, the board file
byte-identical, no temporary or journal file left, and the board in memory unchanged
(so the window keeps the user's edit on screen to retry). Then the same change, retried
without the fault, goes through.
"""

import os
from dataclasses import replace
from pathlib import Path

import pytest

from evidenceboard.model import AddAttachment, AddCards, Batch, CardKind
from evidenceboard.model.attachments import Attachment, sha256_hex
from evidenceboard.model.board import Board
from evidenceboard.model.cards import Geometry
from evidenceboard.model.changes import (
    AddLinks,
    Change,
    EditBoard,
    EditCards,
    MoveCards,
    RemoveLinks,
)
from evidenceboard.model.clock import utc_now
from evidenceboard.model.factory import edited_card, make_card, make_link
from evidenceboard.model.links import LinkKind
from evidenceboard.storage import BoardDocument, BoardFileError, WriteFailedError, open_board
from evidenceboard.storage.share import share_copy
from evidenceboard.storage.snapshots import take_snapshot
from tests.reliability.faults import (
    DISK_FULL,
    IO_ERROR,
    FailingBackup,
    OsFaults,
    StatementFaults,
    count_steps,
)
from tests.reliability.helpers import digest, file_state, leftovers, make_demo, record, state


def _every_kind_of_change(board: Board) -> Change:
    """One change that touches every table: attachment, cards, links, moves, details."""
    data = os.urandom(30_000)
    sha = sha256_hex(data)
    attachment = Attachment(sha, "leak.pdf", "application/pdf", len(data), utc_now())
    doc_card = make_card(CardKind.DOCUMENT, "Leak", "ana", attachment=sha, file_name="leak.pdf")
    note = make_card(CardKind.NOTE, "Note", "ana", text="why it matters")
    first, second = sorted(board.cards)[:2]
    old = board.cards[first]
    edited = edited_card(old, "ana", title="Edited under fault")
    g = board.cards[second].geometry
    link = sorted(board.links.values(), key=lambda x: x.id)[0]
    return Batch(
        (
            AddAttachment(attachment, data),
            AddCards((doc_card, note), (make_link(note.id, doc_card.id, LinkKind.RELATED, "a"),)),
            EditCards(((old, edited),)),
            MoveCards(((second, g, Geometry(g.x + 50, g.y + 50, g.width, g.height)),)),
            AddLinks((make_link(first, note.id, LinkKind.CORROBORATES, "ana"),)),
            RemoveLinks((link,)),
            EditBoard(board.info, replace(board.info, title="Renamed under fault")),
        ),
        "Everything at once",
    )


def _count_statements(document: BoardDocument, change: Change) -> int:
    counter = StatementFaults(fail_at=None)
    with counter.on(document._writable()):
        document.apply(change)
    return counter.calls


@pytest.mark.parametrize("message", [DISK_FULL, IO_ERROR])
def test_a_fault_at_every_step_of_saving_a_change(board_dir: Path, message: str) -> None:
    scratch = make_demo(board_dir, "scratch.evboard")
    path = make_demo(board_dir)
    with open_board(path) as doc:
        change = _every_kind_of_change(doc.board)
        with open_board(scratch) as other:
            steps = _count_statements(other, change)
        assert steps > 10, "the change should take many statements"
        keep = {path.name, f".~lock.{path.name}#", scratch.name}
        before_file, before_board = digest(path), state(doc.board)
        for step in range(1, steps + 1):
            with (
                StatementFaults(step, message).on(doc._writable()),
                pytest.raises(WriteFailedError) as failure,
            ):
                doc.apply(change)
            words = "disk is full" if message == DISK_FULL else "disk reported an error"
            assert words in str(failure.value) and "Nothing changed" in str(failure.value)
            assert digest(path) == before_file, f"step {step} changed the file"
            assert state(doc.board) == before_board, f"step {step} changed the board"
            assert leftovers(board_dir, keep) == [], f"step {step} left files behind"
        record("faults injected while saving a change", steps)
        doc.apply(change)  # the kept edit, retried, goes through
        assert doc.integrity_report() == []
        expected = state(doc.board)
    assert file_state(path) == expected


def _snapshot_names(folder: Path) -> dict[str, str]:
    return {p.name: digest(p) for p in folder.iterdir() if p.name != "origin.json"}


def test_a_fault_at_every_step_of_taking_a_snapshot(board_dir: Path) -> None:
    path = make_demo(board_dir)
    with open_board(path) as doc:
        folder = take_snapshot(doc).parent
        steps = count_steps(lambda: take_snapshot(doc))
        assert steps > 5
        earlier = _snapshot_names(folder)
        before_file = digest(path)
        failed = 0
        for step in range(1, steps + 1):
            faults = OsFaults(step)
            with faults.on():
                try:
                    take_snapshot(doc)
                except WriteFailedError as exc:
                    assert "The board itself is unchanged" in str(exc)
                    failed += 1
                else:
                    # Best-effort steps (clean-up, fsync of the folder, creating a folder
                    # that exists) may fail harmlessly: then the snapshot must be whole.
                    newest = max(folder.glob("*.evboard"))
                    assert file_state(newest) == state(doc.board), f"step {step}"
                    earlier = _snapshot_names(folder)
                    continue
            assert digest(path) == before_file
            assert _snapshot_names(folder) == earlier, f"step {step} ({faults.failed})"
        assert failed > 5
        record("faults injected while taking a snapshot", failed)


@pytest.mark.parametrize("pages", [1, 2, 5, 10])
def test_a_disk_that_fills_up_during_the_backup(board_dir: Path, pages: int) -> None:
    path = make_demo(board_dir)
    with open_board(path) as doc:
        folder = take_snapshot(doc).parent
        earlier = _snapshot_names(folder)
        real = doc._connection
        doc._connection = FailingBackup(real, pages)  # type: ignore[assignment]
        try:
            with pytest.raises(WriteFailedError, match="disk is full"):
                take_snapshot(doc)
        finally:
            doc._connection = real
        assert _snapshot_names(folder) == earlier
        assert doc.integrity_report() == []
    record("faults injected while taking a snapshot", 1)


def _share_outcome(doc: BoardDocument, target: Path, step: int) -> BaseException | None:
    try:
        with OsFaults(step).on():
            share_copy(doc, target, overwrite=True)
    except Exception as exc:
        return exc
    return None


def _share_steps(doc: BoardDocument, target: Path) -> int:
    return count_steps(lambda: share_copy(doc, target, overwrite=True))


@pytest.fixture
def out(board_dir: Path) -> Path:
    """A folder for the written file alone, so anything else in it is a leftover."""
    folder = board_dir / "out"
    folder.mkdir()
    return folder


def test_a_fault_at_every_step_of_sharing_a_copy_keeps_the_earlier_copy(
    board_dir: Path, out: Path
) -> None:
    path = make_demo(board_dir)
    target = out / "shared.evboard"
    with open_board(path) as doc:
        steps = _share_steps(doc, target)
        earlier = digest(target)
        doc.apply(AddCards((make_card(CardKind.NOTE, "newer", "ana"),)))
        before_file = digest(path)
        failed = 0
        for step in range(1, steps + 1):
            outcome = _share_outcome(doc, target, step)
            if outcome is None:
                earlier = digest(target)
                continue
            failed += 1
            assert digest(target) == earlier, f"step {step} damaged the earlier copy"
            assert digest(path) == before_file
            assert leftovers(out, {target.name}) == [], f"step {step} left files behind"
        assert failed > 5
    record("faults injected while sharing a copy", failed)


def test_every_failed_share_says_so_as_a_write_failure(board_dir: Path) -> None:
    path = make_demo(board_dir)
    target = board_dir / "shared.evboard"
    with open_board(path) as doc:
        steps = _share_steps(doc, target)
        target.unlink()
        for step in range(1, steps + 1):
            outcome = _share_outcome(doc, target, step)
            if outcome is not None:
                assert isinstance(outcome, BoardFileError), f"step {step}: {outcome!r}"
            target.unlink(missing_ok=True)


def test_a_fault_at_every_step_of_exporting_a_brief_keeps_the_earlier_pdf(
    board_dir: Path, out: Path
) -> None:
    from evidenceboard.export.brief.options import BriefError
    from evidenceboard.export.brief.writer import write_brief

    path = make_demo(board_dir)
    pdf = out / "brief.pdf"
    with open_board(path, read_only=True) as doc:
        steps = count_steps(lambda: write_brief(doc.board, pdf))
        earlier = digest(pdf)
        failed = 0
        for step in range(1, steps + 1):
            faults = OsFaults(step)
            try:
                with faults.on():
                    write_brief(doc.board, pdf)
            except BriefError as exc:
                assert "Could not write brief.pdf" in str(exc)
                failed += 1
                assert digest(pdf) == earlier, f"step {step} ({faults.failed})"
            else:
                earlier = digest(pdf)
            assert leftovers(out, {pdf.name}) == [], f"step {step} left files behind"
    assert failed >= 3
    record("faults injected while exporting a brief", failed)
