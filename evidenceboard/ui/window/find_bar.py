"""The find bar above the canvas: what matches, which match is shown, and stepping on.

Typing dims the cards that do not match and says how many do ("3 of 12", or "No
matches"). Enter or F3 goes to the next match and Shift+Enter or Shift+F3 to the
previous one, selecting it and centring the canvas on it; the matches are stepped
through in reading order (top to bottom, then left to right) so the order is the one
the user sees on the board. Esc closes the bar and gives the canvas its focus back.
"""

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QWidget
from typing_extensions import override

from evidenceboard.model.board import Board
from evidenceboard.model.short_text import plural
from evidenceboard.ui.board.scene.board_scene import BoardScene
from evidenceboard.ui.board.scene.board_view import BoardView
from evidenceboard.ui.common.plain import plain_label, set_plain_label
from evidenceboard.ui.window.panels.outline import card_matches

_NEXT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F3)


def matching_cards(board: Board, text: str) -> list[str]:
    """The ids of the cards matching ``text``, in reading order on the board."""
    if not text.strip():
        return []
    matched = [card for card in board.cards.values() if card_matches(card, text)]
    matched.sort(key=lambda c: (c.geometry.y, c.geometry.x, c.id))
    return [card.id for card in matched]


class FindBar(QWidget):
    """The query field, the "n of m" count and previous/next buttons."""

    #: Esc was pressed: the bar has hidden itself and the canvas should take the focus.
    closed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("find-row")
        self.edit = QLineEdit()
        self.edit.setObjectName("find-bar")
        self.edit.setPlaceholderText("Find cards (Enter: next, Shift+Enter: previous, Esc: close)")
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.count = plain_label()
        self.count.setObjectName("find-count")
        self.previous_button = QToolButton()
        self.previous_button.setObjectName("find-previous")
        self.previous_button.setArrowType(Qt.ArrowType.UpArrow)
        self.previous_button.setToolTip("Previous match (Shift+F3)")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QToolButton()
        self.next_button.setObjectName("find-next")
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.next_button.setToolTip("Next match (F3)")
        self.next_button.clicked.connect(lambda: self.step(1))
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        row.addWidget(self.edit, 1)
        row.addWidget(self.count)
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        self._scene: BoardScene | None = None
        self._view: BoardView | None = None
        self._board: Board | None = None
        #: The matching card ids in reading order, and the one shown (-1: none yet).
        self.matches: list[str] = []
        self.current = -1
        self.edit.textChanged.connect(lambda _t: self.refresh())
        self.hide()
        self._show_count()

    def attach(self, board: Board | None, scene: BoardScene | None, view: BoardView | None) -> None:
        """Search this board (None when no board is open)."""
        self._board, self._scene, self._view = board, scene, view
        self.matches, self.current = [], -1
        if self.isVisible():
            self.refresh()

    def open(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.edit.clear()
        self.hide()
        self.closed.emit()

    def refresh(self) -> None:
        """Match the query again (it or the board changed), keeping the match shown."""
        if self._board is None or self._scene is None:
            self.matches, self.current = [], -1
            self._show_count()
            return
        text = self.edit.text()
        shown = self.matches[self.current] if 0 <= self.current < len(self.matches) else None
        self.matches = matching_cards(self._board, text)
        self.current = self.matches.index(shown) if shown in self.matches else -1
        self._scene.set_highlight(set(self.matches) if text.strip() else None)
        self._show_count()

    def step(self, by: int) -> None:
        """Show the next (``by`` = 1) or previous (-1) match, wrapping at the ends."""
        if not self.matches or self._scene is None or self._view is None:
            self._show_count()
            return
        if self.current < 0:
            self.current = 0 if by > 0 else len(self.matches) - 1
        else:
            self.current = (self.current + by) % len(self.matches)
        card_id = self.matches[self.current]
        self._scene.select_only([card_id])
        self._view.centre_on_card(card_id)
        self._show_count()

    def _show_count(self) -> None:
        if not self.edit.text().strip():
            text = ""
        elif not self.matches:
            text = "No matches"
        elif self.current < 0:
            text = plural(len(self.matches), "match", "matches")
        else:
            text = f"{self.current + 1} of {len(self.matches)}"
        set_plain_label(self.count, text)
        self.previous_button.setEnabled(bool(self.matches))
        self.next_button.setEnabled(bool(self.matches))

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.edit or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if key != Qt.Key.Key_Escape and key not in _NEXT_KEYS:
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.ShortcutOverride:
            # The bar takes these keys before a window shortcut does (one on Esc stops
            # a running layout).
            event.accept()
            return True
        if event.type() == QEvent.Type.KeyPress:
            if key == Qt.Key.Key_Escape:
                self.close_bar()
            else:
                backwards = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.step(-1 if backwards else 1)
            return True
        return super().eventFilter(watched, event)
