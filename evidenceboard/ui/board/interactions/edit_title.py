"""Editing a card's title in place: a line edit over the title, one EditCards on commit.

Enter or leaving the field commits; Esc cancels. If the edit is refused the field
stays open with the typed text so the user can retry or cancel. The field uses the
card's title font scaled by the view's zoom (the style sheet sets no font on it), so
the text has the size the card draws it at instead of overflowing the card.
"""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QGraphicsView, QLineEdit
from typing_extensions import override

from evidenceboard.model.cards import MAX_TITLE_LENGTH
from evidenceboard.model.changes import EditCards
from evidenceboard.model.errors import ModelError
from evidenceboard.model.factory import edited_card
from evidenceboard.ui.board.controller import DocumentController
from evidenceboard.ui.board.scene.board_scene import BoardScene
from evidenceboard.ui.board.scene.card_item import TITLE_FONT


class TitleEditor(QLineEdit):
    """The in-place title field of one card."""

    def __init__(
        self,
        view: QGraphicsView,
        scene: BoardScene,
        controller: DocumentController,
        card_id: str,
    ) -> None:
        super().__init__(view.viewport())
        self.setObjectName("title-editor")
        self._scene = scene
        self._controller = controller
        self.card_id = card_id
        self._closing = False
        card = scene.board.card(card_id)
        item = scene.card_item(card_id)
        self.setMaxLength(MAX_TITLE_LENGTH)
        self.setText(card.title)
        self.setPlaceholderText("Title")
        scale = view.transform().m11()

        font = QFont(TITLE_FONT)
        font.setPixelSize(max(1, round(TITLE_FONT.pixelSize() * scale)))
        self.setFont(font)
        if item is not None:
            rect = view.mapFromScene(item.title_rect()).boundingRect()
            area = view.mapFromScene(item.scene_rect()).boundingRect().adjusted(1, 1, -1, -1)
            # Tall enough for the font inside the style's 2 px border, never larger
            # than the card itself.
            height = max(rect.height(), self.fontMetrics().height() + 6)
            rect.setHeight(height)
            self.setGeometry(rect.intersected(area))
        self.installEventFilter(self)
        self.show()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.selectAll()

    def commit(self) -> None:
        if self._closing:
            return
        card = self._scene.board.cards.get(self.card_id)
        if card is None:
            self.cancel()
            return
        try:
            after = edited_card(card, self._controller.author, title=self.text())
        except ModelError as exc:
            self._controller.edit_failed.emit(str(exc))
            return
        change = EditCards(
            ((card, after),), label=f"Rename {card.kind.value} to “{after.title[:40]}”"
        )
        if after is card or self._controller.submit(change):
            self.cancel()

    def cancel(self) -> None:
        if self._closing:
            return
        self._closing = True
        self.hide()
        self.deleteLater()

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            # Esc is ours before any window shortcut on it (one stops a running layout).
            if event.key() == Qt.Key.Key_Escape:
                event.accept()
                return True
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Escape:
                self.cancel()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                # QLineEdit passes Enter on to its parent after committing; on the
                # canvas Enter opens the selected card's editor again, so keep it here.
                self.commit()
                return True
        elif event.type() == QEvent.Type.FocusOut:
            self.commit()
        return super().eventFilter(watched, event)
