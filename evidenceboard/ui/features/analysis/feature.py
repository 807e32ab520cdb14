"""The analysis feature: the Analysis dock, competing hypotheses, and layout commands.

The dock shows the results of the session's :class:`AnalysisRunner` (the one that
feeds the cards' status badges): it already analyses a snapshot of the board off the
UI thread after each pause in editing and drops stale results, so the dock reads
``runner.latest`` whenever ``statuses_changed`` fires instead of analysing the board
a second time.

Layouts go through the one path for edits: each produces one :class:`MoveCards`
submitted to the document controller, so one Undo puts every card back. Tidy layouts
are fast and run on the UI thread. The force-directed layout runs on a pool thread
over a snapshot taken when the user asks; when it is done, the change is checked
against the live board first, and if a card was moved or deleted meanwhile nothing
moves and the user is told. Cancel is final at once: a result that arrives after it
is dropped, even if the worker had already finished.

Esc anywhere in the window cancels a running layout, as the Cancel button does. It is
a window shortcut enabled only while a layout runs, so Esc keeps its other meanings
otherwise; and a gesture, the find bar or a title being typed claim Esc first (through
``ShortcutOverride``), so Esc ends the innermost thing the user is doing.
"""

import contextlib
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from evidenceboard.analysis import TidyOrder, tidy_layout
from evidenceboard.model.changes import EditBoard, MoveCards, SetAchMark, moves_only
from evidenceboard.model.clock import utc_now
from evidenceboard.model.errors import ModelError
from evidenceboard.model.judgement import AchMark, CellMark
from evidenceboard.ui.common.actions import ActionSpec, Needs
from evidenceboard.ui.common.docks import panel_dock
from evidenceboard.ui.common.progress_row import ProgressRow
from evidenceboard.ui.features.analysis.layout_worker import LayoutWorker
from evidenceboard.ui.features.analysis.panel import AnalysisPanel
from evidenceboard.ui.window.host import WindowFeature, WindowHost
from evidenceboard.ui.window.session import BoardSession

#: Seconds to wait, on closing a board, for a cancelled layout to let go of it.
STOP_WAIT_SECONDS = 5.0
CHANGED_MEANWHILE = (
    "The board changed while it was being arranged, so nothing was moved. "
    "Arrange again to include the latest changes."
)


def install(window: "WindowHost") -> None:
    """Add the Analysis dock, Board > Competing hypotheses… and the layout commands."""
    AnalysisFeature(window)


