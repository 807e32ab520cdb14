"""Conversion between table rows and domain values.

Reading trusts nothing: every row goes through the model's own constructors, which
check each value, and a malformed row becomes a :class:`DamagedBoardError` naming the
item instead of a crash deep in the window. A created or modified stamp later than now
(beyond a day of clock drift) is read as now: see :mod:`evidenceboard.model.clock`.

SQLite is dynamically typed, so a hostile board can hold any type in any column (a
BLOB where text belongs, text where a number belongs) whatever the declared schema;
every value is checked for its type here, before the model sees it. Two JSON
columns (a card's tags, the board's authors) are flat lists of text, and an entity's
``properties`` one flat object of its kind's fields (text, numbers, lists of text; a
claim keeps the id of who makes it there);
JSON nested 200,000 deep stops the parser at the interpreter's recursion limit, and
that is refused as damage like any other malformed value. The model then checks each
value's range: a latitude of 200 or 10,000 aliases are damage too.
"""

import json
from collections.abc import Mapping
from dataclasses import fields
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from evidenceboard.model.attachments import Attachment
from evidenceboard.model.board import BoardInfo, check_settings
from evidenceboard.model.cards import (
    CONTENT_TYPES,
    ArticleContent,
    Card,
    CardContent,
    CardKind,
    ClaimContent,
    Confidence,
    DocumentContent,
    EntityContent,
    EventContent,
    FrameContent,
    Geometry,
    LocationContent,
    NoteContent,
)
from evidenceboard.model.clock import format_timestamp, not_in_future, parse_timestamp, utc_now
from evidenceboard.model.codec import (
    attachment_to_dict,
    mark_to_dict,
    style_from_dict,
    style_to_dict,
)
from evidenceboard.model.errors import ModelError
from evidenceboard.model.grading import Grading
from evidenceboard.model.history import HistoryEntry
from evidenceboard.model.judgement import AchMark, CellMark
from evidenceboard.model.links import PLAIN_STYLE, Link, LinkKind, LinkStyle, Strength
from evidenceboard.storage.errors import DamagedBoardError
from evidenceboard.storage.folding import fold

Row = Mapping[Any, Any]

# What a hostile value can raise on its way into the model: wrong types, bad text,
# numbers or dates beyond range (OverflowError is no ValueError).
_UNREADABLE = (ModelError, TypeError, ValueError, OverflowError)
#: Longest reason quoted from a refused value: errors may repeat a value 400 kB long.
_REASON_CHARS = 160


def short_reason(exc: BaseException) -> str:
    """The words of ``exc`` on one line, cut short: they may quote a hostile value."""
    text = " ".join(str(exc).split())
    return text if len(text) <= _REASON_CHARS else text[: _REASON_CHARS - 1] + "…"


def _damaged(item: str, exc: BaseException) -> DamagedBoardError:
    """The error for a row of ``item`` that ``exc`` refused; made only once a row fails."""
    return DamagedBoardError(f"{item} in the board is damaged ({short_reason(exc)}).")


_DETAIL_COLUMNS = (
    "outlet",
    "author",
    "url",
    "published",
    "captured_at",
    "language",
    "file_name",
    "media_type",
    "attachment",
    "page_count",
    "origin",
    "document_date",
    "attributed_to",
    "date_claimed",
    "confidence",
    "is_hypothesis",
    "likelihood",
    "is_assumption",
    "is_key_judgement",
)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected text")
    return value


def _opt_text(value: Any) -> str:
    return "" if value is None else _text(value)


def _whole_number(value: Any, what: str) -> int:
    # bool is an int in Python, but never one of our numbers.
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{what} must be a whole number")
    return value


def text_list(value: Any, what: str) -> list[str]:
    """A JSON column holding a flat list of text (tags, authors).

    Raises TypeError or ValueError for anything else, deep nesting included.

    The C parser stops at the interpreter's recursion limit with a RecursionError,
    after about a thousand levels and long before the stack is at risk.
    """
    try:
        items = json.loads(_text(value))
    except RecursionError:
        raise ValueError(f"its {what} are nested too deeply") from None
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise TypeError(f"{what} must be a list of text")
    return items


def info_to_row(info: BoardInfo) -> dict[str, Any]:
    return {
        "id": 1,
        "uuid": info.id,
        "title": info.title,
        "description": info.description,
        "handling": info.handling,
        "created_at": format_timestamp(info.created_at),
        "authors": json.dumps(list(info.authors), ensure_ascii=False),
    }


