"""Markup parsed once per shape: the same tags around other words.

A brief writes the same markup around each claim's own words thousands of times:
"Claimed by <b>{who}</b> on {date}", a citation's anchor, bold label and link, the
"<b>Corroboration is not independent.</b> {why}" of each claim with circular reporting.
reportlab's parser (Python's ``HTMLParser`` under a stack of styles) gives each run of
words the attributes of the tags around it, and a link's fragments its target; so the
fragments of one markup of a shape, with the words and targets of another put in, are
the fragments the parser gives that other. The parser then runs once per shape
instead of once per markup: it cost a 1,000-claim brief about as much as laying out
the text it parsed.

A markup's *shape* is its style's name, its tags with the targets of ``<a href>`` and
the names of ``<a name/>`` taken out, and which of its runs of words are empty. A shape
is shared only where that holds:

* only the brief's own tags (:data:`_OUR_TAG`), and no ``&`` in the words: the parser
  gives every entity a fragment of its own, so text with an escaped character in it is
  parsed every time (as is everything :func:`read_shape` turns down);
* a target or name holds no ``&``, quote or angle bracket, and no space at either end
  (the parser keeps them as written), and every ``<a>`` tag has one;
* the first markup of a shape is parsed, and the shape learned from its fragments must
  give back exactly those fragments when filled with that markup's own words and
  targets. A shape whose first markup does not is parsed every time.

The fragments that hold no words, target or name (a ``<br/>``) are shared between the
paragraphs of a shape, as :class:`~evidenceboard.export.brief.flowables.ParsedParagraphs`
shares the fragments of one markup; the others are copies.
"""

import re
from dataclasses import dataclass
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import cleanBlockQuotedText

_PIECES = re.compile(r"(<[^<>]*>)")
#: The tags the brief writes (``<a name/>``, links, faces, sizes, colours, code spans).
_OUR_TAG = re.compile(r"</?(?:a|b|i|u|br|font|span|strike|super|sub)(?:\s[^<>]*)?/?>\Z")
_TARGET = re.compile(r'\s(href|name)="([^"\'&<>]*)"')


@dataclass(frozen=True)
class MarkupShape:
    """What :func:`read_shape` found in one markup: its shape and what fills it."""

    key: tuple[object, ...]
    #: The non-empty runs of words, in order.
    words: tuple[str, ...]
    #: The ``href`` of each link, in order.
    targets: tuple[str, ...]
    #: The ``name`` of each ``<a name/>``, in order.
    names: tuple[str, ...]


def read_shape(markup: str, style_name: str) -> MarkupShape | None:
    """The shape of ``markup`` in a style, or None when it must be parsed as it is."""
    pieces = _PIECES.split(cleanBlockQuotedText(markup))
    runs = pieces[0::2]
    if any("&" in run or "<" in run or ">" in run for run in runs):
        return None
    tags: list[str] = []
    targets: list[str] = []
    names: list[str] = []
    for tag in pieces[1::2]:
        if _OUR_TAG.match(tag) is None:
            return None
        if tag.startswith("<a"):
            found = _TARGET.findall(tag)
            if len(found) != 1:
                return None
            kind, value = found[0]
            if not value or value != value.strip():
                return None
            (targets if kind == "href" else names).append(value)
            tag = tag.replace(f'{kind}="{value}"', f'{kind}=""', 1)
        tags.append(tag)
    key = (style_name, tuple(tags), tuple(bool(run) for run in runs))
    return MarkupShape(key, tuple(run for run in runs if run), tuple(targets), tuple(names))


@dataclass(frozen=True)
class _Piece:
    frag: Any
    #: Which run of words is its text, or -1 (its text is the template's).
    word: int
    #: Its links as (link number, which target), or None (its links are the template's).
    links: tuple[tuple[int, int], ...] | None
    #: Which name its anchor has, or -1.
    anchor: int


def _state(frag: Any) -> dict[str, Any]:
    state = dict(frag.__dict__)
    defn = state.get("cbDefn")
    if defn is not None:
        state["cbDefn"] = dict(defn.__dict__)
    return state


class MarkupShapes:
    """The shapes a brief has learned, each with its style and its pieces."""

    def __init__(self) -> None:
        self._shapes: dict[tuple[object, ...], tuple[ParagraphStyle, list[_Piece]] | None] = {}

    def fill(self, shape: MarkupShape) -> tuple[ParagraphStyle, list[Any]] | None:
        """The style and fragments the parser gives ``shape``'s markup, if it is known."""
        known = self._shapes.get(shape.key)
        if known is None:
            return None
        return known[0], _filled(known[1], shape)

    def learn(self, shape: MarkupShape, style: ParagraphStyle, frags: list[Any]) -> None:
        """Learn ``shape`` from the parser's ``style`` and ``frags`` for its markup."""
        if shape.key in self._shapes:
            return
        pieces = _pieces(frags, shape)
        if pieces is not None and [_state(f) for f in _filled(pieces, shape)] != [
            _state(f) for f in frags
        ]:
            pieces = None
        self._shapes[shape.key] = None if pieces is None else (style, pieces)


def _pieces(frags: list[Any], shape: MarkupShape) -> list[_Piece] | None:
    pieces: list[_Piece] = []
    words = 0
    names = 0
    for frag in frags:
        state = frag.__dict__
        text = state.get("text")
        word = -1
        if text:
            if words >= len(shape.words) or text != shape.words[words]:
                return None
            word = words
            words += 1
        links = state.get("link")
        link_pieces = None
        if links:
            # A link's number counts the links opened before it: it picks the target.
            if any(not 0 <= number < len(shape.targets) for number, _target in links):
                return None
            link_pieces = tuple((number, number) for number, _target in links)
        anchor = -1
        defn = state.get("cbDefn")
        if defn is not None and getattr(defn, "kind", None) == "anchor":
            anchor = names
            names += 1
        pieces.append(_Piece(frag, word, link_pieces, anchor))
    if words != len(shape.words) or names != len(shape.names):
        return None
    return pieces


def _filled(pieces: list[_Piece], shape: MarkupShape) -> list[Any]:
    frags: list[Any] = []
    for piece in pieces:
        if piece.word < 0 and piece.links is None and piece.anchor < 0:
            frags.append(piece.frag)
            continue
        frag = piece.frag.clone()
        if piece.word >= 0:
            frag.text = shape.words[piece.word]
        if piece.links is not None:
            frag.link = [(number, shape.targets[which]) for number, which in piece.links]
        if piece.anchor >= 0:
            frag.cbDefn = piece.frag.cbDefn.clone(name=shape.names[piece.anchor])
        frags.append(frag)
    return frags
