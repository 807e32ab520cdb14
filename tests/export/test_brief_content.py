"""The demo board's brief read back: sections, claims, citations, scripts, page furniture."""

import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from evidenceboard.demo import demo_id
from evidenceboard.export.brief.diagram import BoardDiagram, wrap_title
from evidenceboard.export.brief.fonts import BODY_FONT, prepare_reportlab
from evidenceboard.export.brief.options import BriefError, BriefOptions, BriefSection
from evidenceboard.export.brief.writer import write_brief
from evidenceboard.model import Board, CardKind
from tests.export.conftest import FIXED_DATE, make_board, pdf_text

#: Turkish dotted capital I and dotless i on purpose: the font must keep them apart.
TURKISH = "İstanbul'da köprü kapatıldı: şoförler ğ"  # noqa: RUF001


@pytest.fixture
def demo_pdf(demo_board: Board, tmp_path: Path) -> Path:
    path = tmp_path / "brief.pdf"
    write_brief(demo_board, path, BriefOptions(date=FIXED_DATE, author="Desk editor"))
    return path


def test_demo_brief_has_every_section_and_claim(demo_board: Board, demo_pdf: Path) -> None:
    text = pdf_text(demo_pdf)
    for heading in (
        "Executive summary",
        "Board diagram",
        "Claims",
        "Competing hypotheses",
        "Sources",
    ):
        assert heading in text
    flat = " ".join(text.split())
    for claim in demo_board.cards_of_kind(CardKind.CLAIM):
        assert claim.title[:40] in flat
    assert "Assad's flight from Syria" in text
    assert "Desk editor" in text
    assert "14 March 2025" in text


def test_claim_sections_show_assessment_evidence_and_independence(demo_pdf: Path) -> None:
    flat = " ".join(pdf_text(demo_pdf).split())
    assert "CONTESTED" in flat
    assert "SINGLE SOURCE" in flat
    assert "Corroborating evidence (2)" in flat
    assert "Contradicting evidence (1)" in flat
    assert "Corroboration is not independent." in flat
    assert "A source I trust told me" in flat
    assert "Why it matters: A columnist citing one unnamed source." in flat
    assert "Grade: C4: Fairly reliable, Doubtful" in flat


def test_sources_appendix_cites_every_article_and_document(
    demo_board: Board, demo_pdf: Path
) -> None:
    flat = " ".join(pdf_text(demo_pdf).split())
    appendix = flat[flat.rindex("Sources") :]
    for card in demo_board.cards.values():
        if card.kind in (CardKind.ARTICLE, CardKind.DOCUMENT):
            assert card.title[:30] in appendix
    assert "Hurriyet" in appendix and "Abdulkadir Selvi" in appendix


def test_claim_references_are_internal_links_to_the_appendix(demo_pdf: Path) -> None:
    reader = PdfReader(str(demo_pdf))
    appendix_page = reader.pages[-1].indirect_reference
    targets = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            obj = annot.get_object()
            if obj.get("/Subtype") == "/Link" and "/Dest" in obj:
                targets.append(obj["/Dest"][0])
    assert len(targets) >= 5
    assert sum(1 for t in targets if t == appendix_page) >= 4


def test_every_page_has_marking_and_page_n_of_m(demo_pdf: Path) -> None:
    reader = PdfReader(str(demo_pdf))
    total = len(reader.pages)
    assert total >= 5
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text() or ""
        assert text.count("UNCLASSIFIED // DEMO") >= 2
        assert re.search(rf"Page {number} of\s*{total}", text), text[-200:]


def test_outline_and_metadata(demo_pdf: Path) -> None:
    reader = PdfReader(str(demo_pdf))
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top[:4] == ["Key judgements", "Executive summary", "Board diagram", "Claims"]
    assert "Sources" in top
    nested = [i for i in reader.outline if isinstance(i, list)]
    assert nested
    assert any(str(getattr(c, "title", "")).startswith("C1. H1:") for c in nested[0])
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Assad's flight from Syria: was there a deal with Israel?"
    assert meta.author == "Desk editor"
    assert meta.subject and meta.subject.startswith("Demo case")