def row_to_info(row: Row) -> BoardInfo:
    try:
        authors = text_list(row["authors"], "authors")
        return BoardInfo(
            id=_text(row["uuid"]),
            title=_text(row["title"]),
            description=_text(row["description"]),
            handling=_text(row["handling"]),
            created_at=_stamp(row["created_at"], None),
            authors=tuple(authors),
        )
    except _UNREADABLE as exc:
        raise DamagedBoardError(f"The board's details are damaged ({short_reason(exc)}).") from exc


def rows_to_settings(rows: Any) -> tuple[tuple[str, str], ...]:
    """The board's settings from its ``board_settings`` rows, vetted as the model does."""
    try:
        pairs = tuple(sorted((_text(key), _text(value)) for key, value in rows))
        check_settings(pairs)
    except _UNREADABLE as exc:
        raise DamagedBoardError(f"The board's settings are damaged ({short_reason(exc)}).") from exc
    return pairs


def mark_to_row(mark: AchMark) -> dict[str, Any]:
    """The ``ach_marks`` row of ``mark``: its columns are the fields of the JSON dump's."""
    return mark_to_dict(mark)


def row_to_mark(row: Row, now: datetime | None = None) -> AchMark:
    try:
        return AchMark(
            evidence_id=_text(row["evidence_id"]),
            hypothesis_id=_text(row["hypothesis_id"]),
            consistency=CellMark(row["consistency"]),
            marked_by=_text(row["marked_by"]),
            marked_at=_stamp(row["marked_at"], now),
        )
    except _UNREADABLE as exc:
        raise _damaged("An ACH mark", exc) from exc


#: Fields of other kinds kept in the ``properties`` column: added after format 2 froze its
#: columns, so they need no new column and an older version simply does not see them.
_EXTRA_PROPERTIES: dict[CardKind, tuple[str, ...]] = {
    CardKind.CLAIM: ("claimed_by",),
    CardKind.NOTE: ("markdown",),
    CardKind.DOCUMENT: ("file_path",),
}
#: Entity fields that hold lists of text, and those that hold numbers.
_LIST_FIELDS = ("aliases", "involved", "members")
#: Fields that hold true or false (a frame's ``collapsed``).
_FLAG_FIELDS = ("collapsed", "markdown")
_NUMBER_FIELDS = ("latitude", "longitude")


def entity_properties(content: EntityContent | FrameContent) -> dict[str, Any]:
    """An entity's (or a frame's) fields but its description, leaving out the empty ones."""
    values: dict[str, Any] = {}
    for field in fields(content):
        value = getattr(content, field.name)
        # A latitude of 0.0 equals False, so "no flag set" is tested by identity.
        if field.name != "description" and value not in ("", (), None) and value is not False:
            values[field.name] = list(value) if isinstance(value, tuple) else value
    return values


