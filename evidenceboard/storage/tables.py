"""The board's tables as SQLAlchemy Core sees them, for the statements that write a board.

They mirror the DDL of :mod:`evidenceboard.storage.schema` so statements are built from
named columns, not strings; a test checks the two agree. They are plain ``Table``
objects rather than ORM classes: every statement is SQLAlchemy Core, and
``sqlalchemy.orm`` would add a third to SQLAlchemy's import time. Reading a board
(:mod:`evidenceboard.storage.document`) runs plain ``sqlite3`` queries on the vetted
connection and never imports this module, so a board opened read-only, as every
reading command of the command line opens it, costs no SQLAlchemy.
"""

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.types import TypeEngine

METADATA = MetaData()


def _required(kind: type[TypeEngine[Any]], *names: str) -> list[Column[Any]]:
    return [Column(name, kind, nullable=False) for name in names]


def _optional(kind: type[TypeEngine[Any]], *names: str) -> list[Column[Any]]:
    return [Column(name, kind) for name in names]


def _stamps() -> list[Column[Any]]:
    # Who made a card or link and who changed it last; a Column belongs to one table,
    # so each table gets its own.
    return _required(Text, "created_by", "created_at", "modified_by", "modified_at")


def key_value_table(name: str, metadata: MetaData) -> Table:
    """A table of text settings, one row per key."""
    return Table(
        name,
        metadata,
        Column("key", Text, primary_key=True),
        Column("value", Text, nullable=False),
    )


BOARD = Table(
    "board",
    METADATA,
    Column("id", Integer, primary_key=True),
    *_required(Text, "uuid", "title", "description", "handling", "created_at", "authors"),
)

ATTACHMENTS = Table(
    "attachments",
    METADATA,
    Column("sha256", Text, primary_key=True),
    *_required(Text, "file_name", "media_type"),
    Column("size", Integer, nullable=False),
    Column("added_at", Text, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

CARDS = Table(
    "cards",
    METADATA,
    Column("id", Text, primary_key=True),
    *_required(Text, "kind", "title", "body", "tags"),
    Column("colour", Text),
    *_required(Float, "x", "y", "width", "height"),
    Column("pinned", Boolean, nullable=False),
    Column("handling", Text, nullable=False),
    *_optional(Text, "grade_scheme", "grade_source", "grade_information"),
    *_optional(Text, "outlet", "author", "url", "published", "captured_at", "language"),
    *_optional(Text, "file_name", "media_type"),
    Column("attachment", Text, ForeignKey("attachments.sha256")),
    Column("page_count", Integer),
    *_optional(Text, "origin", "document_date", "attributed_to", "date_claimed", "confidence"),
    Column("is_hypothesis", Boolean),
    *_stamps(),
    # Format 2 (ALTER TABLE puts them last).
    Column("likelihood", Text),
    *_optional(Boolean, "is_assumption", "is_key_judgement"),
    Column("properties", Text),
)

LINKS = Table(
    "links",
    METADATA,
    Column("id", Text, primary_key=True),
    Column("source_id", Text, ForeignKey("cards.id"), nullable=False),
    Column("target_id", Text, ForeignKey("cards.id"), nullable=False),
    *_required(Text, "kind", "strength", "rationale", "quote"),
    Column("page", Integer),
    *_stamps(),
    Column("label", Text),
    # Format 3.
    Column("properties", Text),
)

BOARD_SETTINGS = key_value_table("board_settings", METADATA)

TEAM_SYNC = key_value_table("team_sync", METADATA)

ACH_MARKS = Table(
    "ach_marks",
    METADATA,
    Column("evidence_id", Text, primary_key=True),
    Column("hypothesis_id", Text, primary_key=True),
    *_required(Text, "consistency", "marked_by", "marked_at"),
)

HISTORY = Table(
    "history",
    METADATA,
    Column("seq", Integer, primary_key=True),
    Column("at", Text, nullable=False),
    Column("author", Text, nullable=False),
    Column("action", String, nullable=False),
    *_required(Text, "change_type", "item_ids"),
)
