"""Run one call to the team server on a pool thread; the result comes back as a signal.

The smallest wrapper over the window's existing background mechanism (a ``QRunnable``
on the global ``QThreadPool``, as the layout and import workers do), so it can move to
a shared worker API later without touching the team feature. The call must not touch
the board or its file: the team feature does those steps on the UI thread, and hands
the pool only the talking to the server (:func:`evidenceboard.team.sync.fetch`,
:func:`~evidenceboard.team.sync.push`).

Exactly one of ``succeeded`` or ``failed`` is emitted, then ``finished``. The exception
itself is passed on (``failed`` carries it), so the feature can tell "somebody pushed
meanwhile" from a real failure.
"""

import threading
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from typing_extensions import override


class _Job(QRunnable):
    def __init__(self, worker: "TeamWorker") -> None:
        super().__init__()
        self._worker = worker

    @override
    def run(self) -> None:
        self._worker._run()


class TeamWorker(QObject):
    """Calls ``call()`` once on a pool thread; create it, connect, then start()."""

    succeeded = Signal(object)
    #: The exception the call raised.
    failed = Signal(object)
    finished = Signal()

    def __init__(self, call: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._call = call
        self._done = threading.Event()
        self._started = False

    def start(self) -> None:
        if self._started:
            raise RuntimeError("A team worker runs once.")
        self._started = True
        QThreadPool.globalInstance().start(_Job(self))

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the pool thread is done with this object (True) or on timeout."""
        return not self._started or self._done.wait(timeout)

    def _run(self) -> None:
        outcome: Callable[[], None]
        try:
            result = self._call()
        except Exception as exc:
            # Whatever went wrong must reach the user as a message, not end the thread.
            outcome = partial(self.failed.emit, exc)
        else:
            outcome = partial(self.succeeded.emit, result)
        outcome()
        self.finished.emit()
        self._done.set()
