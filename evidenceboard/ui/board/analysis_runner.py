"""Claim statuses for the canvas, computed off the UI thread.

After each change a short debounce timer starts; when it fires, a snapshot of the
board (``Board.scratch_copy``, cheap and observer-free) is analysed in a
:class:`~evidenceboard.ui.common.background_task.BackgroundTask`, whose result comes back to
the UI thread by a queued signal. One analysis runs at a time: changes made while it
runs are analysed once it ends, from a new snapshot, and a generation counter drops
results that a newer change has overtaken, so the window never blocks on the analysis
and never shows stale statuses for long.
"""

from PySide6.QtCore import QObject, QTimer, Signal

from evidenceboard.analysis import BoardAnalysis, ClaimStatus, assess_board
from evidenceboard.model.board import Board
from evidenceboard.model.changes import moves_only
from evidenceboard.ui.common.background_task import BackgroundTask, TaskControl

DEBOUNCE_MS = 250


class AnalysisRunner(QObject):
    """Runs :func:`assess_board` after changes and reports claim statuses."""

    #: New claim statuses are known (dict of claim id to :class:`ClaimStatus`).
    statuses_changed = Signal(object)

    def __init__(self, board: Board, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._board = board
        self._generation = 0
        self._task: BackgroundTask[BoardAnalysis] | None = None
        self._task_generation = 0
        #: A newer analysis is wanted once the running one ends.
        self._again = False
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start)
        board.changed.connect(self._board_changed)
        self.latest: BoardAnalysis | None = None

    def _board_changed(self, change: object) -> None:
        if moves_only(change):
            return
        self._generation += 1
        self._timer.start()

    def run_now(self) -> None:
        """Start an analysis at once (on opening a board)."""
        self._generation += 1
        self._start()

    def _start(self) -> None:
        if self._closed:
            return
        if self._task is not None:
            self._again = True
            return
        snapshot = self._board.scratch_copy()

        def analyse(_control: TaskControl) -> BoardAnalysis:
            # Looked up at each run, so that tests can count the analyses.
            return assess_board(snapshot)

        task: BackgroundTask[BoardAnalysis] = BackgroundTask(analyse)
        task.succeeded.connect(self._deliver)
        task.finished.connect(self._ended)
        self._task, self._task_generation = task, self._generation
        task.start()

    def _deliver(self, result: object) -> None:
        # A failed analysis shows nothing new: the next change tries again.
        if self._task_generation != self._generation or not isinstance(result, BoardAnalysis):
            return
        self.latest = result
        self.statuses_changed.emit({a.claim_id: a.status for a in result.claims})

    def _ended(self) -> None:
        self._task = None
        if self._again and not self._closed:
            self._again = False
            self._start()

    def close(self) -> None:
        self._closed = True
        self._timer.stop()
        self._board.changed.disconnect(self._board_changed)
        self._generation += 1
        if self._task is not None:
            self._task.wait()


__all__ = ["AnalysisRunner", "ClaimStatus"]
