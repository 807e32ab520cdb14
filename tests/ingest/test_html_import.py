"""Saved web pages and single-file archives become article cards with their metadata."""

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import trafilatura

from evidenceboard.ingest import ImportedItem, IngestError, read_file
from evidenceboard.model.attachments import sha256_hex
from evidenceboard.model.cards import CardKind
from tests.ingest.samples import article_html, mhtml_archive


def _write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _read_page(folder: Path, name: str, **page: Any) -> ImportedItem:
    """Read a saved news page written as ``name``; ``page`` changes its metadata."""
    return read_file(_write(folder, name, article_html(**page)))


def test_saved_page_gives_article_fields(tmp_path: Path) -> None:
    path = _write(tmp_path, "story.html", article_html())
    stamp = datetime(2024, 3, 6, 8, 30, tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))

    item = read_file(path)

    assert item.kind is CardKind.ARTICLE
    assert item.title == "Port deal signed in secret"
    values = item.values
    assert values["outlet"] == "Hürriyet"
    assert values["author"] == "Ayşe Y\u0131lmaz"
    assert values["published"] == "2024-03-05"
    assert values["url"] == "https://www.hurriyet.com.tr/gundem/port-deal-42"
    assert values["language"] == "tr"
    assert values["captured_at"] == datetime(2024, 3, 6, 8, 30, tzinfo=UTC)
    body = values["body"]
    assert "dredging contract with Marlin Holdings" in body
    assert "declined to comment" in body
    for noise in ("BUY CHEAP WATCHES", "injected script text", "Sport", "Copyright footer"):
        assert noise not in body
    assert item.original is not None
    assert item.original.data == path.read_bytes()
    assert item.original.sha256 == sha256_hex(path.read_bytes())
    assert item.original.media_type == "text/html"
    card = item.to_card("tester", 0, 0)
    assert card.content.kind is CardKind.ARTICLE


def test_address_comes_from_og_url_then_saved_from_comment(tmp_path: Path) -> None:
    og = _read_page(tmp_path, "og.html", canonical=None, og_url="https://news.example/og-story")
    assert og.values["url"] == "https://news.example/og-story"

    saved = _read_page(
        tmp_path, "saved.htm", canonical=None, saved_from="https://news.example/saved-story"
    )
    assert saved.values["url"] == "https://news.example/saved-story"
    assert saved.values["outlet"] == "Hürriyet"


def test_only_web_addresses_are_kept(tmp_path: Path) -> None:
    item = _read_page(tmp_path, "js.html", canonical="javascript:alert(1)", og_url=None)
    assert item.values["url"] == ""


def test_capture_time_is_import_time_when_file_time_is_implausible(tmp_path: Path) -> None:
    path = _write(tmp_path, "old.html", article_html())
    os.utime(path, (100.0, 100.0))  # 1970: no browser saved it then
    before = datetime.now(UTC).replace(microsecond=0)
    item = read_file(path)
    assert item.values["captured_at"] >= before


def test_mhtml_archive_gives_page_address_and_save_date(tmp_path: Path) -> None:
    html = article_html(canonical=None)
    data = mhtml_archive(
        html,
        location="https://www.hurriyet.com.tr/archived",
        date="Wed, 6 Mar 2024 09:15:00 +0100",
    )
    item = read_file(_write(tmp_path, "page.mhtml", data))

    assert item.kind is CardKind.ARTICLE
    assert item.title == "Port deal signed in secret"
    assert item.values["url"] == "https://www.hurriyet.com.tr/archived"
    assert item.values["captured_at"] == datetime(2024, 3, 6, 8, 15, tzinfo=UTC)
    assert "Marlin Holdings" in item.values["body"]
    assert item.original is not None
    assert item.original.media_type == "multipart/related"
    assert item.original.data == data


def test_mhtml_without_a_page_is_refused(tmp_path: Path) -> None:
    data = (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: image/png\r\n\r\nxx\r\n--b--\r\n"
    )
    with pytest.raises(IngestError, match="no HTML page"):
        read_file(_write(tmp_path, "empty.mht", data))


