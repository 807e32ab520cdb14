"""Board edits started from menus, toolbar, shortcuts and drops, each one undo step.

Gestures on the canvas live in ``ui/interactions``; what remains (new cards, embedding
files, delete, duplicate, copy and paste, framing) is here, so the main window only wires
actions to these methods.
"""

from pathlib import Path

from PySide6.QtCore import QMimeDatabase, QObject, QPointF
from PySide6.QtGui import QCursor, QGuiApplication

from evidenceboard.model.attachments import MAX_ATTACHMENT_SIZE, Attachment, sha256_hex
from evidenceboard.model.cards import DEFAULT_HEIGHT, DEFAULT_WIDTH, CardKind
from evidenceboard.model.changes import (
    AddAttachment,
    AddCards,
    Batch,
    Change,
    MoveCards,
    RemoveLinks,
)
from evidenceboard.model.clock import utc_now
from evidenceboard.model.errors import ChangeError, ModelError
from evidenceboard.model.factory import make_card
from evidenceboard.model.frames import EMPTY_SIZE as EMPTY_FRAME
from evidenceboard.model.frames import (
    frame_content,
    is_frame,
    plan_collapse,
    plan_fit,
    plan_new_frame,
)
from evidenceboard.model.short_text import plural
from evidenceboard.storage.errors import BoardFileError
from evidenceboard.ui.board.clipboard import cards_to_mime, has_cards, paste_change
from evidenceboard.ui.board.controller import DocumentController
from evidenceboard.ui.board.scene.board_view import BoardView

NEW_TITLES = {
    CardKind.CLAIM: "New claim",
    CardKind.ARTICLE: "New article",
    CardKind.NOTE: "New note",
    CardKind.DOCUMENT: "New document",
    CardKind.PERSON: "New person",
    CardKind.ORGANISATION: "New organisation",
    CardKind.LOCATION: "New place",
    CardKind.EVENT: "New event",
    CardKind.FRAME: "New frame",
}
PASTE_OFFSET = 32.0


