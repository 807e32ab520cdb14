"""PDFs become document cards; hostile PDFs are stopped in the worker process."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from evidenceboard.ingest import ImportedItem, IngestError, pdf_document, read_file
from evidenceboard.ingest.importer import import_files
from evidenceboard.ingest.pdf_document import join_pages, pdf_date, split_pages
from evidenceboard.ingest.pdf_text import clean_page_text
from evidenceboard.model.cards import CardKind
from evidenceboard.storage import create_board
from tests.ingest.samples import (
    pdf_flate_bomb,
    pdf_page_tree_loop,
    pdf_with_broken_info,
    pdf_with_odd_page_tree,
    report_pdf,
    write_file,
)


def _zombie_children() -> list[int]:
    zombies = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] == "Z" and int(fields[1]) == os.getpid():
            zombies.append(int(stat.parent.name))
    return zombies


def test_pdf_gives_metadata_pages_and_thumbnail(tmp_path: Path) -> None:
    data = report_pdf(
        ["Harbour survey\nDredging started in March.", "Second page about Marlin Holdings", ""],
        title="Port authority annual report",
        author="Jane Doe",
    )
    item = read_file(write_file(tmp_path, "report.pdf", data))

    assert item.kind is CardKind.DOCUMENT
    assert item.title == "Port authority annual report"
    values = item.values
    assert values["page_count"] == 3
    assert values["origin"] == "Jane Doe"
    assert values["media_type"] == "application/pdf"
    pages = split_pages(values["extracted_text"])
    assert len(pages) == 3
    assert "Dredging started in March." in pages[0]
    assert "Marlin Holdings" in pages[1]
    assert pages[2] == ""
    assert item.original is not None and item.original.data == data
    assert values["attachment"] == item.original.sha256
    assert item.thumbnail is not None
    thumbnail = Image.open(io.BytesIO(item.thumbnail), formats=["PNG"])
    assert max(thumbnail.size) <= 320
    assert item.dimensions == (595, 842)
    # The page markers survive the model's cleaning of text fields.
    card = item.to_card("tester", 0, 0)
    assert split_pages(card.text) == pages


def test_title_falls_back_to_first_line_then_file_name(tmp_path: Path) -> None:
    item = read_file(write_file(tmp_path, "scan.pdf", report_pdf(["Leaked memo\nbody"])))
    assert item.title == "Leaked memo"
    blank = read_file(write_file(tmp_path, "blank-scan.pdf", report_pdf([""])))
    assert blank.title == "blank-scan"


def test_pdf_dates_become_partial_dates() -> None:
    assert pdf_date("D:20240305120000+01'00'") == "2024-03-05"
    assert pdf_date("D:202403") == "2024-03"
    assert pdf_date("D:2024") == "2024"
    assert pdf_date("D:20241399") == "2024"
    assert pdf_date("yesterday") == ""


def test_page_marker_lines_inside_a_page_do_not_split_it() -> None:
    pages = ["one\n[Page 2]\nstill one", "two"]
    assert split_pages(join_pages(pages)) == ["one\n [Page 2]\nstill one", "two"]
    assert split_pages("no markers") == ["no markers"]


def test_text_named_pdf_is_refused(tmp_path: Path) -> None:
    path = write_file(tmp_path, "report.pdf", b"Dear editor, this is not a PDF.\n")
    with pytest.raises(IngestError, match=r"named \.pdf but is not a PDF \(it looks like text\)"):
        read_file(path)


def test_damaged_pdf_gets_a_reason(tmp_path: Path) -> None:
    data = report_pdf(["whole"])[:200]
    with pytest.raises(IngestError, match="PDF"):
        read_file(write_file(tmp_path, "cut.pdf", data))


def _read_unless_refused_in_one_line(path: Path) -> ImportedItem | None:
    """The file read, or None when it was refused with a reason on one line."""
    try:
        return read_file(path)
    except IngestError as exc:
        assert "\n" not in str(exc)
        return None


def test_page_tree_loop_is_refused_or_read_without_hanging(tmp_path: Path) -> None:
    item = _read_unless_refused_in_one_line(write_file(tmp_path, "loop.pdf", pdf_page_tree_loop()))
    if item is not None:
        assert item.values["page_count"] in (0, 1)


def test_flate_bomb_is_contained(tmp_path: Path) -> None:
    # D1: 292 KB that inflates to 300 MB. PDFium may inflate it within the worker's
    # memory limit (then the page simply has no text) or be stopped; either way the
    # app's process never holds the inflated bytes and the answer is one line.
    item = _read_unless_refused_in_one_line(write_file(tmp_path, "bomb.pdf", pdf_flate_bomb()))
    if item is not None:
        assert item.values["extracted_text"].strip() == "[Page 1]"
    assert _zombie_children() == []


def test_timeout_kills_the_worker_and_leaves_no_zombie(tmp_path: Path) -> None:
    data = report_pdf(["slow"])
    with pytest.raises(IngestError, match=r"longer than 0\.01 seconds"):
        pdf_document.read_pdf(tmp_path / "slow.pdf", data, timeout=0.01)
    assert _zombie_children() == []


def test_worker_crash_is_reported_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_run = subprocess.run

    def crash(*args: object, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        return real_run(
            [sys.executable, "-c", "import os; os.abort()"], capture_output=True, check=False
        )

    monkeypatch.setattr(subprocess, "run", crash)
    with pytest.raises(IngestError, match="crashed or ran out of memory"):
        pdf_document.read_pdf(tmp_path / "x.pdf", report_pdf(["x"]))


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX only")
def test_worker_caps_its_address_space() -> None:
    code = (
        "import resource; from evidenceboard.ingest import pdf_worker; "
        "pdf_worker._limit_memory(); print(resource.getrlimit(resource.RLIMIT_AS)[0])"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=True, text=True
    ).stdout
    assert 0 < int(output) <= 1024 * 1024 * 1024


def test_hyphenated_line_breaks_join_words_and_leave_no_noncharacters(tmp_path: Path) -> None:
    # PDFium marks each word hyphenated at a line end with U+FFFE and drops the break.
    data = report_pdf(
        ["The inter-\nnational commit-\ntee met in\nIstanbul with the Anglo-\nSaxon fact-"]
    )
    item = read_file(write_file(tmp_path, "minutes.pdf", data))
    text = item.values["extracted_text"]
    assert "international committee met in\nIstanbul" in text
    assert "Anglo-Saxon" in text
    assert text.endswith("fact-")
    assert "\ufffe" not in text and "\u00ad" not in text


def test_page_text_is_cleaned_whichever_parser_gave_it() -> None:
    assert clean_page_text("inter\ufffenational\r\nnext") == "international\nnext"
    assert clean_page_text("pypdf: inter-\nnational, Anglo-\nSaxon") == (
        "pypdf: international, Anglo-\nSaxon"
    )
    assert clean_page_text("page 12-\n14 soft\u00adhyphen") == "page 12-\n14 softhyphen"
    assert clean_page_text("odd \uffff\udc00\U0010ffff\x01 end\t.") == "odd  end\t."


@pytest.mark.parametrize("kind", ["null_kid", "missing_kid", "root_is_pages"])
def test_pdf_that_pdfium_refuses_is_read_by_the_second_parser(tmp_path: Path, kind: str) -> None:
    item = read_file(write_file(tmp_path, f"{kind}.pdf", pdf_with_odd_page_tree(kind)))
    assert item.values["page_count"] >= 1
    assert "Minutes of the harbour board" in item.values["extracted_text"]
    assert item.title == "Minutes of the harbour board"
    assert item.dimensions == (612, 792)


def test_unreadable_info_dictionary_costs_only_the_bad_field(tmp_path: Path) -> None:
    item = read_file(write_file(tmp_path, "minutes.pdf", pdf_with_broken_info()))
    assert "Minutes of the harbour board" in item.values["extracted_text"]
    assert item.values["origin"] == "Jane Roe"
    assert item.values["date"] == "2023-01-02"
    assert item.thumbnail is not None  # PDFium still read the pages
    assert "\ufffe" not in item.title and "\udc00" not in item.title


def test_hyphenated_words_are_found_by_a_phrase_search(tmp_path: Path) -> None:
    data = report_pdf(["Minutes: the inter-\nnational commit-\ntee met in\nIstanbul."])
    with create_board(tmp_path / "case.evboard", author="tester") as doc:
        result = import_files([write_file(tmp_path, "minutes.pdf", data)], doc.board, "tester")
        assert result.change is not None
        doc.apply(result.change)
        hits = doc.search('"international committee met in istanbul"')
        assert [h.card_id for h in hits] == [result.cards[0].id]


def test_hyphen_at_a_line_end_joins_letters_only() -> None:
    # After a digit or a space the hyphen was written; before a capital, too.
    assert clean_page_text("inter-\nnal 12-\nfold -\nstart Anglo-\nSaxon") == (
        "internal 12-\nfold -\nstart Anglo-\nSaxon"
    )
