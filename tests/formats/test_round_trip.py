"""A board's JSON and JSON Canvas exports import into another board with their evidence.

The source board holds what an investigator imports: a saved web page (an article with
its page attached), a PDF document and an image, each with its attachment (and, for
the PDF and the image, a thumbnail). Each export is imported into a fresh board file;
the cards must come back with the same kind and fields, and the attachments with the
same SHA-256 and bytes.
"""

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from evidenceboard.formats.attachment_files import attachments_folder, write_attachment_files
from evidenceboard.formats.canvas import board_to_canvas
from evidenceboard.formats.importing import import_board_file, import_change, read_board_file
from evidenceboard.formats.json_dump import dumps_board
from evidenceboard.ingest import import_files
from evidenceboard.model.board import Board
from evidenceboard.model.cards import ArticleContent, CardKind, DocumentContent
from evidenceboard.model.changes import AddAttachment, AddCards, Batch
from evidenceboard.model.errors import ChangeError
from evidenceboard.storage import BoardDocument, create_board
from tests.ingest.samples import article_html, image_bytes, report_pdf, write_files


@pytest.fixture
def source(tmp_path: Path) -> tuple[Board, dict[str, bytes]]:
    """A board of a saved page, a PDF and an image, with every attachment's bytes."""
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    files = {
        "story.html": article_html().encode("utf-8"),
        "report.pdf": report_pdf(["Port log", "Page two"], title="Port log"),
        "photo.png": image_bytes("PNG"),
    }
    board = Board()
    result = import_files(write_files(evidence, files), board, "ana")
    assert not result.failures and isinstance(result.change, Batch)
    board.apply(result.change)
    data = {
        p.attachment.sha256: p.data for p in result.change.changes if isinstance(p, AddAttachment)
    }
    assert {c.kind for c in board.cards.values()} == {CardKind.ARTICLE, CardKind.DOCUMENT}
    assert len(data) == 5  # page, PDF, image, and the two thumbnails
    return board, data


def _export_json(board: Board, data: dict[str, bytes], out: Path) -> Path:
    path = out / "case.json"
    path.write_text(dumps_board(board), encoding="utf-8")
    write_attachment_files(board, data.__getitem__, path)
    return path


def _export_canvas(board: Board, data: dict[str, bytes], out: Path) -> Path:
    path = out / "case.canvas"
    names = write_attachment_files(board, data.__getitem__, path)
    path.write_text(json.dumps(board_to_canvas(board, names)), encoding="utf-8")
    return path


Export = Callable[[Board, dict[str, bytes], Path], Path]
EXPORTS = [pytest.param(_export_json, id="json"), pytest.param(_export_canvas, id="canvas")]


def _export_to_a_new_folder(
    export: Export, source: tuple[Board, dict[str, bytes]], tmp_path: Path
) -> Path:
    """Export the source board with its attachments into a folder of their own."""
    board, data = source
    out = tmp_path / "out"
    out.mkdir()
    return export(board, data, out)


@pytest.fixture
def exported(export: Export, source: tuple[Board, dict[str, bytes]], tmp_path: Path) -> Path:
    """The source board as the test's ``export`` writes it, with its attachments."""
    return _export_to_a_new_folder(export, source, tmp_path)


@pytest.mark.parametrize("export", EXPORTS)
def test_export_imports_into_a_fresh_board_with_its_attachments(
    tmp_path: Path,
    source: tuple[Board, dict[str, bytes]],
    exported: Path,
) -> None:
    board, data = source
    with create_board(tmp_path / "fresh.evboard", author="bo") as doc:
        doc.apply(import_board_file(exported, doc.board, "bo"))
        _assert_same_evidence(doc, board, data)


def _assert_same_evidence(doc: BoardDocument, board: Board, data: dict[str, bytes]) -> None:
    fresh = doc.board
    assert set(fresh.cards) == set(board.cards)
    for card_id, card in board.cards.items():
        copy = fresh.cards[card_id]
        assert (copy.kind, copy.title, copy.content) == (card.kind, card.title, card.content)
        assert (copy.tags, copy.grading, copy.geometry) == (card.tags, card.grading, card.geometry)
    assert fresh.attachments == board.attachments
    for sha, original in data.items():
        assert doc.attachment_data(sha) == original
    page = next(c for c in fresh.cards.values() if isinstance(c.content, ArticleContent))
    assert isinstance(page.content, ArticleContent) and page.content.attachment in data
    assert all(
        c.content.attachment in data
        for c in fresh.cards.values()
        if isinstance(c.content, DocumentContent)
    )


@pytest.mark.parametrize("export", EXPORTS)
def test_without_the_files_the_cards_come_in_without_attachments(
    source: tuple[Board, dict[str, bytes]], exported: Path
) -> None:
    board, _data = source
    for path in attachments_folder(exported).iterdir():
        path.unlink()

    fresh = Board()
    fresh.apply(import_board_file(exported, fresh, "bo"))

    assert not fresh.attachments
    page = next(c for c in fresh.cards.values() if isinstance(c.content, ArticleContent))
    original = board.cards[page.id].content
    assert isinstance(page.content, ArticleContent) and isinstance(original, ArticleContent)
    assert page.content.attachment is None
    assert (page.content.url, page.content.body) == (original.url, original.body)


def test_bytes_that_do_not_match_their_description_are_not_taken(
    tmp_path: Path, source: tuple[Board, dict[str, bytes]]
) -> None:
    exported = _export_to_a_new_folder(_export_json, source, tmp_path)
    for path in attachments_folder(exported).iterdir():
        path.write_bytes(path.read_bytes()[:-1] + b"!")  # same size, other bytes
    incoming = read_board_file(exported, "bo")
    fresh = Board()
    fresh.apply(import_change(incoming, fresh, exported.name))
    assert not fresh.attachments


def test_a_card_naming_a_missing_attachment_says_what_kind_it_is(
    source: tuple[Board, dict[str, bytes]],
) -> None:
    board, _data = source
    page = next(c for c in board.cards.values() if isinstance(c.content, ArticleContent))
    with pytest.raises(ChangeError, match="The article card"):
        AddCards((page,)).apply_to(Board())
