"""The Timeline dock: the board's chronology in lanes, its selection shared with the canvas."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget
from pytestqt.qtbot import QtBot

from evidenceboard.model.cards import CardKind, ClaimContent
from evidenceboard.model.changes import EditCards
from evidenceboard.model.factory import edited_card
from evidenceboard.ui.features.timeline.lanes import LaneItem, days
from evidenceboard.ui.features.timeline.panel import Timeline
from evidenceboard.ui.features.timeline.view import ticks
from evidenceboard.ui.window.main_window import MainWindow
from tests.window_fixtures import session_of, view_of, view_point


@pytest.fixture
def timeline(window: MainWindow) -> Iterator[Timeline]:
    dock = window.findChild(QDockWidget, "timeline-dock")
    assert dock is not None
    dock.show()
    dock.raise_()
    QApplication.processEvents()
    widget = dock.widget()
    assert isinstance(widget, Timeline)
    widget.resize(900, 400)
    widget.view.fit_all()
    QApplication.processEvents()
    yield widget


def _point_of(timeline: Timeline, card_id: str) -> QPoint:
    """Where the entry of ``card_id`` is drawn, in the timeline's viewport."""
    view = timeline.view
    for lane in view.lanes:
        for index, entry in enumerate(lane.entries):
            if entry.card_id == card_id:
                start, end = lane.starts[index], lane.ends[index]
                local = QPointF((start + end) / 2, lane.row_centre(lane.rows[index]))
                return view.mapFromScene(lane.mapToScene(local))
    raise AssertionError(f"{card_id} is not on the timeline")


def _lane_names(timeline: Timeline) -> list[str]:
    return [lane.name for lane in timeline.view.lanes]


def test_every_dated_card_is_placed_and_the_undated_counted(
    window: MainWindow, timeline: Timeline
) -> None:
    board = window.session.document.board if window.session else None
    assert board is not None
    placed = {e.card_id for lane in timeline.view.lanes for e in lane.entries}
    notes = {c.id for c in board.cards.values() if c.kind is CardKind.NOTE}
    # People, organisations and places are not placed in time, nor counted as undated.
    timeless = {CardKind.PERSON, CardKind.ORGANISATION, CardKind.LOCATION}
    entities = {c.id for c in board.cards.values() if c.kind in timeless}
    assert placed | notes | entities == set(board.cards)
    assert not placed & entities
    assert timeline.undated_label.text() == f"{len(notes)} item without a date"
    assert _lane_names(timeline) == ["Claims", "Articles", "Documents", "Events"]


def test_lanes_by_source_name_the_outlets(window: MainWindow, timeline: Timeline) -> None:
    timeline.lanes_choice.setCurrentIndex(1)
    names = _lane_names(timeline)
    assert "Hurriyet" in names and "Tass" in names


@pytest.mark.xcb
def test_clicking_an_entry_selects_its_card_on_the_canvas(
    window: MainWindow, timeline: Timeline, qtbot: QtBot
) -> None:
    session = session_of(window)
    entry = timeline.chronology.entries[-1]
    QTest.mouseClick(
        timeline.view.viewport(), Qt.MouseButton.LeftButton, pos=_point_of(timeline, entry.card_id)
    )
    assert session.scene.selected_card_ids() == [entry.card_id]
    assert timeline.selected_card_ids() == {entry.card_id}
    assert entry.title in timeline.status.text()
    # A click on empty time clears the selection.
    QTest.mouseClick(timeline.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(300, 390))
    assert session.scene.selected_card_ids() == []


@pytest.mark.xcb
def test_a_selection_on_the_canvas_shows_on_the_timeline(
    window: MainWindow, timeline: Timeline, qtbot: QtBot
) -> None:
    session = session_of(window)
    claim = next(e for e in timeline.chronology.entries if e.kind is CardKind.CLAIM)
    view = view_of(window)
    item = session.scene.card_item(claim.card_id)
    assert item is not None
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view_point(view, item.scene_rect().center() + QPointF(0, 20)),
    )
    assert session.scene.selected_card_ids() == [claim.card_id]
    assert timeline.selected_card_ids() == {claim.card_id}
    lane = next(lane for lane in timeline.view.lanes if claim in lane.entries)
    assert lane._selected == {claim.card_id}


