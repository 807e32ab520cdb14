"""Entity cards and the words of related links survive the board file; hostile ones do not."""

import sqlite3
from pathlib import Path

import pytest

from evidenceboard.model import AddCards, BoardInfo, CardKind
from evidenceboard.model.changes import AddLinks
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.links import LinkKind
from evidenceboard.storage import create_board, open_board
from tests.model.test_entities import entity_cards
from tests.storage.helpers import assert_opens_as_damaged, overwrite


def _board_with_entities(path: Path) -> tuple[list[str], str]:
    cards = entity_cards()
    link = make_link(cards[0].id, cards[1].id, LinkKind.RELATED, "ana", label="columnist at")
    with create_board(path, BoardInfo(title="Entities"), author="ana") as doc:
        doc.apply(AddCards(tuple(cards)))
        doc.apply(AddLinks((link,)))
    return [c.id for c in cards], link.id


def test_entity_fields_and_link_words_survive_close_and_reopen(board_dir: Path) -> None:
    path = board_dir / "case.evboard"
    ids, link_id = _board_with_entities(path)
    with open_board(path, read_only=True) as doc:
        stored = [doc.board.cards[i] for i in ids]
        # The event's involved entities are the ids of this board's own cards.
        expected = [c.content for c in entity_cards()[:3]]
        assert [c.content for c in stored[:3]] == expected
        assert stored[3].content.involved == (ids[0], ids[1])  # type: ignore[union-attr]
        assert stored[2].content.latitude == 35.4  # type: ignore[union-attr]
        assert doc.board.links[link_id].label == "columnist at"
        # Aliases are in the search index.
        assert [h.card_id for h in doc.search("Hmeimim")] == [ids[2]]


@pytest.mark.parametrize(
    "properties",
    [
        '{"latitude": 200, "longitude": 0}',
        '{"aliases": "Hmeimim"}',
        '{"aliases": [["nested"]]}',
        '{"shoe_size": "42"}',
        '["not", "an", "object"]',
        "[" * 100_000,
        '{"country": 12}',
    ],
)
def test_hostile_entity_properties_are_damage(board_dir: Path, properties: str) -> None:
    path = board_dir / "case.evboard"
    ids, _ = _board_with_entities(path)
    overwrite(path, "cards", "properties", properties, ids[2])
    assert_opens_as_damaged(path, ids[2][:8])


def test_a_label_on_an_evidence_link_is_damage(board_dir: Path) -> None:
    path = board_dir / "case.evboard"
    a = make_card(CardKind.ARTICLE, "Report", "ana")
    b = make_card(CardKind.CLAIM, "Claim", "ana")
    link = make_link(a.id, b.id, LinkKind.CORROBORATES, "ana")
    with create_board(path, BoardInfo(title="Links"), author="ana") as doc:
        doc.apply(AddCards((a, b)))
        doc.apply(AddLinks((link,)))
    overwrite(path, "links", "label", "owns")
    assert_opens_as_damaged(path, "related link")


def _board_with_a_claimant(path: Path) -> tuple[str, str]:
    person = make_card(CardKind.PERSON, "Abdulkadir Selvi", "ana")
    claim = make_card(
        CardKind.CLAIM,
        "Assad gave Israel targets",
        "ana",
        claimed_by=person.id,
        attributed_to="Selvi",
    )
    with create_board(path, BoardInfo(title="Claims"), author="ana") as doc:
        doc.apply(AddCards((person, claim)))
    return person.id, claim.id


def test_who_makes_a_claim_survives_the_file_and_json(board_dir: Path) -> None:
    from evidenceboard.model.codec import card_from_dict, card_to_dict

    path = board_dir / "case.evboard"
    person, claim = _board_with_a_claimant(path)
    with open_board(path, read_only=True) as doc:
        stored = doc.board.cards[claim]
        assert stored.content.claimed_by == person  # type: ignore[union-attr]
        assert card_from_dict(card_to_dict(stored)) == stored
    connection = sqlite3.connect(path)
    (row,) = connection.execute("SELECT properties FROM cards WHERE id = ?", (claim,))
    connection.close()
    # Any SQLite tool can read who makes the claim.
    assert row == (f'{{"claimed_by": "{person}"}}',)
    unclaimed = make_card(CardKind.CLAIM, "Nobody named", "ana")
    assert "claimed_by" not in card_to_dict(unclaimed)["content"]


@pytest.mark.parametrize(
    "properties",
    [
        '{"claimed_by": "not an id"}',
        '{"claimed_by": 12}',
        '{"statement": "smuggled in"}',
        '{"is_hypothesis": true}',
        "[" * 100_000,
    ],
)
def test_hostile_claim_properties_are_damage(board_dir: Path, properties: str) -> None:
    path = board_dir / "case.evboard"
    _person, claim = _board_with_a_claimant(path)
    overwrite(path, "cards", "properties", properties, claim)
    assert_opens_as_damaged(path, claim[:8])
