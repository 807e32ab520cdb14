"""Entity cards: people, organisations, places and events, and the words on related links."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.cards import (
    Card,
    CardKind,
    EventContent,
    LocationContent,
    PersonContent,
)
from evidenceboard.model.changes import AddCards, AddLinks, EditCards
from evidenceboard.model.codec import card_from_dict, card_to_dict, link_from_dict, link_to_dict
from evidenceboard.model.errors import InvalidValueError
from evidenceboard.model.factory import edited_card, edited_link, make_card, make_link
from evidenceboard.model.history import HistoryEntry
from evidenceboard.model.links import LinkKind
from evidenceboard.model.merge import plan_merge

T0 = datetime(2024, 12, 21, 9, 0, tzinfo=UTC)


def entity_cards() -> list[Card]:
    selvi = make_card(
        CardKind.PERSON,
        "Abdulkadir Selvi",
        "ana",
        at=T0,
        aliases=["A. Selvi", " Abdülkadir Selvi ", "A. Selvi"],
        birth_date="1964",
        nationality="Turkey",
        position="Columnist",
        description="Hurriyet columnist close to the Turkish government.",
    )
    hurriyet = make_card(
        CardKind.ORGANISATION,
        "Hurriyet",
        "ana",
        at=T0,
        aliases=["Hürriyet"],
        jurisdiction="tr",
        registration_number="123456",
    )
    base = make_card(
        CardKind.LOCATION,
        "Khmeimim airbase",
        "ana",
        at=T0,
        aliases=["Hmeimim"],
        address="Latakia Governorate",
        country="Syria",
        latitude=35.4,
        longitude=35.95,
    )
    talks = make_card(
        CardKind.EVENT,
        "Doha talks",
        "ana",
        at=T0,
        start_date="2024-12-07",
        end_date="2024-12",
        place="Doha",
        involved=[selvi.id, hurriyet.id],
    )
    return [selvi, hurriyet, base, talks]


def test_entity_fields_are_cleaned_and_kept() -> None:
    selvi, hurriyet, base, talks = entity_cards()
    assert selvi.kind is CardKind.PERSON and selvi.kind.is_entity
    assert isinstance(selvi.content, PersonContent)
    assert selvi.aliases == ("A. Selvi", "Abdülkadir Selvi")
    assert selvi.text.startswith("Hurriyet columnist")
    assert selvi.source_line == "Columnist · Turkey · 1964"
    assert isinstance(base.content, LocationContent)
    assert base.source_line == "Latakia Governorate · Syria · 35.4000, 35.9500"
    assert isinstance(talks.content, EventContent)
    assert talks.content.involved == (selvi.id, hurriyet.id)
    assert not CardKind.CLAIM.is_entity


def test_entity_fields_round_trip_through_json() -> None:
    for card in entity_cards():
        data = json.loads(json.dumps(card_to_dict(card)))
        assert card_from_dict(data) == card


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(91.0, 0.0), (-90.5, 10.0), (0.0, 180.5), (float("nan"), 0.0), (10.0, None)],
)
def test_a_bad_latitude_or_longitude_is_refused(latitude: float, longitude: float | None) -> None:
    with pytest.raises(InvalidValueError):
        LocationContent(latitude=latitude, longitude=longitude)


def test_hostile_entity_json_is_refused() -> None:
    base = entity_cards()[2]
    data = card_to_dict(base)
    for bad in (
        {"latitude": 200},
        {"aliases": "one string"},
        {"aliases": [1, 2]},
        {"aliases": [f"name {i}" for i in range(500)]},
        {"country": "x" * 5_000},
        {"shoe_size": "42"},
    ):
        with pytest.raises(InvalidValueError):
            card_from_dict({**data, "content": {**data["content"], **bad}})


def test_an_event_cannot_end_before_it_starts() -> None:
    assert EventContent(start_date="2024-12-07", end_date="2024").end_date == "2024"
    with pytest.raises(InvalidValueError, match="end before"):
        EventContent(start_date="2024-12-07", end_date="2024-11-30")
    with pytest.raises(InvalidValueError):
        EventContent(involved=("not an id",))


def test_related_links_carry_words_and_only_they() -> None:
    selvi, hurriyet, *_ = entity_cards()
    link = make_link(selvi.id, hurriyet.id, LinkKind.RELATED, "ana", label=" columnist\nat ")
    assert link.label == "columnist at"
    assert link_from_dict(json.loads(json.dumps(link_to_dict(link)))) == link
    with pytest.raises(InvalidValueError, match="Only a related link"):
        make_link(selvi.id, hurriyet.id, LinkKind.CORROBORATES, "ana", label="owns")
    # Turned into evidence, a link drops its words.
    assert edited_link(link, "ana", kind=LinkKind.CORROBORATES).label == ""
    plain = make_link(selvi.id, hurriyet.id, LinkKind.CORROBORATES, "ana")
    assert "label" not in link_to_dict(plain)


def test_entity_edits_on_both_sides_merge() -> None:
    cards = entity_cards()
    base = Board(BoardInfo(title="Assad case", authors=("ana",)))
    base.apply(AddCards(tuple(cards)))
    base.apply(AddLinks((make_link(cards[0].id, cards[1].id, LinkKind.RELATED, "ana", at=T0),)))
    selvi, hurriyet = cards[0].id, cards[1].id
    shared = [HistoryEntry.of(1, T0, "ana", AddCards(tuple(cards)))]
    mine, theirs = base.scratch_copy(), base.scratch_copy()
    later = T0 + timedelta(minutes=5)
    their_edit = edited_card(theirs.cards[hurriyet], "bo", later, aliases=["Hürriyet", "HDN"])
    theirs.apply(EditCards(((theirs.cards[hurriyet], their_edit),)))
    their_log = [*shared, HistoryEntry.of(2, later, "bo", EditCards(((cards[1], their_edit),)))]
    plan = plan_merge(mine, theirs, "ana", mine_history=shared, theirs_history=their_log)
    assert plan.conflicts == ()
    after = mine.scratch_copy()
    after.apply(plan.change({}))
    assert after.cards[hurriyet].aliases == ("Hürriyet", "HDN")
    # Both sides edit the same person: both versions are kept, the conflict named.
    mine.apply(
        EditCards(
            ((mine.cards[selvi], edited_card(mine.cards[selvi], "ana", later, position="Editor")),)
        )
    )
    theirs.apply(
        EditCards(
            (
                (
                    theirs.cards[selvi],
                    edited_card(theirs.cards[selvi], "bo", later, position="Writer"),
                ),
            )
        )
    )
    plan = plan_merge(mine, theirs, "ana")
    assert [c.fields for c in plan.conflicts if c.id == selvi] == [("content.position",)]
