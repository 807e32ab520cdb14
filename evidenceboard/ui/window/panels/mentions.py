"""The inspector's list of the cards that name the selected entity, and linking them.

The list comes from the board's full-text index (one query for the entity's name and
aliases, :meth:`BoardDocument.mentioned_in`), so it is as quick on 10,000 cards as on
ten. "Link them" adds a related link from every listed card not yet linked to the
entity, in one undo step. Titles are shown as plain text.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidenceboard.model.cards import Card
from evidenceboard.model.changes import AddLinks
from evidenceboard.model.errors import ModelError
from evidenceboard.model.factory import make_link
from evidenceboard.model.links import LinkKind
from evidenceboard.storage.errors import BoardFileError
from evidenceboard.ui.board.controller import DocumentController

#: Rows listed at most; the heading still gives the full count.
MAX_ROWS = 200


class MentionsPanel(QWidget):
    """ "Mentioned in N cards" for one entity card, with a one-step Link action."""

    #: The ids of the cards listed now (a set; empty when no entity is shown), so the
    #: canvas can ring them.
    listed = Signal(object)

    def __init__(self, controller: DocumentController) -> None:
        super().__init__()
        self.setObjectName("mentions")
        self._controller = controller
        self._entity: str | None = None
        self.ids: list[str] = []
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setObjectName("mentions-heading")
        self.rows = QListWidget()
        self.rows.setObjectName("mentions-list")
        self.rows.setMaximumHeight(140)
        self.link_button = QPushButton("Link them")
        self.link_button.setObjectName("mentions-link")
        self.link_button.clicked.connect(self.link_unlinked)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 6, 0, 0)
        for widget in (self.heading, self.rows, self.link_button):
            column.addWidget(widget)
        self.hide()

    def show_for(self, card: Card | None) -> None:
        """List the cards naming ``card`` when it is an entity; hide otherwise."""
        if card is None or not card.kind.is_entity:
            if self._entity is not None or self.ids:
                self.listed.emit(set())
            self._entity, self.ids = None, []
            self.hide()
            return
        self._entity = card.id
        try:
            self.ids = self._controller.document.mentioned_in(card.id)
        except BoardFileError:
            self.ids = []
        board = self._controller.board
        count = len(self.ids)
        self.heading.setText(f"Mentioned in {count} card{'s' if count != 1 else ''}")
        self.rows.clear()
        for card_id in self.ids[:MAX_ROWS]:
            row = QListWidgetItem(board.cards[card_id].display_title)
            row.setData(Qt.ItemDataRole.UserRole, card_id)
            self.rows.addItem(row)
        unlinked = self._unlinked()
        self.link_button.setText(f"Link {len(unlinked)} to {card.display_title[:30]}")
        self.link_button.setEnabled(bool(unlinked) and not self._controller.read_only)
        self.rows.setVisible(count > 0)
        self.show()
        self.listed.emit(set(self.ids))

    def _unlinked(self) -> list[str]:
        if self._entity is None:
            return []
        board = self._controller.board
        linked = {
            x.source if x.target == self._entity else x.target for x in board.links_of(self._entity)
        }
        return [i for i in self.ids if i not in linked]

    def link_unlinked(self) -> None:
        """A related link from each listed card not yet linked to the entity: one step."""
        if self._entity is None or self._controller.read_only:
            return
        entity = self._controller.board.cards[self._entity]
        try:
            links = tuple(
                make_link(i, entity.id, LinkKind.RELATED, self._controller.author, label="mentions")
                for i in self._unlinked()
            )
        except ModelError as exc:
            self._controller.edit_failed.emit(str(exc))
            return
        if links:
            count = len(links)
            title = entity.display_title[:30]
            self._controller.submit(AddLinks(links), f"Link {count} mention(s) to “{title}”")
