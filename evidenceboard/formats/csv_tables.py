"""CSV export: ``cards.csv`` and ``links.csv`` for spreadsheets and Gephi.

The first columns follow Gephi's spreadsheet import (cards: ``Id``, ``Label``, ``Type``;
links: ``Id``, ``Source``, ``Target``, ``Type`` = ``Directed``, ``Label``), then our own
fields (an entity's aliases, a related link's words, last). Files are UTF-8 with a byte-
order mark (so spreadsheet programs detect the encoding), a header row, and every cell
quoted.

Formula injection: a spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or
``@`` (and some also tab or carriage return) as a formula, so board text such as
``=HYPERLINK(...)`` could act when a colleague opens the file. Every text cell that
starts with one of those characters is prefixed with a single quote (OWASP's advice).
Importers that trim the cell first, or that take full-width forms for the ASCII ones
(East Asian input methods type U+FF1D FULLWIDTH EQUALS SIGN), see a formula where the raw
text does not start with one; so a cell is also guarded when its first visible character,
after any whitespace, line breaks, byte-order marks or zero-width and bidi formatting
characters, is a formula character once NFKC-normalised (the full-width and small forms
U+FF1D, U+FE66, U+FF0B, U+FF0D, U+FF20…) or U+2212 MINUS SIGN. Numeric columns that we
write ourselves (coordinates, page) are left as numbers.
"""

import csv
import io
import json
import unicodedata
from pathlib import Path

from evidenceboard.formats.files import write_atomically
from evidenceboard.model.board import Board
from evidenceboard.model.clock import format_timestamp
from evidenceboard.model.codec import content_to_dict

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_CHARS = frozenset("=+-@\u2212")

CARD_COLUMNS = (
    "Id",
    "Label",
    "Type",
    "title",
    "text",
    "source",
    "tags",
    "grade",
    "handling",
    "colour",
    "pinned",
    "x",
    "y",
    "width",
    "height",
    "content",
    "created_by",
    "created_at",
    "modified_by",
    "modified_at",
    "aliases",
)
LINK_COLUMNS = (
    "Id",
    "Source",
    "Target",
    "Type",
    "Label",
    "kind",
    "strength",
    "rationale",
    "quote",
    "page",
    "created_by",
    "created_at",
    "modified_by",
    "modified_at",
    "words",
)


def _looks_like_formula(value: str) -> bool:
    if value.startswith(_FORMULA_START):
        return True
    for char in value:
        # Whitespace, controls and format characters (BOM, zero-width, bidi) are invisible
        # and may be trimmed by the importer; the first other character decides.
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
            continue
        return unicodedata.normalize("NFKC", char)[:1] in _FORMULA_CHARS
    return False


def guard_cell(value: str) -> str:
    """Make a text cell inert in spreadsheets."""
    return "'" + value if _looks_like_formula(value) else value


def _table(columns: tuple[str, ...], rows: list[list[object]]) -> bytes:
    stream = io.StringIO()
    writer = csv.writer(stream, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([guard_cell(v) if isinstance(v, str) else v for v in row])
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


def cards_csv(board: Board) -> bytes:
    rows: list[list[object]] = []
    for card_id in sorted(board.cards):
        c = board.cards[card_id]
        g = c.geometry
        rows.append(
            [
                c.id,
                c.display_title,
                c.kind.value,
                c.title,
                c.text,
                c.source_line,
                "; ".join(c.tags),
                c.grading.code if c.grading else "",
                c.handling,
                c.colour or "",
                "yes" if c.pinned else "no",
                g.x,
                g.y,
                g.width,
                g.height,
                json.dumps(content_to_dict(c), ensure_ascii=False, sort_keys=True),
                c.created_by,
                format_timestamp(c.created_at),
                c.modified_by,
                format_timestamp(c.modified_at),
                "; ".join(c.aliases),
            ]
        )
    return _table(CARD_COLUMNS, rows)


def links_csv(board: Board) -> bytes:
    rows: list[list[object]] = []
    for link_id in sorted(board.links):
        x = board.links[link_id]
        rows.append(
            [
                x.id,
                x.source,
                x.target,
                "Directed",
                # Gephi shows the label on the edge: a related link's own words first.
                x.label or x.kind.label,
                x.kind.value,
                x.strength.value,
                x.rationale,
                x.quote,
                x.page if x.page is not None else "",
                x.created_by,
                format_timestamp(x.created_at),
                x.modified_by,
                format_timestamp(x.modified_at),
                x.label,
            ]
        )
    return _table(LINK_COLUMNS, rows)


def write_csv_tables(board: Board, folder: Path) -> tuple[Path, Path]:
    """Write ``cards.csv`` and ``links.csv`` into ``folder`` (each replaced atomically)."""
    folder.mkdir(parents=True, exist_ok=True)
    cards, links = folder / "cards.csv", folder / "links.csv"
    write_atomically(cards, cards_csv(board))
    write_atomically(links, links_csv(board))
    return cards, links
