"""FollowTheMoney export and import, checked by the followthemoney library itself."""

import json
from dataclasses import replace
from pathlib import Path

import pytest
from followthemoney import model

from evidenceboard.formats.ftm import board_to_ftm_lines, ftm_to_board
from evidenceboard.formats.importing import read_board_file
from evidenceboard.model.board import Board
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.changes import AddCards, AddLinks
from evidenceboard.model.errors import InvalidValueError
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.links import LinkKind
from tests.model.test_entities import entity_cards


def _board() -> Board:
    cards = entity_cards()
    # FollowTheMoney keeps countries as ISO codes: the board's own are codes here.
    selvi, hurriyet, base, talks = (
        replace(c, content=replace(c.content, **values))  # type: ignore[arg-type]
        for c, values in zip(cards, ({"nationality": "tr"}, {}, {"country": "sy"}, {}), strict=True)
    )
    article = make_card(
        CardKind.ARTICLE,
        "Assad deal claims",
        "ana",
        outlet="Hurriyet",
        author="Abdulkadir Selvi",
        url="https://example.org/a",
        published="2024-12-12",
        body="Text",
    )
    claim = make_card(CardKind.CLAIM, "A deal was made", "ana", statement="A deal")
    board = Board()
    board.apply(AddCards((selvi, hurriyet, base, talks, article, claim)))
    board.apply(
        AddLinks(
            (
                make_link(selvi.id, hurriyet.id, LinkKind.RELATED, "ana", label="columnist at"),
                make_link(article.id, selvi.id, LinkKind.RELATED, "ana", label="written by"),
                make_link(article.id, claim.id, LinkKind.CORROBORATES, "ana"),
            )
        )
    )
    return board


def test_the_export_is_read_by_followthemoney() -> None:
    board = _board()
    lines = board_to_ftm_lines(board).decode("utf-8").splitlines()
    proxies = [model.get_proxy(json.loads(line), cleaned=False) for line in lines]
    by_schema = {p.schema.name: p for p in proxies}
    assert sorted(by_schema) == [
        "Address",
        "Article",
        "Documentation",
        "Event",
        "Organization",
        "Person",
        "UnknownLink",
    ]
    person = by_schema["Person"]
    assert person.get("alias") == ["A. Selvi", "Abdülkadir Selvi"]
    assert person.first("nationality") == "tr" and person.first("birthDate") == "1964"
    place = by_schema["Address"]
    assert (place.first("latitude"), place.first("longitude")) == ("35.4", "35.95")
    event = by_schema["Event"]
    assert set(event.get("involved")) == {person.id, by_schema["Organization"].id}
    assert by_schema["UnknownLink"].first("role") == "columnist at"
    assert by_schema["Documentation"].first("document") == by_schema["Article"].id
    # The claim is not an entity, and its corroborating link no FtM relationship.
    assert len(proxies) == 7


def test_entities_round_trip_through_ftm() -> None:
    board = _board()
    back, skipped = ftm_to_board(board_to_ftm_lines(board).splitlines(), "bo", "Case")
    assert skipped == 0
    for card in back.cards.values():
        original: Card = board.cards[card.id]
        assert (card.kind, card.title, card.content) == (
            original.kind,
            original.title,
            original.content,
        )
    words = sorted(link.label for link in back.links.values())
    assert words == ["columnist at", "written by"]


def test_a_foreign_file_with_fragments_and_edges(tmp_path: Path) -> None:
    lines = [
        {"id": "Q1", "schema": "Company", "properties": {"name": ["Acme"], "jurisdiction": ["gb"]}},
        {"id": "Q1", "schema": "Company", "properties": {"alias": ["Acme Ltd"]}},
        {"id": "p1", "schema": "Person", "properties": {"name": ["Jo Bloggs"]}},
        {"id": "own", "schema": "Ownership", "properties": {"owner": ["p1"], "asset": ["Q1"]}},
        {"id": "v1", "schema": "Vessel", "properties": {"name": ["Boaty"]}},
    ]
    path = tmp_path / "acme.ftm.json"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    board = read_board_file(path, "bo")
    kinds = sorted((c.kind.value, c.title, c.aliases) for c in board.cards.values())
    assert kinds == [("organisation", "Acme", ("Acme Ltd",)), ("person", "Jo Bloggs", ())]
    (link,) = board.links.values()
    assert (link.kind, link.label) == (LinkKind.RELATED, "owns")
    assert board.cards[link.source].title == "Jo Bloggs"
    # A property this version of the model does not know is left out, as Aleph does.
    shoe = b'{"id": "x", "schema": "Person", "properties": {"name": ["N"], "shoe": ["42"]}}'
    (person,) = ftm_to_board([shoe], "bo")[0].cards.values()
    assert person.title == "N"
    # The same file read again names the same cards.
    assert set(read_board_file(path, "bo").cards) == set(board.cards)


@pytest.mark.parametrize(
    "line",
    [
        b'{"id": "x", "schema": "Spaceship", "properties": {}}',
        b'{"id": "x", "schema": "Address", "properties": {"name": ["N"], '
        b'"latitude": ["95"], "longitude": ["1"]}}',
        b"[" * 100_000,
        b"not json",
        b'{"schema": "Person", "properties": {"name": ["No id"]}}',
    ],
)
def test_hostile_lines_are_refused(line: bytes) -> None:
    with pytest.raises(InvalidValueError):
        ftm_to_board([line], "bo")
