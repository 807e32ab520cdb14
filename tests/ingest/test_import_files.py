"""Importing several files: one undoable change, failures reported, board untouched by them."""

from pathlib import Path

from evidenceboard.ingest import find_thumbnail, import_files, thumbnail_name
from evidenceboard.model.board import Board
from evidenceboard.model.cards import CardKind, DocumentContent
from evidenceboard.model.changes import Batch
from evidenceboard.storage import create_board, open_board
from tests.ingest.samples import article_html, image_bytes, png_bomb, report_pdf, write_files


def _folder_of_evidence(folder: Path) -> list[Path]:
    files = {
        "story.html": article_html().encode(),
        "report.pdf": report_pdf(["Annual report"], title="Annual report"),
        "photo.jpg": image_bytes("JPEG", (640, 480)),
        "note.txt": b"Ask the registry about Marlin.",
        "empty.txt": b"",
        "fake.pdf": b"plain text pretending",
        "bomb.png": png_bomb(),
        "cut.png": image_bytes("PNG", (300, 300))[:60],
    }
    return write_files(folder, files)


def test_good_files_import_and_bad_ones_get_one_line_each(tmp_path: Path) -> None:
    paths = _folder_of_evidence(tmp_path)
    board = Board()
    result = import_files(paths, board, "tester")

    assert [p.name for p, _ in result.imported] == [
        "story.html",
        "report.pdf",
        "photo.jpg",
        "note.txt",
    ]
    assert sorted(p.name for p, _ in result.failures) == [
        "bomb.png",
        "cut.png",
        "empty.txt",
        "fake.pdf",
    ]
    assert all(reason and "\n" not in reason for _, reason in result.failures)
    assert board.cards == {}  # nothing applied yet: the caller applies the change
    assert isinstance(result.change, Batch)
    assert result.change.label == "Import 4 files"

    board.apply(result.change)
    kinds = [board.cards[card_id].kind for _, card_id in result.imported]
    assert kinds == [CardKind.ARTICLE, CardKind.DOCUMENT, CardKind.DOCUMENT, CardKind.NOTE]
    # html original, pdf + thumbnail, jpeg + thumbnail
    assert len(board.attachments) == 5
    names = {a.file_name for a in board.attachments.values()}
    assert {"story.html", "report.pdf", "photo.jpg"} <= names

    photo = board.cards[result.imported[2][1]].content
    assert isinstance(photo, DocumentContent)
    sha = photo.attachment
    assert sha is not None
    thumbnail_sha = find_thumbnail(board, sha)
    assert thumbnail_sha is not None
    assert board.attachments[thumbnail_sha].file_name == thumbnail_name(sha)

    board.apply(result.change.inverted())
    assert board.cards == {} and board.attachments == {}


def test_nothing_importable_gives_no_change(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = import_files([path], Board(), "tester")
    assert result.change is None
    assert result.imported == []
    assert result.failures == [(path, "the file is empty")]


def test_cards_are_placed_apart_around_a_drop_point(tmp_path: Path) -> None:
    paths = []
    for i in range(4):
        path = tmp_path / f"n{i}.txt"
        path.write_text(f"note {i}")
        paths.append(path)
    result = import_files(paths, Board(), "tester", at=(1000.0, 500.0))
    corners = [(c.geometry.x, c.geometry.y) for c in result.cards]
    assert corners[0] == (1000.0, 500.0)
    assert len(set(corners)) == 4


def test_same_file_twice_is_attached_once(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf(["x"], title="Same"))
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(path.read_bytes())
    board = Board()
    first = import_files([path, copy], board, "tester")
    assert first.change is not None
    board.apply(first.change)
    again = import_files([path], board, "tester")
    assert again.change is not None
    board.apply(again.change)
    assert len(board.cards) == 3
    assert len(board.attachments) == 2  # the PDF and its thumbnail


def test_import_is_saved_to_the_board_file(tmp_path: Path) -> None:
    paths = _folder_of_evidence(tmp_path)
    board_path = tmp_path / "case.evboard"
    with create_board(board_path, author="tester") as doc:
        result = import_files(paths, doc.board, doc.author)
        assert result.change is not None
        doc.apply(result.change)
        pdf = doc.board.cards[result.imported[1][1]].content
        assert isinstance(pdf, DocumentContent) and pdf.attachment is not None
    with open_board(board_path, read_only=True) as reopened:
        assert set(reopened.board.cards) == {card_id for _, card_id in result.imported}
        assert reopened.attachment_data(pdf.attachment) == (tmp_path / "report.pdf").read_bytes()
