"""Markup parsed once per shape, and words measured once: the same brief, byte for byte."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus.paraparser import ParaParser

from evidenceboard.export.brief import BriefOptions, fonts, write_brief
from evidenceboard.export.brief import flowables as flowables_module
from evidenceboard.export.brief.flowables import BriefParagraph, ParsedParagraphs
from evidenceboard.export.brief.fonts import prepare_reportlab
from evidenceboard.export.brief.markup import escape_text, link_markup
from evidenceboard.export.brief.markup_shapes import MarkupShapes, read_shape
from evidenceboard.export.brief.styles import BriefStyles
from evidenceboard.model import AddCards, Board, BoardInfo, CardKind, LinkKind, parse_grade
from evidenceboard.model.factory import make_card, make_link
from tests.demo_boards import demo_board_in_memory

FIXED_DATE = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def styles() -> BriefStyles:
    prepare_reportlab()
    return BriefStyles()


def _state(frag: Any) -> dict[str, Any]:
    state = dict(frag.__dict__)
    if "cbDefn" in state:
        state["cbDefn"] = dict(state["cbDefn"].__dict__)
    return state


#: Pairs of markups of one shape: the second is filled from what the first taught.
SAME_SHAPE = [
    ("Claimed by <b>Official 1</b> on 2024-12", "Claimed by <b>Ministry of Defence</b> on 1999"),
    ("Leak · log.pdf<br/>Grade: B2<br/>Link strength: strong", "x<br/>y<br/>z"),
    ("<b>Warning:</b> one", "<b>Warning:</b> Türkçe, Ελληνικά “quotes” — and more words"),
    (
        '<a name="claim-ab12"/><b>[S1]</b> “Report 1.”<br/><font size="7.5">Added</font>',
        '<a name="claim-ffee"/><b>[S22]</b> “Другой.”<br/><font size="7.5">Later</font>',
    ),
    (
        '<a href="https://news.example/1" color="#1a4f8b"><b>[S1]</b></a> first',
        '<a href="https://other.example/path/2?q=1" color="#1a4f8b"><b>[S9]</b></a> second',
    ),
    (
        '<a href="https://a.example/" color="#1a4f8b">one</a> and '
        '<a href="https://b.example/" color="#1a4f8b">two</a>',
        '<a href="https://c.example/" color="#1a4f8b">three</a> and '
        '<a href="https://d.example/" color="#1a4f8b">four</a>',
    ),
    ("<i>slanted</i> <strike>struck</strike>", "<i>other</i> <strike>words</strike>"),
    ('<span backColor="#eeeeee">code</span>', '<span backColor="#eeeeee">more code</span>'),
    ("  runs   of\n  spaces <b> and </b>  lines ", "one <b>two</b> three"),
    ("שלום <b>עולם</b> end", "مرحبا <b>بالعالم</b> end"),
]


@pytest.mark.parametrize(("first", "second"), SAME_SHAPE)
def test_a_shape_learned_from_one_markup_gives_the_parsers_fragments_for_another(
    styles: BriefStyles, first: str, second: str
) -> None:
    for style in (styles.cell, styles.citation, styles.warning):
        shapes = MarkupShapes()
        taught, asked = read_shape(first, style.name), read_shape(second, style.name)
        assert taught is not None and asked is not None
        assert taught.key == asked.key
        parsed = BriefParagraph(first, style)
        shapes.learn(taught, parsed.style, parsed.frags)
        filled = shapes.fill(asked)
        assert filled is not None
        expected = BriefParagraph(second, style)
        assert filled[0] is expected.style or filled[0].name == expected.style.name
        assert [_state(f) for f in filled[1]] == [_state(f) for f in expected.frags]
        # The words of the markup it was learned from are not changed by filling another.
        assert [_state(f) for f in parsed.frags] == [
            _state(f) for f in BriefParagraph(first, style).frags
        ]


@pytest.mark.parametrize(
    "markup",
    [
        "AT&amp;T said <b>so</b>",  # an entity is a fragment of its own
        "a &lt;b&gt; tag written out",
        '<a href="https://x.example/?a=1&amp;b=2" color="#1a4f8b">query</a>',
        '<a href=" https://x.example/" color="#1a4f8b">spaced</a>',
        '<a href="" color="#1a4f8b">empty</a>',
        "<img src='x.png'/> a picture",  # not a tag the brief writes
        "<onDraw name='f'/> a callback",
        "<para align='right'>whole</para>",
        "a < b but <b>c</b>",
    ],
)
def test_markup_with_entities_foreign_tags_or_odd_targets_is_parsed_as_it_is(
    markup: str,
) -> None:
    assert read_shape(markup, "Cell") is None


def test_a_shape_whose_first_markup_teaches_nothing_sure_is_parsed_every_time(
    styles: BriefStyles,
) -> None:
    shapes = MarkupShapes()
    first = read_shape("one <b>two</b>", styles.cell.name)
    assert first is not None
    parsed = BriefParagraph("one <b>two</b>", styles.cell)
    # Fragments that do not hold the markup's own words (as an upper-casing style's would
    # not) teach nothing: the shape stays unknown.
    wrong = [f.clone(text=f.text.upper()) for f in parsed.frags]
    shapes.learn(first, parsed.style, wrong)
    assert shapes.fill(first) is None
    shapes.learn(first, parsed.style, parsed.frags)
    assert shapes.fill(first) is None


def test_paragraphs_of_one_shape_run_the_parser_once(styles: BriefStyles) -> None:
    made = ParsedParagraphs()
    names = ["Official 1", "A & B", "Ministry", "Ministry"]
    with mock.patch.object(ParaParser, "parse", autospec=True, side_effect=ParaParser.parse) as p:
        paragraphs = [
            made(f"Claimed by <b>{escape_text(name)}</b> on 2024", styles.meta) for name in names
        ]
    # The first teaches the shape; the one with an entity is parsed as it is.
    assert p.call_count == 2
    for name, paragraph in zip(names, paragraphs, strict=True):
        assert "".join(f.text for f in paragraph.frags) == f"Claimed by {name} on 2024"
        expected = BriefParagraph(f"Claimed by <b>{escape_text(name)}</b> on 2024", styles.meta)
        assert [_state(f) for f in paragraph.frags] == [_state(f) for f in expected.frags]


def test_a_link_filled_from_a_shape_goes_to_its_own_target(styles: BriefStyles) -> None:
    made = ParsedParagraphs()
    first = made(link_markup("https://one.example/a", "<b>[S1]</b>", "#1a4f8b"), styles.cell)
    second = made(link_markup("https://two.example/b", "<b>[S2]</b>", "#1a4f8b"), styles.cell)
    assert {t for f in first.frags for _n, t in f.link} == {"https://one.example/a"}
    assert {t for f in second.frags for _n, t in f.link} == {"https://two.example/b"}


def _varied_board() -> Board:
    """Claims whose fields repeat shapes with words of many kinds, some hostile."""
    board = Board(BoardInfo(title="Varied & <b>hostile</b> board", handling="TEST"))
    words = [
        "Official 1",
        "AT&T and <b>not bold</b>",
        "Ministry “of” Defence",
        "وزارة الدفاع",
        "משרד הביטחון",
        "国防部",
        "रक्षा मंत्रालय",
        "a'quote\"mark",
        "emoji 🔥 here",
    ]
    urls = [
        "https://news.example/1",
        "https://news.example/q?a=1&b=2",
        "javascript:alert(1)",
        "https://news.example/path with space",
        "",
    ]
    cards = []
    links = []
    for n in range(27):
        who = words[n % len(words)]
        claim = make_card(
            CardKind.CLAIM, f"Claim {n}: {who}", "tester", x=n * 300, y=0,
            statement=f"{who} said the convoy crossed at night ({n}).", attributed_to=who,
            date_claimed="2024-12",
        )  # fmt: skip
        article = make_card(
            CardKind.ARTICLE, f"Report {n} by {who}", "tester", x=n * 300, y=200,
            outlet=words[(n + 1) % len(words)], author=who, url=urls[n % len(urls)],
            published="2024-12", grading=parse_grade("B2"),
        )  # fmt: skip
        repeat = make_card(
            CardKind.ARTICLE, f"Repeat {n}", "tester", x=n * 300, y=400,
            outlet="Aggregator", url=urls[(n + 2) % len(urls)],
        )  # fmt: skip
        document = make_card(
            CardKind.DOCUMENT, f"Log {n} & co", "tester", x=n * 300, y=600,
            file_name=f"log-{n}.pdf", origin=who, date="2024-11",
        )  # fmt: skip
        cards += [claim, article, repeat, document]
        links += [
            make_link(article.id, claim.id, LinkKind.CORROBORATES, "tester", quote=f"{who}."),
            make_link(repeat.id, claim.id, LinkKind.CORROBORATES, "tester", rationale="Same."),
            make_link(repeat.id, article.id, LinkKind.DERIVED_FROM, "tester"),
            make_link(document.id, claim.id, LinkKind.CONTRADICTS, "tester", quote=f"No {who}"),
        ]
    board.apply(AddCards(tuple(cards), tuple(links)))
    return board


@pytest.mark.parametrize("board_of", [_varied_board, demo_board_in_memory])
def test_the_brief_is_the_same_without_shapes_and_remembered_widths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, board_of: Any
) -> None:
    # reportlab's invariant mode leaves the date and document id out, so the bytes compare.
    monkeypatch.setattr(rl_config, "invariant", 1)
    board = board_of()
    options = BriefOptions(date=FIXED_DATE)
    fast = tmp_path / "fast.pdf"
    write_brief(board, fast, options)
    plain = tmp_path / "plain.pdf"
    with (
        mock.patch.object(flowables_module, "read_shape", return_value=None),
        mock.patch.object(fonts, "word_width", pdfmetrics.stringWidth),
    ):
        write_brief(board, plain, options)
    assert fast.read_bytes() == plain.read_bytes()
    # Shapes were used: the brief without them parsed more.
    with mock.patch.object(ParaParser, "parse", autospec=True, side_effect=ParaParser.parse) as p:
        write_brief(board, tmp_path / "again.pdf", options)
    shaped_parses = p.call_count
    with (
        mock.patch.object(flowables_module, "read_shape", return_value=None),
        mock.patch.object(ParaParser, "parse", autospec=True, side_effect=ParaParser.parse) as p,
    ):
        write_brief(board, tmp_path / "again.pdf", options)
    assert shaped_parses < p.call_count
