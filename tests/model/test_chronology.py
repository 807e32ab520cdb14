"""The chronology: dated cards in time order, each with the span its date covers."""

from datetime import UTC, datetime

from evidenceboard.model.board import Board
from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddCards
from evidenceboard.model.chronology import (
    NO_SOURCE,
    DateField,
    Lanes,
    Precision,
    chronology,
    partial_date_span,
)
from evidenceboard.model.factory import make_card


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def _board() -> Board:
    board = Board()
    cards = (
        make_card(CardKind.CLAIM, "Day claim", "t", date_claimed="2024-03-05", attributed_to="JIT"),
        make_card(CardKind.ARTICLE, "Year article", "t", published="2024", outlet="Tass"),
        make_card(CardKind.DOCUMENT, "Month document", "t", date="2024-02", origin="Leak"),
        make_card(CardKind.ARTICLE, "Captured page", "t", captured_at=_utc(2023, 6, 1, 10, 30)),
        make_card(CardKind.NOTE, "A note", "t", text="working notes"),
        make_card(CardKind.CLAIM, "Undated claim", "t"),
    )
    board.apply(AddCards(cards))
    return board


def test_entries_sort_by_start_then_shorter_span_first() -> None:
    found = chronology(_board())
    assert [e.title for e in found.entries] == [
        "Captured page",
        "Year article",
        "Month document",
        "Day claim",
    ]


def test_a_year_is_a_span_of_a_year_and_a_month_of_a_month() -> None:
    entries = {e.title: e for e in chronology(_board()).entries}
    year = entries["Year article"]
    assert (year.start, year.end, year.precision) == (_utc(2024, 1, 1), _utc(2025, 1, 1), "year")
    assert year.is_span and year.field is DateField.PUBLISHED
    month = entries["Month document"]
    assert (month.start, month.end) == (_utc(2024, 2, 1), _utc(2024, 3, 1))
    assert month.precision is Precision.MONTH and month.field is DateField.DOCUMENT_DATE
    day = entries["Day claim"]
    assert (day.start, day.end, day.precision) == (_utc(2024, 3, 5), _utc(2024, 3, 6), "day")
    assert not day.is_span


def test_a_capture_without_publication_date_is_an_instant() -> None:
    entries = {e.title: e for e in chronology(_board()).entries}
    capture = entries["Captured page"]
    assert capture.precision is Precision.INSTANT
    assert capture.field is DateField.CAPTURED_AT
    assert capture.start == capture.end == _utc(2023, 6, 1, 10, 30)
    assert capture.date_text == "2023-06-01T10:30:00Z"


def test_cards_without_a_date_are_counted_not_placed() -> None:
    board = _board()
    found = chronology(board)
    assert found.undated_count == 2
    titles = {board.cards[i].title for i in found.undated}
    assert titles == {"A note", "Undated claim"}


def test_december_and_the_last_day_of_the_calendar_end_in_range() -> None:
    assert partial_date_span("2024-12")[1] == _utc(2025, 1, 1)
    assert partial_date_span("9999")[1].year == 9999
    assert partial_date_span("9999-12-31")[1] > partial_date_span("9999-12-31")[0]


def test_lanes_by_kind_or_by_source() -> None:
    entries = {e.title: e for e in chronology(_board()).entries}
    assert entries["Day claim"].lane(Lanes.KIND) == "claim"
    assert entries["Day claim"].lane(Lanes.SOURCE) == "JIT"
    assert entries["Captured page"].lane(Lanes.SOURCE) == NO_SOURCE


def test_quiet_periods_are_the_longest_stretches_between_entries() -> None:
    found = chronology(_board())
    longest = found.quiet_periods(limit=1)
    # From the capture (an instant in June 2023) to the start of 2024.
    assert [(p.start, p.end) for p in longest] == [(_utc(2023, 6, 1, 10, 30), _utc(2024, 1, 1))]


def test_json_form_names_every_field() -> None:
    data = chronology(_board()).to_dict()
    assert data["undated_count"] == 2
    first = data["entries"][0]
    assert set(first) == {
        "card_id",
        "kind",
        "title",
        "source",
        "date",
        "field",
        "precision",
        "start",
        "end",
    }


def test_an_event_spans_its_dates_and_people_are_not_counted_as_undated() -> None:
    board = Board()
    talks = make_card(
        CardKind.EVENT,
        "Doha talks",
        "ana",
        start_date="2024-12-07",
        end_date="2024-12",
        place="Doha",
    )
    person = make_card(CardKind.PERSON, "Abdulkadir Selvi", "ana")
    board.apply(AddCards((talks, person)))
    found = chronology(board)
    (entry,) = found.entries
    assert entry.card_id == talks.id and entry.source == "Doha"
    assert entry.start == datetime(2024, 12, 7, tzinfo=UTC)
    # The end is the end of December: a month is a span, not a day.
    assert entry.end == datetime(2025, 1, 1, tzinfo=UTC)
    assert found.undated == ()
