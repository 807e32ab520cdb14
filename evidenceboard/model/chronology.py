"""The board's chronology: every dated card placed in time, with how precisely it is dated.

Each card is placed once, by the date it is about: an article by its publication date
(or, when that is unknown, by when it was captured), a document by its own date, a
claim by the date it was made. Notes, and cards whose date is unknown, are not placed
but counted, so a timeline can say how much of the board it leaves out instead of
quietly showing less.

Dates of evidence are partial (``2024``, ``2024-03``, ``2024-03-05``): a year is a span
of a year, not its first day, so every entry has a start and an end (the end
exclusive; an instant, a capture time, ends where it starts). The entry carries its
span rather than a single date so that an item with a span of its own (an event from
one day to another) fits the same shape. Entries sort by start, then the shorter span
first, then title and id, so the order is the same on every run.

Both the ``timeline`` command and the window's Timeline dock read this module. It
lives in the model, beside placement and diff, because it needs nothing else: the
command stays as light to start as ``list`` (no networkx, which the analysis package
loads).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, assert_never

from evidenceboard.model.board import Board
from evidenceboard.model.cards import (
    ArticleContent,
    Card,
    CardKind,
    ClaimContent,
    DocumentContent,
    EventContent,
    FrameContent,
    LocationContent,
    NoteContent,
    OrganisationContent,
    PersonContent,
)
from evidenceboard.model.clock import format_timestamp

#: The latest moment an entry may end: the end of the calendar the model accepts.
_LAST_MOMENT = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)


class Precision(StrEnum):
    """How precisely an entry is dated: a whole year, a month, a day, or a moment."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    INSTANT = "instant"


class DateField(StrEnum):
    """The card field an entry's date was read from."""

    PUBLISHED = "published"
    CAPTURED_AT = "captured_at"
    DOCUMENT_DATE = "date"
    DATE_CLAIMED = "date_claimed"
    EVENT_DATES = "start_date"


class Lanes(StrEnum):
    """What a timeline's rows stand for."""

    KIND = "kind"
    SOURCE = "source"


#: The lane of an entry with no outlet, attribution or origin, when lanes are sources.
NO_SOURCE = "No source"


@dataclass(frozen=True, slots=True)
class ChronologyEntry:
    """One dated card: when (start, exclusive end), how precisely, from which field."""

    card_id: str
    kind: CardKind
    title: str
    #: Outlet, attribution or origin ("" when there is none).
    source: str
    start: datetime
    end: datetime
    precision: Precision
    field: DateField
    #: The date as it is written on the card (a partial date or a timestamp).
    date_text: str

    @property
    def is_span(self) -> bool:
        """Whether the entry covers more than a day (a month or a year)."""
        return self.precision in (Precision.YEAR, Precision.MONTH)

    def lane(self, lanes: Lanes) -> str:
        """The lane this entry goes in when lanes stand for ``lanes``."""
        match lanes:
            case Lanes.KIND:
                return self.kind.value
            case Lanes.SOURCE:
                return self.source or NO_SOURCE

    def to_dict(self) -> dict[str, Any]:
        return {
            "card_id": self.card_id,
            "kind": self.kind.value,
            "title": self.title,
            "source": self.source,
            "date": self.date_text,
            "field": self.field.value,
            "precision": self.precision.value,
            "start": format_timestamp(self.start),
            "end": format_timestamp(self.end),
        }


@dataclass(frozen=True, slots=True)
class QuietPeriod:
    """A stretch of time between entries that no entry covers."""

    start: datetime
    end: datetime

    @property
    def length(self) -> timedelta:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Chronology:
    """The dated cards of a board in time order, and the ids of the cards left out."""

    entries: tuple[ChronologyEntry, ...]
    #: Cards with no date (notes included), in the board's order.
    undated: tuple[str, ...]

    @property
    def undated_count(self) -> int:
        return len(self.undated)

    def quiet_periods(self, limit: int = 3) -> list[QuietPeriod]:
        """The ``limit`` longest stretches between entries, longest first."""
        periods: list[QuietPeriod] = []
        covered_until: datetime | None = None
        for entry in self.entries:
            if covered_until is not None and entry.start > covered_until:
                periods.append(QuietPeriod(covered_until, entry.start))
            if covered_until is None or entry.end > covered_until:
                covered_until = entry.end
        periods.sort(key=lambda p: (-p.length.total_seconds(), p.start))
        return periods[:limit]

    def to_dict(self) -> dict[str, Any]:
        return {
            "entries": [entry.to_dict() for entry in self.entries],
            "undated_count": self.undated_count,
            "undated": list(self.undated),
        }


