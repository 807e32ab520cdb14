import re
from collections.abc import Callable

import pytest

from evidenceboard.model import CardKind, InvalidValueError
from evidenceboard.model.cards import Geometry, clean_line
from evidenceboard.model.clock import normalize_partial_date, parse_timestamp
from evidenceboard.model.codec import (
    attachment_from_dict,
    card_from_dict,
    card_to_dict,
    grading_from_dict,
    info_from_dict,
    link_from_dict,
    link_to_dict,
    mark_from_dict,
    style_from_dict,
)
from evidenceboard.model.factory import converted_card, make_card, make_link
from evidenceboard.model.grading import parse_grade
from evidenceboard.model.links import LinkKind, Strength


@pytest.mark.parametrize("value", ["2024", "2024-12", "2024-12-08", ""])
def test_partial_dates_are_accepted(value: str) -> None:
    assert normalize_partial_date(value) == value


@pytest.mark.parametrize("value", ["2024-13", "2024-02-30", "12/08/2024", "yesterday"])
def test_bad_dates_are_refused_with_a_readable_reason(value: str) -> None:
    with pytest.raises(InvalidValueError, match="date"):
        normalize_partial_date(value)


def test_titles_lose_control_characters_and_newlines() -> None:
    card = make_card(CardKind.ARTICLE, "A\x1b[31m\nB\x00", "ana")
    assert card.title == "A[31m B"
    assert clean_line("\tx\r\n") == "x"


def test_geometry_is_bounded() -> None:
    with pytest.raises(InvalidValueError):
        Geometry(1e12, 0)
    with pytest.raises(InvalidValueError):
        Geometry(0, 0, 10, 10)


def test_every_kind_round_trips_through_the_codec() -> None:
    cards = [
        make_card(
            CardKind.ARTICLE,
            "T",
            "ana",
            outlet="Hürriyet",
            url="https://x.example/a",
            published="2024-12",
            language="tr",
            body="gövde",
            tags=["a", "b"],
            grading=parse_grade("C3"),
            colour="#112233",
            handling="OFFICIAL",
        ),
        make_card(CardKind.DOCUMENT, "D", "ana", file_name="r.pdf", page_count=3, origin="USB"),
        make_card(
            CardKind.CLAIM,
            "C",
            "ana",
            statement="Утверждение",
            attributed_to="Tass",
            is_hypothesis=True,
            confidence="high",
        ),
        make_card(CardKind.NOTE, "", "ana", text="نص عربي"),
    ]
    for card in cards:
        assert card_from_dict(card_to_dict(card)) == card
    link = make_link(
        cards[0].id,
        cards[2].id,
        LinkKind.CONTRADICTS,
        "ana",
        strength=Strength.STRONG,
        quote="q",
        page=4,
    )
    assert link_from_dict(link_to_dict(link)) == link


def test_codec_refuses_wrong_types() -> None:
    card = make_card(CardKind.CLAIM, "C", "ana", statement="s")
    data = card_to_dict(card)
    data["content"]["is_hypothesis"] = "yes"
    with pytest.raises(InvalidValueError):
        card_from_dict(data)
    data = card_to_dict(card)
    data["content"]["statement"] = {"$ne": 1}
    with pytest.raises(InvalidValueError):
        card_from_dict(data)
    data = card_to_dict(card)
    data["kind"] = "macro"
    with pytest.raises(InvalidValueError):
        card_from_dict(data)


@pytest.mark.parametrize(
    ("where", "key", "value"),
    [
        ("geometry", "x", 10**400),
        ("card", "handling", ["SECRET"]),
        ("card", "pinned", "no"),
        ("content", "captured_at", 20240101),
    ],
)
def test_codec_refuses_values_it_used_to_coerce_or_crash_on(
    where: str, key: str, value: object
) -> None:
    # A 400-digit integer is valid JSON but no float; str() and bool() would have made
    # text of a list and True of "no".
    data = card_to_dict(make_card(CardKind.ARTICLE, "A", "ana"))
    target = data if where == "card" else data[where]
    target[key] = value
    with pytest.raises(InvalidValueError):
        card_from_dict(data)


