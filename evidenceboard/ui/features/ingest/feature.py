"""Getting evidence onto the board: import, drop, paste, search everything, the reader.

``install(window)`` adds File > Import files…, Edit > Paste as card / Paste as claim,
View > Search everything… with its dock, and View > Open reader, and takes over the
canvas's file drops and the plain paste:

* Files (chosen or dropped) are read by an :class:`ImportWorker` on the thread pool,
  so the window never waits for a PDF; the cards are then added on the UI thread in
  one undoable change planned by :mod:`evidenceboard.formats.pipeline`, the same
  import as the command line's. Files that fail are listed in the message bar, and nothing of
  them reaches the board. A progress row with Cancel shows for many files, or as soon
  as an import takes a moment.
* Ctrl+V still pastes EvidenceBoard cards; when the clipboard holds none, it pins the
  clipboard's text as a note, its web address as an article (nothing is fetched),
  its copied files as imports, or its picture (a screenshot) as a document card
  through the same import as a dropped image file, at the pointer (or the view centre).
* The reader opens with Ctrl+Enter or View > Open reader: double-click and Enter on a
  card already edit its title in place, and the reader must not take those away.

A result that arrives after its board was closed (or replaced) is dropped: it was
read for a board that is no longer there.
"""

import warnings
from dataclasses import replace
from functools import partial
from pathlib import Path
from textwrap import shorten

from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
)

from evidenceboard.formats.pipeline import ImportBatch, plan_import
from evidenceboard.ingest import (
    IngestError,
    card_from_pasted_text,
    card_from_url,
    item_from_pasted_image,
)
from evidenceboard.ingest.pasted import web_address
from evidenceboard.model.cards import Card
from evidenceboard.model.changes import AddCards
from evidenceboard.model.clock import utc_now
from evidenceboard.model.errors import ModelError
from evidenceboard.ui.board.clipboard import clipboard_image_png, has_cards
from evidenceboard.ui.common import settings
from evidenceboard.ui.common.actions import ActionSpec, Needs
from evidenceboard.ui.common.docks import panel_dock
from evidenceboard.ui.common.progress_row import ProgressRow
from evidenceboard.ui.features.ingest.import_worker import ImportWorker
from evidenceboard.ui.features.ingest.reader import READABLE_KINDS, ReaderDialog
from evidenceboard.ui.features.ingest.search_panel import SearchPanel
from evidenceboard.ui.window.host import WindowFeature, WindowHost
from evidenceboard.ui.window.message_bar import MessageBar
from evidenceboard.ui.window.session import BoardSession

IMPORT_FILTER = (
    "Evidence and boards (*.html *.htm *.xhtml *.mhtml *.mht *.pdf *.png *.jpg *.jpeg "
    "*.gif *.webp *.tif *.tiff *.heic *.heif *.avif *.txt *.text *.md *.markdown *.json "
    "*.canvas *.graphml);;"
    "Saved web pages (*.html *.htm *.xhtml *.mhtml *.mht);;"
    "PDF documents (*.pdf);;"
    "Images (*.png *.jpg *.jpeg *.gif *.webp *.tif *.tiff *.heic *.heif *.avif);;"
    "Text and Markdown (*.txt *.text *.md *.markdown);;"
    "Other boards (*.json *.canvas *.graphml);;"
    "All files (*)"
)
#: From this many files on, the progress row shows at once.
PROGRESS_AT_ONCE = 3
#: A smaller import shows the progress row if it is still running after this.
PROGRESS_DELAY_MS = 400
#: Failures named in the message; the rest are counted.
FAILURES_NAMED = 5


def failure_message(failures: list[tuple[Path, str]]) -> str:
    """One sentence naming the files that failed and why."""
    count = len(failures)
    head = "1 file could not be imported" if count == 1 else f"{count} files could not be imported"
    named = "; ".join(f"{p.name}: {reason.rstrip('.')}" for p, reason in failures[:FAILURES_NAMED])
    more = f"; and {count - FAILURES_NAMED} more" if count > FAILURES_NAMED else ""
    return f"{head}: {named}{more}."


def _without_warning(signal: object, slot: object) -> None:
    # PySide warns (and returns False) when the slot was not connected: the lead may
    # already have removed the window's own connection.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        signal.disconnect(slot)  # type: ignore[attr-defined]