def partial_date_span(text: str) -> tuple[datetime, datetime, Precision]:
    """The span a checked partial date covers: ``2024`` is all of 2024 (end exclusive)."""
    parts = [int(part) for part in text.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 1
    day = parts[2] if len(parts) > 2 else 1
    start = datetime(year, month, day, tzinfo=UTC)
    match len(parts):
        case 1:
            precision = Precision.YEAR
            end = _moment(year + 1, 1, 1)
        case 2:
            precision = Precision.MONTH
            end = _moment(year + (month == 12), month % 12 + 1, 1)
        case _:
            precision = Precision.DAY
            last_day = (year, month, day) == (9999, 12, 31)
            end = _LAST_MOMENT if last_day else start + timedelta(days=1)
    return start, end, precision


def _moment(year: int, month: int, day: int) -> datetime:
    return _LAST_MOMENT if year > 9999 else datetime(year, month, day, tzinfo=UTC)


def entry_of(card: Card) -> ChronologyEntry | None:
    """The card placed in time, or None when it has no date."""
    content = card.content
    match content:
        case ArticleContent():
            source = content.outlet
            if content.published:
                date_text, field = content.published, DateField.PUBLISHED
            elif content.captured_at is not None:
                moment = content.captured_at
                return ChronologyEntry(
                    card.id,
                    card.kind,
                    card.display_title,
                    source,
                    moment,
                    moment,
                    Precision.INSTANT,
                    DateField.CAPTURED_AT,
                    format_timestamp(moment),
                )
            else:
                return None
        case DocumentContent():
            source, date_text, field = content.origin, content.date, DateField.DOCUMENT_DATE
        case ClaimContent():
            source = content.attributed_to
            date_text, field = content.date_claimed, DateField.DATE_CLAIMED
        case EventContent():
            return _event_entry(card, content)
        case (
            NoteContent()
            | PersonContent()
            | OrganisationContent()
            | LocationContent()
            | FrameContent()
        ):
            return None
        case _:
            assert_never(content)
    if not date_text:
        return None
    start, end, precision = partial_date_span(date_text)
    return ChronologyEntry(
        card.id, card.kind, card.display_title, source, start, end, precision, field, date_text
    )


def _event_entry(card: Card, content: EventContent) -> ChronologyEntry | None:
    """An event spans from its start date to its end date, each at its own precision."""
    if not content.start_date:
        return None
    start, end, precision = partial_date_span(content.start_date)
    if content.end_date:
        _from, end, _precision = partial_date_span(content.end_date)
        end = max(end, start)
    text = content.start_date + (f"/{content.end_date}" if content.end_date else "")
    return ChronologyEntry(
        card.id,
        card.kind,
        card.display_title,
        content.place,
        start,
        end,
        precision,
        DateField.EVENT_DATES,
        text,
    )


#: Kinds that are not placed in time at all (neither placed nor counted as undated).
_TIMELESS = frozenset({CardKind.PERSON, CardKind.ORGANISATION, CardKind.LOCATION})


def _order(entry: ChronologyEntry) -> tuple[datetime, datetime, str, str]:
    return (entry.start, entry.end, entry.title.casefold(), entry.card_id)


def chronology_of_cards(
    cards: Iterable[Card], entry_for: Callable[[Card], ChronologyEntry | None] = entry_of
) -> Chronology:
    """The chronology of ``cards`` (all of a board's, or a selection).

    ``entry_for``: :func:`entry_of`, or a cache of it (cards are immutable values, so
    a card that is the same object as before has the same entry).
    """
    entries: list[ChronologyEntry] = []
    undated: list[str] = []
    for card in cards:
        if card.kind in _TIMELESS:
            continue
        entry = entry_for(card)
        if entry is None:
            undated.append(card.id)
        else:
            entries.append(entry)
    entries.sort(key=_order)
    return Chronology(tuple(entries), tuple(undated))


def chronology(
    board: Board, entry_for: Callable[[Card], ChronologyEntry | None] = entry_of
) -> Chronology:
    """The chronology of every card on ``board``."""
    return chronology_of_cards(board.cards.values(), entry_for)
