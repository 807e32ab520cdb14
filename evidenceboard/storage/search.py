"""Full-text search over every card, ranked, with highlighted snippets.

The ``card_fts`` table (``unicode61 remove_diacritics 2``) holds each card's title, its
main text (article body, a document's extracted text, a claim, a note) and its details
(tags, outlet, author, origin, date, address, file name); storage keeps it in step with
each change. Search is case- and diacritics-insensitive: "Hurriyet" finds "Hürriyet".

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
highlight.
"""

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text

from evidenceboard.storage.schema import FTS_TABLE

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


def fts_query(query: str) -> str:
    """The FTS5 expression for what the user typed, or "" when it holds no word."""
    terms: list[str] = []
    last_is_open_word = False
    for match in _PART.finditer(query[: MAX_TERMS * (MAX_TERM_LENGTH + 4)]):
        phrase, bare = match.groups()
        words = [w[:MAX_TERM_LENGTH] for w in _WORD.findall(phrase if phrase is not None else bare)]
        if not words:
            continue
        if phrase is not None:
            terms.append('"' + " ".join(words) + '"')
            last_is_open_word = False
        else:
            terms.extend(f'"{w}"' for w in words)
            last_is_open_word = match.end() == len(query)
    terms = terms[:MAX_TERMS]
    if not terms:
        return ""
    if last_is_open_word and len(terms[-1]) - 2 >= MIN_PREFIX:
        terms[-1] += "*"
    return " ".join(terms)


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


def _hit(row: Any) -> SearchHit:
    card_id, score, *snippets = row
    chosen = next((s for s in snippets if _OPEN in (s or "")), snippets[0] or "")
    return SearchHit(card_id=str(card_id), rank=-float(score), snippet=_segments(chosen))


def search(
    connection: sqlite3.Connection | Connection | Engine, query: str, limit: int = 50
) -> list[SearchHit]:
    """The cards matching ``query``, best first; [] for a query with no word in it."""
    expression = fts_query(query)
    if not expression or limit < 1:
        return []
    params = {"query": expression, "limit": min(limit, MAX_LIMIT)}
    try:
        if isinstance(connection, sqlite3.Connection):
            rows = connection.execute(_SEARCH_SQL, params).fetchall()
        elif isinstance(connection, Engine):
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
    return [_hit(row) for row in rows]


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
