"""Opening in two steps: vet and sketch the canvas first, load the model after.

The sketch must say what the full load would: the same cards and links, and a hostile
value in a canvas column refused as damage by both, never drawn.
"""

import sqlite3
from pathlib import Path

import pytest

from evidenceboard.storage import BoardLockedError, document, open_board
from evidenceboard.storage.document import begin_open
from evidenceboard.storage.errors import BoardFileError, DamagedBoardError
from evidenceboard.storage.lock import lock_path
from evidenceboard.storage.sketch import CARD_KINDS, LINK_KINDS
from tests.storage.helpers import make_demo_file, tamper


def test_the_sketch_holds_every_card_box_and_link_of_the_board(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    opening = begin_open(path, author="ana")
    sketch = opening.sketch()
    document = opening.finish()
    with document:
        board = document.board
        assert sorted(sketch.card_ids) == sorted(board.cards)
        assert sketch.card_count == len(board.cards) and sketch.link_count == len(board.links)
        for i, card_id in enumerate(sketch.card_ids):
            card = board.cards[card_id]
            g = card.geometry
            assert CARD_KINDS[sketch.card_kinds[i]] is card.kind
            box = (sketch.x[i], sketch.y[i], sketch.width[i], sketch.height[i])
            assert box == (g.x, g.y, g.width, g.height)
        drawn = {
            (sketch.card_ids[s], sketch.card_ids[t], LINK_KINDS[k])
            for s, t, k in zip(
                sketch.link_sources, sketch.link_targets, sketch.link_kinds, strict=True
            )
        }
        assert drawn == {(x.source, x.target, x.kind) for x in board.links.values()}
        assert not document.read_only


def test_an_empty_board_sketches_as_nothing(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM links")
        db.execute("DELETE FROM cards")
    opening = begin_open(path, read_only=True)
    sketch = opening.sketch()
    opening.abandon()
    assert sketch.card_count == 0 and sketch.link_count == 0 and sketch.x.size == 0


HOSTILE = {
    "NaN position (as text)": "UPDATE cards SET x = 'NaN' WHERE rowid = 3",
    "infinite position": "UPDATE cards SET y = 9e999 WHERE rowid = 2",
    "huge position": "UPDATE cards SET x = 1e300 WHERE rowid = 2",
    "negative width": "UPDATE cards SET width = -5 WHERE rowid = 1",
    "huge height": "UPDATE cards SET height = 1e9 WHERE rowid = 4",
    "text for a number": "UPDATE cards SET width = 'wide' WHERE rowid = 5",
    "blob for a number": "UPDATE cards SET x = x'00ff' WHERE rowid = 5",
    "unknown card kind": "UPDATE cards SET kind = 'spell' WHERE rowid = 6",
    "card kind of the wrong type": "UPDATE cards SET kind = 7 WHERE rowid = 6",
    "unknown link kind": "UPDATE links SET kind = 'hates' WHERE rowid = 1",
    "link to a missing card": "UPDATE links SET target_id = 'nowhere' WHERE rowid = 1",
    "link from a number": "UPDATE links SET source_id = 12 WHERE rowid = 2",
}


@pytest.mark.parametrize("statement", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_canvas_values_are_damage_for_sketch_and_load_alike(
    board_dir: Path, statement: str
) -> None:
    path = make_demo_file(board_dir)
    tamper(path, statement)
    opening = begin_open(path, author="ana")
    with pytest.raises(DamagedBoardError) as sketched:
        opening.sketch()
    opening.abandon()
    with pytest.raises(DamagedBoardError) as loaded:
        open_board(path, author="ana")
    # Both name the file and the same card or link (the first eight characters of its id).
    words = str(loaded.value).split()
    named = words[words.index("Card") + 1][:8] if "Card" in words else None
    if named is not None:
        assert named in str(sketched.value)
    assert path.name in str(sketched.value) and path.name in str(loaded.value)
    assert not lock_path(path).exists()


def test_abandoning_releases_the_lock_and_closes_the_file(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    opening = begin_open(path, author="ana")
    assert lock_path(path).exists()
    with pytest.raises(BoardLockedError):
        begin_open(path, author="bo")
    opening.abandon()
    opening.abandon()
    assert not lock_path(path).exists()
    with pytest.raises(BoardFileError, match="no longer"):
        opening.sketch()
    with pytest.raises(BoardFileError, match="no longer"):
        opening.finish()
    with open_board(path, author="bo") as document:
        assert len(document.board.cards) == 21


def test_a_failing_finish_releases_the_lock(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    tamper(path, "UPDATE cards SET created_at = 'yesterday' WHERE rowid = 1")
    opening = begin_open(path, author="ana")
    opening.sketch()  # the canvas columns are sound; the rest of the card is not
    with pytest.raises(DamagedBoardError):
        opening.finish()
    assert not lock_path(path).exists()
    with pytest.raises(BoardFileError):
        opening.finish()


@pytest.mark.parametrize("error", [RecursionError, OverflowError])
def test_a_value_that_slips_past_the_converters_is_still_damage(
    board_dir: Path, monkeypatch: pytest.MonkeyPatch, error: type[Exception]
) -> None:
    # Stands for a hostile value no converter foresaw: the open must still end in
    # DamagedBoardError (which the window answers with the recovery dialog).
    path = make_demo_file(board_dir)

    def converter(*_args: object) -> object:
        raise error("too deep or too large")

    monkeypatch.setattr(document, "row_to_link", converter)
    with pytest.raises(DamagedBoardError, match=r"demo\.evboard holds a value that cannot"):
        open_board(path, author="ana")
    assert not lock_path(path).exists()
