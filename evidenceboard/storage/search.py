"""Full-text search over every card, ranked, with highlighted snippets.

The ``card_fts`` table (``unicode61 remove_diacritics 2``) holds each card's title, its
main text (article body, a document's extracted text, a claim, a note) and its details
(tags, outlet, author, origin, date, address, file name); storage keeps it in step with
each change. Search is case- and diacritics-insensitive: "Hurriyet" finds "Hürriyet",
and "Yilmaz" finds "Yılmaz": the indexed text and the query are both folded by
:func:`evidenceboard.storage.folding.fold` before the tokenizer sees them. An index
written before folding existed holds the text as typed; each word of the query is
therefore also matched as typed (``"yilmaz" OR "yılmaz"``), so such a board finds at
least what it found before, and opening it for writing folds its index
(:func:`evidenceboard.storage.search_index.refold_index`).

The user's words never reach FTS5 as syntax: each word is put in double quotes, so
``"``, ``*``, ``NEAR(``, ``-x``, ``AND`` or ``:`` are just text, and all words must
appear (AND). A part in double quotes is searched as a phrase. The last word, while the
user is still typing it (no space after it yet), also matches as a prefix ("harb" finds
"harbour"), from two letters on; a one-letter prefix matches much of the index and
would make each keystroke slow on a large board.

Ranking is bm25 with the title weighted 10, details 4 and text 1, so a card titled with
the words comes before one that only mentions them. Snippets come back as
``(text, is_match)`` segments, never as markup, so the window can bold the matches
without interpreting any text from the board. The markers asked from ``snippet()`` are
STX and ETX, which the model strips from every text field, so board text cannot forge a
highlight. ``snippet()`` cuts the fragment from the folded text; given the cards' own
text (``originals``), the fragment is mapped back so the user reads the card's spelling.
"""

import re
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from evidenceboard.storage.folding import FoldMap, fold
from evidenceboard.storage.schema import FTS_TABLE

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

#: Highest number of hits returned by one search.
MAX_LIMIT = 500
#: Words beyond this many are ignored: nobody types them, a pasted page makes it slow.
MAX_TERMS = 16
#: Longer words are cut; no real word is longer and FTS5 would find none.
MAX_TERM_LENGTH = 64
#: The shortest last word that is also matched as a prefix.
MIN_PREFIX = 2
#: Tokens around the match in a snippet.
SNIPPET_TOKENS = 16
#: Seconds a search may run before SQLite interrupts it (through the document watchdog).
SEARCH_SECONDS = 2.0

