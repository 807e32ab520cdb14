"""Plain-dict forms of cards, links, attachments and the board, for JSON.

These dicts are the documented, stable JSON shapes of the CLI's ``--json`` output and of
the JSON export: keys are snake_case, timestamps ISO 8601 UTC with ``Z``, ids 32-hex
strings, grading an object ``{scheme, source, information, code}`` or null. Reading
checks every value and raises :class:`InvalidValueError` on anything malformed, so a
hostile file cannot smuggle in a value the model would not accept.
"""

from dataclasses import asdict
from enum import Enum
from typing import Any, TypeVar, get_args

from evidenceboard.model.attachments import Attachment
from evidenceboard.model.board import BoardInfo
from evidenceboard.model.cards import CONTENT_TYPES, Card, CardKind, Confidence, Geometry
from evidenceboard.model.clock import format_timestamp, parse_timestamp
from evidenceboard.model.errors import InvalidValueError
from evidenceboard.model.grading import Grading
from evidenceboard.model.judgement import AchMark, CellMark
from evidenceboard.model.links import PLAIN_STYLE, End, Link, LinkKind, LinkStyle, Side, Strength

JsonDict = dict[str, Any]
_Member = TypeVar("_Member", bound=Enum)


def _expect(data: JsonDict, key: str, kind: type | tuple[type, ...]) -> Any:
    if key not in data:
        raise InvalidValueError(f"The field “{key}” is missing.")
    value = data[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
        raise InvalidValueError(f"The field “{key}” has the wrong type.")
    return value


def _object(data: Any, what: str) -> JsonDict:
    """``data`` when it is a JSON object; ``what`` names the thing in the error."""
    if not isinstance(data, dict):
        raise InvalidValueError(f"{what} must be an object.")
    return data


def _member(data: JsonDict, key: str, kind: type[_Member], error: str) -> _Member:
    """The member of ``kind`` the text field ``key`` names.

    A field that is missing, is not text or names no member is refused with the one
    sentence ``error``: to the reader all three are the same unknown value.
    """
    try:
        return kind(_expect(data, key, str))
    except ValueError:
        raise InvalidValueError(error) from None


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _number(data: JsonDict, key: str) -> float:
    try:
        return float(_expect(data, key, (int, float)))
    except OverflowError:
        # JSON integers have no size limit; one with 400 digits is no coordinate.
        raise InvalidValueError(f"The field “{key}” is out of range.") from None


def _optional(data: JsonDict, key: str, kind: type, default: Any) -> Any:
    """A field that may be left out; present, it must have the right type."""
    return default if key not in data else _expect(data, key, kind)


def grading_to_dict(grading: Grading | None) -> JsonDict | None:
    if grading is None:
        return None
    return {
        "scheme": grading.scheme,
        "source": grading.source,
        "information": grading.information,
        "code": grading.code,
    }


def grading_from_dict(data: Any) -> Grading | None:
    if data is None:
        return None
    data = _object(data, "A grading")
    return Grading(
        _expect(data, "scheme", str),
        _expect(data, "source", str),
        _expect(data, "information", str),
    )


#: Content fields of board format 2, left out of a dict while unset, so dumps of boards
#: that do not use them read in older versions and merge copies keep their old ids.
_OPTIONAL_FIELDS = {
    "likelihood": "",
    "is_assumption": False,
    "is_key_judgement": False,
    "claimed_by": "",
    # Added after format 2 too: a note's Markdown flag, a document's imported path.
    "markdown": False,
    "file_path": "",
}


#: Content fields that hold lists of text (ids or names).
_LIST_KEYS = ("aliases", "involved", "members")


def content_to_dict(card: Card) -> JsonDict:
    values = asdict(card.content)
    for key, value in list(values.items()):
        if hasattr(value, "isoformat"):
            values[key] = format_timestamp(value)
        elif isinstance(value, Confidence):
            values[key] = value.value
        if key in _OPTIONAL_FIELDS and value == _OPTIONAL_FIELDS[key]:
            del values[key]
    return values


def mark_to_dict(mark: AchMark) -> JsonDict:
    return {
        "evidence_id": mark.evidence_id,
        "hypothesis_id": mark.hypothesis_id,
        "consistency": mark.consistency.value,
        "marked_by": mark.marked_by,
        "marked_at": format_timestamp(mark.marked_at),
    }


def mark_from_dict(data: Any) -> AchMark:
    data = _object(data, "An ACH mark")
    consistency = _member(data, "consistency", CellMark, "Unknown ACH mark.")
    return AchMark(
        evidence_id=_expect(data, "evidence_id", str),
        hypothesis_id=_expect(data, "hypothesis_id", str),
        consistency=consistency,
        marked_by=_expect(data, "marked_by", str),
        marked_at=parse_timestamp(_expect(data, "marked_at", str)),
    )


def _stamps_to_dict(item: Card | Link) -> JsonDict:
    """Who made a card or link and when, who changed it last and when."""
    return {
        "created_by": item.created_by,
        "created_at": format_timestamp(item.created_at),
        "modified_by": item.modified_by,
        "modified_at": format_timestamp(item.modified_at),
    }


def _stamps_from_dict(data: JsonDict) -> dict[str, Any]:
    return {
        "created_by": _expect(data, "created_by", str),
        "created_at": parse_timestamp(_expect(data, "created_at", str)),
        "modified_by": _expect(data, "modified_by", str),
        "modified_at": parse_timestamp(_expect(data, "modified_at", str)),
    }


def card_to_dict(card: Card) -> JsonDict:
    g = card.geometry
    return {
        "id": card.id,
        "kind": card.kind.value,
        "title": card.title,
        "tags": list(card.tags),
        "colour": card.colour,
        "grading": grading_to_dict(card.grading),
        "handling": card.handling,
        "pinned": card.pinned,
        "geometry": {"x": g.x, "y": g.y, "width": g.width, "height": g.height},
        "content": content_to_dict(card),
        **_stamps_to_dict(card),
    }


def card_from_dict(data: Any) -> Card:
    data = _object(data, "A card")
    kind = _member(data, "kind", CardKind, f"Unknown card kind “{data.get('kind')}”.")
    raw = dict(_expect(data, "content", dict))
    content_type = CONTENT_TYPES[kind]
    allowed = {f for f in content_type.__dataclass_fields__}
    unknown = set(raw) - allowed
    if unknown:
        raise InvalidValueError(f"Unknown {kind.value} field(s): {', '.join(sorted(unknown))}.")
    if raw.get("captured_at"):
        raw["captured_at"] = parse_timestamp(_expect(raw, "captured_at", str))
    for key in _LIST_KEYS:
        if key in raw:
            values = _expect(raw, key, list)
            if not all(isinstance(v, str) for v in values):
                raise InvalidValueError(f"The {kind.value} field “{key}” must be a list of text.")
            raw[key] = tuple(values)
    for key in ("latitude", "longitude"):
        if raw.get(key) is not None:
            raw[key] = _number(raw, key)
    if "confidence" in raw:
        raw["confidence"] = _member(raw, "confidence", Confidence, "Unknown confidence level.")
    for key, value in raw.items():
        declared: Any = content_type.__dataclass_fields__[key].type
        types: tuple[type, ...] = (
            (tuple,) if key in _LIST_KEYS else (get_args(declared) or (declared,))
        )
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise InvalidValueError(f"The {kind.value} field “{key}” has the wrong type.")
    try:
        content = content_type(**raw)
    except TypeError as exc:
        raise InvalidValueError(f"Malformed {kind.value} content.") from exc
    geo = _expect(data, "geometry", dict)
    geometry = Geometry(*(_number(geo, key) for key in ("x", "y", "width", "height")))
    tags = _expect(data, "tags", list)
    colour = data.get("colour")
    if colour is not None and not isinstance(colour, str):
        raise InvalidValueError("The colour must be text.")
    return Card(
        id=_expect(data, "id", str),
        title=_expect(data, "title", str),
        content=content,
        geometry=geometry,
        **_stamps_from_dict(data),
        tags=tuple(tags),
        colour=colour,
        grading=grading_from_dict(data.get("grading")),
        handling=_optional(data, "handling", str, ""),
        pinned=_optional(data, "pinned", bool, False),
    )


_STYLE_FIELDS: dict[str, type[Side] | type[End]] = {
    "from_side": Side,
    "to_side": Side,
    "from_end": End,
    "to_end": End,
}


def style_to_dict(style: LinkStyle) -> JsonDict:
    """A line style as JSON, leaving out what is unset."""
    values: JsonDict = {} if style.colour is None else {"colour": style.colour}
    for key in _STYLE_FIELDS:
        value = getattr(style, key)
        if value is not None:
            values[key] = value.value
    return values


def style_from_dict(data: Any) -> LinkStyle:
    data = _object(data, "A line style")
    unknown = set(data) - {"colour", *_STYLE_FIELDS}
    if unknown:
        raise InvalidValueError(f"Unknown line style field(s): {', '.join(sorted(unknown))}.")
    values: dict[str, Any] = {"colour": _optional(data, "colour", str, None)}
    for key, kind in _STYLE_FIELDS.items():
        if key in data:
            values[key] = _member(data, key, kind, f"Unknown line {key.replace('_', ' ')}.")
    return LinkStyle(**values)


def link_to_dict(link: Link) -> JsonDict:
    return {
        "id": link.id,
        "source": link.source,
        "target": link.target,
        "kind": link.kind.value,
        "strength": link.strength.value,
        "rationale": link.rationale,
        "quote": link.quote,
        "page": link.page,
        # Left out when empty, so boards without words stay readable by older versions.
        **({"label": link.label} if link.label else {}),
        **({} if link.style.is_plain else {"style": style_to_dict(link.style)}),
        **_stamps_to_dict(link),
    }


def link_from_dict(data: Any) -> Link:
    data = _object(data, "A link")
    unknown = "Unknown link kind or strength."
    kind = _member(data, "kind", LinkKind, unknown)
    strength = (
        _member(data, "strength", Strength, unknown) if "strength" in data else Strength.MODERATE
    )
    page = data.get("page")
    if page is not None and (not isinstance(page, int) or isinstance(page, bool)):
        raise InvalidValueError("A page must be a whole number.")
    return Link(
        id=_expect(data, "id", str),
        source=_expect(data, "source", str),
        target=_expect(data, "target", str),
        kind=kind,
        strength=strength,
        rationale=_optional(data, "rationale", str, ""),
        quote=_optional(data, "quote", str, ""),
        page=page,
        label=_optional(data, "label", str, ""),
        style=style_from_dict(data["style"]) if "style" in data else PLAIN_STYLE,
        **_stamps_from_dict(data),
    )


def attachment_to_dict(attachment: Attachment) -> JsonDict:
    return {
        "sha256": attachment.sha256,
        "file_name": attachment.file_name,
        "media_type": attachment.media_type,
        "size": attachment.size,
        "added_at": format_timestamp(attachment.added_at),
    }


def attachment_from_dict(data: Any) -> Attachment:
    data = _object(data, "An attachment")
    return Attachment(
        sha256=_expect(data, "sha256", str),
        file_name=_expect(data, "file_name", str),
        media_type=_expect(data, "media_type", str),
        size=_expect(data, "size", int),
        added_at=parse_timestamp(_expect(data, "added_at", str)),
    )


def info_to_dict(info: BoardInfo) -> JsonDict:
    return {
        "id": info.id,
        "title": info.title,
        "description": info.description,
        "handling": info.handling,
        "created_at": format_timestamp(info.created_at),
        "authors": list(info.authors),
        # Left out when empty, so a dump of a board without settings stays readable by
        # versions that knew no settings.
        **({"settings": dict(info.settings)} if info.settings else {}),
    }


def info_from_dict(data: Any) -> BoardInfo:
    data = _object(data, "The board details")
    authors = _expect(data, "authors", list)
    if not all(isinstance(a, str) for a in authors):
        raise InvalidValueError("Authors must be text.")
    return BoardInfo(
        id=_expect(data, "id", str),
        title=_expect(data, "title", str),
        description=_optional(data, "description", str, ""),
        handling=_optional(data, "handling", str, ""),
        created_at=parse_timestamp(_expect(data, "created_at", str)),
        authors=tuple(authors),
        settings=_settings_from_dict(_optional(data, "settings", dict, {})),
    )


def _settings_from_dict(data: dict[Any, Any]) -> tuple[tuple[str, str], ...]:
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise InvalidValueError("Board settings must be text.")
    return tuple(sorted(data.items()))
