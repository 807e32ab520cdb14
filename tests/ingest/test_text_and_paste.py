"""Text and Markdown files, and pasted text and addresses."""

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from evidenceboard.ingest import (
    IngestError,
    card_from_pasted_text,
    card_from_url,
    item_from_pasted_image,
    read_file,
)
from evidenceboard.model.board import Board
from evidenceboard.model.cards import ArticleContent, CardKind, ClaimContent, NoteContent
from evidenceboard.model.changes import AddCards
from evidenceboard.model.errors import InvalidValueError
from evidenceboard.model.factory import make_card
from tests.ingest.samples import image_bytes, write_file


def test_short_text_becomes_a_note_titled_by_file_name(tmp_path: Path) -> None:
    item = read_file(
        write_file(tmp_path, "call with source.txt", b"Met K. at the port.\r\nHe had papers.")
    )
    assert item.kind is CardKind.NOTE
    assert item.title == "call with source"
    assert item.values == {"text": "Met K. at the port.\nHe had papers."}
    assert item.files() == []


def test_long_text_becomes_a_document_with_the_file_attached(tmp_path: Path) -> None:
    data = ("Line of a long transcript.\n" * 200).encode()
    item = read_file(write_file(tmp_path, "transcript.txt", data))
    assert item.kind is CardKind.DOCUMENT
    assert item.title == "transcript"
    assert item.values["media_type"] == "text/plain"
    assert item.values["extracted_text"].startswith("Line of a long transcript.")
    assert item.original is not None and item.original.data == data


def test_markdown_with_a_title_heading_becomes_a_titled_document(tmp_path: Path) -> None:
    data = b"---\ntags: [port]\n---\n# Timeline of the port deal\n\n- March: signed\n"
    item = read_file(write_file(tmp_path, "timeline.md", data))
    assert item.kind is CardKind.DOCUMENT
    assert item.title == "Timeline of the port deal"
    assert item.values["media_type"] == "text/markdown"


def test_markdown_without_heading_and_short_is_a_note(tmp_path: Path) -> None:
    item = read_file(write_file(tmp_path, "todo.md", b"- call the registry\n- ask for minutes"))
    assert item.kind is CardKind.NOTE


def test_utf16_and_legacy_encodings_are_read(tmp_path: Path) -> None:
    utf16 = read_file(write_file(tmp_path, "u16.txt", "Дело № 12".encode("utf-16")))
    assert utf16.values["text"] == "Дело № 12"
    cyrillic = "Протокол допроса свидетеля по делу порта. " * 3
    legacy = read_file(write_file(tmp_path, "koi.txt", cyrillic.encode("cp1251")))
    assert legacy.values["text"] == cyrillic.strip()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"  \n\t\n", "holds no text"),
        ("binary.txt", b"abc\x00\x01\x02def", "binary data"),
        ("archive.zip", b"PK\x03\x04\x00\x00\x00binary", "it is a ZIP archive"),
        ("scan.bmp", b"BM\x36\x00\x0c\x00\x00\x00", "it is a BMP image, which cannot be imported"),
        ("blob.bin", b"\x13\x37\x00\x00binary", "not a saved web page, PDF, image"),
    ],
)
def test_unusable_text_files_get_a_reason(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    with pytest.raises(IngestError, match=reason):
        read_file(write_file(tmp_path, name, data))


def test_missing_and_directory_paths_get_a_reason(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="does not exist"):
        read_file(tmp_path / "nowhere.txt")
    with pytest.raises(IngestError, match="not a file"):
        read_file(tmp_path)


def test_pasted_address_becomes_an_article_without_fetching() -> None:
    card = card_from_url("https://www.reuters.com/world/port-deal-2024/", "tester")
    assert isinstance(card.content, ArticleContent)
    assert card.content.url == "https://www.reuters.com/world/port-deal-2024/"
    assert card.content.outlet == "reuters.com"
    assert card.content.captured_at is not None
    assert card.title == "reuters.com/world/port-deal-2024"


@pytest.mark.parametrize("text", ["javascript:alert(1)", "file:///etc/passwd", "not a url", ""])
def test_only_web_addresses_become_articles(text: str) -> None:
    with pytest.raises(InvalidValueError):
        card_from_url(text, "tester")


def test_pasted_text_becomes_a_note_in_a_free_slot() -> None:
    board = Board()
    board.apply(AddCards((make_card(CardKind.NOTE, "existing", "tester", x=20, y=20),)))
    card = card_from_pasted_text("The ship left at dawn.\x07", board, "tester")
    assert isinstance(card.content, NoteContent)
    assert card.content.text == "The ship left at dawn."
    assert (card.geometry.x, card.geometry.y) != (20.0, 20.0)
    board.apply(AddCards((card,)))


def test_pasted_text_becomes_a_claim_when_asked() -> None:
    text = "The minister owns shares in Marlin Holdings.\nSource: registry extract."
    card = card_from_pasted_text(text, Board(), "tester", as_claim=True)
    assert isinstance(card.content, ClaimContent)
    assert card.title == "The minister owns shares in Marlin Holdings."
    assert card.content.statement == text


def test_pasted_address_alone_becomes_an_article() -> None:
    card = card_from_pasted_text("  https://example.org/a  ", Board(), "tester")
    assert isinstance(card.content, ArticleContent)


def test_pasting_nothing_is_refused() -> None:
    with pytest.raises(InvalidValueError):
        card_from_pasted_text(" \n ", Board(), "tester")


def test_a_pasted_picture_is_a_png_document_captured_at_the_paste() -> None:
    png = image_bytes("PNG", (80, 60))
    at = datetime(2026, 12, 1, 23, 30, 5, tzinfo=timezone(timedelta(hours=-7)))
    item = item_from_pasted_image(png, at)
    assert item.kind is CardKind.DOCUMENT
    assert item.title == "Pasted image 2026-12-02 06.30.05"
    assert item.original is not None and item.original.data == png
    assert item.original.media_type == "image/png"
    assert item.values["date"] == "2026-12-02"
    assert item.values["origin"] == "Pasted from the clipboard"
    assert "Captured 2026-12-02 06:30:05 UTC" in item.values["extracted_text"]
    assert "80 x 60 pixels" in item.values["extracted_text"]
    assert item.thumbnail is not None
