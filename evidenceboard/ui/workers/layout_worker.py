"""Run a force-directed layout on a pool thread, with progress and thread-safe cancel.

The worker is given a snapshot of the board (``Board.scratch_copy()`` taken on the UI
thread), never the live board, so the user may keep editing while the layout runs. The
resulting :class:`MoveCards` records the snapshot's positions as the "old" ones; whoever
submits it therefore learns, through the change's own check, whether a card was moved
or deleted meanwhile, and nothing moves in that case.

``force_layout`` reports progress once per iteration; the worker passes on whole
percents only, so the queued signals never flood the UI thread. Cancelling sets a
:class:`threading.Event` that ``force_layout`` polls between iterations.

Signals are emitted from the pool thread; the worker lives on the UI thread, so Qt
queues them there. Exactly one of ``succeeded``, ``failed`` or ``cancelled`` is emitted,
then ``finished``.
"""

import threading
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from typing_extensions import override

from evidenceboard.analysis import LayoutCancelled, force_layout
from evidenceboard.model.board import Board

if TYPE_CHECKING:
    from collections.abc import Callable


class _Job(QRunnable):
    def __init__(self, worker: "LayoutWorker") -> None:
        super().__init__()
        self._worker = worker

    @override
    def run(self) -> None:
        self._worker._run()


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
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self._snapshot = snapshot
        self._card_ids = card_ids
        self._seed = seed
        self._pool = pool or QThreadPool.globalInstance()
        self._cancel = threading.Event()
        #: Set once the pool thread no longer touches this object.
        self._done = threading.Event()
        self._started = False
        self._last_percent = -1

    def start(self) -> None:
        """Start the layout on a pool thread (once)."""
        if self._started:
            raise RuntimeError("A layout worker runs once.")
        self._started = True
        self._pool.start(_Job(self))

    def cancel(self) -> None:
        """Ask the layout to stop; safe from any thread, returns at once."""
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the pool thread is done with this object (True) or on timeout."""
        if not self._started:
            return True
        return self._done.wait(timeout)

    def _report(self, fraction: float) -> None:
        # Runs on the pool thread once per iteration: pass on whole percents only.
        percent = max(0, min(100, int(fraction * 100)))
        if percent != self._last_percent:
            self._last_percent = percent
            self.progressed.emit(percent)

    def _run(self) -> None:
        outcome: Callable[[], None]
        try:
            moves = force_layout(
                self._snapshot,
                self._card_ids,
                seed=self._seed,
                should_cancel=self._cancel.is_set,
                on_progress=self._report,
            )
        except LayoutCancelled:
            outcome = self.cancelled.emit
        except Exception as exc:
            # Whatever went wrong must reach the user as a message, not end the thread.
            outcome = partial(self.failed.emit, f"The board could not be arranged: {exc}")
        else:
            outcome = partial(self.succeeded.emit, moves)
        # Emit before marking the job done: whoever waits in wait() may delete this
        # object as soon as it returns, and nothing may touch it after that.
        outcome()
        self.finished.emit()
        self._done.set()