def test_page_with_huge_inline_data_and_scripts_keeps_text_after_them(tmp_path: Path) -> None:
    # Over 10 MB in one attribute and one script: libxml2's default limit would stop
    # parsing there and hide the paragraph after them.
    extra = (
        "<img src='data:image/png;base64," + "A" * 12_000_000 + "'>"
        "<script>" + "var x = 1;" * 1_200_000 + "</script>"
        "<p>Hidden witness statement follows the blob.</p>"
    )
    item = _read_page(tmp_path, "heavy.html", extra_body=extra)
    body = item.values["body"]
    assert "Hidden witness statement follows the blob." in body
    assert "var x" not in body
    assert "AAAA" not in body


def test_page_the_extractor_finds_empty_falls_back_to_plain_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    html = (
        "<html><head><title>Shipping list</title></head><body>"
        "<nav>Menu</nav><table><tr><td>MV Aurora</td><td>Piraeus</td></tr></table>"
        "</body></html>"
    )
    item = read_file(_write(tmp_path, "list.html", html))
    assert item.title == "Shipping list"
    assert "MV Aurora" in item.values["body"]
    assert "Menu" not in item.values["body"]


def test_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    html = article_html(title="Gazeteci a\u00e7\u0131klad\u0131", canonical=None).replace(
        '<meta charset="utf-8">', '<meta charset="windows-1254">'
    )
    item = read_file(_write(tmp_path, "legacy.html", html.encode("cp1254")))
    assert item.title == "Gazeteci a\u00e7\u0131klad\u0131"
    assert item.values["author"] == "Ayşe Y\u0131lmaz"


def test_page_with_no_text_at_all_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no readable text"):
        read_file(_write(tmp_path, "blank.html", "<html><body><script>x()</script></body></html>"))


FILES = Path(__file__).parent / "files"


def test_chrome_archive_with_folded_headers_reads_address_time_and_title(tmp_path: Path) -> None:
    data = (FILES / "chrome-folded-headers.mhtml").read_bytes()
    item = read_file(_write(tmp_path, "saved.mhtml", data))

    assert item.values["url"] == (
        "https://www.harbourpost.example/port/2026/12/01/"
        "harbour-authority-chief-resigns-over-dredging-contract?ref=front"
    )
    # 10:00 at UTC-7, not 10:00 UTC.
    assert item.values["captured_at"] == datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    # The <title> without its section and site, not the <h1> (the section's name).
    assert item.title == "Harbour authority chief resigns over dredging contract"
    assert "without a public tender" in item.values["body"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Tue, 1 Dec 2026 10:00:00 -0700", datetime(2026, 12, 1, 17, 0, tzinfo=UTC)),
        ("Tue, 1 Dec 2026 10:00:00 GMT-0700", datetime(2026, 12, 1, 17, 0, tzinfo=UTC)),
        ("Tue, 1 Dec 2026 10:00:00 UTC+0130", datetime(2026, 12, 1, 8, 30, tzinfo=UTC)),
        ("Tue, 1 Dec 2026 10:00:00 GMT", datetime(2026, 12, 1, 10, 0, tzinfo=UTC)),
    ],
)
def test_archive_capture_time_keeps_the_offset_it_was_written_with(
    tmp_path: Path, written: str, expected: datetime
) -> None:
    data = mhtml_archive(article_html(canonical=None), date=written)
    item = read_file(_write(tmp_path, "page.mhtml", data))
    assert item.values["captured_at"] == expected


def test_archive_whose_folded_header_lost_its_indent_is_still_read(tmp_path: Path) -> None:
    # A tool that trims leading white space breaks RFC 5322 folding: the boundary
    # then stands on a line of its own, which the standard parser takes for the body.
    data = mhtml_archive(article_html(canonical=None)).replace(b"\r\n\t", b"\r\n")
    item = read_file(_write(tmp_path, "trimmed.mhtml", data))
    assert item.title == "Port deal signed in secret"
    assert "Marlin Holdings" in item.values["body"]
