"""A write transaction on a board's connection: whole or nothing, names never from data."""

import sqlite3
from collections.abc import Iterator

import pytest

from evidenceboard.storage.transaction import WriteChannel


@pytest.fixture
def channel() -> Iterator[WriteChannel]:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    connection.execute("CREATE TABLE cards (id TEXT PRIMARY KEY, title TEXT, url TEXT)")
    yield WriteChannel(connection)
    connection.close()


def _rows(channel: WriteChannel) -> list[tuple[object, ...]]:
    return channel.connection.execute("SELECT id, title, url FROM cards ORDER BY id").fetchall()


def test_rows_of_different_shapes_are_inserted_in_one_transaction(channel: WriteChannel) -> None:
    with channel.begin() as writes:
        writes.insert(
            "cards",
            [
                {"id": "a", "title": "Ferry"},
                {"id": "b", "title": "Harbour", "url": "https://example.org/x"},
                {"id": "c", "title": "Quay"},
            ],
        )
    assert _rows(channel) == [
        ("a", "Ferry", None),
        ("b", "Harbour", "https://example.org/x"),
        ("c", "Quay", None),
    ]
    assert not channel.connection.in_transaction


def test_update_and_delete_by_key(channel: WriteChannel) -> None:
    with channel.begin() as writes:
        writes.insert("cards", [{"id": "a", "title": "Ferry"}, {"id": "b", "title": "Quay"}])
    with channel.begin() as writes:
        writes.update("cards", "id", [{"id": "a", "title": "Ferry times", "url": None}])
        writes.delete("cards", "id", ["b", "not there"])
    assert _rows(channel) == [("a", "Ferry times", None)]


def test_a_failure_part_way_rolls_the_whole_transaction_back(channel: WriteChannel) -> None:
    with channel.begin() as writes:
        writes.insert("cards", [{"id": "a", "title": "Ferry"}])
    with pytest.raises(sqlite3.IntegrityError), channel.begin() as writes:
        writes.insert("cards", [{"id": "b", "title": "Quay"}])
        writes.insert("cards", [{"id": "a", "title": "A second card a"}])
    assert _rows(channel) == [("a", "Ferry", None)]
    assert not channel.connection.in_transaction


def test_a_failing_commit_rolls_back(channel: WriteChannel) -> None:
    def refuse_commit(sql: str) -> None:
        if sql == "COMMIT":
            raise sqlite3.OperationalError("database or disk is full")

    channel.hooks.append(refuse_commit)
    with pytest.raises(sqlite3.OperationalError, match="full"), channel.begin() as writes:
        writes.insert("cards", [{"id": "a", "title": "Ferry"}])
    channel.hooks.clear()
    assert _rows(channel) == []
    assert not channel.connection.in_transaction


def test_every_statement_and_the_commit_pass_the_hooks(channel: WriteChannel) -> None:
    seen: list[str] = []
    channel.hooks.append(seen.append)
    with channel.begin() as writes:
        writes.insert("cards", [{"id": "a", "title": "Ferry"}])
        writes.delete("cards", "id", [])  # nothing to delete: no statement
    assert seen == [
        "BEGIN IMMEDIATE",
        "INSERT INTO cards (id, title) VALUES (:id, :title)",
        "COMMIT",
    ]


@pytest.mark.parametrize(
    "name", ["title; DROP TABLE cards", "title = 'x' --", "url)", "1title", ""]
)
def test_a_column_name_that_is_not_a_plain_identifier_is_refused(
    channel: WriteChannel, name: str
) -> None:
    with pytest.raises(ValueError, match="not a column or table name"), channel.begin() as w:
        w.insert("cards", [{"id": "a", name: "x"}])
    assert _rows(channel) == []
