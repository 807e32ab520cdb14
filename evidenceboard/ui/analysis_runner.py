"""Claim statuses for the canvas, computed off the UI thread.

After each change a short debounce timer starts; when it fires, a snapshot of the
board (``Board.scratch_copy``, cheap and observer-free) is analysed on a worker
thread, and the result comes back to the UI thread through a queued Qt signal. A
generation counter drops results that a newer change has overtaken, so the window
never blocks on the analysis and never shows stale statuses for long.
"""

from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer, Signal

from evidenceboard.analysis import BoardAnalysis, ClaimStatus, assess_board
from evidenceboard.model.board import Board
from evidenceboard.model.changes import moves_only

DEBOUNCE_MS = 250


class AnalysisRunner(QObject):
    """Runs :func:`assess_board` after changes and reports claim statuses."""

    #: New claim statuses are known (dict of claim id to :class:`ClaimStatus`).
    statuses_changed = Signal(object)
    #: Internal: a worker finished (generation, analysis or None on failure).
    _finished = Signal(int, object)

    def __init__(self, board: Board, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._board = board
        self._generation = 0
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="analysis")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start)
        self._finished.connect(self._deliver)
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
        generation = self._generation
        snapshot = self._board.scratch_copy()
        future = self._executor.submit(assess_board, snapshot)
        future.add_done_callback(lambda f: self._relay(generation, f))

    def _relay(self, generation: int, future: "Future[BoardAnalysis]") -> None:
        # Runs on the worker thread: the signal is queued to the UI thread.
        try:
            result: BoardAnalysis | None = future.result()
        except Exception:
            result = None
        self._finished.emit(generation, result)

    def _deliver(self, generation: int, result: object) -> None:
        if generation != self._generation or not isinstance(result, BoardAnalysis):
            return
        self.latest = result
        self.statuses_changed.emit({a.claim_id: a.status for a in result.claims})

    def close(self) -> None:
        self._timer.stop()
        self._board.changed.disconnect(self._board_changed)
        self._generation += 1
        self._executor.shutdown(wait=True, cancel_futures=True)


__all__ = ["AnalysisRunner", "ClaimStatus"]