class BoardEditor(QObject):
    """Edits of one board shown in one view."""

    def __init__(self, controller: DocumentController, view: BoardView) -> None:
        super().__init__(view)
        self._controller = controller
        self._view = view
        self._scene = view.board_scene
        self._paste_count = 0

    def _centre(self) -> QPointF:
        return self._view.mapToScene(self._view.viewport().rect().center())

    def _submit_and_select(self, change: Change, card_ids: list[str]) -> bool:
        if not self._controller.submit(change):
            return False
        self._scene.select_only(card_ids)
        return True

    def new_card(self, kind: CardKind, at: QPointF | None = None) -> str | None:
        """Add a card centred on ``at`` (the view centre by default) and edit its title."""
        centre = at if at is not None else self._centre()
        card = make_card(
            kind,
            NEW_TITLES[kind],
            self._controller.author,
            x=round(centre.x() - DEFAULT_WIDTH / 2),
            y=round(centre.y() - DEFAULT_HEIGHT / 2),
        )
        if not self._submit_and_select(AddCards((card,)), [card.id]):
            return None
        self._view.edit_title(card.id)
        return card.id

    def frame_selection(self) -> str | None:
        """Put a new frame around the selected cards (an empty one at the view's centre
        when none is selected) and edit its name; one undo step."""
        board = self._controller.board
        centre = self._centre()
        width, height = EMPTY_FRAME
        try:
            change, frame_id = plan_new_frame(
                board,
                self._scene.selected_card_ids(),
                self._controller.author,
                where=(round(centre.x() - width / 2), round(centre.y() - height / 2)),
            )
        except ChangeError as exc:
            self._controller.edit_failed.emit(str(exc))
            return None
        if not self._submit_and_select(change, [frame_id]):
            return None
        self._view.edit_title(frame_id)
        return frame_id

    def toggle_frames(self) -> None:
        """Collapse the selected frames, or expand them when all are collapsed already."""
        board = self._controller.board
        chosen = [board.cards[i] for i in self._scene.selected_card_ids() if i in board.cards]
        picked = [c for c in chosen if is_frame(c)]
        if not picked:
            return
        collapse = not all(frame_content(c).collapsed for c in picked)
        by = self._controller.author
        changes = [plan_collapse(board, c.id, collapse, by) for c in picked]
        if len(changes) == 1:
            self._controller.submit(changes[0])
            return
        verb = "Collapse" if collapse else "Expand"
        self._controller.submit(Batch(tuple(changes), f"{verb} {plural(len(changes), 'frame')}"))

    def fit_frames(self) -> None:
        """Resize the selected frames to hold their cards again."""
        board = self._controller.board
        fits = [
            plan_fit(board, i)
            for i in self._scene.selected_card_ids()
            if i in board.cards and is_frame(board.cards[i])
        ]
        moves = tuple(m for fit in fits for m in fit.moves)
        if moves:
            self._controller.submit(MoveCards(moves))

    def add_files(self, paths: list[Path], at: QPointF | None = None) -> list[str]:
        """Embed each file in a new document card, placed from ``at``; one undo step."""
        board = self._controller.board
        centre = at if at is not None else self._centre()
        changes: list[Change] = []
        cards = []
        known = set(board.attachments)
        mimes = QMimeDatabase()
        for index, path in enumerate(paths):
            try:
                if path.stat().st_size > MAX_ATTACHMENT_SIZE:
                    raise BoardFileError(
                        f"{path.name} is larger than "
                        f"{MAX_ATTACHMENT_SIZE // (1024 * 1024)} MiB and cannot be embedded."
                    )
                data = path.read_bytes()
            except OSError as exc:
                self._controller.edit_failed.emit(f"{path.name} cannot be read: {exc.strerror}.")
                return []
            except BoardFileError as exc:
                self._controller.edit_failed.emit(str(exc))
                return []
            sha = sha256_hex(data)
            media_type = mimes.mimeTypeForFileNameAndData(path.name, data[:4096]).name()
            if sha not in known:
                attachment = Attachment(sha, path.name, media_type, len(data), utc_now())
                changes.append(AddAttachment(attachment, data))
                known.add(sha)
            offset = index * 28.0
            cards.append(
                make_card(
                    CardKind.DOCUMENT,
                    path.stem,
                    self._controller.author,
                    x=round(centre.x() - DEFAULT_WIDTH / 2 + offset),
                    y=round(centre.y() - DEFAULT_HEIGHT / 2 + offset),
                    file_name=path.name,
                    media_type=media_type,
                    attachment=sha,
                )
            )
        if not cards:
            return []
        add = AddCards(tuple(cards))
        change = Batch((*changes, add), add.describe(board))
        ids = [c.id for c in cards]
        return ids if self._submit_and_select(change, ids) else []

    def delete_selection(self) -> None:
        """Delete the selected cards (with their links) and selected links; one step."""
        board = self._controller.board
        card_ids = self._scene.selected_card_ids()
        if card_ids:
            removal = board.removal_of(card_ids)
            extra = tuple(
                board.links[i]
                for i in self._scene.selected_link_ids()
                if i in board.links and board.links[i] not in removal.links
            )
            change: Change = removal
            if extra:
                change = Batch((RemoveLinks(extra), removal), removal.describe(board))
            self._controller.submit(change)
            return
        link_ids = self._scene.selected_link_ids()
        if link_ids:
            self._controller.submit(RemoveLinks(tuple(board.links[i] for i in link_ids)))

    def select_all(self) -> None:
        for item in self._scene.card_items():
            item.setSelected(True)

    def copy(self) -> bool:
        ids = self._scene.selected_card_ids()
        if not ids:
            return False
        try:
            mime = cards_to_mime(self._controller.document, ids)
        except (BoardFileError, ModelError) as exc:
            self._controller.edit_failed.emit(str(exc))
            return False
        QGuiApplication.clipboard().setMimeData(mime)
        self._paste_count = 0
        return True

    def cut(self) -> None:
        if self.copy():
            self.delete_selection()

    def can_paste(self) -> bool:
        return has_cards(QGuiApplication.clipboard().mimeData())

    def paste(self, *, at_pointer: bool = True) -> list[str]:
        """Paste the clipboard's cards at the mouse pointer when it is over the canvas,
        else offset a little more from the originals on each paste."""
        mime = QGuiApplication.clipboard().mimeData()
        if not has_cards(mime):
            return []
        self._paste_count += 1
        step = PASTE_OFFSET * self._paste_count
        anchor = self._pointer_on_canvas() if at_pointer else None
        try:
            change, ids = paste_change(
                mime, self._controller.board, self._controller.author, (step, step), anchor
            )
        except ModelError as exc:
            self._controller.edit_failed.emit(f"Nothing was pasted: {exc}")
            return []
        return ids if self._submit_and_select(change, ids) else []

    def duplicate(self) -> list[str]:
        """Copy and paste the selection in one go (the clipboard keeps the copy)."""
        if not self.copy():
            return []
        return self.paste(at_pointer=False)

    def _pointer_on_canvas(self) -> tuple[float, float] | None:
        viewport = self._view.viewport()
        point = viewport.mapFromGlobal(QCursor.pos())
        if not viewport.rect().contains(point) or not viewport.isVisible():
            return None
        scene = self._view.mapToScene(point)
        return scene.x(), scene.y()