def test_diagram_is_vector_with_a_box_per_card(demo_board: Board, demo_pdf: Path) -> None:
    prepare_reportlab()
    diagram = BoardDiagram(demo_board, demo_board.cards)
    drawing = diagram.drawing(450, 600)
    rects = [s for s in drawing.contents if type(s).__name__ == "Rect"]
    assert len(rects) == len(demo_board.cards)
    reader = PdfReader(str(demo_pdf))
    for page in reader.pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {}) or {}
        assert all(x.get_object().get("/Subtype") != "/Image" for x in xobjects.values())


def test_wrap_title_ellipsises_what_does_not_fit() -> None:
    prepare_reportlab()
    lines = wrap_title("one two three four five six seven eight", BODY_FONT, 8, 40, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")


def test_non_latin_text_comes_back_out(tmp_path: Path) -> None:
    board = make_board(
        claim={
            "title": TURKISH,
            "statement": "Мост закрыт в понедельник. قال المتحدث إن الجسر مغلق",
            "attributed_to": "Ψ Ελληνικά",
        },
        article={"outlet": "Коммерсантъ", "author": "بشار"},
    )
    path = tmp_path / "scripts.pdf"
    write_brief(board, path, BriefOptions(date=FIXED_DATE))
    text = pdf_text(path)
    assert TURKISH in text
    assert "Мост закрыт в понедельник." in text
    assert "Коммерсантъ" in text
    assert "Ψ Ελληνικά" in text
    # Arabic is drawn shaped (presentation forms) in display order: undo both to compare.
    logical = unicodedata.normalize("NFKC", text)
    for word in ("المتحدث", "الجسر", "مغلق", "بشار"):
        assert word[::-1] in logical or word in logical, word


def test_claim_selection_limits_the_brief(demo_board: Board, tmp_path: Path) -> None:
    path = tmp_path / "one.pdf"
    chosen = demo_id("claim-evacuated")[:10]
    write_brief(demo_board, path, BriefOptions(claim_ids=(chosen,), date=FIXED_DATE))
    flat = " ".join(pdf_text(path).split())
    assert "H2: Russia decided to evacuate Assad" in flat
    assert "C1. Assad has lived in Moscow" not in flat
    assert "This brief covers 1 claim" in flat


def test_sections_can_be_left_out(demo_board: Board, tmp_path: Path) -> None:
    path = tmp_path / "short.pdf"
    options = BriefOptions(sections=frozenset({BriefSection.SUMMARY}), date=FIXED_DATE)
    write_brief(demo_board, path, options)
    text = pdf_text(path)
    assert "Executive summary" in text
    assert "Board diagram" not in text and "Competing hypotheses" not in text


def test_unknown_or_wrong_kind_ids_are_refused(demo_board: Board, tmp_path: Path) -> None:
    with pytest.raises(BriefError, match="No card or link"):
        write_brief(demo_board, tmp_path / "x.pdf", BriefOptions(claim_ids=("ffff",)))
    with pytest.raises(BriefError, match="is not a claim"):
        write_brief(demo_board, tmp_path / "x.pdf", BriefOptions(claim_ids=(demo_id("tass"),)))
    assert not (tmp_path / "x.pdf").exists()


def test_title_author_and_marking_options_override_the_board(tmp_path: Path) -> None:
    board = make_board(handling="TLP:GREEN")
    path = tmp_path / "o.pdf"
    options = BriefOptions(title="Custom title", author="Me", marking="TLP:AMBER", date=FIXED_DATE)
    write_brief(board, path, options)
    text = pdf_text(path)
    assert "Custom title" in text and text.splitlines()[0] == "TLP:AMBER"
    # The page banner is the marking asked for; the unmarked claim is marked as the board.
    assert "(TLP:GREEN) The bridge was closed" in text
