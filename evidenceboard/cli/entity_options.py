"""The ``add`` and ``edit`` options of people, organisations, places and events.

``--country`` means what a country is to each kind: a person's nationality, an
organisation's jurisdiction, a place's country. ``--date`` is a person's birth date and
an event's start (``--end-date`` its end); dates keep their precision (2024, 2024-12,
2024-12-07). ``--involved`` takes card ids (or unique prefixes) of entities on the board.
"""

import argparse
from typing import TYPE_CHECKING, Any

from evidenceboard.model.cards import CardKind
from evidenceboard.model.errors import InvalidValueError

if TYPE_CHECKING:
    from evidenceboard.model.board import Board

_COUNTRY_FIELD = {
    CardKind.PERSON: "nationality",
    CardKind.ORGANISATION: "jurisdiction",
    CardKind.LOCATION: "country",
}
#: Option -> (the kinds it applies to, the content field).
_PER_KIND: dict[str, tuple[tuple[CardKind, ...], str]] = {
    "position": ((CardKind.PERSON,), "position"),
    "registration": ((CardKind.ORGANISATION,), "registration_number"),
    "address": ((CardKind.LOCATION,), "address"),
    "place": ((CardKind.EVENT,), "place"),
    "end_date": ((CardKind.EVENT,), "end_date"),
}
ENTITY_DATE_FIELD = {CardKind.PERSON: "birth_date", CardKind.EVENT: "start_date"}


def add_entity_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--alias", action="append", default=None, help="entity: another name (repeatable)"
    )
    parser.add_argument(
        "--country", help="person: nationality; organisation: jurisdiction; location: country"
    )
    parser.add_argument("--position", help="person: office or role, e.g. columnist")
    parser.add_argument("--registration", help="organisation: registration number")
    parser.add_argument("--address", help="location: the address")
    parser.add_argument("--lat", type=float, help="location: latitude in degrees (-90 to 90)")
    parser.add_argument("--lon", type=float, help="location: longitude in degrees (-180 to 180)")
    parser.add_argument("--place", help="event: where it happened")
    parser.add_argument("--end-date", help="event: when it ended (YYYY[-MM[-DD]])")
    parser.add_argument(
        "--involved",
        metavar="ID",
        action="append",
        default=None,
        help="event: an entity card taking part (repeatable)",
    )
    parser.add_argument("--description", help="entity: a description")


def entity_values(args: argparse.Namespace, kind: CardKind, board: "Board") -> dict[str, Any]:
    """The entity fields the options set, refused for kinds they do not apply to."""
    values: dict[str, Any] = {}

    def needs(option: str, kinds: tuple[CardKind, ...] | frozenset[CardKind]) -> None:
        if kind not in kinds:
            names = " and ".join(sorted(k.value for k in kinds))
            raise InvalidValueError(f"--{option} applies to {names} cards only.")

    entity_kinds = frozenset(k for k in CardKind if k.is_entity)
    if args.alias is not None:
        needs("alias", entity_kinds)
        values["aliases"] = args.alias
    if args.description is not None:
        needs("description", entity_kinds)
        values["description"] = args.description
    if args.country is not None:
        needs("country", tuple(_COUNTRY_FIELD))
        values[_COUNTRY_FIELD[kind]] = args.country
    for option, (kinds, field) in _PER_KIND.items():
        value = getattr(args, option)
        if value is not None:
            needs(option.replace("_", "-"), kinds)
            values[field] = value
    if args.lat is not None or args.lon is not None:
        needs("lat", (CardKind.LOCATION,))
        values["latitude"], values["longitude"] = args.lat, args.lon
    if args.involved is not None:
        needs("involved", (CardKind.EVENT,))
        ids = [board.resolve_id(prefix) for prefix in args.involved]
        for card_id in ids:
            if card_id not in board.cards or not board.cards[card_id].kind.is_entity:
                raise InvalidValueError(
                    f"{card_id[:8]} is not a person, organisation, place or event."
                )
        values["involved"] = ids
    return values
