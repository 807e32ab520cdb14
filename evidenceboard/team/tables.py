"""The team server's tables, in the PostgreSQL schema ``evidenceboard``.

A case's cards, links and attachments are kept in tables with the board file's own
columns (built from :mod:`evidenceboard.storage.tables`, so they cannot drift apart),
plus the case they belong to and ``rev``, the case's revision at which the row was last
written. Every push raises the case's ``head_rev`` by one, under a row lock on the case,
so "what changed since revision N" is an index range read whose cost grows with the
changes, not with the case. A removed card or link leaves a row in ``removed``.

Who may do what lives in ``publishers`` (roles that may publish cases) and ``access``
(per case: a role, and whether it may only read); the row-level-security policies of
:mod:`policies` read them.
"""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKeyConstraint,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
)

from evidenceboard.storage.tables import (
    ATTACHMENTS,
    BOARD,
    CARDS,
    HISTORY,
    LINKS,
    key_value_table,
)

SCHEMA = "evidenceboard"
#: The meta row ``format`` of a database this version prepared.
SERVER_FORMAT = "2"
#: What brings a database of an older format to this one, run by ``team init`` in its
#: transaction: format 2 keeps the links' line style (board format 3).
SERVER_UPGRADES: dict[str, tuple[str, ...]] = {
    "1": (f"ALTER TABLE {SCHEMA}.links ADD COLUMN IF NOT EXISTS properties TEXT",),
}

METADATA = MetaData(schema=SCHEMA)


def _board_columns(table: Table, *, skip: tuple[str, ...] = ()) -> list[Column[object]]:
    # Plain copies: the board file's foreign keys name its own tables, not these.
    return [
        Column(c.name, c.type, nullable=c.nullable) for c in table.columns if c.name not in skip
    ]


def _of_case() -> ForeignKeyConstraint:
    # A case's rows go with it; a constraint belongs to one table, so each gets its own.
    return ForeignKeyConstraint(["case_id"], [f"{SCHEMA}.cases.id"], ondelete="CASCADE")


META = key_value_table("meta", METADATA)

PUBLISHERS = Table("publishers", METADATA, Column("member", Text, primary_key=True))

CASES = Table(
    "cases",
    METADATA,
    Column("id", Text, primary_key=True),
    Column("title", Text, nullable=False),
    Column("publisher", Text, nullable=False),
    Column("head_rev", BigInteger, nullable=False),
)

ACCESS = Table(
    "access",
    METADATA,
    Column("case_id", Text, nullable=False),
    Column("member", Text, nullable=False),
    Column("read_only", Boolean, nullable=False),
    PrimaryKeyConstraint("case_id", "member"),
    _of_case(),
)


def _case_table(name: str, key: str, *columns: Column[object]) -> Table:
    """Rows of a case, each stamped with the revision that wrote it, read by revision."""
    return Table(
        name,
        METADATA,
        Column("case_id", Text, nullable=False),
        *columns,
        Column("rev", BigInteger, nullable=False),
        PrimaryKeyConstraint("case_id", key),
        _of_case(),
        Index(f"{name}_by_rev", "case_id", "rev"),
    )


#: The case's details: one row per case, the board file's ``board`` row and settings.
BOARD_INFO = Table(
    "board",
    METADATA,
    Column("case_id", Text, primary_key=True),
    *_board_columns(BOARD, skip=("id",)),
    Column("settings", Text, nullable=False),
    Column("rev", BigInteger, nullable=False),
    _of_case(),
)
SERVER_CARDS = _case_table("cards", "id", *_board_columns(CARDS))
SERVER_LINKS = _case_table("links", "id", *_board_columns(LINKS))
SERVER_ATTACHMENTS = _case_table("attachments", "sha256", *_board_columns(ATTACHMENTS))
REMOVED = _case_table("removed", "id", Column("id", Text, nullable=False))

#: Who changed what and when, as each laptop's board history recorded it.
SERVER_HISTORY = Table(
    "history",
    METADATA,
    Column("case_id", Text, nullable=False),
    Column("rev", BigInteger, nullable=False),
    *_board_columns(HISTORY),
    PrimaryKeyConstraint("case_id", "rev", "seq"),
    _of_case(),
)

#: Tables holding a case's content: readable by its members, writable by its writers.
CONTENT_TABLES = (BOARD_INFO, SERVER_CARDS, SERVER_LINKS, SERVER_ATTACHMENTS, REMOVED)