@pytest.mark.parametrize("value", ["macro", 7, None, ["claim"]])
def test_an_unknown_card_kind_is_named_in_one_sentence(value: object) -> None:
    data = card_to_dict(make_card(CardKind.NOTE, "n", "ana"))
    data["kind"] = value
    with pytest.raises(InvalidValueError, match=f"^{re.escape(f'Unknown card kind “{value}”.')}$"):
        card_from_dict(data)


@pytest.mark.parametrize(
    ("key", "value"),
    [("kind", "refutes"), ("kind", None), ("strength", "huge"), ("strength", 2), ("kind", ...)],
)
def test_an_unknown_link_kind_or_strength_is_one_sentence(key: str, value: object) -> None:
    cards = [make_card(CardKind.NOTE, "n", "ana") for _ in range(2)]
    data = link_to_dict(make_link(cards[0].id, cards[1].id, LinkKind.CORROBORATES, "ana"))
    if value is ...:
        del data[key]
    else:
        data[key] = value
    with pytest.raises(InvalidValueError, match=r"^Unknown link kind or strength\.$"):
        link_from_dict(data)


def test_a_link_without_a_strength_is_moderate() -> None:
    cards = [make_card(CardKind.NOTE, "n", "ana") for _ in range(2)]
    data = link_to_dict(make_link(cards[0].id, cards[1].id, LinkKind.CORROBORATES, "ana"))
    del data["strength"]
    assert link_from_dict(data).strength is Strength.MODERATE


@pytest.mark.parametrize("value", ["certain", 3, None])
def test_an_unknown_confidence_is_one_sentence(value: object) -> None:
    data = card_to_dict(make_card(CardKind.CLAIM, "C", "ana", statement="s"))
    data["content"]["confidence"] = value
    with pytest.raises(InvalidValueError, match=r"^Unknown confidence level\.$"):
        card_from_dict(data)


@pytest.mark.parametrize(
    ("read", "what"),
    [
        (card_from_dict, "A card"),
        (link_from_dict, "A link"),
        (mark_from_dict, "An ACH mark"),
        (attachment_from_dict, "An attachment"),
        (grading_from_dict, "A grading"),
        (style_from_dict, "A line style"),
        (info_from_dict, "The board details"),
    ],
)
def test_what_is_not_an_object_is_named(read: Callable[[object], object], what: str) -> None:
    with pytest.raises(InvalidValueError, match=f"^{what} must be an object\\.$"):
        read(["not", "an", "object"])


def test_link_text_fields_must_be_text() -> None:
    cards = [make_card(CardKind.NOTE, "n", "ana") for _ in range(2)]
    data = link_to_dict(make_link(cards[0].id, cards[1].id, LinkKind.CORROBORATES, "ana"))
    data["rationale"] = {"nested": [1, 2]}
    with pytest.raises(InvalidValueError, match="rationale"):
        link_from_dict(data)


@pytest.mark.parametrize(
    "text",
    [
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        # Valid in UTC, but no longer in every time zone the window may show it in.
        "9999-12-31T12:00:00Z",
        "0001-01-01T05:00:00Z",
    ],
)
def test_timestamps_beyond_utc_are_refused_not_overflowed(text: str) -> None:
    with pytest.raises(InvalidValueError, match="beyond"):
        parse_timestamp(text)


def test_self_links_are_refused() -> None:
    card = make_card(CardKind.NOTE, "n", "ana")
    with pytest.raises(InvalidValueError):
        make_link(card.id, card.id, LinkKind.RELATED, "ana")


def test_converting_a_note_to_a_claim_keeps_the_text() -> None:
    note = make_card(CardKind.NOTE, "", "ana", text="Assad fled on 8 December")
    claim = converted_card(note, CardKind.CLAIM, "bo")
    assert claim.kind is CardKind.CLAIM and claim.text == note.text and claim.id == note.id


def test_display_title_falls_back_to_the_text() -> None:
    note = make_card(CardKind.NOTE, "", "ana", text="first line\nsecond")
    assert note.display_title == "first line"
