"""The Timeline: every dated card of the board on a zoomable time axis, in lanes.

It shows :func:`evidenceboard.model.chronology.chronology` (the same order and spans
the ``timeline`` command prints): one lane per kind or per source, a year or a month as
a bar, a day or a capture time as a dot, and the number of cards it cannot place
because they have no date. Stretches with nothing in them are left blank, clusters
stack, so both show at a glance.

Selection is shared with the canvas: a click selects the card there (and centres it),
and a selection made on the canvas shows here. After an edit the chronology is worked
out again on the next turn of the event loop, and the lanes are only rebuilt when it
differs (a move, a grade or a tag changes nothing shown here); while the dock is
hidden nothing is rebuilt until it shows.
"""

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QToolButton, QVBoxLayout, QWidget
from typing_extensions import override

from evidenceboard.model.board import Board
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.changes import moves_only
from evidenceboard.model.chronology import (
    Chronology,
    ChronologyEntry,
    Lanes,
    chronology,
    entry_of,
)
from evidenceboard.ui.board.scene.board_scene import BoardScene
from evidenceboard.ui.common.plain import plain_label, set_plain_label
from evidenceboard.ui.common.theme import Theme
from evidenceboard.ui.features.timeline.lanes import LaneItem, days
from evidenceboard.ui.features.timeline.view import TimelineView, describe

LANE_NAMES = {
    CardKind.CLAIM.value: "Claims",
    CardKind.ARTICLE.value: "Articles",
    CardKind.DOCUMENT.value: "Documents",
    CardKind.EVENT.value: "Events",
    CardKind.NOTE.value: "Notes",
}
_KIND_ORDER = {name: index for index, name in enumerate(LANE_NAMES)}


def undated_words(count: int) -> str:
    if count == 0:
        return "Every item has a date"
    return f"{count:,} item{'' if count == 1 else 's'} without a date"


