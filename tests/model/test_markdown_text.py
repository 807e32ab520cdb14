"""A Markdown note's text as blocks of styled spans, hostile text included."""

from evidenceboard.model.cards import CardKind
from evidenceboard.model.factory import make_card
from evidenceboard.model.markdown_text import (
    MAX_BLOCKS,
    MAX_DEPTH,
    MAX_NESTING,
    CodeBlock,
    Heading,
    ListItem,
    Paragraph,
    Quote,
    Rule,
    Span,
    block_text,
    first_line,
    parse,
    plain_text,
    web_address,
)

CANVAS_TEXT = "# **Hoje…**\n\n- item\n- *other*\n\n[site](https://example.org)"


def test_a_canvas_text_node_becomes_a_heading_a_list_and_a_link() -> None:
    assert parse(CANVAS_TEXT) == (
        Heading(1, (Span("Hoje…", bold=True),)),
        ListItem((Span("item"),)),
        ListItem((Span("other", italic=True),)),
        Paragraph((Span("site", link="https://example.org"),)),
    )


def test_spans_carry_each_style_and_neighbours_of_one_style_merge() -> None:
    (block,) = parse("a **b *c*** `d` ~~e~~ f\nnext")
    assert isinstance(block, Paragraph)
    assert block.spans == (
        Span("a "),
        Span("b ", bold=True),
        Span("c", bold=True, italic=True),
        Span(" "),
        Span("d", code=True),
        Span(" "),
        Span("e", strike=True),
        # A single line break stays a break, as the canvas apps show it.
        Span(" f\nnext"),
    )


def test_every_kind_of_block_and_its_place() -> None:
    text = (
        "## Two\n\n"
        "3. three\n4. four\n   - under four\n\n     more of four\n\n"
        "> said\n> > said again\n> - listed\n\n"
        "```\nx = 1\n\n<b>\n```\n\n"
        "***\n"
    )
    assert parse(text) == (
        Heading(2, (Span("Two"),)),
        ListItem((Span("three"),), 0, ordered=True, number=3),
        ListItem((Span("four"),), 0, ordered=True, number=4),
        ListItem((Span("under four"),), 1),
        Paragraph((Span("more of four"),), 2),
        Quote((Span("said"),), 1),
        Quote((Span("said again"),), 2),
        Quote((Span("• "), Span("listed")), 1),
        CodeBlock("x = 1\n\n<b>"),
        Rule(),
    )


def test_raw_html_is_literal_text() -> None:
    text = '<font color="red">x</font> <a href="file:///etc/passwd">y</a>\n\n<img src=/dev/zero>'
    blocks = parse(text)
    assert [block_text(b) for b in blocks] == [
        '<font color="red">x</font> <a href="file:///etc/passwd">y</a>',
        "<img src=/dev/zero>",
    ]
    assert all(not s.link for b in blocks if isinstance(b, Paragraph) for s in b.spans)


def test_entities_are_decoded_into_text_not_markup() -> None:
    assert plain_text("&lt;b&gt; &amp; &#x41;") == "<b> & A"


def test_dangerous_link_targets_stay_words() -> None:
    for target in ("javascript:alert(1)", "vbscript:x", "file:///etc/passwd", "data:text/html,x"):
        (block,) = parse(f"[click]({target})")
        assert isinstance(block, Paragraph)
        assert [s.link for s in block.spans] == [""]
        assert block_text(block) == f"[click]({target})"


def test_an_image_is_its_words_never_its_address() -> None:
    (block,) = parse("see ![the *map*](http://tracker.example/p.png) and ![](x.png)")
    assert block_text(block) == "see [image: the map] and [image]"
    assert "tracker" not in repr(block)


def test_a_link_keeps_its_target_and_only_web_addresses_may_be_opened() -> None:
    (block,) = parse("[a](https://example.org/x?q=1) [b](notes/other.md) <http://x.example>")
    assert isinstance(block, Paragraph)
    targets = [s.link for s in block.spans if s.link]
    assert targets == ["https://example.org/x?q=1", "notes/other.md", "http://x.example"]
    assert [web_address(t) for t in targets] == [targets[0], None, targets[2]]
    for bad in ("https://bank.example@evil.example/", "ftp://x.example", "https:///nohost", ""):
        assert web_address(bad) is None


def test_deep_lists_and_quotes_are_shown_no_deeper_than_the_cap() -> None:
    lists = "".join("  " * i + f"- level {i}\n" for i in range(15))
    items = parse(lists)
    assert [block_text(b) for b in items] == [f"level {i}" for i in range(15)]
    assert max(b.depth for b in items if isinstance(b, ListItem)) == MAX_DEPTH
    quotes = parse("> " * 12 + "deep")
    assert quotes == (Quote((Span("deep"),), MAX_DEPTH),)


def test_text_nested_past_the_parser_limit_is_shown_as_typed_not_dropped() -> None:
    text = "> " * (MAX_NESTING + 5) + "the words\n\nafter"
    assert parse(text) == (
        Paragraph((Span("> " * (MAX_NESTING + 5) + "the words"),)),
        Paragraph((Span("after"),)),
    )


def test_huge_input_is_cut_and_says_so() -> None:
    text = "word " * 30_000
    blocks = parse(text, limit=1_000)
    assert len(blocks) == 2
    assert len(block_text(blocks[0])) <= 1_000
    assert block_text(blocks[1]) == "[149,000 more characters of this note are not shown here.]"


def test_no_more_blocks_than_the_cap() -> None:
    blocks = parse("- x\n" * (MAX_BLOCKS + 100), limit=10 * MAX_BLOCKS)
    assert len(blocks) == MAX_BLOCKS


def test_pathological_text_parses_into_what_it_says() -> None:
    assert plain_text("[" * 5_000) == "[" * 5_000
    words = plain_text("*a **a " * 2_000)
    assert words.replace("*", "").split() == ["a"] * 4_000
    # A line of backticks opens a fence that holds nothing.
    assert parse("`" * 5_000) == (CodeBlock(""),)
    # CommonMark replaces NUL; other odd characters stay for the views to clean.
    assert plain_text("\x00\ud800<") == "\ufffd\ud800<"


def test_plain_text_and_the_title_drop_the_syntax() -> None:
    assert plain_text(CANVAS_TEXT) == "Hoje…\n• item\n• other\nsite"
    assert first_line(CANVAS_TEXT) == "Hoje…"
    assert first_line("\n\n  \n**Bold** start\nmore") == "Bold start"


def test_a_markdown_note_is_titled_by_its_words_a_plain_one_by_its_text() -> None:
    markdown = make_card(CardKind.NOTE, "", "tester", text=CANVAS_TEXT, markdown=True)
    plain = make_card(CardKind.NOTE, "", "tester", text=CANVAS_TEXT)
    assert markdown.display_title == "Hoje…"
    assert plain.display_title == "# **Hoje…**"
