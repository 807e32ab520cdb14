"""Building new cards and links, and edited copies of them, with authorship stamped.

The window, the CLI, the importers and the tests all create items through these
functions, so every item records who made it and when, and every edit who changed it.
Field names are those of :class:`Card` and of the kind's content class; the inspector
and the CLI address fields by these names.
"""

from dataclasses import fields, replace
from datetime import datetime
from typing import Any, TypeVar

from evidenceboard.model.cards import (
    CONTENT_TYPES,
    Card,
    CardContent,
    CardKind,
    Confidence,
    Geometry,
    clean_line,
    clean_text,
    normalize_names,
    normalize_tags,
)
from evidenceboard.model.clock import not_in_future, utc_now
from evidenceboard.model.errors import InvalidValueError
from evidenceboard.model.ids import new_id
from evidenceboard.model.links import PLAIN_STYLE, Link, LinkKind, LinkStyle, Strength

#: Fields every card has that an edit may change.
CARD_FIELDS = ("title", "tags", "colour", "grading", "handling", "pinned")
#: Single-line text fields: newlines and control characters are removed.
_LINE_FIELDS = {
    "title",
    "handling",
    "outlet",
    "author",
    "url",
    "language",
    "file_name",
    "media_type",
    "origin",
    "attributed_to",
    "nationality",
    "position",
    "jurisdiction",
    "registration_number",
    "address",
    "country",
    "place",
}
#: List fields of entities, given as any sequence of text.
_NAME_LISTS = {"aliases": "alias", "involved": "involved entity"}


def content_fields(kind: CardKind) -> tuple[str, ...]:
    """The names of the kind-specific fields of a card kind."""
    return tuple(f.name for f in fields(CONTENT_TYPES[kind]))


def _clean(name: str, value: Any) -> Any:
    if name == "confidence" and isinstance(value, str):
        try:
            return Confidence(value)
        except ValueError:
            raise InvalidValueError(f"“{value}” is not a confidence level.") from None
    if name in _NAME_LISTS:
        return normalize_names(value, _NAME_LISTS[name])
    if name == "members" and not isinstance(value, str):
        # A frame's cards: ids in the order given, each once (FrameContent checks them).
        return tuple(dict.fromkeys(value))
    if type(value) is str:
        return clean_line(value) if name in _LINE_FIELDS else clean_text(value)
    return value


def make_content(kind: CardKind, **values: Any) -> CardContent:
    allowed = set(content_fields(kind))
    unknown = set(values) - allowed
    if unknown:
        raise InvalidValueError(f"A {kind.value} card has no field {', '.join(sorted(unknown))}.")
    return CONTENT_TYPES[kind](**{k: _clean(k, v) for k, v in values.items()})


def make_card(
    kind: CardKind,
    title: str,
    by: str,
    *,
    x: float = 0.0,
    y: float = 0.0,
    width: float | None = None,
    height: float | None = None,
    at: datetime | None = None,
    card_id: str | None = None,
    **values: Any,
) -> Card:
    """Create a card; ``values`` holds common fields (tags, grading...) and content fields."""
    at = at or utc_now()
    common = {k: values.pop(k) for k in list(values) if k in CARD_FIELDS and k != "title"}
    if "tags" in common:
        common["tags"] = normalize_tags(common["tags"])
    geometry = Geometry(x, y)
    if width is not None or height is not None:
        geometry = replace(
            geometry,
            width=width if width is not None else geometry.width,
            height=height if height is not None else geometry.height,
        )
    return Card(
        id=card_id or new_id(),
        title=clean_line(title),
        content=make_content(kind, **values),
        geometry=geometry,
        created_by=by,
        created_at=at,
        modified_by=by,
        modified_at=at,
        **common,
    )


def edited_card(card: Card, by: str, at: datetime | None = None, **changes: Any) -> Card:
    """Return a copy of ``card`` with fields changed and the edit stamped.

    The card comes back unchanged (the same object) when no value differs, so callers can
    skip empty edits.
    """
    common: dict[str, Any] = {}
    content: dict[str, Any] = {}
    allowed = set(content_fields(card.kind))
    for name, value in changes.items():
        if name in CARD_FIELDS:
            common[name] = normalize_tags(value) if name == "tags" else _clean(name, value)
        elif name in allowed:
            content[name] = _clean(name, value)
        else:
            raise InvalidValueError(f"A {card.kind.value} card has no field “{name}”.")
    new_content = replace(card.content, **content) if content else card.content
    candidate = replace(card, content=new_content, **common)
    if candidate == card:
        return card
    return replace(candidate, modified_by=by, modified_at=at or utc_now())


#: The field that holds each kind's main text (what :attr:`Card.text` reads).
TEXT_FIELD = {
    CardKind.ARTICLE: "body",
    CardKind.DOCUMENT: "extracted_text",
    CardKind.CLAIM: "statement",
    CardKind.NOTE: "text",
    CardKind.PERSON: "description",
    CardKind.ORGANISATION: "description",
    CardKind.LOCATION: "description",
    CardKind.EVENT: "description",
    CardKind.FRAME: "description",
}


def converted_card(card: Card, kind: CardKind, by: str, at: datetime | None = None) -> Card:
    """Turn a card into another kind, carrying its main text over."""
    if kind is card.kind:
        return card
    content = make_content(kind, **{TEXT_FIELD[kind]: card.text})
    return replace(card, content=content, modified_by=by, modified_at=at or utc_now())


def make_link(
    source: str,
    target: str,
    kind: LinkKind,
    by: str,
    *,
    strength: Strength = Strength.MODERATE,
    rationale: str = "",
    quote: str = "",
    page: int | None = None,
    label: str = "",
    style: LinkStyle | None = None,
    at: datetime | None = None,
    link_id: str | None = None,
) -> Link:
    at = at or utc_now()
    return Link(
        id=link_id or new_id(),
        source=source,
        target=target,
        kind=kind,
        created_by=by,
        created_at=at,
        modified_by=by,
        modified_at=at,
        strength=strength,
        rationale=clean_text(rationale),
        quote=clean_text(quote),
        page=page,
        label=clean_line(label),
        style=style or PLAIN_STYLE,
    )


_Item = TypeVar("_Item", Card, Link)


def without_future_stamps(item: _Item, now: datetime | None = None) -> _Item:
    """The item with created/modified stamps later than now (beyond drift) set to now."""
    now = now or utc_now()
    created = not_in_future(item.created_at, now)
    modified = not_in_future(item.modified_at, now)
    if created is item.created_at and modified is item.modified_at:
        return item
    return replace(item, created_at=created, modified_at=modified)


_LINK_FIELDS = ("kind", "strength", "rationale", "quote", "page", "label")


def edited_link(link: Link, by: str, at: datetime | None = None, **changes: Any) -> Link:
    """Return a copy of ``link`` with fields changed and the edit stamped (or ``link``)."""
    unknown = set(changes) - set(_LINK_FIELDS)
    if unknown:
        raise InvalidValueError(f"A link has no field {', '.join(sorted(unknown))}.")
    cleaned: dict[str, Any] = {
        k: clean_text(v) if isinstance(v, str) and k in ("rationale", "quote") else v
        for k, v in changes.items()
    }
    if isinstance(cleaned.get("label"), str):
        cleaned["label"] = clean_line(cleaned["label"])
    # Only related links carry words: a link turned into evidence drops them.
    if cleaned.get("kind", link.kind) is not LinkKind.RELATED and "label" not in changes:
        cleaned["label"] = ""
    candidate = replace(link, **cleaned)
    if candidate == link:
        return link
    return replace(candidate, modified_by=by, modified_at=at or utc_now())
