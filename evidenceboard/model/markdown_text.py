"""Markdown of a note as a closed set of blocks of styled text, for every place that shows it.

A note marked as Markdown (a JSON Canvas text node, an Obsidian note) is shown formatted on
the canvas, in the inspector and in the brief; each of them draws the :data:`Block` values
this module makes, so the three agree and none of them interprets Markdown, let alone HTML,
on its own. The text is board text, so hostile, and the parser (markdown-it-py, CommonMark)
is set up for that:

* raw HTML is never recognised: ``<font>``, ``<img src=…>`` and ``<a href=…>`` stay literal
  text in a span;
* an image is the words ``[image: alt]`` and is never loaded;
* a link keeps its target only as data (:attr:`Span.link`); a ``javascript:``, ``vbscript:``,
  ``file:`` or ``data:`` target is not a link at all (markdown-it's own check), and only
  :func:`web_address` targets may ever be opened, after the user says so;
* work is capped: only the first :data:`MAX_SOURCE_CHARS` characters are parsed (the rest
  is one plain paragraph saying how much is left out), at most :data:`MAX_BLOCKS` blocks
  come out, lists and quotes are indented no deeper than :data:`MAX_DEPTH`, and a text
  nested deeper than markdown-it follows (:data:`MAX_NESTING`, where it would drop the
  rest) is shown as typed instead.

Pure Python: the window turns the blocks into a Qt text document, the brief into reportlab
markup, each escaping every span's text its own way.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, assert_never
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: Characters of a note parsed as Markdown; past them the text is left out, and said so.
MAX_SOURCE_CHARS = 50_000
#: Blocks made from one text, at most; a note of more shows the first ones.
MAX_BLOCKS = 5_000
#: Deepest indentation of a list item or a quote; deeper ones are shown at this depth.
MAX_DEPTH = 6
#: markdown-it's nesting limit: past it the parser drops the rest of the text, so a text
#: that reaches it is shown as typed (plain paragraphs) rather than in part.
MAX_NESTING = 40
#: Longest link target kept (longer ones make the words plain text).
MAX_TARGET_CHARS = 2_000


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text in one style; ``link`` is the target it points to, as data only."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    link: str = ""


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of ``level`` 1 (largest) to 6."""

    level: int
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Running text; ``depth`` is the list it continues (0 outside lists)."""

    spans: tuple[Span, ...]
    depth: int = 0


@dataclass(frozen=True, slots=True)
class ListItem:
    """The first paragraph of a list item, at ``depth`` (0 for a top-level list).

    ``number`` is the item's number in an ordered list (0 in a bulleted one).
    """

    spans: tuple[Span, ...]
    depth: int = 0
    ordered: bool = False
    number: int = 0

    @property
    def marker(self) -> str:
        """What leads the item: its number, or a bullet."""
        return f"{self.number}." if self.ordered else "•"


@dataclass(frozen=True, slots=True)
class Quote:
    """Quoted text, ``depth`` quotes deep (1 for a plain ``>``)."""

    spans: tuple[Span, ...]
    depth: int = 1


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """Preformatted text, shown in a fixed-width font with its line breaks."""

    text: str
    depth: int = 0


@dataclass(frozen=True, slots=True)
class Rule:
    """A thematic break (``---``)."""


Block = Heading | Paragraph | ListItem | Quote | CodeBlock | Rule


def block_text(block: Block) -> str:
    """The words of one block, without any Markdown (a list item without its marker)."""
    match block:
        case Heading() | Paragraph() | ListItem() | Quote():
            return "".join(span.text for span in block.spans)
        case CodeBlock():
            return block.text
        case Rule():
            return ""
        case _:
            assert_never(block)


def web_address(target: str) -> str | None:
    """``target`` if it is an ``http``/``https`` address with a host and no credentials.

    Only such a link may be offered to the browser; any other target (a vault path, an
    ``obsidian:`` or ``mailto:`` link, a relative one) stays words on the screen.
    """
    target = target.strip()
    if not target or len(target) > MAX_TARGET_CHARS or any(c.isspace() for c in target):
        return None
    try:
        parts = urlsplit(target)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    if "@" in parts.netloc or "\\" in target:
        return None
    return target


def parse(markdown: str, limit: int = MAX_SOURCE_CHARS) -> tuple[Block, ...]:
    """The blocks of ``markdown``, of its first ``limit`` characters (cached)."""
    return _parse(markdown[:limit], max(0, len(markdown) - limit))


def plain_text(markdown: str, limit: int = MAX_SOURCE_CHARS) -> str:
    """The words of ``markdown`` without its syntax: one line per block, list markers kept.

    What a title, a search snippet or a short summary shows of a Markdown note.
    """
    lines: list[str] = []
    for block in parse(markdown, limit):
        text = block_text(block)
        if isinstance(block, ListItem):
            text = f"{block.marker} {text}"
        if text.strip():
            lines.append(text)
    return "\n".join(lines)


def first_line(markdown: str) -> str:
    """The words of the first line of ``markdown`` that has any (a note's title)."""
    for line in markdown.split("\n", 50)[:50]:
        if line.strip():
            words = _line_words(line[:1_000])
            if words:
                return words
    return ""


@lru_cache(maxsize=8_192)
def _line_words(line: str) -> str:
    # Only the one line is parsed, and remembered apart from whole texts: a title is asked
    # for whenever the outline sorts or the inspector shows a card.
    return plain_text(line).split("\n", 1)[0].strip()


# -- the parser ------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _parse(text: str, left_out: int) -> tuple[Block, ...]:
    blocks = _blocks_of(text)
    if left_out:
        words = "character" if left_out == 1 else "characters"
        note = f"[{left_out:,} more {words} of this note are not shown here.]"
        blocks = (*blocks, Paragraph((Span(note, italic=True),)))
    return blocks


def _blocks_of(text: str) -> tuple[Block, ...]:
    tokens = _parser().parse(text)
    if any(token.level >= MAX_NESTING - 1 for token in tokens):
        return _as_typed(text)
    return tuple(_Walker().walk(tokens))


def _as_typed(text: str) -> tuple[Block, ...]:
    """``text`` as plain paragraphs, one per run of lines between blank lines."""
    paragraphs = [p.strip("\n") for p in text.replace("\r\n", "\n").split("\n\n")]
    kept = [p for p in paragraphs if p.strip()][:MAX_BLOCKS]
    return tuple(Paragraph((Span(p),)) for p in kept)


@lru_cache(maxsize=1)
def _parser() -> "MarkdownIt":
    # Imported when a first Markdown note is shown: opening a board or starting a command
    # that shows none costs nothing.
    from markdown_it import MarkdownIt

    # CommonMark with strikethrough; "breaks" keeps a note's single line breaks as breaks,
    # as Obsidian and JSON Canvas show them. Tables, footnotes and plugins stay off: their
    # text is shown as typed.
    md = MarkdownIt("commonmark", {"html": False, "breaks": True, "maxNesting": MAX_NESTING})
    return md.enable("strikethrough")


@dataclass
class _Context:
    """Where the walker is: the lists and quotes around the current token."""

    #: One entry per open list: (ordered, next number).
    lists: list[list[int]]
    quote: int = 0
    #: The item whose first paragraph is still to come (its number, 0 when bulleted).
    pending_item: tuple[bool, int] | None = None


class _Walker:
    """Turns markdown-it's token stream into blocks."""

    def __init__(self) -> None:
        self.context = _Context(lists=[])
        self.count = 0
        self.heading_level = 0

    def walk(self, tokens: Sequence["Token"]) -> Iterator[Block]:
        for token in tokens:
            if self.count >= MAX_BLOCKS:
                return
            block = self._step(token)
            if block is not None:
                self.count += 1
                yield block

    def _depth(self) -> int:
        return min(max(len(self.context.lists) - 1, 0), MAX_DEPTH)

    def _step(self, token: "Token") -> Block | None:
        context = self.context
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            number = start if isinstance(start, int) else 1
            context.lists.append([1 if kind == "ordered_list_open" else 0, number])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            if context.lists:
                context.lists.pop()
        elif kind == "list_item_open" and context.lists:
            ordered, number = context.lists[-1]
            context.pending_item = (bool(ordered), number if ordered else 0)
            context.lists[-1][1] = number + 1
        elif kind == "list_item_close":
            context.pending_item = None
        elif kind == "blockquote_open":
            context.quote += 1
        elif kind == "blockquote_close":
            context.quote = max(0, context.quote - 1)
        elif kind == "heading_open":
            self.heading_level = min(max(int(token.tag[1:] or 1), 1), 6)
        elif kind == "heading_close":
            self.heading_level = 0
        elif kind == "inline":
            return self._text_block(_spans(token.children or ()))
        elif kind in ("fence", "code_block"):
            context.pending_item = None
            return CodeBlock(token.content.rstrip("\n"), self._depth() if context.lists else 0)
        elif kind == "hr":
            return Rule()
        return None

    def _text_block(self, spans: tuple[Span, ...]) -> Block:
        context = self.context
        item, context.pending_item = context.pending_item, None
        if context.quote:
            if item is not None:
                ordered, number = item
                lead = f"{number}. " if ordered else "• "
                spans = (Span(lead), *spans)
            return Quote(spans, min(context.quote, MAX_DEPTH))
        if self.heading_level:
            return Heading(self.heading_level, spans)
        if item is not None:
            ordered, number = item
            return ListItem(spans, self._depth(), ordered, number)
        return Paragraph(spans, self._depth() + 1 if context.lists else 0)


def _spans(children: Sequence["Token"]) -> tuple[Span, ...]:
    """The styled runs of one inline token's children, neighbours of one style merged."""
    style = Span("")
    spans: list[Span] = []

    def add(text: str, current: Span) -> None:
        if not text:
            return
        if spans and replace(spans[-1], text="") == replace(current, text=""):
            spans[-1] = replace(spans[-1], text=spans[-1].text + text)
        else:
            spans.append(replace(current, text=text))

    links: list[str] = []
    for token in children:
        kind = token.type
        if kind == "text":
            add(token.content, style)
        elif kind in ("softbreak", "hardbreak"):
            add("\n", style)
        elif kind == "code_inline":
            add(token.content, replace(style, code=True))
        elif kind in ("strong_open", "strong_close"):
            style = replace(style, bold=kind == "strong_open")
        elif kind in ("em_open", "em_close"):
            style = replace(style, italic=kind == "em_open")
        elif kind in ("s_open", "s_close"):
            style = replace(style, strike=kind == "s_open")
        elif kind == "link_open":
            href = token.attrGet("href")
            target = href if isinstance(href, str) and len(href) <= MAX_TARGET_CHARS else ""
            links.append(target)
            style = replace(style, link=target)
        elif kind == "link_close":
            if links:
                links.pop()
            style = replace(style, link=links[-1] if links else "")
        elif kind == "image":
            alt = "".join(c.content for c in token.children or () if c.type == "text")
            add(f"[image: {alt.strip()}]" if alt.strip() else "[image]", style)
        else:
            # html_inline and the like never come (HTML is off); anything else is words.
            add(token.content, style)
    return tuple(spans)