def _properties_from_json(kind: CardKind, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    try:
        raw = json.loads(_text(value))
    except RecursionError:
        raise ValueError("its properties are nested too deeply") from None
    if not isinstance(raw, dict):
        raise TypeError("properties must be an object")
    allowed = (
        set(_EXTRA_PROPERTIES[kind])
        if kind in _EXTRA_PROPERTIES
        else {f.name for f in fields(CONTENT_TYPES[kind])} - {"description"}
    )
    unknown = set(raw) - allowed
    if unknown:
        raise ValueError(f"unknown {kind.value} field {sorted(unknown)[0][:40]!r}")
    for key, item in raw.items():
        if key in _LIST_FIELDS:
            if not isinstance(item, list) or not all(isinstance(i, str) for i in item):
                raise TypeError(f"{key} must be a list of text")
            raw[key] = tuple(item)
        elif key in _FLAG_FIELDS:
            if not isinstance(item, bool):
                raise TypeError(f"{key} must be true or false")
        elif key in _NUMBER_FIELDS:
            if not isinstance(item, int | float) or isinstance(item, bool):
                raise TypeError(f"{key} must be a number")
            raw[key] = float(item)
        else:
            _text(item)
    return raw


def _content_columns(content: CardContent) -> dict[str, Any]:
    columns: dict[str, Any] = dict.fromkeys(_DETAIL_COLUMNS)
    if isinstance(content, EntityContent | FrameContent):
        properties = entity_properties(content)
        columns["properties"] = json.dumps(properties, ensure_ascii=False, sort_keys=True)
        return columns
    columns["properties"] = None
    extra = {
        k: getattr(content, k)
        for k in _EXTRA_PROPERTIES.get(content.kind, ())
        if getattr(content, k)
    }
    if extra:
        columns["properties"] = json.dumps(extra, ensure_ascii=False, sort_keys=True)
    if isinstance(content, ArticleContent):
        columns.update(
            outlet=content.outlet,
            author=content.author,
            url=content.url,
            published=content.published,
            captured_at=format_timestamp(content.captured_at) if content.captured_at else None,
            language=content.language,
            attachment=content.attachment,
        )
    elif isinstance(content, DocumentContent):
        columns.update(
            file_name=content.file_name,
            media_type=content.media_type,
            attachment=content.attachment,
            page_count=content.page_count,
            origin=content.origin,
            document_date=content.date,
        )
    elif isinstance(content, ClaimContent):
        columns.update(
            attributed_to=content.attributed_to,
            date_claimed=content.date_claimed,
            confidence=content.confidence.value,
            is_hypothesis=content.is_hypothesis,
            likelihood=content.likelihood,
            is_assumption=content.is_assumption,
            is_key_judgement=content.is_key_judgement,
        )
    return columns


def card_to_row(card: Card) -> dict[str, Any]:
    g = card.geometry
    grading = card.grading
    row: dict[str, Any] = {
        "id": card.id,
        "kind": card.kind.value,
        "title": card.title,
        "body": card.text,
        "tags": json.dumps(list(card.tags), ensure_ascii=False),
        "colour": card.colour,
        "x": g.x,
        "y": g.y,
        "width": g.width,
        "height": g.height,
        "pinned": card.pinned,
        "handling": card.handling,
        "grade_scheme": grading.scheme if grading else None,
        "grade_source": grading.source if grading else None,
        "grade_information": grading.information if grading else None,
        "created_by": card.created_by,
        "created_at": format_timestamp(card.created_at),
        "modified_by": card.modified_by,
        "modified_at": format_timestamp(card.modified_at),
    }
    row.update(_content_columns(card.content))
    return row


def _content_from_row(kind: CardKind, row: Row) -> CardContent:
    body = _text(row["body"])
    if kind is CardKind.ARTICLE:
        captured = row["captured_at"]
        return ArticleContent(
            outlet=_opt_text(row["outlet"]),
            author=_opt_text(row["author"]),
            url=_opt_text(row["url"]),
            published=_opt_text(row["published"]),
            captured_at=parse_timestamp(_text(captured)) if captured is not None else None,
            language=_opt_text(row["language"]),
            body=body,
            attachment=None if row["attachment"] is None else _text(row["attachment"]),
        )
    if kind is CardKind.DOCUMENT:
        pages = row["page_count"]
        if pages is not None:
            _whole_number(pages, "page count")
        attachment = row["attachment"]
        return DocumentContent(
            file_name=_opt_text(row["file_name"]),
            media_type=_opt_text(row["media_type"]),
            attachment=None if attachment is None else _text(attachment),
            page_count=pages,
            extracted_text=body,
            origin=_opt_text(row["origin"]),
            date=_opt_text(row["document_date"]),
            **_properties_from_json(kind, row.get("properties")),
        )
    if kind is CardKind.CLAIM:
        return ClaimContent(
            statement=body,
            attributed_to=_opt_text(row["attributed_to"]),
            date_claimed=_opt_text(row["date_claimed"]),
            confidence=Confidence(row["confidence"] or Confidence.UNASSESSED.value),
            is_hypothesis=bool(row["is_hypothesis"]),
            # A format-1 board has none of these columns (see schema.ADDED_COLUMNS).
            likelihood=_opt_text(row.get("likelihood")),
            is_assumption=bool(row.get("is_assumption")),
            is_key_judgement=bool(row.get("is_key_judgement")),
            **_properties_from_json(kind, row.get("properties")),
        )
    if kind is CardKind.NOTE:
        return NoteContent(text=body, **_properties_from_json(kind, row.get("properties")))
    entity_type: Any = CONTENT_TYPES[kind]
    content: CardContent = entity_type(
        description=body, **_properties_from_json(kind, row.get("properties"))
    )
    return content


_E = TypeVar("_E", bound=StrEnum)


def _member(kind: type[_E], value: Any) -> _E:
    """``kind(value)``, looked up in a table for plain text: calling an enum costs a
    microsecond, which 300,000 rows with two each made a fifth of a second."""
    if type(value) is str:
        found = kind._value2member_map_.get(value)
        if found is not None:
            return found  # type: ignore[return-value]
    # Anything else raises what the enum raises.
    return kind(value)


def _stamp(value: Any, now: datetime | None) -> datetime:
    return not_in_future(parse_timestamp(_text(value)), now)


#: Most distinct values a :class:`RowMemo` keeps of each sort: a board whose every
#: stamp differs must not make the memo as large as the board.
_MEMO_ENTRIES = 20_000


class RowMemo:
    """What the rows of one load hold alike, read and checked once and then shared.

    On a large board most rows repeat a few stamps, authors, tag lists and grades:
    reading each anew cost seconds and kept a copy of the same text per row. Only
    values that passed every check are kept, and a key is the stored value itself
    (plain text only), so a row holding a hostile value reaches the same check, and is
    refused with the same words, as it would without the memo. ``now`` caps the stamps
    (read once per load, it is not free).
    """

    __slots__ = ("_gradings", "_names", "_stamps", "_tags", "card_ids", "now")

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or utc_now()
        #: Each card's id by itself, so a link's ends share the card's own id text.
        self.card_ids: dict[str, str] = {}
        self._stamps: dict[str, datetime] = {}
        self._names: dict[str, str] = {}
        self._tags: dict[str, tuple[str, ...]] = {}
        self._gradings: dict[tuple[str, str, str], Grading] = {}

    def stamp(self, value: Any) -> datetime:
        if type(value) is not str:
            return _stamp(value, self.now)
        found = self._stamps.get(value)
        if found is None:
            found = _stamp(value, self.now)
            if len(self._stamps) < _MEMO_ENTRIES:
                self._stamps[value] = found
        return found

    def name(self, value: Any) -> str:
        """An author's name (or other short repeated text), one string for all rows."""
        text = _text(value)
        found = self._names.get(text)
        if found is None:
            if len(self._names) < _MEMO_ENTRIES:
                self._names[text] = text
            return text
        return found

    def tags(self, value: Any) -> tuple[str, ...]:
        if type(value) is not str:
            return tuple(text_list(value, "tags"))
        found = self._tags.get(value)
        if found is None:
            # Each tag through the memo too: rows with different lists share the words.
            found = tuple(self.name(tag) for tag in text_list(value, "tags"))
            if len(self._tags) < _MEMO_ENTRIES:
                self._tags[value] = found
        return found

    def grading(self, scheme: Any, source: Any, information: Any) -> Grading:
        key = (_text(scheme), _text(source), _text(information))
        found = self._gradings.get(key)
        if found is None:
            # Grading checks itself; a refused grade is never kept.
            found = Grading(*key)
            if len(self._gradings) < _MEMO_ENTRIES:
                self._gradings[key] = found
        return found

    def end(self, value: Any) -> str:
        """A link's end: the card's own id text when the card was read, else as stored."""
        text = _text(value)
        return self.card_ids.get(text, text)


def row_to_card(row: Row, now: datetime | None = None, memo: RowMemo | None = None) -> Card:
    """The card of a row; ``now`` caps its stamps, and ``memo`` shares what rows repeat.

    A load passes one memo for all its rows (its ``now`` is then the one used).
    """
    memo = memo or RowMemo(now)
    card_id = str(row["id"])[:40]
    try:
        kind = _member(CardKind, row["kind"])
        tags = memo.tags(row["tags"])
        grading = None
        if row["grade_scheme"] is not None:
            grading = memo.grading(
                row["grade_scheme"], row["grade_source"], row["grade_information"]
            )
        card = Card(
            id=_text(row["id"]),
            title=_text(row["title"]),
            content=_content_from_row(kind, row),
            geometry=Geometry(
                float(row["x"]), float(row["y"]), float(row["width"]), float(row["height"])
            ),
            created_by=memo.name(row["created_by"]),
            created_at=memo.stamp(row["created_at"]),
            modified_by=memo.name(row["modified_by"]),
            modified_at=memo.stamp(row["modified_at"]),
            tags=tags,
            colour=row["colour"],
            grading=grading,
            handling=_text(row["handling"]),
            pinned=bool(row["pinned"]),
        )
    except _UNREADABLE as exc:
        raise _damaged(f"Card {card_id}", exc) from exc
    memo.card_ids[card.id] = card.id
    return card


def search_text(card: Card) -> dict[str, str]:
    """The searchable text of a card: title, main text, and its names, places and tags."""
    content = card.content
    details = [*card.tags, card.source_line]
    if isinstance(content, ArticleContent):
        details.append(content.url)
    elif isinstance(content, DocumentContent):
        details.append(content.file_name)
    elif isinstance(content, EntityContent):
        details.extend(content.aliases)
        if isinstance(content, LocationContent):
            details.append(content.address)
        elif isinstance(content, EventContent):
            details.append(content.place)
    title, body = card.title, card.text
    if isinstance(content, NoteContent) and content.markdown:
        # Words, not syntax: a search for "anónima" shows "fonte 1: anónima", not
        # "- fonte 1: **anónima**", and an untitled note is found by its heading.
        from evidenceboard.model.markdown_text import plain_text

        title, body = card.display_title, plain_text(body)
    return {"title": title, "body": body, "details": " ".join(d for d in details if d)}


def fts_row(card: Card) -> dict[str, Any]:
    """The card's row in the full-text index: its :func:`search_text`, folded."""
    row: dict[str, Any] = {k: fold(v) for k, v in search_text(card).items()}
    row["card_id"] = card.id
    return row


def link_to_row(link: Link) -> dict[str, Any]:
    return {
        "id": link.id,
        "source_id": link.source,
        "target_id": link.target,
        "kind": link.kind.value,
        "strength": link.strength.value,
        "rationale": link.rationale,
        "quote": link.quote,
        "page": link.page,
        "label": link.label or None,
        "properties": None
        if link.style.is_plain
        else json.dumps(style_to_dict(link.style), ensure_ascii=False, sort_keys=True),
        "created_by": link.created_by,
        "created_at": format_timestamp(link.created_at),
        "modified_by": link.modified_by,
        "modified_at": format_timestamp(link.modified_at),
    }


def _style_from_json(value: Any) -> LinkStyle:
    # A board of format 2 or older has no such column: row.get gives None.
    if value is None:
        return PLAIN_STYLE
    try:
        raw = json.loads(_text(value))
    except RecursionError:
        raise ValueError("its style is nested too deeply") from None
    return style_from_dict(raw)


def row_to_link(row: Row, now: datetime | None = None, memo: RowMemo | None = None) -> Link:
    """The link of a row; ``now`` and ``memo`` as for :func:`row_to_card`."""
    memo = memo or RowMemo(now)
    link_id = str(row["id"])[:40]
    try:
        page = row["page"]
        if page is not None:
            _whole_number(page, "page")
        return Link(
            id=_text(row["id"]),
            source=memo.end(row["source_id"]),
            target=memo.end(row["target_id"]),
            kind=_member(LinkKind, row["kind"]),
            strength=_member(Strength, row["strength"]),
            rationale=_text(row["rationale"]),
            quote=_text(row["quote"]),
            page=page,
            label=_opt_text(row.get("label")),
            style=_style_from_json(row.get("properties")),
            created_by=memo.name(row["created_by"]),
            created_at=memo.stamp(row["created_at"]),
            modified_by=memo.name(row["modified_by"]),
            modified_at=memo.stamp(row["modified_at"]),
        )
    except _UNREADABLE as exc:
        raise _damaged(f"Link {link_id}", exc) from exc


def row_to_history(seq: Any, *values: Any) -> HistoryEntry:
    """A history row (seq, at, author, change_type, item_ids) as merge reads it.

    A value that is not text becomes empty: the row then matches no other and, its items
    unreadable, counts as having touched anything.
    """
    at, author, change_type, ids_text = (v if isinstance(v, str) else "" for v in values)
    return HistoryEntry(int(seq), at, author, change_type, ids_text)


def attachment_to_row(attachment: Attachment, data: bytes) -> dict[str, Any]:
    """The ``attachments`` row: the fields of the JSON dump's attachment, and the bytes."""
    return {**attachment_to_dict(attachment), "data": data}


def row_to_attachment(row: Row) -> Attachment:
    try:
        return Attachment(
            sha256=_text(row["sha256"]),
            file_name=_text(row["file_name"]),
            media_type=_text(row["media_type"]),
            size=_whole_number(row["size"], "size"),
            added_at=_stamp(row["added_at"], None),
        )
    except _UNREADABLE as exc:
        raise _damaged("An attachment", exc) from exc


def value_kind(value: object) -> str:
    """What a column holds, in words, for a value of the wrong type."""
    match value:
        case None:
            return "nothing"
        case bytes():
            return f"{len(value):,} bytes"
        case str():
            return "text"
        case _:
            return "a number"


def history_text(value: object) -> str:
    """A history value as text: binary or numeric values are named, never passed on."""
    match value:
        case str():
            return value
        case bytes():
            return f"(binary, {len(value):,} bytes)"
        case None:
            return ""
        case _:
            return str(value)
