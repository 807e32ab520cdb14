"""The canvas widget: pan, zoom, and routing presses to one gesture at a time.

A press decides which gesture starts (pan, link, resize, move, or Qt's own rubber band
and link selection on empty canvas); moves, the release and Esc go to that gesture.
Zoom keeps the point under the cursor fixed (Ctrl+wheel) or the view centre (keys).
Files dragged in from the file manager are accepted anywhere on the canvas, which the
scene alone would refuse when no item is under the pointer.
"""

from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QGraphicsView, QLabel, QWidget
from typing_extensions import override

from evidenceboard.model.cards import CardKind
from evidenceboard.ui.board.controller import DocumentController
from evidenceboard.ui.board.interactions.base import Interaction, Pointer
from evidenceboard.ui.board.interactions.edit_title import TitleEditor
from evidenceboard.ui.board.interactions.move_cards import MoveCardsInteraction
from evidenceboard.ui.board.interactions.new_link import NewLinkInteraction
from evidenceboard.ui.board.interactions.pan import PanInteraction
from evidenceboard.ui.board.interactions.pick_link_target import PickLinkTarget
from evidenceboard.ui.board.interactions.resize_card import ResizeCardInteraction
from evidenceboard.ui.board.scene.board_scene import LAZY_CARDS, BoardScene
from evidenceboard.ui.board.scene.card_item import HANDLE_REACH, CardPart
from evidenceboard.ui.board.scene.link_item import THIN_LOD
from evidenceboard.ui.board.scene.zoom_preview import ZoomPreview

MIN_SCALE = 0.03
MAX_SCALE = 4.0
ZOOM_STEP = 1.25
#: The least zoom a board opens at: card body text is about 8 px high there.
READABLE_SCALE = 0.7


def fit_view(view: QGraphicsView, rect: QRectF, max_scale: float = 1.0) -> None:
    """Show ``rect`` whole in ``view`` with a margin, centred, no closer than ``max_scale``.

    Also what the preview of a loading board uses, so the board does not jump when its
    own view takes over.
    """
    padded = rect.adjusted(-60, -60, 60, 60)
    area = view.viewport().rect()
    scale = min(area.width() / padded.width(), area.height() / padded.height(), max_scale)
    scale = min(max(scale, MIN_SCALE), MAX_SCALE)
    view.resetTransform()
    view.scale(scale, scale)
    view.centerOn(padded.center())


EMPTY_HINT = (
    "This board is empty.\n\n"
    "Add a claim, an article, a document or a note from the toolbar (or press C, A, D "
    "or N), drop saved web pages, PDFs and images here, or paste text with Ctrl+V.\n\n"
    "Then drag from a card's edge onto another card to link them."
)
EMPTY_READ_ONLY_HINT = "This board is empty."