class Timeline(QWidget):
    """The timeline panel of one open board."""

    def __init__(
        self, board: Board, scene: BoardScene, theme: Theme, centre: Callable[[str], None]
    ) -> None:
        super().__init__()
        self.setObjectName("timeline")
        self._board = board
        self._scene = scene
        self._centre = centre
        self._chronology = Chronology((), ())
        self._lane_of_card: dict[str, LaneItem] = {}
        #: Each card's entry, with the card it was made from (reused while the card is
        #: the same object: working out 10,000 entries again cost 0.1 s an edit).
        self._entries: dict[str, tuple[Card, ChronologyEntry | None]] = {}
        self._stale = True
        self._syncing = False
        self.lanes_choice = QComboBox()
        self.lanes_choice.setObjectName("timeline-lanes")
        self.lanes_choice.addItem("Lanes by kind", Lanes.KIND)
        self.lanes_choice.addItem("Lanes by source", Lanes.SOURCE)
        self.lanes_choice.setToolTip("What each row of the timeline stands for")
        self.fit_button = QToolButton()
        self.fit_button.setText("Fit")
        self.fit_button.setToolTip("Show the whole chronology (0)")
        self.undated_label = plain_label()
        self.undated_label.setObjectName("timeline-undated")
        self.view = TimelineView(theme)
        self.status = plain_label()
        self.status.setObjectName("timeline-status")
        self.status.setWordWrap(False)
        top = QHBoxLayout()
        top.setContentsMargins(8, 6, 8, 4)
        top.addWidget(self.lanes_choice)
        top.addWidget(self.fit_button)
        top.addStretch(1)
        top.addWidget(self.undated_label)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addLayout(top)
        column.addWidget(self.view, 1)
        column.addWidget(self.status)
        self.status.setContentsMargins(8, 2, 8, 4)
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(0)
        self._refresh.timeout.connect(self._refresh_if_shown)
        self.lanes_choice.currentIndexChanged.connect(self._lanes_changed)
        self.fit_button.clicked.connect(self.view.fit_all)
        self.view.entry_clicked.connect(self._entry_clicked)
        self.view.background_clicked.connect(self._background_clicked)
        scene.card_selection_changed.connect(self._canvas_selected)
        board.changed.connect(self._board_changed)
        # Worked out when first shown: the dock opens behind a tab, and on a board of
        # 100,000 cards the chronology and its lanes take seconds nobody asked for.
        self._refresh.start()

    def detach(self) -> None:
        self._board.changed.disconnect(self._board_changed)
        # The scene clears its selection as it goes: that must not reach this panel.
        self._scene.card_selection_changed.disconnect(self._canvas_selected)
        self._refresh.stop()

    @property
    def chronology(self) -> Chronology:
        """What the timeline shows (up to date once :meth:`refresh` has run)."""
        return self._chronology

    def set_theme(self, theme: Theme) -> None:
        self.view.set_theme(theme)

    def lanes_mode(self) -> Lanes:
        # Qt hands the enum back as its text.
        mode = self.lanes_choice.currentData()
        return Lanes(mode) if mode in tuple(Lanes) else Lanes.KIND

    # -- following the board ---------------------------------------------------------

    def _board_changed(self, change: object) -> None:
        if moves_only(change):
            return
        self._stale = True
        if self.isVisible():
            self._refresh.start()

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._refresh.start()

    def _refresh_if_shown(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Work the chronology out again; rebuild the lanes only if it changed."""
        self._stale = False
        found = chronology(self._board, self._entry_of)
        if len(self._entries) > 2 * len(self._board.cards) + 100:
            self._entries = {i: self._entries[i] for i in self._board.cards if i in self._entries}
        set_plain_label(self.undated_label, undated_words(found.undated_count))
        if found.entries == self._chronology.entries and self.view.lanes:
            self._chronology = found
            return
        first = not self.view.lanes
        self._chronology = found
        self._build_lanes()
        if first:
            self.view.fit_all()

    def _entry_of(self, card: Card) -> ChronologyEntry | None:
        known = self._entries.get(card.id)
        if known is not None and known[0] is card:
            return known[1]
        entry = entry_of(card)
        self._entries[card.id] = (card, entry)
        return entry

    def _lanes_changed(self) -> None:
        self._build_lanes()
        self.view.fit_all()

    def _build_lanes(self) -> None:
        entries = self._chronology.entries
        mode = self.lanes_mode()
        grouped: dict[str, list[ChronologyEntry]] = {}
        for entry in entries:
            grouped.setdefault(entry.lane(mode), []).append(entry)
        if entries:
            left = min(days(e.start) for e in entries)
            right = max(days(e.end) for e in entries)
        else:
            left = right = 0.0
        match mode:
            case Lanes.KIND:
                names = sorted(grouped, key=lambda k: _KIND_ORDER.get(k, len(_KIND_ORDER)))
            case Lanes.SOURCE:
                # The busiest sources on top, where a glance finds them.
                names = sorted(grouped, key=lambda k: (-len(grouped[k]), k.casefold()))
        lanes = []
        self._lane_of_card = {}
        for name in names:
            shown = LANE_NAMES.get(name, name) if mode is Lanes.KIND else " ".join(name.split())
            lane = LaneItem(shown, grouped[name], left, right)
            lanes.append(lane)
            for entry in grouped[name]:
                self._lane_of_card[entry.card_id] = lane
        self.view.set_lanes(lanes, left, right)
        self._canvas_selected()

    # -- selection shared with the canvas --------------------------------------------

    def selected_card_ids(self) -> set[str]:
        """The dated cards shown as selected."""
        return {i for i in self._scene.selected_card_ids() if i in self._lane_of_card}

    def _entry_clicked(self, card_id: str, adding: bool) -> None:
        chosen = [card_id]
        if adding:
            current = self._scene.selected_card_ids()
            chosen = [i for i in current if i != card_id]
            if card_id not in current:
                chosen.append(card_id)
        self._scene.select_only(chosen)
        if not adding:
            self._centre(card_id)

    def _bring_into_view(self, entry: ChronologyEntry) -> None:
        """Scroll time to ``entry`` if it is out of view (selected on the canvas)."""
        left, right = self.view.visible_days()
        start, end = days(entry.start), days(entry.end)
        if end < left or start > right:
            self.view.show_day((start + end) / 2)

    def _background_clicked(self) -> None:
        self._scene.select_only()

    def _canvas_selected(self) -> None:
        selected = set(self._scene.selected_card_ids())
        for lane in self.view.lanes:
            lane.set_selected(selected)
        shown = [e for e in self._chronology.entries if e.card_id in selected]
        if len(shown) == 1:
            set_plain_label(self.status, describe(shown[0]).replace("\n", " · "))
            self._bring_into_view(shown[0])
        elif shown:
            set_plain_label(self.status, f"{len(shown):,} dated items selected")
        else:
            set_plain_label(self.status, "Click an item to select it on the board")
        self.status.setAlignment(Qt.AlignmentFlag.AlignLeft)
