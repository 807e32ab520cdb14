"""Full-text search: ranking, snippets, diacritics, prefixes and hostile query strings."""

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddCards, RemoveCards
from evidenceboard.model.factory import make_card
from evidenceboard.storage import BoardDocument, create_board
from evidenceboard.storage.search import fts_query, search
from tests.storage.helpers import add_card


@pytest.fixture
def doc(board_dir: Path) -> Iterator[BoardDocument]:
    with create_board(board_dir / "search.evboard", author="tester") as document:
        filler = [
            make_card(CardKind.NOTE, f"Filler {i}", "tester", text=f"unrelated jotting {i}")
            for i in range(20)
        ]
        document.apply(AddCards(tuple(filler)))
        yield document


def test_title_match_ranks_above_body_match(doc: BoardDocument) -> None:
    in_body = add_card(
        doc, CardKind.ARTICLE, "Weekly roundup", body="Among other things, the dredging stopped."
    )
    in_title = add_card(doc, CardKind.NOTE, "Dredging permit", text="See the registry.")
    hits = doc.search("dredging")
    assert [h.card_id for h in hits] == [in_title, in_body]
    assert hits[0].rank > hits[1].rank > 0


def test_snippet_marks_the_matching_words_as_segments(doc: BoardDocument) -> None:
    add_card(
        doc,
        CardKind.DOCUMENT,
        "Report",
        extracted_text="The vessel <b>Aurora</b> left Piraeus on 3 March with no manifest.",
    )
    (hit,) = doc.search("aurora")
    assert ("Aurora", True) in hit.snippet
    assert all(not match for text, match in hit.snippet if text != "Aurora")
    # Markup in evidence stays plain text for the window to escape.
    assert "<b>" in hit.snippet_text


def test_snippet_falls_back_to_details_then_title(doc: BoardDocument) -> None:
    add_card(doc, CardKind.ARTICLE, "Story", outlet="Kathimerini", body="Nothing here.")
    (hit,) = doc.search("kathimerini")
    assert ("Kathimerini", True) in hit.snippet


def test_search_ignores_diacritics(doc: BoardDocument) -> None:
    card_id = add_card(
        doc, CardKind.ARTICLE, "Port deal", outlet="Hürriyet", body="Reported first."
    )
    assert [h.card_id for h in doc.search("Hurriyet")] == [card_id]
    assert [h.card_id for h in doc.search("HÜRRİYET")] == [card_id]


def test_last_word_matches_as_prefix_while_typing(doc: BoardDocument) -> None:
    card_id = add_card(doc, CardKind.NOTE, "Harbourmaster interview", text="")
    assert [h.card_id for h in doc.search("harbourm")] == [card_id]
    assert doc.search("harbourm ") == []
    assert fts_query("harbourm") == '"harbourm"*'
    assert fts_query("h") == '"h"'


def test_all_words_must_appear_and_quotes_make_a_phrase(doc: BoardDocument) -> None:
    both = add_card(doc, CardKind.CLAIM, "Claim", statement="The minister signed the contract.")
    other = add_card(
        doc, CardKind.CLAIM, "Other", statement="The contract was never signed by him."
    )
    assert {h.card_id for h in doc.search("contract signed")} == {both, other}
    assert [h.card_id for h in doc.search("contract minister")] == [both]
    assert [h.card_id for h in doc.search('"minister signed"')] == [both]


@pytest.mark.parametrize(
    "query",
    ['"', "*", "NEAR(", "-x", "a AND", "OR", "title:", "^x", "(((", '"unclosed', "'", "\x00", "…"],
)
def test_hostile_queries_do_not_raise(doc: BoardDocument, query: str) -> None:
    add_card(doc, CardKind.NOTE, "x marks AND OR NEAR title", text="x")
    hits = doc.search(query)
    assert isinstance(hits, list)


def test_empty_and_wordless_queries_return_nothing(doc: BoardDocument) -> None:
    for query in ("", "   ", "***", '""', "-", "()"):
        assert doc.search(query) == []
        assert fts_query(query) == ""


def test_removed_cards_are_no_longer_found(doc: BoardDocument) -> None:
    card = make_card(CardKind.NOTE, "Ephemeral lead", "tester", text="")
    doc.apply(AddCards((card,)))
    assert len(doc.search("ephemeral")) == 1
    doc.apply(RemoveCards((card,)))
    assert doc.search("ephemeral") == []


def test_limit_is_respected(doc: BoardDocument) -> None:
    assert len(doc.search("filler", limit=5)) == 5
    assert doc.search("filler", limit=0) == []


def test_search_works_on_a_plain_connection_and_an_engine(doc: BoardDocument) -> None:
    card_id = add_card(doc, CardKind.NOTE, "Registry extract", text="")
    connection = sqlite3.connect(f"file:{doc.path}?mode=ro", uri=True)
    try:
        assert [h.card_id for h in search(connection, "registry")] == [card_id]
    finally:
        connection.close()
    engine = create_engine(f"sqlite:///file:{doc.path}?mode=ro&uri=true")
    try:
        assert [h.card_id for h in search(engine, "registry")] == [card_id]
    finally:
        engine.dispose()


def test_very_long_query_is_cut_not_refused(doc: BoardDocument) -> None:
    add_card(doc, CardKind.NOTE, "alpha", text="")
    assert doc.search("alpha " + "beta " * 5000) == []
    assert len(fts_query("w " * 1000).split()) == 16