_OPEN = "\x02"
_CLOSE = "\x03"
_ELLIPSIS = "…"
_WEIGHTS = (0.0, 10.0, 1.0, 4.0)  # card_id (unindexed), title, body, details
_SNIPPET_COLUMNS = (2, 3, 1)  # the text first, then details, then the title
_PART = re.compile(r'"([^"]*)"?|([^"\s]+)')
_WORD = re.compile(r"\w+")
_MARKER = re.compile(f"([{_OPEN}{_CLOSE}])")


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One card found: its id, a relevance (higher is better) and a snippet."""

    card_id: str
    rank: float
    #: The snippet as segments; ``is_match`` marks the words that matched.
    snippet: tuple[tuple[str, bool], ...]

    @property
    def snippet_text(self) -> str:
        return "".join(part for part, _ in self.snippet)


def _words(text: str) -> list[str]:
    return [w[:MAX_TERM_LENGTH] for w in _WORD.findall(text)]


def _term(words: list[str], prefix: bool) -> str:
    """One quoted phrase (or word), folded, or folded OR as typed when the two differ."""
    typed = " ".join(words)
    folded = " ".join(_words(fold(typed))) or typed
    star = "*" if prefix and len(folded) >= MIN_PREFIX else ""
    if folded == typed:
        return f'"{folded}"{star}'
    return f'("{folded}"{star} OR "{typed}"{star})'


def fts_query(query: str) -> str:
    """The FTS5 expression for what the user typed, or "" when it holds no word."""
    parts: list[list[str]] = []
    last_is_open_word = False
    for match in _PART.finditer(query[: MAX_TERMS * (MAX_TERM_LENGTH + 4)]):
        phrase, bare = match.groups()
        words = _words(phrase if phrase is not None else bare)
        if not words:
            continue
        if phrase is not None:
            parts.append(words)
            last_is_open_word = False
        else:
            parts.extend([w] for w in words)
            last_is_open_word = match.end() == len(query)
    parts = parts[:MAX_TERMS]
    if not parts:
        return ""
    last = len(parts) - 1
    return " ".join(_term(words, last_is_open_word and i == last) for i, words in enumerate(parts))


def _segments(snippet: str) -> tuple[tuple[str, bool], ...]:
    parts: list[tuple[str, bool]] = []
    inside = False
    for piece in _MARKER.split(snippet):
        if piece == _OPEN:
            inside = True
        elif piece == _CLOSE:
            inside = False
        elif piece:
            if parts and parts[-1][1] == inside:
                parts[-1] = (parts[-1][0] + piece, inside)
            else:
                parts.append((piece, inside))
    return tuple(parts)


class _FoldMaps:
    """The latest texts' fold maps: typing searches again at each keystroke, over the
    same cards. Bounded by characters, not entries: one card may hold a whole book."""

    def __init__(self, max_chars: int) -> None:
        self._maps: OrderedDict[str, FoldMap] = OrderedDict()
        self._chars = 0
        self._max_chars = max_chars

    def get(self, original: str) -> FoldMap:
        mapping = self._maps.get(original)
        if mapping is not None:
            self._maps.move_to_end(original)
            return mapping
        mapping = FoldMap(original)
        if len(original) <= self._max_chars:
            self._maps[original] = mapping
            self._chars += len(original)
            while self._chars > self._max_chars:
                self._chars -= len(self._maps.popitem(last=False)[0])
        return mapping


_FOLD_MAPS = _FoldMaps(max_chars=8_000_000)


def _in_original(snippet: str, original: str) -> str:
    """``snippet``, cut from the folded ``original``, in the original's own characters."""
    if original.isascii():
        return snippet
    text = snippet
    lead = text.startswith(_ELLIPSIS)
    trail = text.endswith(_ELLIPSIS) and len(text) > 1
    text = text[1 if lead else 0 : len(text) - 1 if trail else len(text)]
    plain = _MARKER.sub("", text)
    mapping = _FOLD_MAPS.get(original)
    if mapping.folded == original:
        return snippet
    at = mapping.folded.find(plain)
    if at < 0 or not plain:
        return snippet
    out: list[str] = [_ELLIPSIS] if lead else []
    position = at
    start = mapping.to_original(at)
    for piece in _MARKER.split(text):
        if piece in (_OPEN, _CLOSE):
            out.append(piece)
        elif piece:
            position += len(piece)
            end = mapping.to_original(position)
            out.append(original[start:end])
            start = end
    if trail:
        out.append(_ELLIPSIS)
    return "".join(out)


def _sql() -> str:
    weights = ", ".join(str(w) for w in _WEIGHTS)
    snippets = ", ".join(
        f"snippet({FTS_TABLE}, {column}, char(2), char(3), '{_ELLIPSIS}', {SNIPPET_TOKENS})"
        for column in _SNIPPET_COLUMNS
    )
    return (
        f"SELECT card_id, bm25({FTS_TABLE}, {weights}) AS score, {snippets} "
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :query ORDER BY score LIMIT :limit"
    )


_SEARCH_SQL = _sql()


#: The card's searchable text by column, as :func:`evidenceboard.storage.mapping.search_text`.
Originals = Callable[[str], Mapping[str, str] | None]
_COLUMN_NAMES = {1: "title", 2: "body", 3: "details"}


