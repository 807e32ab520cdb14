"""The import pipeline both front ends use: read every file, then one change for them all."""

import json
from pathlib import Path

import pytest

from evidenceboard.formats.json_dump import dumps_board
from evidenceboard.formats.pipeline import plan_import, read_sources
from evidenceboard.model.board import Board
from evidenceboard.model.cancel import Cancelled
from evidenceboard.model.cards import DEFAULT_HEIGHT, DEFAULT_WIDTH, CardKind
from evidenceboard.model.changes import AddCards, Batch
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.links import LinkKind
from tests.ingest.samples import article_html


def _canvas(path: Path, text: str) -> Path:
    node = {"id": "a", "type": "text", "text": text, "x": 0, "y": 0, "width": 200, "height": 100}
    path.write_text(json.dumps({"nodes": [node], "edges": []}), "utf-8")
    return path


def _dump_of_two_linked_cards(path: Path) -> Path:
    board = Board()
    first = make_card(CardKind.NOTE, "Harbour log", "cy")
    second = make_card(CardKind.CLAIM, "The convoy left empty", "cy")
    board.apply(
        AddCards((first, second), (make_link(first.id, second.id, LinkKind.CORROBORATES, "cy"),))
    )
    path.write_text(dumps_board(board), "utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    story = tmp_path / "story.html"
    story.write_text(article_html(), "utf-8")
    note = tmp_path / "note.txt"
    note.write_text("Call the harbourmaster about the Aurora.", "utf-8")
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"not a pdf at all")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", "utf-8")
    return [
        story,
        _canvas(tmp_path / "map.canvas", "Lead"),
        fake,
        note,
        _dump_of_two_linked_cards(tmp_path / "dump.json"),
        broken,
        tmp_path / "missing.txt",
    ]


def test_reading_collects_each_files_failure_and_keeps_the_rest(files: list[Path]) -> None:
    told: list[tuple[int, int]] = []
    batch = read_sources(files, "ana", progressed=lambda done, total: told.append((done, total)))
    assert [item.source.name for item in batch.items] == ["story.html", "note.txt"]
    assert [path.name for path, _board in batch.boards] == ["map.canvas", "dump.json"]
    reasons = {path.name: reason for path, reason in batch.failures}
    assert list(reasons) == ["fake.pdf", "broken.json", "missing.txt"]
    assert reasons["fake.pdf"] == "it is named .pdf but is not a PDF (it looks like text)"
    assert reasons["missing.txt"] == "the file does not exist"
    assert all(reason and "\n" not in reason for reason in reasons.values())
    assert told == [(i, len(files)) for i in range(1, len(files) + 1)]


def test_a_stop_between_files_reads_no_further(files: list[Path]) -> None:
    told: list[int] = []
    with pytest.raises(Cancelled):
        read_sources(
            files, "ana", cancel=lambda: len(told) >= 2, progressed=lambda d, _t: told.append(d)
        )
    assert told == [1, 2]


def test_the_plan_is_one_batch_for_every_file(files: list[Path]) -> None:
    board = Board()
    board.apply(AddCards((make_card(CardKind.NOTE, "Already here", "ana"),)))
    plan = plan_import(read_sources(files, "ana"), board, "ana")
    assert isinstance(plan.change, Batch)
    assert plan.change.label == "Import 4 files"
    assert [path.name for path, _card in plan.cards] == ["story.html", "note.txt"]
    assert [path.name for path, _change in plan.boards] == ["map.canvas", "dump.json"]
    assert [path.name for path, _reason in plan.failures] == [
        "fake.pdf",
        "broken.json",
        "missing.txt",
    ]
    assert len(board.cards) == 1  # the caller applies the plan

    board.apply(plan.change)
    titles = sorted(card.display_title for card in board.cards.values())
    assert titles == sorted(
        [
            "Already here",
            "Port deal signed in secret",
            "note",
            "Lead",
            "Harbour log",
            "The convoy left empty",
        ]
    )
    assert len(board.links) == 1


def test_board_files_sharing_ids_both_come_in(tmp_path: Path) -> None:
    dump = _dump_of_two_linked_cards(tmp_path / "one.json")
    again = tmp_path / "two.json"
    again.write_bytes(dump.read_bytes())
    board = Board()
    plan = plan_import(read_sources([dump, again], "ana"), board, "ana")
    assert plan.failures == []
    assert plan.change is not None
    board.apply(plan.change)
    assert len(board.cards) == 4 and len(board.links) == 2


def test_dropped_files_are_centred_on_the_drop_point(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("A single note.", "utf-8")
    plan = plan_import(read_sources([note], "ana"), Board(), "ana", around=(500.0, 300.0))
    [(_path, card)] = plan.cards
    assert (card.geometry.x, card.geometry.y) == (500 - DEFAULT_WIDTH / 2, 300 - DEFAULT_HEIGHT / 2)
    assert isinstance(plan.change, Batch) and plan.change.label == "Import “note.txt”"


def test_nothing_readable_plans_no_change(tmp_path: Path) -> None:
    plan = plan_import(read_sources([tmp_path / "gone.pdf"], "ana"), Board(), "ana")
    assert plan.change is None
    assert plan.failures == [(tmp_path / "gone.pdf", "the file does not exist")]
