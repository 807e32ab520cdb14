"""Linking from the keyboard: L on a selected card, then click or name the target.

A rubber line follows the pointer from the source card and a small field under the
card lists the board's card titles as the user types (a completer, plain text). A
click on another card or Enter on a title makes the link, with the kind from the
modifiers or the kind menu as a drag does; Esc, or a click on empty canvas, cancels.
"""

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QStringListModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit
from typing_extensions import override

from evidenceboard.ui.board.interactions.base import Interaction, Pointer
from evidenceboard.ui.board.interactions.new_link import NewLinkInteraction

PICKER_WIDTH = 280


def target_for(text: str, titles: dict[str, str]) -> str | None:
    """The card id whose title is ``text``, else the first that starts with it (any case)."""
    wanted = text.strip().casefold()
    if not wanted:
        return None
    for card_id, title in titles.items():
        if title.casefold() == wanted:
            return card_id
    for card_id, title in titles.items():
        if title.casefold().startswith(wanted):
            return card_id
    return None


class PickLinkTarget(Interaction):
    """The new ``link`` waiting for its target; ``ended`` runs once it is over.

    It is given the drag's interaction rather than building one, so the rubber line,
    the kind menu and the one AddLinks stay the drag's own.
    """

    def __init__(self, link: NewLinkInteraction, ended: Callable[[], None]) -> None:
        self._link = link
        self._view = view = link.view
        self._scene = scene = link.scene
        self._source = source = link.source
        self._ended = ended
        self._over = False
        board = scene.board
        self._titles = {
            card.id: card.display_title
            for card in board.cards.values()
            if card.id != source.card_id
        }
        self.picker = QLineEdit(view.viewport())
        self.picker.setObjectName("link-target-picker")
        self.picker.setPlaceholderText("Link to: type a card title, or click a card")
        completer = QCompleter(QStringListModel(sorted(set(self._titles.values())), self.picker))
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.picker.setCompleter(completer)
        self.picker.returnPressed.connect(self._picked_by_name)
        self._filter = _EscFilter(self.cancel)
        self.picker.installEventFilter(self._filter)
        under = view.mapFromScene(source.scene_rect().bottomLeft())
        self.picker.setGeometry(under.x(), under.y() + 8, PICKER_WIDTH, 30)
        self.picker.show()
        self.picker.setFocus(Qt.FocusReason.OtherFocusReason)

    def move(self, pointer: Pointer) -> None:
        self._link.move(pointer)

    def press(self, pointer: Pointer) -> bool:
        target = self._scene.card_at(pointer.scene)
        if target is None or target is self._source:
            self.cancel()
            return True
        self._end()
        self._link.link_to(target.card_id, pointer.modifiers, pointer.view)
        return True

    def finish(self, pointer: Pointer) -> None:
        # Started by a key, not a press: a release means nothing here.
        return

    def cancel(self) -> None:
        self._link.cancel()
        self._end()

    def _picked_by_name(self) -> None:
        target_id = target_for(self.picker.text(), self._titles)
        if target_id is None:
            return
        item = self._scene.card_item(target_id)
        at = (
            self._view.mapFromScene(item.scene_rect().center())
            if item is not None
            else self.picker.geometry().bottomLeft()
        )
        self._end()
        self._link.link_to(target_id, Qt.KeyboardModifier.NoModifier, QPoint(at))

    def _end(self) -> None:
        if self._over:
            return
        self._over = True
        self.picker.hide()
        self.picker.deleteLater()
        self._view.setFocus(Qt.FocusReason.OtherFocusReason)
        self._ended()


class _EscFilter(QObject):
    """Esc in the picker cancels the linking (before any window shortcut on Esc)."""

    def __init__(self, cancel: Callable[[], None]) -> None:
        super().__init__()
        self._cancel = cancel

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape:
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()
                return True
            if event.type() == QEvent.Type.KeyPress:
                self._cancel()
                return True
        return super().eventFilter(watched, event)
