"""The board window: menus, toolbar, docks and the open board's canvas.

The window holds no board logic: actions call the session's editor, view and
controller. Opening another board builds the new session before the old one closes,
so a file that fails to open leaves the window showing what it showed.
"""

import gc
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QWidget,
)
from typing_extensions import override

from evidenceboard.model.board import BoardInfo
from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import moves_only
from evidenceboard.model.short_text import plural
from evidenceboard.storage.document import BoardDocument, create_board
from evidenceboard.storage.errors import BoardFileError
from evidenceboard.ui.board.scene.overview_item import OverviewItem
from evidenceboard.ui.common import settings
from evidenceboard.ui.common.actions import ActionRegistry, ActionSpec, WindowState
from evidenceboard.ui.common.docks import panel_dock
from evidenceboard.ui.common.icons import icon
from evidenceboard.ui.common.layouts import column
from evidenceboard.ui.common.plain import plain_action_text, plain_label, plain_title, plain_tooltip
from evidenceboard.ui.common.theme import Theme
from evidenceboard.ui.features import install_features
from evidenceboard.ui.window import file_ops, window_actions
from evidenceboard.ui.window.find_bar import FindBar
from evidenceboard.ui.window.message_bar import MessageBar
from evidenceboard.ui.window.open_preview import OpenPreview
from evidenceboard.ui.window.panels.history import HistoryView
from evidenceboard.ui.window.panels.legend import Legend
from evidenceboard.ui.window.render import render_board
from evidenceboard.ui.window.session import BoardSession
from evidenceboard.ui.window.window_actions import NEW_CARD_KEYS