def test_the_timeline_follows_an_edit_and_its_undo(window: MainWindow, timeline: Timeline) -> None:
    session = session_of(window)
    board = session.document.board
    card = next(c for c in board.cards.values() if isinstance(c.content, ClaimContent))
    before = next(e for e in timeline.chronology.entries if e.card_id == card.id)
    content = card.content
    assert isinstance(content, ClaimContent)
    after = edited_card(card, "tester", date_claimed="1999")
    assert session.controller.submit(EditCards(((card, after),)))
    QApplication.processEvents()
    first = timeline.chronology.entries[0]
    assert (first.card_id, first.date_text, first.precision.value) == (card.id, "1999", "year")
    drawn = {e.card_id: e for lane in timeline.view.lanes for e in lane.entries}
    assert drawn[card.id].date_text == "1999"
    session.controller.undo()
    QApplication.processEvents()
    back = next(e for e in timeline.chronology.entries if e.card_id == card.id)
    assert back == before
    assert timeline.chronology.entries[0].card_id != card.id


def test_removing_a_date_counts_the_card_as_undated(window: MainWindow, timeline: Timeline) -> None:
    session = session_of(window)
    board = session.document.board
    card = next(c for c in board.cards.values() if isinstance(c.content, ClaimContent))
    assert session.controller.submit(EditCards(((card, edited_card(card, "t", date_claimed="")),)))
    QApplication.processEvents()
    assert timeline.undated_label.text() == "2 items without a date"
    assert card.id not in {e.card_id for lane in timeline.view.lanes for e in lane.entries}


def test_ctrl_wheel_zooms_time_and_keys_fit(timeline: Timeline, qtbot: QtBot) -> None:
    view = timeline.view
    fitted = view.scale_x()
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Plus)
    assert view.scale_x() == pytest.approx(fitted * 1.25)
    QTest.keyClick(view, Qt.Key.Key_0)
    assert view.scale_x() == pytest.approx(fitted)


def test_ticks_step_from_years_to_days() -> None:
    year_labels = [label for _day, label in ticks(0, 3650, 0.1)]
    assert year_labels[:2] == ["1970", "1975"]
    month_labels = [label for _day, label in ticks(0, 120, 4.0)]
    assert month_labels[:2] == ["1970-01", "1970-02"]
    day_labels = [label for _day, label in ticks(0, 3, 200.0)]
    assert day_labels[:2] == ["1970-01-01", "1970-01-02"]


def test_overlapping_entries_stack_in_rows(timeline: Timeline) -> None:
    claims = next(lane for lane in timeline.view.lanes if lane.name == "Claims")
    assert isinstance(claims, LaneItem)
    # The demo's claims of December 2024 overlap: each on a row of its own.
    months = [r for r, e in zip(claims.rows, claims.entries, strict=True) if e.is_span]
    assert len(set(months)) == len(months)


def test_a_card_selected_on_the_canvas_is_scrolled_into_view(
    window: MainWindow, timeline: Timeline
) -> None:
    session = session_of(window)
    view = timeline.view
    entries = timeline.chronology.entries
    first, last = entries[0], entries[-1]
    session.scene.select_only([first.card_id])
    for _ in range(30):
        view.zoom_by(1.25)
    view.show_day(days(first.start) - 30)
    left, right = view.visible_days()
    assert days(last.end) < left or days(last.start) > right
    session.scene.select_only([last.card_id])
    left, right = view.visible_days()
    assert left <= (days(last.start) + days(last.end)) / 2 <= right


def test_a_hidden_timeline_does_no_work_until_shown(window: MainWindow, qtbot: QtBot) -> None:
    session = session_of(window)
    hidden = Timeline(session.document.board, session.scene, window.theme, lambda _i: None)
    qtbot.addWidget(hidden)
    qtbot.wait(10)
    assert hidden.chronology.entries == ()
    hidden.show()
    qtbot.waitUntil(lambda: len(hidden.chronology.entries) > 0)
    hidden.detach()
