"""The outline: every card grouped by kind, filterable by text, tag and kind.

Selecting an entry selects the card on the canvas and centres it; text is shown plain.
A long list (a board of 10,000 cards) is filled in batches of ``BATCH`` rows on a zero
timer, so opening the board or typing in the filter does not wait for every row: the
group headings with their counts come at once, the rows follow while the event loop
runs. Anything that reads the rows fills the rest first.

An edit updates only the rows of the cards it touched (each put back in its place by
title), and a selection on the canvas only the rows whose state changed: rebuilding
100,000 rows after each rename, or visiting them all after each click, froze the
window for half a second on the largest boards. A move changes nothing shown here.
"""

import bisect
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from evidenceboard.model.board import Board
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.changes import moves_only
from evidenceboard.ui.board.scene.board_scene import BoardScene
from evidenceboard.ui.common.plain import plain_tooltip


def _title_key(row: QTreeWidgetItem | None) -> str:
    return "" if row is None else row.text(0).lower()


KIND_NAMES = {
    CardKind.CLAIM: "Claims",
    CardKind.ARTICLE: "Articles",
    CardKind.DOCUMENT: "Documents",
    CardKind.NOTE: "Notes",
    CardKind.PERSON: "People",
    CardKind.ORGANISATION: "Organisations",
    CardKind.LOCATION: "Places",
    CardKind.EVENT: "Events",
    CardKind.FRAME: "Frames",
}
#: Rows added per turn of the event loop (and the most filled at once when rebuilding).
BATCH = 1000


def card_matches(card: Card, query: str) -> bool:
    """Does the card match a filter? Words must all match; ``#word`` matches a tag."""
    for word in query.lower().split():
        if word.startswith("#") and len(word) > 1:
            if not any(word[1:] in tag.lower() for tag in card.tags):
                return False
        elif (
            word not in card.title.lower()
            and word not in card.text.lower()
            and not any(word in tag.lower() for tag in card.tags)
            and word not in card.source_line.lower()
        ):
            return False
    return True


class _RoomyRows(QStyledItemDelegate):
    """Rows a little taller than their text."""

    @override
    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), option.fontMetrics.height()) + ROW_PADDING)


#: Pixels added to each outline row's height.
ROW_PADDING = 8