class MainWindow(QMainWindow):
    """One window showing one board at a time."""

    #: The open board changed (the new BoardSession, or None when the board was closed).
    session_changed = Signal(object)
    #: The window switched to another theme (the new Theme), e.g. with the system's.
    theme_changed = Signal(object)

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.setObjectName("main-window")
        self.theme = theme
        self.session: BoardSession | None = None
        #: A board is being opened (its model may be loading on a worker thread while
        #: the window keeps painting); opens asked for meanwhile wait in the queue.
        self._opening = False
        self._queued_opens: list[Path] = []
        #: Every action of the window and its features, and their enabling.
        self.action_registry = ActionRegistry(
            self, lambda spec: window_actions.icon_colour(self, spec)
        )
        #: The QActions by id (the registry's), for menus, features and tests.
        self.actions_by_name: dict[str, QAction] = self.action_registry.by_id
        #: The menus by name ("file", "export", "edit", "insert", "view", "board",
        #: "help"), where features add their actions.
        self.menus: dict[str, QMenu] = {}
        self.recent_menu = QMenu("Open &recent", self)
        self.message_bar = MessageBar("message-bar")
        self.read_only_banner = MessageBar("read-only-banner", closable=False)
        self.find_row = FindBar()
        self.find_row.closed.connect(self._find_closed)
        #: The find bar's query field.
        self.find_bar = self.find_row.edit
        self._canvas_host = QStackedWidget()
        self._empty = plain_label("Open or create a board to start.")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._canvas_host.addWidget(self._empty)
        self.legend = Legend(theme)
        centre = QWidget()
        rows = (self.read_only_banner, self.message_bar, self.find_row, (self._canvas_host, 1))
        column(centre, rows, margins=(0, 0, 0, 0), spacing=0)
        self.setCentralWidget(centre)
        self.zoom_label = plain_label("100 %")
        self.count_label = plain_label()
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.inspector_dock = self._dock(
            "Inspector", "inspector-dock", Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.outline_dock = self._dock(
            "Outline", "outline-dock", Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.history_dock = self._dock(
            "History", "history-dock", Qt.DockWidgetArea.LeftDockWidgetArea
        )
        # Docks start at a width where the inspector's form fits without clipping.
        self.inspector_dock.setMinimumWidth(340)
        self.outline_dock.setMinimumWidth(240)
        self.history = HistoryView()
        self.history_dock.setWidget(self.history)
        self.tabifyDockWidget(self.outline_dock, self.history_dock)
        self.outline_dock.raise_()
        for spec in window_actions.window_specs(self):
            self.action_registry.add(spec)
        window_actions.build_menus_and_toolbar(self)
        self.resize(1440, 900)
        self.resizeDocks(
            [self.inspector_dock, self.outline_dock], [330, 250], Qt.Orientation.Horizontal
        )
        install_features(self)
        geometry, state = settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        else:
            self._compact_docks()
        self.refresh_actions()

    def _compact_docks(self) -> None:
        """The first window's layout: every dock in one column right of the canvas.

        Outline, Inspector and a full-width Analysis dock left the canvas 40 % of a
        1440 px window. In one column, tabbed (navigation above, the selected card and
        the analysis below), the canvas gets three quarters of the width; the user's
        own arrangement is remembered from then on (``settings.window_state``).
        """
        right = Qt.DockWidgetArea.RightDockWidgetArea
        docks = {dock.objectName(): dock for dock in self.findChildren(QDockWidget)}
        upper = [self.outline_dock, self.history_dock]
        upper += [d for n, d in docks.items() if n == "search-dock"]
        lower = [self.inspector_dock]
        lower += [d for d in docks.values() if d not in upper and d is not self.inspector_dock]
        for dock in upper + lower:
            self.removeDockWidget(dock)
        for group in (upper, lower):
            self.addDockWidget(right, group[0], Qt.Orientation.Vertical)
            for dock in group[1:]:
                self.tabifyDockWidget(group[0], dock)
        for dock in upper + lower:
            dock.show()
        self.resizeDocks(
            [self.outline_dock], [self.inspector_dock.minimumWidth()], Qt.Orientation.Horizontal
        )
        self.resizeDocks(upper[:1] + lower[:1], [1, 1], Qt.Orientation.Vertical)
        # A raise before the window is shown does not stick, hence the timer.
        QTimer.singleShot(0, self.outline_dock.raise_)
        QTimer.singleShot(0, self.inspector_dock.raise_)

    def _dock(self, title: str, name: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = panel_dock(title, name, self)
        self.addDockWidget(area, dock)
        return dock

    # -- actions ---------------------------------------------------------------------

    def widget(self) -> QMainWindow:
        """The window as a Qt widget: the parent of a feature's docks, dialogs and actions."""
        return self

    def add_action(self, spec: ActionSpec) -> QAction:
        """Add a feature's action; it is enabled whenever what it needs is there."""
        return self.action_registry.add(spec)

    def refresh_actions(self) -> None:
        """Enable each action that can run now; name the steps of Undo and Redo."""
        session = self.session
        editable = session is not None and not session.controller.read_only
        selected = session is not None and bool(session.scene.selectedItems())
        self.action_registry.refresh(WindowState(session is not None, editable, selected))
        controller = session.controller if session is not None and editable else None
        window_actions.name_undo_steps(self, controller)

    # -- opening and closing ---------------------------------------------------------

    def open_path(self, path: Path) -> bool:
        """Open the board at ``path`` (asking, if it is locked); keep the old one if it fails.

        A large board is shown from its sketch before its model loads (see
        :mod:`evidenceboard.ui.window.open_preview`); the session is ready when this returns.
        """
        if self._opening:
            # Asked again while a large board loads (a board handed over by a second
            # launch): opened next, after this one.
            self._queued_opens.append(path)
            return False
        preview = OpenPreview(self._canvas_host, self.theme, self.statusBar())
        self._opening = True
        try:
            document = file_ops.open_with_dialogs(self, path, preview=preview)
            if document is None:
                return False
            self.show_document(document, preview.take_overview())
            return True
        finally:
            self._opening = False
            preview.close()
            if self._queued_opens:
                QTimer.singleShot(0, self._open_queued)

    def _open_queued(self) -> None:
        if self._queued_opens and not self._opening:
            self.open_path(self._queued_opens.pop(0))

    def show_document(self, document: BoardDocument, overview: OverviewItem | None = None) -> None:
        """Make ``document`` the open board, closing the previous one.

        ``overview``: the board's overview, already drawn while it loaded.
        """
        session = BoardSession(document, self.theme, overview)
        old, self.session = self.session, session
        if old is not None:
            self._canvas_host.removeWidget(old.view)
            old.close()
        self._canvas_host.addWidget(session.view)
        self._canvas_host.setCurrentWidget(session.view)
        self.inspector_dock.setWidget(session.inspector)
        self.outline_dock.setWidget(session.outline)
        self.history.set_controller(session.controller)
        session.controller.edit_failed.connect(self.message_bar.show_message)
        session.controller.undo_stack.indexChanged.connect(self.refresh_actions)
        session.controller.undo_stack.indexChanged.connect(self.message_bar.hide)
        session.view.zoom_changed.connect(self._zoom_changed)
        session.view.context_menu_requested.connect(self._context_menu)
        session.scene.selectionChanged.connect(self.refresh_actions)
        document.board.changed.connect(self._board_changed)
        self.find_row.attach(document.board, session.scene, session.view)
        self.message_bar.hide()
        if document.notices:
            # A file that came with the board was set aside: worth knowing, not an error.
            self.message_bar.show_message(" ".join(document.notices), "warning")
        if document.read_only_reason is not None:
            self.read_only_banner.show_message(
                f"Read-only: {document.read_only_reason}. Changes are switched off.", "warning"
            )
        else:
            self.read_only_banner.hide()
        settings.add_recent(document.path)
        session.view.open_view()
        # An empty board has nothing to fit: the view stays at 100 %, and the label
        # must not keep the zoom of the board shown before.
        self._zoom_changed(session.view.scale_factor())
        self._board_changed(None)
        self.refresh_actions()
        self.session_changed.emit(session)
        # Features follow the new board first: their own conditions may have changed.
        self.refresh_actions()
        # A board is hundreds of thousands of long-lived objects. Left to the cyclic
        # collector, each full collection walks all of them (0.35 s on 100,000 cards)
        # and stalls the window and the analysis thread; frozen, it skips them.
        # Refcounting still frees them; closing the board unfreezes.
        gc.freeze()

    def close_board(self) -> None:
        if self.session is None:
            return
        session, self.session = self.session, None
        session.document.board.changed.disconnect(self._board_changed)
        self._canvas_host.removeWidget(session.view)
        self.history.set_controller(None)
        self.find_row.attach(None, None, None)
        self.inspector_dock.setWidget(QWidget())
        self.outline_dock.setWidget(QWidget())
        session.close()
        session.deleteLater()
        gc.unfreeze()
        self._canvas_host.setCurrentWidget(self._empty)
        self.read_only_banner.hide()
        self.setWindowTitle("EvidenceBoard")
        self.refresh_actions()
        self.session_changed.emit(None)
        self.refresh_actions()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._opening:
            # The board being loaded would open into a closed window: close after it.
            event.ignore()
            QTimer.singleShot(0, self._close_when_opened)
            return
        settings.save_window_state(self.saveGeometry(), self.saveState())
        self.close_board()
        super().closeEvent(event)

    def _close_when_opened(self) -> None:
        if self._opening:
            QTimer.singleShot(50, self._close_when_opened)
        else:
            self.close()

    # -- file dialogs ----------------------------------------------------------------

    def dialog_folder(self) -> str:
        """Where file dialogs start: beside the open board, else where the user last was."""
        if self.session is not None:
            return str(self.session.document.path.resolve().parent)
        return settings.last_folder()

    def open_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open board", self.dialog_folder(), file_ops.BOARD_FILTER
        )
        if name:
            settings.set_last_folder(Path(name))
            self.open_path(Path(name))

    def new_board(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "New board", self.dialog_folder(), file_ops.BOARD_FILTER
        )
        if not name:
            return
        path = Path(name) if name.endswith(".evboard") else Path(name + ".evboard")
        try:
            author = settings.author_name()
            document = create_board(
                path, BoardInfo(title=path.stem, authors=(author,)), author=author
            )
        except BoardFileError as exc:
            file_ops.show_error(self, "The board cannot be created", str(exc))
            return
        settings.set_last_folder(path)
        self.show_document(document)

    def save_copy_dialog(self) -> None:
        if self.session is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Save a copy", self.dialog_folder(), file_ops.BOARD_FILTER
        )
        if name:
            try:
                file_ops.save_copy(self.session.document, Path(name))
            except BoardFileError as exc:
                self.message_bar.show_message(str(exc))
                return
            self.statusBar().showMessage(f"Copy saved as {Path(name).name}", 5000)

    def export_dialog(self, kind: str, selection: bool) -> None:
        if self.session is None:
            return
        ids = self.session.scene.selected_card_ids() if selection else None
        if selection and not ids:
            self.message_bar.show_message("Select the cards to export first.", "warning")
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Export image", self.dialog_folder(), f"{kind.upper()} image (*.{kind})"
        )
        if name:
            path = Path(name) if name.lower().endswith(f".{kind}") else Path(f"{name}.{kind}")
            try:
                render_board(self.session.scene, path, ids)
            except OSError as exc:
                self.message_bar.show_message(f"The image could not be written: {exc}")
                return
            self.statusBar().showMessage(f"Exported {path.name}", 5000)

    def add_document_dialog(self, at: QPointF | None = None) -> None:
        if self.session is None:
            return
        names, _ = QFileDialog.getOpenFileNames(self, "Embed documents", settings.last_folder())
        if names:
            self.session.editor.add_files([Path(n) for n in names], at)

    def fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = settings.recent_files()
        for path in recent:
            action = self.recent_menu.addAction(plain_action_text(path.name))
            action.setToolTip(plain_tooltip(str(path)))
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        if not recent:
            self.recent_menu.addAction("No recent boards").setEnabled(False)

    def show_find(self) -> None:
        self.find_row.open()

    def _find_closed(self) -> None:
        if self.session is not None:
            self.session.view.setFocus()

    def _context_menu(self, at: QPointF, global_pos: QPoint) -> None:
        if self.session is None:
            return
        menu = QMenu(self)
        menu.setObjectName("canvas-menu")
        editable = not self.session.controller.read_only
        for kind in NEW_CARD_KEYS:
            action = menu.addAction(
                icon(kind.value, self.theme.kind_colour(kind).name()), f"New {kind.value} here"
            )
            action.setEnabled(editable)
            if kind is CardKind.DOCUMENT:
                action.triggered.connect(lambda _c=False, p=at: self.add_document_dialog(p))
            else:
                action.triggered.connect(
                    lambda _c=False, k=kind, p=at: (
                        self.session and self.session.editor.new_card(k, p)
                    )
                )
        menu.addSeparator()
        # "open-reader" comes from the import feature (ui/features/ingest_feature.py).
        for name in ("open-reader", "cut", "copy", "paste", "duplicate", "delete"):
            if name in self.actions_by_name:
                menu.addAction(self.actions_by_name[name])
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(global_pos)

    # -- keeping the window current --------------------------------------------------

    def set_theme(self, theme: Theme) -> None:
        """Draw the canvas and the window's own colours in ``theme`` from now on.

        The application's palette and style sheet are the caller's (see ``app.py``);
        features that colour their widgets follow :attr:`theme_changed`.
        """
        if theme == self.theme:
            return
        self.theme = theme
        self.legend.set_theme(theme)
        self.action_registry.recolour()
        if self.session is not None:
            self.session.scene.set_theme(theme)
        self.theme_changed.emit(theme)

    def _board_changed(self, change: object) -> None:
        if self.session is None:
            return
        document = self.session.document
        board = document.board
        self.setWindowTitle(
            plain_title(f"{board.info.title} — {document.path.name} — EvidenceBoard")
        )
        self.count_label.setText(
            f"{plural(len(board.cards), 'card')} · {plural(len(board.links), 'link')}"
        )
        if self.find_row.isVisible() and not moves_only(change):
            self.find_row.refresh()

    def _zoom_changed(self, scale: float) -> None:
        self.zoom_label.setText(f"{round(scale * 100)} %")
