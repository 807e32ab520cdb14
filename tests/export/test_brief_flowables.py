"""The brief's own flowables: plain and fixed paragraphs, wrap reuse, bars and labels."""

from pathlib import Path
from unittest import mock

import pytest
from reportlab.lib.rl_accel import sameFrag
from reportlab.platypus import Paragraph, SimpleDocTemplate
from reportlab.platypus.paraparser import ParaParser

from evidenceboard.export.brief.flowables import (
    AccentBlock,
    BriefParagraph,
    LabelLine,
    ParsedParagraphs,
    PlainParagraphs,
    RoomFor,
    StatusLabel,
    StatusLine,
)
from evidenceboard.export.brief.fonts import _same_frag, prepare_reportlab
from evidenceboard.export.brief.styles import FRAME_HEIGHT, FRAME_WIDTH, BriefStyles
from evidenceboard.export.brief.writer import write_brief
from tests.export.conftest import make_board, pdf_text


@pytest.fixture(scope="module")
def styles() -> BriefStyles:
    prepare_reportlab()
    return BriefStyles()


@pytest.mark.parametrize(
    "text",
    [
        "Officials said the convoy crossed at night.",
        "  runs   of\tspaces and tabs  ",
        "Türkçe, Ελληνικά, кириллица — “quotes”",
        "x",
        "bell\x07 and nul\x00 are dropped",
    ],
)
def test_plain_paragraphs_match_the_parser(styles: BriefStyles, text: str) -> None:
    plain = PlainParagraphs()
    for style in (styles.body, styles.cell_muted, styles.statement, styles.quote):
        fast = plain(text, style)
        parsed = BriefParagraph(text.replace("\x07", "").replace("\x00", ""), style)
        assert [f.__dict__ for f in fast.frags] == [f.__dict__ for f in parsed.frags]
        assert fast.wrap(200, 1000) == parsed.wrap(200, 1000)


def test_plain_paragraphs_send_markup_characters_through_the_escaper(
    styles: BriefStyles,
) -> None:
    plain = PlainParagraphs()
    assert not plain.accepts("<b>x</b>") and not plain.accepts("a & b")
    assert not plain.accepts("two\nlines")
    paragraph = plain('<font color="red">x</font> & more', styles.body)
    assert "".join(f.text for f in paragraph.frags) == '<font color="red">x</font> & more'
    broken = plain("first\nsecond", styles.body)
    assert [f.text for f in broken.frags if hasattr(f, "text") and f.text.strip()] == [
        "first",
        "second",
    ]


def test_fixed_paragraphs_parse_each_label_once(styles: BriefStyles) -> None:
    fixed = ParsedParagraphs()
    with mock.patch.object(ParaParser, "parse", autospec=True, side_effect=ParaParser.parse) as p:
        first = fixed("SOURCE", styles.cell_head)
        second = fixed("SOURCE", styles.cell_head)
        other = fixed("SOURCE", styles.cell)
    assert p.call_count == 2
    assert first is not second
    assert first.frags is not second.frags
    assert [f.__dict__ for f in first.frags] == [f.__dict__ for f in second.frags]
    assert other.frags[0].fontSize == styles.cell.fontSize


def test_a_second_wrap_at_the_same_width_reuses_the_line_breaking(styles: BriefStyles) -> None:
    paragraph = BriefParagraph("word " * 200, styles.body)
    with mock.patch.object(
        Paragraph, "breakLines", autospec=True, side_effect=Paragraph.breakLines
    ) as breaking:
        size = paragraph.wrap(300, 800)
        assert paragraph.wrap(300, 800) == size
        assert breaking.call_count == 1
        narrower = paragraph.wrap(200, 800)
        assert breaking.call_count == 2
        assert narrower[1] > size[1]
        del paragraph.blPara
        paragraph.wrap(200, 800)
        assert breaking.call_count == 3


def _line_words(paragraph: BriefParagraph) -> list[str]:
    return ["".join(getattr(w, "text", "") for w in line.words) for line in paragraph.blPara.lines]


def test_paragraphs_of_the_same_markup_share_their_line_breaking(styles: BriefStyles) -> None:
    parsed = ParsedParagraphs()
    plain = PlainParagraphs(parsed.breaks)
    markup = "<b>Why it matters:</b> " + "the convoy crossed at night " * 12
    with mock.patch.object(
        Paragraph, "breakLines", autospec=True, side_effect=Paragraph.breakLines
    ) as breaking:
        first, second = parsed(markup, styles.cell), parsed(markup, styles.cell)
        assert first.wrap(250, 800) == second.wrap(250, 800)
        assert breaking.call_count == 1
        assert second.wrap(180, 800)[1] > first.height
        other_style = parsed(markup, styles.body)
        other_style.wrap(250, 800)
        words = plain("the convoy crossed at night " * 12, styles.cell)
        words.wrap(250, 800)
        assert breaking.call_count == 4
    fresh = BriefParagraph(markup, styles.cell)
    fresh.wrap(250, 800)
    assert _line_words(first) == _line_words(fresh)
    assert second.wrap(250, 800) == fresh.wrap(250, 800)


