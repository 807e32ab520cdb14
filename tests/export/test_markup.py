"""Escaping, chunking and URL checks that keep board text inert in reportlab markup."""

import pytest

from evidenceboard.export.brief.markup import (
    CHUNK_CHARS,
    anchor_name,
    chunk_text,
    clean,
    escape_attribute,
    escape_text,
    link_markup,
    paragraph_markup,
    safe_url,
    shorten,
)


def test_clean_strips_control_characters_but_keeps_tab_and_newline() -> None:
    assert clean("a\x00b\x07c\td\r\ne\ud800f") == "abc\td\nef"


def test_clean_strips_c1_controls_and_noncharacters() -> None:
    # U+009B is a terminal's CSI; PDF readers and pdfinfo show metadata text as it is.
    assert clean("a\x85b\x9bc\x7fd\ufdd0e\ufffef\U0010ffffg") == "abcdefg"


def test_escape_text_neutralises_markup() -> None:
    assert escape_text('<font color="red">x</font> & <img src="/etc/passwd"/>') == (
        '&lt;font color="red"&gt;x&lt;/font&gt; &amp; &lt;img src="/etc/passwd"/&gt;'
    )


def test_escape_attribute_escapes_quotes() -> None:
    assert escape_attribute("a\"b'c<") == "a&quot;b&#39;c&lt;"


def test_paragraph_markup_keeps_line_breaks() -> None:
    assert paragraph_markup("one\n<two>") == "one<br/>&lt;two&gt;"


@pytest.mark.parametrize(
    "text",
    ["A" * 200_000, "word " * 50_000, ("para " * 300 + "\n\n") * 40],
)
def test_chunks_stay_under_the_limit_and_keep_the_text(text: str) -> None:
    chunks = chunk_text(text)
    assert all(len(c) <= CHUNK_CHARS for c in chunks)
    assert "".join(chunks).replace(" ", "") == "".join(text.split())


def test_chunks_prefer_word_boundaries() -> None:
    chunks = chunk_text("abc " * 1000, limit=100)
    assert all(not c.endswith(("ab", "a")) for c in chunks)
    assert all(c.startswith("abc") for c in chunks)


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/a?b=c#d",
        "http://127.0.0.1:8080/x",
        "https://xn--mnchen-3ya.example/",
    ],
)
def test_safe_url_accepts_web_links(url: str) -> None:
    assert safe_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:app.alert(1)",
        "file:///C:/Windows/System32/calc.exe",
        "pdf:\\\\attacker.example\\share\\x.pdf",
        "data:text/html,<script>",
        "https://bank.example@evil.example/",
        "https://",
        "//evil.example/x",
        "https://evil.example/a b",
        "https://evil.example/\x00",
        "https://evil.example:99999/",
        "ftp://files.example/x",
        "https://" + "a" * 3000 + ".example/",
    ],
)
def test_safe_url_refuses_everything_else(url: str) -> None:
    assert safe_url(url) is None


def test_link_markup_only_links_safe_urls() -> None:
    assert link_markup("javascript:alert(1)", "label", "#000000") == "label"
    made = link_markup('https://a.example/?q="x"', "label", "#000000")
    assert made == '<a href="https://a.example/?q=&quot;x&quot;" color="#000000">label</a>'


def test_anchor_names_are_reduced_to_hex() -> None:
    assert anchor_name("src", 'ab"><script') == "src-abc"


def test_shorten_cuts_at_a_word_with_an_ellipsis() -> None:
    assert shorten("alpha beta gamma delta", 12) == "alpha beta…"
    assert shorten("short", 12) == "short"


def test_shorten_cleans_before_it_counts() -> None:
    # Dropped characters take no room: the cut title is as long as a clean one.
    assert shorten("\x00\x07 alpha beta\x1b gamma delta", 18) == "alpha beta gamma…"