def _empty_hint(parent: QWidget) -> QLabel:
    """The words an empty canvas shows in its middle, so a new board says what to do."""
    label = QLabel(parent)
    label.setObjectName("empty-board-hint")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    # Clicks and drops go through to the canvas underneath.
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class BoardView(QGraphicsView):
    """Shows a :class:`BoardScene` and turns pointer input into gestures."""

    #: The zoom changed (the new scale, 1.0 = 100 %).
    zoom_changed = Signal(float)
    #: A context menu was asked for at (scene position, global position).
    context_menu_requested = Signal(QPointF, QPoint)
    #: Local files were dropped at a scene position.
    files_dropped = Signal(list, QPointF)

    def __init__(
        self, scene: BoardScene, controller: DocumentController, parent: QWidget | None = None
    ) -> None:
        super().__init__(scene, parent)
        self.board_scene = scene
        self._controller = controller
        self._interaction: Interaction | None = None
        self._space_held = False
        self.title_editor: TitleEditor | None = None
        self.setObjectName("board-view")
        # No SmoothPixmapTransform: every pixmap the canvas draws is copied 1:1 (card
        # caches and stamps on whole device pixels, overview cells at their own zoom),
        # and with the hint on Qt's raster engine leaves its fast path even for
        # unscaled copies (40 against 6 us per card, 1.5-2 ms a frame).
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.zoom_preview = ZoomPreview(self)
        self.empty_hint = _empty_hint(self.viewport())
        scene.board_changed.connect(self._update_empty_hint)
        self._update_empty_hint()

    # -- zoom ------------------------------------------------------------------------

    def scale_factor(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float, anchor: QPoint | None = None) -> None:
        """Zoom by ``factor``, keeping the scene point under ``anchor`` (viewport) fixed."""
        current = self.scale_factor()
        factor = min(max(current * factor, MIN_SCALE), MAX_SCALE) / current
        if abs(factor - 1.0) < 1e-9:
            return
        point = anchor if anchor is not None else self.viewport().rect().center()
        before = self.mapToScene(point)
        self.scale(factor, factor)
        after = self.mapToScene(point)
        self._scroll_scene_by(before - after)
        self._zoomed()

    def set_zoom(self, scale: float) -> None:
        self.zoom_by(scale / self.scale_factor())

    def fit_rect(self, rect: QRectF, max_scale: float = 1.0) -> None:
        """Show ``rect`` whole, centred, no closer than ``max_scale``."""
        if rect.isNull():
            return
        fit_view(self, rect, max_scale)
        self._zoomed()

    def fit_board(self) -> None:
        self.fit_rect(self.board_scene.cards_rect())

    def open_view(self) -> None:
        """The view of a board just opened: its claims, at a zoom where text reads.

        The whole board when it fits at :data:`READABLE_SCALE` or more. Fitting a larger
        board shows a case of a few dozen cards at 40 % or less, where card text is a few
        pixels high. The claims are what a board is about, so the view then fits them
        and, if even they do not fit at that zoom, shows their middle at it; the rest is
        a scroll or Fit away.
        """
        board = self.board_scene.board
        if len(board.cards) > LAZY_CARDS:
            # A large board opens as its preview showed it (whole), so it does not jump.
            self.fit_board()
            return
        whole = self.board_scene.cards_rect()
        if whole.isNull():
            return
        # The whole board when it reads whole (a small case on a large screen).
        fit_view(self, whole)
        if self.scale_factor() >= READABLE_SCALE:
            self._zoomed()
            return
        claims = [card.id for card in board.cards.values() if card.kind is CardKind.CLAIM]
        rect = self.board_scene.cards_rect(claims) if claims else whole
        fit_view(self, rect)
        if self.scale_factor() < READABLE_SCALE:
            self.resetTransform()
            self.scale(READABLE_SCALE, READABLE_SCALE)
            self.centerOn(rect.center())
        self._zoomed()

    def zoom_to_selection(self) -> None:
        ids = self.board_scene.selected_card_ids()
        if ids:
            self.fit_rect(self.board_scene.cards_rect(ids), max_scale=1.5)

    def centre_on_card(self, card_id: str) -> None:
        if (item := self.board_scene.card_item(card_id)) is not None:
            self.centerOn(item.scene_rect().center())

    def _scroll_scene_by(self, delta: QPointF) -> None:
        scale = self.scale_factor()
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setValue(h.value() + round(delta.x() * scale))
        v.setValue(v.value() + round(delta.y() * scale))

    def _zoomed(self) -> None:
        scale = self.scale_factor()
        visible = self._visible_rect()
        self.board_scene.set_overview(self.board_scene.wants_overview(visible, scale))
        self.board_scene.set_thin_links(scale < THIN_LOD)
        self.board_scene.show_region(visible)
        self.zoom_changed.emit(scale)

    def _visible_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    @override
    def scrollContentsBy(self, dx: int, dy: int) -> None:
        # Before the repaint the scroll asks for: a large board makes its items for
        # what comes into view here.
        self.board_scene.show_region(self._visible_rect())
        super().scrollContentsBy(dx, dy)

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.zoom_preview.paint(event):
            super().paintEvent(event)

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.zoom_preview.forget()
        self.board_scene.show_region(self._visible_rect())
        self._update_empty_hint()

    def _update_empty_hint(self) -> None:
        hint = self.empty_hint
        empty = not self.board_scene.board.cards
        hint.setVisible(empty)
        if empty:
            hint.setText(EMPTY_HINT if self.board_scene.editable else EMPTY_READ_ONLY_HINT)
            area = self.viewport().rect()
            width = min(460, area.width() - 40)
            hint.setFixedWidth(max(width, 120))
            hint.adjustSize()
            hint.move(area.center() - hint.rect().center())

    # -- pointer ---------------------------------------------------------------------

    def _pointer(self, event: QMouseEvent) -> Pointer:
        view_pos = event.position().toPoint()
        return Pointer(self.mapToScene(view_pos), view_pos, event.modifiers())

    def _start(self, event: QMouseEvent) -> Interaction | None:
        pointer = self._pointer(event)
        button = event.button()
        left = button == Qt.MouseButton.LeftButton
        if button == Qt.MouseButton.MiddleButton or (left and self._space_held):
            return PanInteraction(self, pointer.view)
        if not left:
            return None
        scene = self.board_scene
        editable = scene.editable
        reach = self._handle_reach()
        if editable and (source := scene.handle_at(pointer.scene, reach)) is not None:
            return NewLinkInteraction(self, scene, self._controller, source)
        item = scene.card_at(pointer.scene)
        if item is None:
            return None
        part = item.hit_part(pointer.scene, reach)
        if editable and part is CardPart.RESIZE_GRIP:
            scene.select_only([item.card_id])
            return ResizeCardInteraction(scene, self._controller, item.card_id)
        toggle = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if pointer.modifiers & toggle:
            item.setSelected(not item.isSelected())
            if not item.isSelected():
                return _Consumed()
        elif not item.isSelected():
            scene.select_only([item.card_id])
        if not editable:
            return _Consumed()
        slop = QApplication.startDragDistance() / max(self.scale_factor(), 1e-6)
        return MoveCardsInteraction(scene, self._controller, pointer.scene, slop)

    def _handle_reach(self) -> float:
        return HANDLE_REACH / max(self.scale_factor(), 1e-6)

    @override
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._interaction is not None:
            if self._interaction.press(self._pointer(event)):
                # The press ended it; its release has nothing left to do.
                self._interaction = _Consumed()
            event.accept()
            return
        self._interaction = self._start(event)
        if self._interaction is None:
            super().mousePressEvent(event)
        else:
            event.accept()

    @override
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._interaction is not None:
            self._interaction.move(self._pointer(event))
            event.accept()
            return
        super().mouseMoveEvent(event)
        self._update_hover_cursor(event)

    @override
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        interaction, self._interaction = self._interaction, None
        if interaction is not None:
            interaction.finish(self._pointer(event))
            event.accept()
            return
        super().mouseReleaseEvent(event)

    @override
    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pointer = self._pointer(event)
        item = self.board_scene.card_at(pointer.scene)
        if item is not None and event.button() == Qt.MouseButton.LeftButton:
            self.edit_title(item.card_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def start_keyboard_link(self) -> bool:
        """Start linking from the one selected card (the L key); False if none is."""
        ids = self.board_scene.selected_card_ids()
        if not self.board_scene.editable or len(ids) != 1 or self._interaction is not None:
            return False
        source = self.board_scene.card_item(ids[0])
        if source is None:
            return False
        link = NewLinkInteraction(self, self.board_scene, self._controller, source)
        self._interaction = PickLinkTarget(link, self._keyboard_link_ended)
        return True

    def _keyboard_link_ended(self) -> None:
        if isinstance(self._interaction, PickLinkTarget):
            self._interaction = None

    def edit_title(self, card_id: str) -> None:
        """Open the in-place title editor on a card (not on a read-only board)."""
        if not self.board_scene.editable or card_id not in self.board_scene.board.cards:
            return
        if self.title_editor is not None:
            self.title_editor.cancel()
        self.title_editor = TitleEditor(self, self.board_scene, self._controller, card_id)
        self.title_editor.destroyed.connect(self._title_editor_closed)

    def _title_editor_closed(self) -> None:
        self.title_editor = None

    def _update_hover_cursor(self, event: QMouseEvent) -> None:
        if event.buttons() != Qt.MouseButton.NoButton or self._space_held:
            return
        pointer = self._pointer(event)
        reach = self._handle_reach()
        scene = self.board_scene
        item = scene.card_at(pointer.scene)
        part = item.hit_part(pointer.scene, reach) if item is not None else None
        if scene.editable and scene.handle_at(pointer.scene, reach) is not None:
            part = CardPart.LINK_HANDLE
        if part is CardPart.LINK_HANDLE:
            self.viewport().setCursor(Qt.CursorShape.CrossCursor)
        elif part is CardPart.RESIZE_GRIP:
            self.viewport().setCursor(Qt.CursorShape.SizeFDiagCursor)
        else:
            self.viewport().unsetCursor()

    @override
    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120.0
            self.zoom_by(ZOOM_STEP ** (steps * 0.5), event.position().toPoint())
            event.accept()
            return
        delta = event.pixelDelta() if not event.pixelDelta().isNull() else event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            delta = QPoint(delta.y(), delta.x())
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setValue(h.value() - delta.x())
        v.setValue(v.value() - delta.y())
        event.accept()

    # -- keys ------------------------------------------------------------------------

    @override
    def event(self, event: QEvent) -> bool:
        # A gesture in progress takes Esc before a window shortcut on Esc does (one
        # stops a running layout): the innermost thing the user is doing ends first.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self._interaction is not None
        ):
            event.accept()
            return True
        return super().event(event)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self._interaction is not None:
                self._interaction.cancel()
                self._interaction = None
            else:
                self.board_scene.clearSelection()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        if event.key() in (Qt.Key.Key_F2, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            ids = self.board_scene.selected_card_ids()
            if len(ids) == 1:
                self.edit_title(ids[0])
                event.accept()
                return
        super().keyPressEvent(event)

    @override
    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = False
            self.viewport().unsetCursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    # -- context menu and drops ------------------------------------------------------

    @override
    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        scene_pos = self.mapToScene(event.pos())
        item = self.board_scene.card_at(scene_pos)
        if item is not None and not item.isSelected():
            self.board_scene.select_only([item.card_id])
        self.context_menu_requested.emit(scene_pos, event.globalPos())
        event.accept()

    @staticmethod
    def _local_files(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    @override
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        # A drag that enters is offered the same as one moving over the view.
        self.dragMoveEvent(event)

    @override
    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.board_scene.editable and self._local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    @override
    def dropEvent(self, event: QDropEvent) -> None:
        files = [p for p in self._local_files(event) if p.is_file()]
        if not files or not self.board_scene.editable:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(files, self.mapToScene(event.position().toPoint()))


class _Consumed(Interaction):
    """A press that was fully handled (a selection toggle): nothing follows it."""

    def move(self, pointer: Pointer) -> None:
        return

    def finish(self, pointer: Pointer) -> None:
        return

    def cancel(self) -> None:
        return