class Outline(QWidget):
    """A filterable list of the board's cards."""

    def __init__(self, board: Board, scene: BoardScene, centre: Callable[[str], None]) -> None:
        super().__init__()
        self.setObjectName("outline")
        self._board = board
        self._scene = scene
        self._centre = centre
        self._syncing = False
        self._pending: list[tuple[QTreeWidgetItem, list[Card]]] = []
        #: The row of each card listed (filled rows only) and the kind heading of each.
        self._row_of: dict[str, QTreeWidgetItem] = {}
        self._groups: dict[CardKind, QTreeWidgetItem] = {}
        #: Card ids whose rows show as selected.
        self._selected: set[str] = set()
        #: Cards added, changed or removed by the change being applied.
        self._touched: set[str] = set()
        self._filler = QTimer(self)
        self._filler.setInterval(0)
        self._filler.timeout.connect(self._fill_batch)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter: words, #tag")
        self.filter.setClearButtonEnabled(True)
        self.kind = QComboBox()
        self.kind.addItem("All kinds", None)
        for kind, name in KIND_NAMES.items():
            self.kind.addItem(name, kind)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        # Every row as tall as the others, whatever was edited, with room to breathe
        # (bare rows are a few pixels taller than the text and hard to hit).
        self.tree.setUniformRowHeights(True)
        self.tree.setItemDelegate(_RoomyRows(self.tree))
        top = QHBoxLayout()
        top.setContentsMargins(8, 8, 8, 4)
        top.addWidget(self.filter, 1)
        top.addWidget(self.kind)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.tree, 1)
        self.filter.textChanged.connect(self.rebuild)
        self.kind.currentIndexChanged.connect(self.rebuild)
        self.tree.itemSelectionChanged.connect(self._tree_selected)
        scene.selectionChanged.connect(self._scene_selected)
        self._board_signals = (
            (board.cards_added, self._cards_touched),
            (board.cards_changed, self._cards_touched),
            (board.cards_removed, self._ids_touched),
            (board.changed, self._board_changed),
        )
        for signal, slot in self._board_signals:
            signal.connect(slot)
        self.rebuild()

    def detach(self) -> None:
        for signal, slot in self._board_signals:
            signal.disconnect(slot)
        # A scene going away clears its selection, which must not reach a list
        # that no longer follows it.
        self._scene.selectionChanged.disconnect(self._scene_selected)
        self._filler.stop()
        self._pending = []

    @property
    def filling(self) -> bool:
        """Whether rows are still being added after a rebuild."""
        return bool(self._pending)

    def _cards_touched(self, cards: tuple[Card, ...]) -> None:
        self._touched.update(card.id for card in cards)

    def _ids_touched(self, card_ids: tuple[str, ...]) -> None:
        self._touched.update(card_ids)

    def _board_changed(self, change: object) -> None:
        touched, self._touched = self._touched, set()
        if moves_only(change):
            return
        # While rows are still coming, or for a change of many cards (an import, a
        # merge), building the list again is simpler and no slower.
        if self._pending or len(touched) > BATCH:
            self.rebuild()
            return
        # Taking a selected row out must not read as the user changing the selection.
        self._syncing = True
        try:
            for card_id in touched:
                self._update_row(card_id)
        finally:
            self._syncing = False

    def _update_row(self, card_id: str) -> None:
        """Take the card's row out and put it back where it belongs now, if it shows."""
        row = self._row_of.pop(card_id, None)
        if row is not None and (group := row.parent()) is not None:
            group.removeChild(row)
            self._set_count(group)
        card = self._board.cards.get(card_id)
        only = self.kind.currentData()
        if card is None or not card_matches(card, self.filter.text()):
            self._selected.discard(card_id)
            return
        if only is not None and card.kind is not only:
            return
        group = self._groups.get(card.kind) or self._add_group(card.kind)
        key = card.display_title.lower()
        index = bisect.bisect_right(
            range(group.childCount()), key, key=lambda i: _title_key(group.child(i))
        )
        row = self._make_row(card)
        group.insertChild(index, row)
        self._row_of[card_id] = row
        self._set_count(group)
        if card_id in self._selected:
            row.setSelected(True)

    def _add_group(self, kind: CardKind) -> QTreeWidgetItem:
        group = QTreeWidgetItem([KIND_NAMES[kind]])
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        order = list(KIND_NAMES)
        place = sum(1 for other in self._groups if order.index(other) < order.index(kind))
        self.tree.insertTopLevelItem(place, group)
        group.setExpanded(True)
        self._groups[kind] = group
        return group

    def _set_count(self, group: QTreeWidgetItem) -> None:
        kind = next(k for k, g in self._groups.items() if g is group)
        if group.childCount() == 0:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(group))
            del self._groups[kind]
        else:
            group.setText(0, f"{KIND_NAMES[kind]} ({group.childCount()})")

    @staticmethod
    def _make_row(card: Card) -> QTreeWidgetItem:
        row = QTreeWidgetItem([card.display_title])
        row.setData(0, Qt.ItemDataRole.UserRole, card.id)
        row.setToolTip(0, plain_tooltip(card.source_line))
        return row

    def rebuild(self) -> None:
        query = self.filter.text()
        only = self.kind.currentData()
        self._filler.stop()
        self._pending = []
        self.tree.clear()
        self._row_of = {}
        self._groups = {}
        self._selected = set()
        total = 0
        for kind, name in KIND_NAMES.items():
            if only is not None and kind is not only:
                continue
            cards = sorted(
                (c for c in self._board.cards_of_kind(kind) if card_matches(c, query)),
                key=lambda c: c.display_title.lower(),
            )
            if not cards:
                continue
            group = QTreeWidgetItem([f"{name} ({len(cards)})"])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(group)
            group.setExpanded(True)
            self._groups[kind] = group
            self._pending.append((group, cards))
            total += len(cards)
        if total <= BATCH:
            self._fill(total)
        else:
            self._filler.start()

    def _fill_batch(self) -> None:
        self._fill(BATCH)

    def _fill_all(self) -> None:
        if self._pending:
            self._fill(sum(len(cards) for _group, cards in self._pending))

    def _fill(self, count: int) -> None:
        """Add up to ``count`` pending rows; when none are left, show the selection."""
        while self._pending and count > 0:
            group, cards = self._pending[0]
            now, rest = cards[:count], cards[count:]
            rows = [self._make_row(card) for card in now]
            self._row_of.update(zip((card.id for card in now), rows, strict=True))
            group.addChildren(rows)
            count -= len(now)
            if rest:
                self._pending[0] = (group, rest)
            else:
                self._pending.pop(0)
        if not self._pending:
            self._filler.stop()
            self._scene_selected()

    def _rows(self) -> list[QTreeWidgetItem]:
        self._fill_all()
        return self._filled_rows()

    def _filled_rows(self) -> list[QTreeWidgetItem]:
        rows = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group is None:
                continue
            for j in range(group.childCount()):
                if (row := group.child(j)) is not None:
                    rows.append(row)
        return rows

    def visible_card_ids(self) -> list[str]:
        return [str(row.data(0, Qt.ItemDataRole.UserRole)) for row in self._rows()]

    def select_card(self, card_id: str) -> None:
        for row in self._rows():
            if row.data(0, Qt.ItemDataRole.UserRole) == card_id:
                self.tree.setCurrentItem(row)
                return

    def _tree_selected(self) -> None:
        if self._syncing:
            return
        ids = [
            str(row.data(0, Qt.ItemDataRole.UserRole))
            for row in self.tree.selectedItems()
            if row.data(0, Qt.ItemDataRole.UserRole)
        ]
        if not ids:
            return
        self._selected = set(ids)
        self._syncing = True
        self._scene.select_only(ids)
        self._syncing = False
        self._centre(ids[-1])

    def _scene_selected(self) -> None:
        # Rows still to come take the selection when the last batch is added.
        if self._syncing or self._pending:
            return
        selected = set(self._scene.selected_card_ids())
        self._syncing = True
        for card_id in self._selected ^ selected:
            if (row := self._row_of.get(card_id)) is not None:
                row.setSelected(card_id in selected)
        self._syncing = False
        self._selected = selected