def test_a_paragraph_split_breaks_its_own_lines_and_leaves_the_others_alone(
    styles: BriefStyles,
) -> None:
    parsed = ParsedParagraphs()
    markup = 'A <a href="https://news.example/1">link</a> and ' + "more words " * 150
    first, second = parsed(markup, styles.body), parsed(markup, styles.body)
    first.wrap(300, 800)
    second.wrap(300, 800)
    before = _line_words(second)
    pieces = first.split(300, 100)
    alone = BriefParagraph(markup, styles.body)
    alone.wrap(300, 800)
    expected = alone.split(300, 100)
    assert len(pieces) == len(expected) == 2
    for piece, twin in zip(pieces, expected, strict=True):
        piece.wrap(300, 800)
        twin.wrap(300, 800)
        assert _line_words(piece) == _line_words(twin)
    assert _line_words(second) == before
    assert second.wrap(300, 800) == alone.wrap(300, 800)


def test_fragments_compare_as_reportlab_compares_them(styles: BriefStyles) -> None:
    markups = [
        "plain words",
        "<b>bold</b> and plain, <i>italic</i>",
        '<a href="https://news.example/1" color="#1f4e79"><b>[S1]</b> Report</a> after',
        '<a name="src-1"/><b>[S1]</b> line<br/><font size="7.5">small<br/>print</font>',
        "<strike>struck</strike> <u>under</u> <super>up</super> <font color='red'>red</font>",
    ]
    frags = [f for m in markups for f in BriefParagraph(m, styles.cell).frags]
    frags += [f.clone() for f in frags]
    assert any(hasattr(f, "cbDefn") for f in frags) and any(hasattr(f, "lineBreak") for f in frags)
    answers = [(bool(_same_frag(f, g)), bool(sameFrag(f, g))) for f in frags for g in frags]
    assert all(ours == theirs for ours, theirs in answers)
    assert {ours for ours, _theirs in answers} == {True, False}


def test_accent_block_splits_into_blocks_that_fit(styles: BriefStyles) -> None:
    block = AccentBlock(BriefParagraph("statement " * 400, styles.statement), styles.body.textColor)
    _width, height = block.wrap(FRAME_WIDTH, FRAME_HEIGHT)
    assert height > 200
    parts = block.split(FRAME_WIDTH, 200)
    assert len(parts) == 2
    assert all(isinstance(p, AccentBlock) for p in parts)
    first_height = parts[0].wrap(FRAME_WIDTH, 200)[1]
    assert first_height <= 200
    assert first_height + parts[1].wrap(FRAME_WIDTH, FRAME_HEIGHT)[1] == pytest.approx(
        height, abs=styles.statement.leading + 2
    )


def test_status_line_centres_and_only_splits_when_taller_than_a_page(
    styles: BriefStyles,
) -> None:
    short = StatusLine(StatusLabel("contested"), BriefParagraph("Claimed by X", styles.meta))
    _width, height = short.wrap(FRAME_WIDTH, FRAME_HEIGHT)
    assert height == pytest.approx(15 + 2 * StatusLine.padding)
    assert short.split(FRAME_WIDTH, 10) == []
    tall_meta = BriefParagraph("tag, " * 6000, styles.meta)
    tall = StatusLine(StatusLabel("contested"), tall_meta)
    assert tall.wrap(FRAME_WIDTH, FRAME_HEIGHT)[1] > FRAME_HEIGHT
    assert tall.split(FRAME_WIDTH, 100) == [tall.label, tall_meta]


def test_a_claim_with_thousands_of_tags_still_exports(tmp_path: Path) -> None:
    tags = tuple(f"tag{n}" for n in range(4000))
    board = make_board(claim={"tags": tags})
    target = tmp_path / "tags.pdf"
    write_brief(board, target)
    text = pdf_text(target)
    assert "tag3999" in text.replace("\n", "")


def test_warning_box_stays_inside_the_margins(styles: BriefStyles) -> None:
    _top, right, _bottom, left = styles.warning.borderPadding
    assert styles.warning.leftIndent >= left
    assert styles.warning.rightIndent >= right


def test_room_for_measures_when_laid_out_and_stays_below_a_page() -> None:
    widths: list[float] = []

    def measure(width: float) -> float:
        widths.append(width)
        return 10_000.0

    room = RoomFor(measure)
    assert room.wrap(FRAME_WIDTH, FRAME_HEIGHT) == (0, 0)
    assert widths == [FRAME_WIDTH]
    # A break asked for at the top of an empty page would repeat forever.
    assert room.height < FRAME_HEIGHT


def test_label_line_is_one_line_of_its_style(styles: BriefStyles, tmp_path: Path) -> None:
    label = LabelLine("PASSAGE AND RATIONALE", styles.cell_head)
    paragraph = BriefParagraph("PASSAGE AND RATIONALE", styles.cell_head)
    assert label.wrap(280, 100) == paragraph.wrap(280, 100)
    target = tmp_path / "label.pdf"
    SimpleDocTemplate(str(target)).build([label])
    assert pdf_text(target).strip() == "PASSAGE AND RATIONALE"
