"""The board's tables as SQLAlchemy Core sees them, for the statements that write a board.

They mirror the DDL of :mod:`evidenceboard.storage.schema` so statements are built from
named columns, not strings; a test checks the two agree. They are plain ``Table``
objects rather than ORM classes: every statement is SQLAlchemy Core, and
``sqlalchemy.orm`` would add a third to SQLAlchemy's import time. Reading a board
(:mod:`evidenceboard.storage.document`) runs plain ``sqlite3`` queries on the vetted
connection and never imports this module, so a board opened read-only, as every
reading command of the command line opens it, costs no SQLAlchemy.
"""

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

METADATA = MetaData()

BOARD = Table(
    "board",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("uuid", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("handling", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("authors", Text, nullable=False),
)

ATTACHMENTS = Table(
    "attachments",
    METADATA,
    Column("sha256", Text, primary_key=True),
    Column("file_name", Text, nullable=False),
    Column("media_type", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("added_at", Text, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

CARDS = Table(
    "cards",
    METADATA,
    Column("id", Text, primary_key=True),
    Column("kind", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("tags", Text, nullable=False),
    Column("colour", Text),
    Column("x", Float, nullable=False),
    Column("y", Float, nullable=False),
    Column("width", Float, nullable=False),
    Column("height", Float, nullable=False),
    Column("pinned", Boolean, nullable=False),
    Column("handling", Text, nullable=False),
    Column("grade_scheme", Text),
    Column("grade_source", Text),
    Column("grade_information", Text),
    Column("outlet", Text),
    Column("author", Text),
    Column("url", Text),
    Column("published", Text),
    Column("captured_at", Text),
    Column("language", Text),
    Column("file_name", Text),
    Column("media_type", Text),
    Column("attachment", Text, ForeignKey("attachments.sha256")),
    Column("page_count", Integer),
    Column("origin", Text),
    Column("document_date", Text),
    Column("attributed_to", Text),
    Column("date_claimed", Text),
    Column("confidence", Text),
    Column("is_hypothesis", Boolean),
    Column("created_by", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("modified_by", Text, nullable=False),
    Column("modified_at", Text, nullable=False),
    # Format 2 (ALTER TABLE puts them last).
    Column("likelihood", Text),
    Column("is_assumption", Boolean),
    Column("is_key_judgement", Boolean),
    Column("properties", Text),
)

LINKS = Table(
    "links",
    METADATA,
    Column("id", Text, primary_key=True),
    Column("source_id", Text, ForeignKey("cards.id"), nullable=False),
    Column("target_id", Text, ForeignKey("cards.id"), nullable=False),
    Column("kind", Text, nullable=False),
    Column("strength", Text, nullable=False),
    Column("rationale", Text, nullable=False),
    Column("quote", Text, nullable=False),
    Column("page", Integer),
    Column("created_by", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("modified_by", Text, nullable=False),
    Column("modified_at", Text, nullable=False),
    Column("label", Text),
)

BOARD_SETTINGS = Table(
    "board_settings",
    METADATA,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

TEAM_SYNC = Table(
    "team_sync",
    METADATA,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

ACH_MARKS = Table(
    "ach_marks",
    METADATA,
    Column("evidence_id", Text, primary_key=True),
    Column("hypothesis_id", Text, primary_key=True),
    Column("consistency", Text, nullable=False),
    Column("marked_by", Text, nullable=False),
    Column("marked_at", Text, nullable=False),
)

HISTORY = Table(
    "history",
    METADATA,
    Column("seq", Integer, primary_key=True),
    Column("at", Text, nullable=False),
    Column("author", Text, nullable=False),
    Column("action", String, nullable=False),
    Column("change_type", Text, nullable=False),
    Column("item_ids", Text, nullable=False),
)
