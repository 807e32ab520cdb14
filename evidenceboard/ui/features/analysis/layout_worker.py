"""Run a force-directed layout in the background, with progress and thread-safe cancel.

The worker is given a snapshot of the board (``Board.scratch_copy()`` taken on the UI
thread), never the live board, so the user may keep editing while the layout runs. The
resulting :class:`MoveCards` records the snapshot's positions as the "old" ones; whoever
submits it therefore learns, through the change's own check, whether a card was moved
or deleted meanwhile, and nothing moves in that case.

``force_layout`` reports progress once per iteration; the worker passes on whole
percents only, so the queued signals never flood the UI thread. Cancelling is asked by
``force_layout`` between iterations.

The layout runs in a :class:`~evidenceboard.ui.common.background_task.BackgroundTask`; this
object turns its outcome into the words the window shows. Exactly one of
``succeeded``, ``failed`` or ``cancelled`` is emitted, then ``finished``, all on the UI
thread.
"""

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from evidenceboard.analysis import LayoutCancelled, force_layout
from evidenceboard.model.board import Board
from evidenceboard.model.changes import MoveCards
from evidenceboard.ui.common.background_task import BackgroundTask, TaskControl


def _arranger(
    snapshot: Board, card_ids: list[str] | None, seed: int
) -> Callable[[TaskControl], MoveCards]:
    def arrange(control: TaskControl) -> MoveCards:
        last = [-1]

        def report(fraction: float) -> None:
            # Once per iteration, on the pool thread: pass on whole percents only.
            percent = max(0, min(100, int(fraction * 100)))
            if percent != last[0]:
                last[0] = percent
                control.report(percent)

        return force_layout(
            snapshot, card_ids, seed=seed, should_cancel=control.cancelled, on_progress=report
        )

    return arrange


class LayoutWorker(QObject):
    """Arranges cards of a board snapshot once; create it, connect, then start()."""

    #: Percent done, 0 to 100.
    progressed = Signal(int)
    #: The layout is ready (a :class:`MoveCards`, possibly empty).
    succeeded = Signal(object)
    #: The layout failed; the message is meant for the user.
    failed = Signal(str)
    #: The layout was cancelled; it produced nothing.
    cancelled = Signal()
    #: Emitted last, whatever the outcome.
    finished = Signal()

    def __init__(
        self,
        snapshot: Board,
        card_ids: list[str] | None = None,
        *,
        seed: int = 0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.task: BackgroundTask[MoveCards] = BackgroundTask(
            _arranger(snapshot, card_ids, seed), stops=(LayoutCancelled,)
        )
        self.task.progressed.connect(self._progressed)
        self.task.succeeded.connect(self.succeeded)
        self.task.failed.connect(self._failed)
        self.task.cancelled.connect(self.cancelled)
        self.task.finished.connect(self.finished)

    def start(self) -> None:
        """Start the layout on a pool thread (once)."""
        self.task.start()

    def cancel(self) -> None:
        """Ask the layout to stop; safe from any thread, returns at once."""
        self.task.cancel()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the layout is done and its outcome signalled (True) or on timeout."""
        return self.task.wait(timeout)

    def _progressed(self, percent: object) -> None:
        if isinstance(percent, int):
            self.progressed.emit(percent)

    def _failed(self, error: object) -> None:
        self.failed.emit(f"The board could not be arranged: {error}")
