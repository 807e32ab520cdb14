"""Automatic snapshots: verified copies of an open board, and restoring one after damage."""

import os
from pathlib import Path

import pytest

from evidenceboard.model import AddCards, CardKind
from evidenceboard.model.factory import make_card
from evidenceboard.storage import (
    BoardLockedError,
    DamagedBoardError,
    NotABoardError,
    open_board,
)
from evidenceboard.storage.salvage import read_board_id
from evidenceboard.storage.snapshots import (
    AutoSnapshots,
    list_snapshots,
    restore_snapshot,
    snapshot_folder,
    snapshots_for_file,
    snapshots_root,
    take_snapshot,
)
from tests.reliability.helpers import digest, file_state, make_demo, state


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 2, 4096 * 2 + 16):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def _demo_with_a_snapshot(board_dir: Path) -> tuple[Path, Path]:
    """A demo board file and the one snapshot taken of it."""
    path = make_demo(board_dir)
    with open_board(path) as doc:
        return path, take_snapshot(doc)


def test_snapshot_is_a_verified_copy_in_the_data_folder(board_dir: Path) -> None:
    path = make_demo(board_dir)
    with open_board(path) as doc:
        before = digest(path)
        snap = take_snapshot(doc)
        assert digest(path) == before, "taking a snapshot must not touch the board"
        assert snap.parent == snapshots_root() / doc.board.info.id
        assert file_state(snap) == state(doc.board)
        assert sorted(p.name for p in snap.parent.iterdir()) == sorted([snap.name, "origin.json"])


def test_only_the_newest_snapshots_are_kept(board_dir: Path) -> None:
    path = make_demo(board_dir)
    with open_board(path) as doc:
        taken = []
        for i in range(5):
            doc.apply(AddCards((make_card(CardKind.NOTE, f"n{i}", "ana"),)))
            taken.append(take_snapshot(doc, keep=3))
        listed = list_snapshots(doc.board.info.id)
    assert [s.path for s in listed] == list(reversed(taken[-3:]))
    assert [s.cards for s in listed] == [26, 25, 24]
    assert all(s.usable and s.links == 25 for s in listed)


def test_a_damaged_snapshot_is_listed_with_its_problem(board_dir: Path) -> None:
    path = make_demo(board_dir)
    with open_board(path) as doc:
        snap = take_snapshot(doc)
        board_id = doc.board.info.id
    _damage(snap)
    [info] = list_snapshots(board_id)
    assert not info.usable
    assert info.problem is not None and "damaged" in info.problem


def test_restore_puts_the_damaged_board_aside_and_never_overwrites(board_dir: Path) -> None:
    path = make_demo(board_dir)
    with open_board(path) as doc:
        snap = take_snapshot(doc)
        expected = state(doc.board)
        board_id = doc.board.info.id
    _damage(path)
    with pytest.raises(DamagedBoardError):
        open_board(path)
    damaged_bytes = path.read_bytes()
    assert read_board_id(path) == board_id
    # A journal left beside the damaged file belongs to it and must travel with it.
    path.with_name(path.name + "-journal").write_bytes(b"journal of the damaged board")
    [found] = snapshots_for_file(path, board_id)
    assert found.path == snap

    result = restore_snapshot(found.path, path)

    assert result.path == path and result.damaged_moved_to is not None
    assert result.damaged_moved_to.name.startswith("demo (damaged ")
    assert result.damaged_moved_to.read_bytes() == damaged_bytes
    moved_journal = result.damaged_moved_to.with_name(result.damaged_moved_to.name + "-journal")
    assert moved_journal.read_bytes() == b"journal of the damaged board"
    assert file_state(path) == expected
    with open_board(path) as doc:
        assert doc.integrity_report() == []


def _assert_restore_refused(snap: Path, path: Path, error: type[Exception]) -> None:
    """Restoring ``snap`` over ``path`` raises ``error`` and leaves the board file as it was."""
    before = digest(path)
    with pytest.raises(error):
        restore_snapshot(snap, path)
    assert digest(path) == before


def test_restore_refuses_a_board_open_elsewhere(board_dir: Path) -> None:
    path = make_demo(board_dir)
    with open_board(path) as doc:
        snap = take_snapshot(doc)
        _assert_restore_refused(snap, path, BoardLockedError)
    assert sorted(p.name for p in board_dir.iterdir()) == ["demo.evboard"]


def test_restore_refuses_a_damaged_snapshot(board_dir: Path) -> None:
    path, snap = _demo_with_a_snapshot(board_dir)
    _damage(snap)
    _assert_restore_refused(snap, path, DamagedBoardError)
    assert sorted(p.name for p in board_dir.iterdir()) == ["demo.evboard"]


def test_snapshots_are_found_for_a_board_whose_first_page_is_gone(board_dir: Path) -> None:
    path, snap = _demo_with_a_snapshot(board_dir)
    data = bytearray(path.read_bytes())
    data[:4096] = bytes(4096)
    path.write_bytes(bytes(data))
    assert read_board_id(path) is None
    assert [s.path for s in snapshots_for_file(path)] == [snap]


@pytest.mark.parametrize("bad_id", ["../../etc", "", "A" * 32, "0" * 31 + "/"])
def test_a_board_id_never_becomes_a_path_elsewhere(bad_id: str) -> None:
    with pytest.raises(NotABoardError):
        snapshot_folder(bad_id)


def test_auto_snapshots_only_when_the_board_changed(board_dir: Path) -> None:
    path = make_demo(board_dir)
    with open_board(path) as doc:
        auto = AutoSnapshots(doc)
        assert auto.take_if_changed() is None
        doc.apply(AddCards((make_card(CardKind.NOTE, "new", "ana"),)))
        assert auto.pending
        first = auto.take_if_changed()
        assert first is not None and file_state(first) == state(doc.board)
        assert auto.take_if_changed() is None
        auto.stop()
        doc.apply(AddCards((make_card(CardKind.NOTE, "after stop", "ana"),)))
        assert not auto.pending
        assert len(list_snapshots(doc.board.info.id)) == 1


def test_restore_to_a_new_name_leaves_nothing_aside(board_dir: Path) -> None:
    path, snap = _demo_with_a_snapshot(board_dir)
    target = board_dir / "restored.evboard"
    result = restore_snapshot(snap, target)
    assert result.damaged_moved_to is None
    assert file_state(target) == file_state(path)
    assert sorted(os.listdir(board_dir)) == ["demo.evboard", "restored.evboard"]