class AnalysisFeature(WindowFeature):
    """Keeps the Analysis dock on the open board and runs the layout commands."""

    def __init__(self, window: "WindowHost") -> None:
        super().__init__(window, "analysis-feature")
        self.session: BoardSession | None = None
        self.panel = AnalysisPanel(window.theme)
        self.panel.reveal_requested.connect(self.reveal)
        self.panel.ach.mark_requested.connect(self.mark_cell)
        self.panel.judgements.settings_requested.connect(self.change_settings)
        self.dock = panel_dock("Analysis", "analysis-dock", window.widget())
        # Its tabs and state label would ask for 490 px; the dock shares a column beside
        # the canvas, so the tab bar scrolls instead of widening the column.
        self.panel.setMinimumWidth(300)
        self.dock.setWidget(self.panel)
        window.widget().addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        # Tall enough for a few findings, short enough to leave the canvas the room.
        window.widget().resizeDocks([self.dock], [260], Qt.Orientation.Vertical)
        window.menus["view"].addAction(self.dock.toggleViewAction())

        self.progress = ProgressRow("layout", "Stop arranging; nothing moves (Esc)")
        self.progress.cancel.clicked.connect(self.cancel_layout)
        window.widget().statusBar().insertPermanentWidget(0, self.progress)
        #: The layout whose result is wanted; others are only kept until they finish.
        self.worker: LayoutWorker | None = None
        self._stopping: list[LayoutWorker] = []
        # Claims Esc only while there is something to cancel.
        self.cancel_action = window.add_action(
            ActionSpec(
                "cancel-layout",
                "Stop arranging",
                self.cancel_layout,
                QKeySequence(Qt.Key.Key_Escape).toString(),
                when=lambda: self.worker is not None,
            )
        )

        def idle() -> bool:
            return self.worker is None

        board_menu = window.menus["board"]
        specs = (
            ActionSpec(
                "show-ach", "Competing &hypotheses…", self.show_hypotheses, needs=Needs.BOARD
            ),
            *(
                ActionSpec(
                    f"arrange-{what}",
                    text,
                    partial(self.arrange, what == "selection"),
                    needs=Needs.EDITABLE_BOARD,
                    when=idle,
                    status_tip=tip,
                )
                for what, text, tip in (
                    ("board", "&Arrange board (force-directed)", ""),
                    (
                        "selection",
                        "Arrange &selection (force-directed)",
                        "Arrange the selected cards by their links",
                    ),
                )
            ),
            *(
                ActionSpec(
                    f"tidy-{order.value}",
                    f"Tidy by &{order.value}",
                    partial(self.tidy, order),
                    needs=Needs.EDITABLE_BOARD,
                    status_tip=(
                        f"Columns by {order.value}: the selection, or the whole board "
                        "when fewer than two cards are selected"
                    ),
                )
                for order in (TidyOrder.KIND, TidyOrder.DATE)
            ),
        )
        self.actions: dict[str, QAction] = {}
        for spec in specs:
            self.actions[spec.id] = window.add_action(spec)
            board_menu.addAction(self.actions[spec.id])
            if spec.id in ("show-ach", "arrange-selection"):
                board_menu.addSeparator()
        window.session_changed.connect(self.attach)
        window.theme_changed.connect(self.panel.set_theme)
        self.attach(window.session)

    # -- following the open board ----------------------------------------------------

    def attach(self, session: BoardSession | None) -> None:
        """Show the analysis of ``session``'s board (None: no board is open)."""
        self._detach()
        self.session = session
        if session is not None:
            session.analysis.statuses_changed.connect(self._analysed)
            session.document.board.changed.connect(self._board_changed)
        self._show_latest()
        self._update_actions()

    def _detach(self) -> None:
        self.stop_layouts()
        session, self.session = self.session, None
        if session is None:
            return
        session.document.board.changed.disconnect(self._board_changed)
        # The runner may already be deleted with its session: then nothing is connected.
        with contextlib.suppress(RuntimeError):
            session.analysis.statuses_changed.disconnect(self._analysed)

    def _board_changed(self, change: object) -> None:
        # The runner does not analyse again after a move: nothing it weighs has changed.
        if not moves_only(change):
            self.panel.set_updating(True)

    def _analysed(self, _statuses: object) -> None:
        self._show_latest()

    def _show_latest(self) -> None:
        session = self.session
        if session is None:
            self.panel.show_analysis(None, None)
            return
        self.panel.show_analysis(session.analysis.latest, session.document.board)

    def _update_actions(self) -> None:
        session = self.session
        self.panel.judgements.set_editable(session is not None and not session.controller.read_only)
        self.window.refresh_actions()

    # -- revealing cards -------------------------------------------------------------

    def reveal(self, card_ids: list[str], link_ids: list[str]) -> None:
        """Select the cards (and links) on the canvas and bring them into view."""
        session = self.session
        if session is None:
            return
        present = [c for c in card_ids if c in session.document.board.cards]
        if not present:
            self.window.widget().statusBar().showMessage(
                "Those cards are no longer on the board.", 4000
            )
            return
        session.scene.select_only(present, link_ids)
        if len(present) == 1:
            session.view.centre_on_card(present[0])
        else:
            session.view.zoom_to_selection()

    # -- the analyst's judgements ----------------------------------------------------

    def mark_cell(self, evidence_id: str, hypothesis_id: str, mark: CellMark | None) -> None:
        """Set (or clear, for None) the analyst's mark on one ACH cell, as one undo step."""
        session = self.session
        if session is None or session.controller.read_only:
            return
        board = session.document.board
        key = (evidence_id, hypothesis_id)
        before = board.ach_marks.get(key)
        after = None
        if mark is not None:
            if before is not None and before.consistency is mark:
                return
            after = AchMark(evidence_id, hypothesis_id, mark, session.controller.author, utc_now())
        session.controller.submit(SetAchMark(key, before, after))

    def change_settings(self, values: dict[str, str | None]) -> None:
        """Change board settings (thresholds, yardstick) as one undo step."""
        session = self.session
        if session is None or session.controller.read_only:
            return
        before = session.document.board.info
        after = before
        for key, value in sorted(values.items()):
            after = after.with_setting(key, value)
        if after == before:
            return
        words = (
            "Use the default analysis thresholds"
            if all(v is None for v in values.values()) and len(values) > 1
            else "Change the analysis thresholds"
        )
        session.controller.submit(EditBoard(before, after), words)

    def show_hypotheses(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.panel.show_hypotheses()

    # -- layouts ---------------------------------------------------------------------

    def _editable_session(self) -> BoardSession | None:
        session = self.session
        if session is None or session.controller.read_only:
            return None
        return session

    def tidy(self, order: TidyOrder) -> None:
        """Put the selection (or, with fewer than two selected, every card) in columns."""
        session = self._editable_session()
        if session is None:
            return
        selected = session.scene.selected_card_ids()
        ids = selected if len(selected) >= 2 else None
        self._submit(session, tidy_layout(session.document.board, ids, order=order))

    def arrange(self, selection_only: bool) -> None:
        """Start a force-directed layout of the board or the selection in the background."""
        session = self._editable_session()
        if session is None or self.worker is not None:
            return
        ids: list[str] | None = None
        if selection_only:
            ids = session.scene.selected_card_ids()
            if len(ids) < 2:
                self.window.message_bar.show_message(
                    "Select two or more cards to arrange them.", "warning"
                )
                return
        board = session.document.board
        count = len(ids) if ids is not None else len(board.cards)
        worker = LayoutWorker(board.scratch_copy(), ids, parent=self)
        worker.progressed.connect(self.progress.bar.setValue)
        worker.succeeded.connect(self._layout_succeeded)
        worker.failed.connect(self._layout_failed)
        worker.finished.connect(self._layout_finished)
        self.worker = worker
        self.progress.set_progress(f"Arranging {count} card{'' if count == 1 else 's'}…", 0, 100)
        self.progress.show()
        self._update_actions()
        worker.start()

    def cancel_layout(self) -> None:
        """Stop the running layout; nothing moves, even if its result is on its way."""
        if self.worker is None:
            return
        self._retire()
        self.window.widget().statusBar().showMessage("Arranging cancelled; nothing moved.", 4000)

    def stop_layouts(self) -> None:
        """Cancel every layout and wait until none uses a board (on closing a board)."""
        self._retire()
        # A copy: a layout that ends while waited for is reported, and leaves the list.
        for worker in list(self._stopping):
            worker.cancel()
            worker.wait(STOP_WAIT_SECONDS)

    def _retire(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.cancel()
            self._stopping.append(worker)
        self.progress.hide()
        self._update_actions()

    def _layout_succeeded(self, moves: object) -> None:
        if self.sender() is not self.worker or not isinstance(moves, MoveCards):
            return
        self._retire()
        session = self._editable_session()
        if session is None:
            return
        try:
            moves.check(session.document.board)
        except ModelError:
            self.window.message_bar.show_message(CHANGED_MEANWHILE, "warning")
            return
        self._submit(session, moves)

    def _layout_failed(self, message: str) -> None:
        if self.sender() is not self.worker:
            return
        self._retire()
        self.window.message_bar.show_message(message)

    def _layout_finished(self) -> None:
        sender = self.sender()
        if sender is self.worker:
            # Each worker signals its outcome before it finishes; if that was lost, do
            # not leave the progress row up and the commands switched off for good.
            self._retire()
        for worker in list(self._stopping):
            if worker is sender:
                self._stopping.remove(worker)
                worker.deleteLater()

    def _submit(self, session: BoardSession, moves: MoveCards) -> None:
        if moves.is_empty():
            self.window.widget().statusBar().showMessage("The cards are already in place.", 4000)
            return
        if session.controller.submit(moves):
            # The arranged cards may now lie outside the view (a card cut off at the
            # top): show them whole, at the zoom they fit.
            moved = session.scene.cards_rect([card_id for card_id, _before, _after in moves.moves])
            view = session.view
            if not view.mapToScene(view.viewport().rect()).boundingRect().contains(moved):
                view.fit_rect(moved)
            count = len(moves.moves)
            self.window.widget().statusBar().showMessage(
                f"Arranged {count} card{'' if count == 1 else 's'}. Undo puts them back.", 5000
            )