def _hit(row: Any, originals: Originals | None) -> SearchHit:
    card_id, score, *snippets = row
    index = next((i for i, s in enumerate(snippets) if _OPEN in (s or "")), 0)
    chosen = snippets[index] or ""
    texts = originals(str(card_id)) if originals is not None else None
    if texts is not None:
        original = texts.get(_COLUMN_NAMES[_SNIPPET_COLUMNS[index]])
        if original:
            chosen = _in_original(chosen, original)
    return SearchHit(card_id=str(card_id), rank=-float(score), snippet=_segments(chosen))


def search(
    connection: "sqlite3.Connection | Connection | Engine",
    query: str,
    limit: int = 50,
    originals: Originals | None = None,
) -> list[SearchHit]:
    """The cards matching ``query``, best first; [] for a query with no word in it.

    ``originals`` gives a card's searchable text as written; without it, snippets show
    the folded text of the index (lower case kept as the card has it, ``ı`` as ``i``...).
    """
    expression = fts_query(query)
    if not expression or limit < 1:
        return []
    params = {"query": expression, "limit": min(limit, MAX_LIMIT)}
    try:
        if isinstance(connection, sqlite3.Connection):
            rows = connection.execute(_SEARCH_SQL, params).fetchall()
        else:
            # The document searches on its sqlite3 connection; SQLAlchemy is imported
            # only for a caller that hands an engine or one of its connections.
            from sqlalchemy import Engine, text

            if isinstance(connection, Engine):
                with connection.connect() as conn:
                    rows = list(conn.execute(text(_SEARCH_SQL), params))
            else:
                rows = list(connection.execute(text(_SEARCH_SQL), params))
    except sqlite3.OperationalError as exc:
        # Every word is quoted, so FTS5 cannot see syntax; should an FTS5 version still
        # reject an expression, the user gets no hits rather than an error.
        if str(exc).startswith("fts5:"):
            return []
        raise
    return [_hit(row, originals) for row in rows]


# A prefix query reads the index's structure and the segments of many terms; FTS5's
# own "integrity-check" would be complete but is a write, refused on a read-only board.
_INDEX_PROBE = f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH 'a*'"
_NOT_TEXT = (
    f"SELECT count(*) FROM {FTS_TABLE}_content WHERE typeof(c0) != 'text' "
    "OR typeof(c1) != 'text' OR typeof(c2) != 'text' OR typeof(c3) != 'text'"
)


def index_problems(connection: sqlite3.Connection) -> list[str]:
    """What is wrong with the full-text index, in words; [] when it reads as sound."""
    try:
        connection.execute(_INDEX_PROBE).fetchone()
        (not_text,) = connection.execute(_NOT_TEXT).fetchone()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        if "interrupted" in str(exc):
            raise
        return [f"The search index is damaged ({exc}); salvage the board to rebuild it."]
    if not_text:
        return [
            f"The search index holds {not_text} entries that are not text; salvage the "
            "board to rebuild it."
        ]
    return []


#: Most names (an entity's own and its aliases) asked for in one mentions query.
MAX_NAMES = 101


def mention_query(names: list[str]) -> str:
    """Any of ``names`` as a whole phrase, folded as the index is: "" without a word."""
    terms = []
    for name in names[:MAX_NAMES]:
        words = _words(name)[:MAX_TERMS]
        if words:
            terms.append(_term(words, prefix=False))
    return " OR ".join(dict.fromkeys(terms))


_MENTIONS_SQL = f"SELECT card_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :query LIMIT :limit"


def mentions(connection: sqlite3.Connection, names: list[str], limit: int = 100_000) -> list[str]:
    """Ids of the cards whose title, text or details name any of ``names``.

    Whole words only (FTS5 matches tokens), case, accents and the letters of
    :func:`fold` ignored; one query for all the names, so an entity with twenty aliases
    costs one index lookup.
    """
    expression = mention_query(names)
    if not expression:
        return []
    try:
        rows = connection.execute(_MENTIONS_SQL, {"query": expression, "limit": limit})
        return [str(row[0]) for row in rows.fetchall()]
    except sqlite3.OperationalError as exc:
        if str(exc).startswith("fts5:"):
            return []
        raise