class IngestFeature(WindowFeature):
    """Import, paste, search everything and the reader, for one main window."""

    def __init__(self, window: "WindowHost") -> None:
        super().__init__(window, "ingest-feature")
        self.session: BoardSession | None = None
        self.worker: ImportWorker | None = None
        self._worker_at: QPointF | None = None
        self._worker_session: BoardSession | None = None
        self.readers: dict[str, ReaderDialog] = {}
        # A file already on the board is not imported twice: this bar names its card
        # and offers to import it once more.
        self.already_bar = MessageBar("already-bar")
        self.import_again_button = self.already_bar.add_button("Import again", "import-again")
        self.import_again_button.clicked.connect(self.import_again)
        self.already_bar.put_below(window.message_bar)
        self._already: tuple[BoardSession, ImportBatch] | None = None
        self.progress = ProgressRow("import", "Stop importing; the board stays unchanged")
        self.progress.cancel.clicked.connect(self.cancel_import)
        window.widget().statusBar().addPermanentWidget(self.progress)
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_DELAY_MS)
        self._progress_timer.timeout.connect(self.progress.show)
        self.search_panel = SearchPanel(window.theme, self.reveal)
        window.theme_changed.connect(self.search_panel.set_theme)
        self.search_dock = panel_dock("Search", "search-dock", window.widget())
        self.search_dock.setWidget(self.search_panel)
        # Wide enough for a title and two lines of snippet to be read without eliding.
        self.search_dock.setMinimumWidth(300)
        window.widget().addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.search_dock)
        window.widget().tabifyDockWidget(window.outline_dock, self.search_dock)
        window.outline_dock.raise_()
        self._build_actions()
        window.session_changed.connect(self._session_changed)
        if window.session is not None:
            self._session_changed(window.session)

    # -- actions ---------------------------------------------------------------------

    def _build_actions(self) -> None:
        acts, menus = self.window.actions_by_name, self.window.menus
        add = self.window.add_action
        editable = Needs.EDITABLE_BOARD
        self.import_action = add(
            ActionSpec(
                "import-files", "&Import files…", self.import_dialog, "Ctrl+I", needs=editable
            )
        )
        menus["file"].insertAction(acts["save-copy"], self.import_action)
        self.paste_card_action, self.paste_claim_action = (
            add(
                ActionSpec(
                    f"paste-as-{kind}",
                    text,
                    partial(self.paste_as_card, as_claim=kind == "claim"),
                    keys,
                    needs=editable,
                )
            )
            for kind, text, keys in (
                ("card", "Paste a&s card", "Ctrl+Shift+V"),
                ("claim", "Paste as c&laim", "Ctrl+Alt+V"),
            )
        )
        for action in (self.paste_card_action, self.paste_claim_action):
            menus["edit"].insertAction(acts["duplicate"], action)
        # Ctrl+V keeps pasting cards; without cards on the clipboard it pins the text.
        paste = acts["paste"]
        paste.triggered.disconnect()
        paste.triggered.connect(self.paste)
        self.search_action = add(
            ActionSpec(
                "search-everything",
                "&Search everything…",
                self.show_search,
                "Ctrl+Shift+F",
                needs=Needs.BOARD,
            )
        )
        self.reader_action = add(
            ActionSpec(
                "open-reader",
                "Open &reader",
                self.open_reader,
                ["Ctrl+Return", "Ctrl+Enter"],
                needs=Needs.SELECTION,
                when=lambda: self.readable_selection() is not None,
            )
        )
        view = menus["view"]
        view.addSeparator()
        view.addAction(self.search_action)
        view.addAction(self.reader_action)
        view.addAction(self.search_dock.toggleViewAction())

    def _session_changed(self, session: BoardSession | None) -> None:
        old, self.session = self.session, session
        for reader in list(self.readers.values()):
            reader.close()
        self.readers.clear()
        if old is not None:
            _without_warning(old.view.files_dropped, self.files_dropped)
        if session is not None:
            session.view.files_dropped.connect(self.files_dropped)
        self.search_panel.set_document(session.document if session is not None else None)

    # -- import ----------------------------------------------------------------------

    def import_dialog(self) -> None:
        if self.session is None:
            return
        names, _ = QFileDialog.getOpenFileNames(
            self.window.widget(), "Import files", settings.last_folder(), IMPORT_FILTER
        )
        if names:
            settings.set_last_folder(Path(names[0]))
            self.start_import([Path(n) for n in names])

    def files_dropped(self, paths: list[Path], at: QPointF) -> None:
        self.start_import(paths, at)

    def start_import(self, paths: list[Path], at: QPointF | None = None) -> bool:
        """Read ``paths`` in the background, then add them around ``at`` as one step."""
        session = self.session
        if session is None or session.controller.read_only or not paths:
            return False
        if self.worker is not None:
            self.window.message_bar.show_message(
                "Files are still being imported; wait for them or cancel.", "warning"
            )
            return False
        worker = ImportWorker(paths, session.controller.author)
        worker.progressed.connect(self._show_progress)
        worker.finished.connect(self._import_read)
        worker.cancelled.connect(self._import_cancelled)
        self.worker, self._worker_at, self._worker_session = worker, at, session
        self._show_progress(0, len(paths))
        self.progress.cancel.setEnabled(True)
        if len(paths) >= PROGRESS_AT_ONCE:
            self.progress.show()
        else:
            self._progress_timer.start()
        worker.start()
        return True

    def _show_progress(self, done: int, total: int) -> None:
        text = f"Importing {min(done + 1, total)} of {total} files…"
        self.progress.set_progress(text, done, total)

    def cancel_import(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.progress.label.setText("Cancelling after the current file…")
            self.progress.cancel.setEnabled(False)

    def _import_ended(self) -> tuple[QPointF | None, BoardSession | None]:
        at, session = self._worker_at, self._worker_session
        self.worker = self._worker_session = self._worker_at = None
        self._progress_timer.stop()
        self.progress.hide()
        return at, session

    def _import_cancelled(self) -> None:
        self._import_ended()
        self.window.widget().statusBar().showMessage(
            "Import cancelled; the board is unchanged.", 5000
        )

    def _import_read(self, batch: ImportBatch) -> None:
        at, session = self._import_ended()
        if session is None or session is not self.session or session.document.closed:
            return
        self.add_batch(session, batch, at)

    def add_batch(
        self, session: BoardSession, batch: ImportBatch, at: QPointF | None, *, again: bool = False
    ) -> None:
        """Put what was read on the board in one undoable change, and report failures."""
        board = session.document.board
        around = None if at is None else (at.x(), at.y())
        plan = plan_import(batch, board, session.controller.author, around=around, again=again)
        before = set(board.cards)
        if plan.change is not None and not session.controller.submit(plan.change):
            return
        added = [i for i in board.cards if i not in before]
        self._say_already(session, batch, plan.already)
        shown = added + [card.id for _path, card in plan.already if card.id in board.cards]
        if shown:
            self._show_added(session, shown)
        if plan.failures:
            self.window.message_bar.show_message(failure_message(plan.failures), "warning")
        elif added:
            files = batch.files_read
            self.window.widget().statusBar().showMessage(
                f"Imported {files} file{'s' if files != 1 else ''}.", 5000
            )

    def _say_already(
        self, session: BoardSession, batch: ImportBatch, already: list[tuple[Path, Card]]
    ) -> None:
        self.already_bar.hide()
        self._already = None
        if not already:
            return
        sources = {path for path, _card in already}
        self._already = (
            session,
            ImportBatch(items=[i for i in batch.items if i.source in sources]),
        )
        if len(already) == 1:
            ((path, card),) = already
            title = shorten(card.display_title.replace("\n", " "), 60)
            text = f"{path.name} is already on the board as “{title}”; it is selected."
        else:
            text = f"{len(already)} files are already on the board; their cards are selected."
        self.already_bar.show_message(text, "info")

    def import_again(self) -> None:
        """Import the files that were found already on the board, once more."""
        pending, self._already = self._already, None
        self.already_bar.hide()
        if pending is None or pending[0] is not self.session:
            return
        self.add_batch(pending[0], pending[1], None, again=True)

    def _show_added(self, session: BoardSession, card_ids: list[str]) -> None:
        scene, view = session.scene, session.view
        scene.select_only(card_ids)
        rect = scene.cards_rect(card_ids)
        visible = view.mapToScene(view.viewport().rect()).boundingRect()
        if not visible.contains(rect):
            view.centerOn(rect.center())

    # -- paste -----------------------------------------------------------------------

    def paste(self) -> None:
        """Ctrl+V: cards when the clipboard holds ours, else its text as a new card."""
        session = self.session
        if session is None or session.controller.read_only:
            return
        if has_cards(QGuiApplication.clipboard().mimeData()):
            session.editor.paste()
        else:
            self.paste_as_card(as_claim=False)

    def _paste_point(self, session: BoardSession) -> QPointF:
        view = session.view
        pointer = view.viewport().mapFromGlobal(QCursor.pos())
        if view.viewport().rect().contains(pointer):
            return view.mapToScene(pointer)
        return view.mapToScene(view.viewport().rect().center())

    def paste_as_card(self, as_claim: bool) -> str | None:
        """Pin the clipboard's text, address or files at the pointer; one undo step."""
        session = self.session
        if session is None or session.controller.read_only:
            return None
        mime = QGuiApplication.clipboard().mimeData()
        at = self._paste_point(session)
        if mime is not None and mime.hasUrls() and not as_claim:
            files = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
            if files:
                self.start_import(files, at)
                return None
        if not as_claim and self._paste_image(session, mime, at):
            return None
        text = mime.text() if mime is not None and mime.hasText() else ""
        if not text.strip() and mime is not None and mime.hasUrls():
            text = next((u.toString() for u in mime.urls() if web_address(u.toString())), "")
        board, by = session.document.board, session.controller.author
        try:
            if not as_claim and web_address(text) is not None:
                card = card_from_url(text, by)
            else:
                card = card_from_pasted_text(text, board, by, as_claim=as_claim)
        except ModelError:
            self.window.message_bar.show_message(
                "The clipboard holds no text or web address to pin.", "warning"
            )
            return None
        return self._add_pasted(session, card, at)

    def _paste_image(self, session: BoardSession, mime: QMimeData | None, at: QPointF) -> bool:
        """A picture on the clipboard goes in as a dropped image would: one import step."""
        try:
            png = clipboard_image_png(mime)
            if png is None:
                return False
            item = item_from_pasted_image(png, utc_now())
        except IngestError as exc:
            self.window.message_bar.show_message(f"The picture cannot be pasted: {exc}.", "warning")
            return True
        self.add_batch(session, ImportBatch(items=[item]), at)
        return True

    def _add_pasted(self, session: BoardSession, card: Card, at: QPointF) -> str | None:
        width, height = card.geometry.width, card.geometry.height
        x = min(max(at.x() - width / 2, -1e6), 1e6)
        y = min(max(at.y() - height / 2, -1e6), 1e6)
        placed = replace(card, geometry=card.geometry.moved_to(round(x), round(y)))
        change = AddCards((placed,))
        words = change.describe(session.document.board).replace("Add", "Paste", 1)
        if not session.controller.submit(change, words):
            return None
        session.scene.select_only([placed.id])
        return placed.id

    # -- search and reader -----------------------------------------------------------

    def show_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search_panel.focus_box()

    def reveal(self, card_id: str) -> None:
        """Select one card and bring it to the middle of the canvas."""
        if self.session is None:
            return
        self.session.scene.select_only([card_id])
        self.session.view.centre_on_card(card_id)

    def readable_selection(self) -> str | None:
        """The selected card if it is the only one and the reader can open it."""
        if self.session is None:
            return None
        ids = self.session.scene.selected_card_ids()
        if len(ids) != 1:
            return None
        card = self.session.document.board.cards.get(ids[0])
        return card.id if card is not None and card.kind in READABLE_KINDS else None

    def open_reader(self, card_id: str | None = None) -> ReaderDialog | None:
        """Open (or raise) the reader on ``card_id``, by default the selected card."""
        session = self.session
        card_id = card_id or self.readable_selection()
        if session is None or card_id is None:
            return None
        card = session.document.board.cards.get(card_id)
        if card is None or card.kind not in READABLE_KINDS:
            return None
        reader = self.readers.get(card_id)
        if reader is None:
            reader = ReaderDialog(
                session.controller, card_id, self.window.theme, self.window.widget()
            )
            reader.finished.connect(lambda _r=0, i=card_id: self.readers.pop(i, None))
            reader.destroyed.connect(lambda _o=None, i=card_id: self.readers.pop(i, None))
            self.readers[card_id] = reader
        reader.show()
        reader.raise_()
        reader.activateWindow()
        return reader


def install(window: "WindowHost") -> None:
    """Add import, paste-as-card, search everything and the reader to ``window``.

    Installing twice is harmless: a window that has the feature keeps its one copy.
    """
    if window.widget().findChild(IngestFeature) is None:
        # Parented to the window, the feature lives as long as it (find it with findChild).
        IngestFeature(window)
