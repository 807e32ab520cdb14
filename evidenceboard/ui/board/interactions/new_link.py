"""Linking two cards by dragging from one card's handle onto another.

A dashed rubber line follows the pointer and the card under it is highlighted. On
release over another card the link kind comes from the modifiers (Shift: contradicts,
Alt: derived from, Ctrl: related) or, with no modifier, from a small menu at the
pointer whose first entry is "corroborates". The choice submits one AddLinks.
"""

from PySide6.QtCore import QLineF, QPoint, Qt
from PySide6.QtGui import QAction, QColor, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsView, QMenu

from evidenceboard.model.changes import AddLinks
from evidenceboard.model.factory import make_link
from evidenceboard.model.links import LinkKind
from evidenceboard.ui.board.controller import DocumentController
from evidenceboard.ui.board.interactions.base import Interaction, Pointer
from evidenceboard.ui.board.scene.board_scene import BoardScene
from evidenceboard.ui.board.scene.card_item import CardItem

MODIFIER_KINDS = (
    (Qt.KeyboardModifier.ShiftModifier, LinkKind.CONTRADICTS),
    (Qt.KeyboardModifier.AltModifier, LinkKind.DERIVED_FROM),
    (Qt.KeyboardModifier.ControlModifier, LinkKind.RELATED),
)
MENU_WORDS = {
    LinkKind.CORROBORATES: "Corroborates",
    LinkKind.CONTRADICTS: "Contradicts",
    LinkKind.DERIVED_FROM: "Derived from (points to the origin)",
    LinkKind.RELATED: "Related",
}


def link_kind_for(modifiers: Qt.KeyboardModifier) -> LinkKind | None:
    """The kind the modifiers ask for, or None to ask with the menu."""
    for modifier, kind in MODIFIER_KINDS:
        if modifiers & modifier:
            return kind
    return None


class NewLinkInteraction(Interaction):
    """Drag a new link out of ``source``.

    ``view``, ``scene`` and ``source`` are public so a keyboard pick can follow the
    same link.
    """

    def __init__(
        self,
        view: QGraphicsView,
        scene: BoardScene,
        controller: DocumentController,
        source: CardItem,
    ) -> None:
        self.view = view
        self.scene = scene
        self._controller = controller
        self.source = source
        self._target: CardItem | None = None
        start = source.scene_rect().center()
        self._line = QGraphicsLineItem(QLineF(start, start))
        pen = QPen(QColor(scene.theme.selection), 2.0, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self._line.setPen(pen)
        self._line.setZValue(50)
        scene.addItem(self._line)

    def move(self, pointer: Pointer) -> None:
        line = self._line.line()
        line.setP2(pointer.scene)
        self._line.setLine(line)
        target = self.scene.card_at(pointer.scene)
        if target is self.source:
            target = None
        if target is not self._target:
            if self._target is not None:
                self._target.set_matched(False)
            if target is not None:
                target.set_matched(True)
            self._target = target

    def finish(self, pointer: Pointer) -> None:
        self.move(pointer)
        target = self._target
        self._clean_up()
        if target is None:
            return
        self.link_to(target.card_id, pointer.modifiers, pointer.view)

    def link_to(self, target_id: str, modifiers: Qt.KeyboardModifier, at: QPoint) -> None:
        """Link to ``target_id`` with the kind the modifiers give, else ask at ``at``."""
        self._clean_up()
        kind = link_kind_for(modifiers)
        if kind is not None:
            self.create(target_id, kind)
            return
        self._ask_kind(target_id, self.view.viewport().mapToGlobal(at))

    def _ask_kind(self, target_id: str, at: QPoint) -> None:
        menu = QMenu(self.view)
        menu.setObjectName("link-kind-menu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for kind, words in MENU_WORDS.items():
            action = QAction(words, menu)
            action.setData(kind.value)
            action.triggered.connect(lambda _checked=False, k=kind: self.create(target_id, k))
            menu.addAction(action)
        menu.setActiveAction(menu.actions()[0])
        menu.popup(at)

    def create(self, target_id: str, kind: LinkKind) -> None:
        link = make_link(self.source.card_id, target_id, kind, self._controller.author)
        if self._controller.submit(AddLinks((link,))):
            # Selected, so the inspector shows it for setting strength and notes.
            self.scene.select_only(link_ids=[link.id])

    def cancel(self) -> None:
        self._clean_up()

    def _clean_up(self) -> None:
        if self._target is not None:
            self._target.set_matched(False)
        if self._line.scene() is not None:
            self.scene.removeItem(self._line)
