"""The outline: every card grouped by kind, filterable by text, tag and kind.

Selecting an entry selects the card on the canvas and centres it. The list is rebuilt
after each change; text is shown plain. A long list (a board of 10,000 cards) is filled
in batches of ``BATCH`` rows on a zero timer, so opening the board or typing in the
filter does not wait for every row: the group headings with their counts come at
once, the rows follow while the event loop runs. Anything that reads the rows fills
the rest first.
"""

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidenceboard.model.board import Board
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.changes import moves_only
from evidenceboard.ui.scene.board_scene import BoardScene

KIND_NAMES = {
    CardKind.CLAIM: "Claims",
    CardKind.ARTICLE: "Articles",
    CardKind.DOCUMENT: "Documents",
    CardKind.NOTE: "Notes",
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
        board.changed.connect(self._board_changed)
        self.rebuild()

    def detach(self) -> None:
        self._board.changed.disconnect(self._board_changed)
        self._filler.stop()
        self._pending = []

    @property
    def filling(self) -> bool:
        """Whether rows are still being added after a rebuild."""
        return bool(self._pending)

    def _board_changed(self, change: object) -> None:
        if not moves_only(change):
            self.rebuild()

    def rebuild(self) -> None:
        query = self.filter.text()
        only = self.kind.currentData()
        self._filler.stop()
        self._pending = []
        self.tree.clear()
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
            rows = []
            for card in now:
                row = QTreeWidgetItem([card.display_title])
                row.setData(0, Qt.ItemDataRole.UserRole, card.id)
                row.setToolTip(0, card.source_line)
                rows.append(row)
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
        for row in self._filled_rows():
            row.setSelected(row.data(0, Qt.ItemDataRole.UserRole) in selected)
        self._syncing = False
