"""Scripts that are shaped in the brief (Devanagari, Thai, Bengali...): drawn as HarfBuzz
sets them, read back as typed (poppler's pdftotext and PDFium, which read ActualText)."""

import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pypdfium2
import pytest
import uharfbuzz
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from evidenceboard.export.brief import fonts
from evidenceboard.export.brief.options import BriefOptions
from evidenceboard.export.brief.page import BriefCanvas
from evidenceboard.export.brief.writer import write_brief
from tests.export.conftest import FIXED_DATE, make_board

#: A word per shaped script, with conjuncts, reordered vowel signs or stacked marks.
WORDS = {
    "devanagari": "क्षत्रिय",
    "bengali": "স্ত্রী",
    "gurmukhi": "ਸ੍ਰੀ",
    "gujarati": "ક્ષત્રિય",
    "oriya": "କ୍ଷେତ୍ର",
    "tamil": "க்ஷேத்ரம்",
    "telugu": "క్షత్రియ",
    "kannada": "ಕ್ಷತ್ರಿಯ",
    "malayalam": "ക്ഷത്രിയ",
    "sinhala": "ශ්‍රී",
    "thai": "ผู้ใหญ่",
    "lao": "ນ້ຳ",
    "khmer": "ភាសាខ្មែរ",
    "myanmar": "မြန်မာ",
}
_SIZE = 40.0
_LEFT = 20.0


def _font_path(key: str) -> Path:
    script = next(s for s in fonts.SCRIPTS if s.key == key)
    path = fonts._first(script.regular)
    if path is None:
        pytest.skip(f"no {script.label} font on this system")
    return path


def _pdftotext(*args: str) -> str:
    done = subprocess.run(
        ["pdftotext", *args, "-"], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


def _pdfium_text(path: Path) -> str:
    document = pypdfium2.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def _harfbuzz_width(path: Path, word: str, size: float) -> float:
    """The advance of ``word`` as HarfBuzz sets it, straight from the font file."""
    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(path))
    font = uharfbuzz.Font(face)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(word)
    buffer.guess_segment_properties()
    uharfbuzz.shape(font, buffer, {})
    advance: int = sum(p.x_advance for p in buffer.glyph_positions)
    return advance * size / int(face.upem)


def _drawn_word(tmp_path: Path, text: str) -> Path:
    """A page with ``text`` drawn as the brief's paragraphs draw a line: run after run
    in one text object, each run starting where the glyphs before it left the pen. A
    bar follows, after a space, to show where the text ended."""
    fonts.prepare_reportlab()
    path = tmp_path / "word.pdf"
    canvas = BriefCanvas(str(path), pagesize=(600, 200))
    line = canvas.beginText(_LEFT, 100)
    for name, run in fonts.font_runs(text):
        line.setFont(name, _SIZE)
        line.textOut(run)
    line.setFont(fonts.BODY_FONT, _SIZE)
    line.textOut(" |")
    canvas.drawText(line)
    canvas.save()
    return path


def _advance(pdf: Path) -> float:
    """How far the pen went over the text before the bar, as poppler places the bar."""
    page = ElementTree.fromstring(_pdftotext("-bbox", str(pdf)).replace('xmlns="', 'x="'))
    bar = next(w for w in page.iter("word") if w.text == "|")
    space = float(TTFont.stringWidth(_body(), " ", _SIZE))
    return float(bar.attrib["xMin"]) - _LEFT - space


def _body() -> TTFont:
    font: TTFont = pdfmetrics.getFont(fonts.BODY_FONT)
    return font


@pytest.mark.parametrize("key", sorted(WORDS))
def test_a_shaped_word_is_drawn_as_harfbuzz_sets_it_and_reads_as_typed(
    tmp_path: Path, key: str
) -> None:
    font_path = _font_path(key)
    word = WORDS[key]
    assert [name for name, _run in fonts.font_runs(word)] == [f"EvidenceBoard-{key}"]
    pdf = _drawn_word(tmp_path, word)
    assert _pdftotext(str(pdf)).split() == [word, "|"]
    assert _pdfium_text(pdf).split() == [word, "|"]
    # The pen moves by the shaped word's advance, not by one glyph per letter.
    assert _advance(pdf) == pytest.approx(_harfbuzz_width(font_path, word, _SIZE), abs=0.05)


def test_devanagari_glyphs_are_not_the_letters_typed(tmp_path: Path) -> None:
    # The shaped glyphs differ from the letters: a conjunct is one glyph, the vowel sign
    # ि is drawn before its consonant. Read without ActualText (pypdf), the glyphs do not
    # spell the word; with it (pdftotext), the word reads as typed.
    font_path = _font_path("devanagari")
    pdf = _drawn_word(tmp_path, "हिन्दी क्षत्रिय")
    glyphs = PdfReader(pdf).pages[0].extract_text()
    assert "हिन्दी" not in glyphs and "क्षत्रिय" not in glyphs
    assert _pdftotext(str(pdf)).split() == ["हिन्दी", "क्षत्रिय", "|"]
    unshaped = TTFont("unshaped-devanagari", str(font_path)).stringWidth("क्षत्रिय", _SIZE)
    assert abs(unshaped - _harfbuzz_width(font_path, "क्षत्रिय", _SIZE)) > 5


def test_a_brief_in_shaped_scripts_reads_as_typed(tmp_path: Path) -> None:
    for key in ("devanagari", "thai", "bengali"):
        _font_path(key)
    statement = "हिन्दी में क्षत्रिय (स्त्री), ภาษาไทย น้ำ and বাংলা স্ত্রী in one line."
    board = make_board(claim={"title": "क्षत्रिय दावा", "statement": statement})
    pdf = tmp_path / "brief.pdf"
    assert not write_brief(board, pdf, BriefOptions(date=FIXED_DATE))
    for text in (_pdftotext(str(pdf)), _pdfium_text(pdf)):
        assert "क्षत्रिय दावा" in text
        for word in ("हिन्दी", "क्षत्रिय", "(स्त्री),", "ภาษาไทย", "น้ำ", "বাংলা", "স্ত্রী"):
            assert word in text, word
    fonts_listed = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()[2:]
    assert any("NotoSansDevanagari" in row for row in fonts_listed)
    assert all(row.split()[-5] == "yes" for row in fonts_listed)


def test_joiners_stay_in_the_run_of_a_shaped_script() -> None:
    # ZWJ picks the half form of क; drawn by the body font it would split the cluster.
    _font_path("devanagari")
    assert fonts.font_runs("क्\u200dष") == [("EvidenceBoard-devanagari", "क्\u200dष")]
    assert fonts.font_runs("a\u200db") == [(fonts.BODY_FONT, "a\u200db")]


def _bar_bottom(pdf: Path) -> float:
    page = ElementTree.fromstring(_pdftotext("-bbox", str(pdf)).replace('xmlns="', 'x="'))
    return float(next(w for w in page.iter("word") if w.text == "|").attrib["yMax"])


def test_text_after_a_word_with_raised_marks_stays_on_the_baseline(tmp_path: Path) -> None:
    # The last two marks of ស្ត្រី are raised by different amounts; the bar after it
    # must sit where it sits after a word without marks.
    _font_path("khmer")
    after_khmer = _bar_bottom(_drawn_word(tmp_path, "ស្ត្រី"))
    after_latin = _bar_bottom(_drawn_word(tmp_path, "word"))
    assert after_khmer == pytest.approx(after_latin, abs=0.01)
