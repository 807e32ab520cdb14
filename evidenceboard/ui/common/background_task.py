"""The one way the window runs work off the UI thread: :class:`BackgroundTask`.

A task runs a plain function on Qt's global thread pool and tells the UI thread about
it through its signals: ``progressed`` as often as the function reports, then exactly
one of ``succeeded`` (with the return value), ``failed`` (with the exception) or
``cancelled`` (the function raised one of the task's *stop* exceptions, by default
:class:`~evidenceboard.model.cancel.Cancelled`), then ``finished``. The function gets
a :class:`TaskControl` to ask whether it should stop and to report progress; it must
touch no Qt object and no live board (give it a ``Board.scratch_copy()``).

Non-obvious choices:

* Delivery is by queued signals, never by polling: the pool thread emits private
  signals of the task, which lives on the UI thread, so Qt queues them there, and
  the public signals are emitted on the UI thread. Their slots may be plain functions.
* A task keeps itself alive from :meth:`start` until its outcome has been delivered
  (a module-level set holds it): whoever started it may be deleted meanwhile, with a
  closed window, and the pool thread never emits on a deleted object. It has no Qt
  parent for the same reason. A receiver deleted meanwhile is simply disconnected by
  Qt. The runnable is the pool's (auto-delete, so PySide hands it to C++ on start):
  the pool deletes it after ``run`` returned, never while it runs, and none is leaked.
* The pool thread's last touch of the task is the emission of its end; only after it
  has let go is the outcome delivered, so nothing is left to touch a task that the
  caller drops once ``finished`` arrived.
* :meth:`wait` blocks until the function has returned and then delivers the outcome
  at once, on the calling (UI) thread; the queued delivery that arrives later does
  nothing. Tests, closing dialogs and quitting use it.
* The pool is given at least :data:`MIN_POOL_THREADS` threads: the default is one per
  core, and on a two-core laptop an export and an import would otherwise leave the
  claim statuses, a snapshot or the opening of a board waiting behind them. Each kind
  of work runs at most one task at a time, so this bounds the threads, not the work.
"""

import threading
from collections.abc import Callable
from enum import Enum, auto
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from typing_extensions import override

from evidenceboard.model.cancel import Cancelled

T = TypeVar("T")

#: Threads the global pool has at least (see the module docstring).
MIN_POOL_THREADS = 8

#: Tasks started and not yet delivered, kept alive here (see the module docstring).
_LIVE: "set[BackgroundTask[Any]]" = set()


class _State(Enum):
    NEW = auto()
    RUNNING = auto()
    DELIVERED = auto()


class _Outcome(Enum):
    SUCCEEDED = auto()
    FAILED = auto()
    CANCELLED = auto()


class TaskControl:
    """What the function of a task is given: ask to stop, report progress (any thread)."""

    __slots__ = ("_task",)

    def __init__(self, task: "BackgroundTask[Any]") -> None:
        self._task = task

    def cancelled(self) -> bool:
        """Has the task been asked to stop? Pass this as a reader's cancel check."""
        return self._task._stop.is_set()

    def report(self, value: object) -> None:
        """Queue ``value`` for the task's ``progressed`` signal on the UI thread.

        Each report is one queued event: report visible steps, not every item.
        """
        self._task._reported.emit(value)


class _Runnable(QRunnable):
    def __init__(self, task: "BackgroundTask[Any]") -> None:
        super().__init__()
        self._task = task

    @override
    def run(self) -> None:
        self._task._run()


def pool() -> QThreadPool:
    """The pool tasks run on: Qt's global one, with at least MIN_POOL_THREADS threads."""
    shared = QThreadPool.globalInstance()
    if shared.maxThreadCount() < MIN_POOL_THREADS:
        shared.setMaxThreadCount(MIN_POOL_THREADS)
    return shared


def live_tasks() -> "list[BackgroundTask[Any]]":
    """Tasks started whose outcome has not been delivered yet (for tests and quitting)."""
    return list(_LIVE)


class BackgroundTask(QObject, Generic[T]):
    """Runs ``work(control)`` once on the thread pool; create, connect, then start()."""

    #: A value the work reported through :meth:`TaskControl.report`.
    progressed = Signal(object)
    #: The work returned this value.
    succeeded = Signal(object)
    #: The work raised this exception (not a stop).
    failed = Signal(object)
    #: The work stopped because it was asked to.
    cancelled = Signal()
    #: Emitted last, whatever the outcome.
    finished = Signal()

    # Emitted on the pool thread; queued to the UI thread where the task lives.
    _reported = Signal(object)
    _ended = Signal()

    def __init__(
        self,
        work: Callable[[TaskControl], T],
        *,
        stops: tuple[type[BaseException], ...] = (Cancelled,),
    ) -> None:
        super().__init__()  # never a parent: a parent could delete it while it runs
        self._work = work
        #: What the task runs, in words for a report of work left running.
        self.name: str = getattr(work, "__qualname__", repr(work))
        self._stops = stops
        self._stop = threading.Event()
        #: Set by the pool thread once it no longer touches the task.
        self._returned = threading.Event()
        self._state = _State.NEW
        self._outcome: tuple[_Outcome, object] | None = None
        self._reported.connect(self._deliver_progress, Qt.ConnectionType.QueuedConnection)
        self._ended.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    # -- the UI thread's side --------------------------------------------------------

    def start(self) -> None:
        """Queue the work on the pool (once)."""
        if self._state is not _State.NEW:
            raise RuntimeError("A background task runs once.")
        self._state = _State.RUNNING
        _LIVE.add(self)
        pool().start(_Runnable(self))

    def cancel(self) -> None:
        """Ask the work to stop; safe from any thread, returns at once."""
        self._stop.set()

    def is_cancelled(self) -> bool:
        return self._stop.is_set()

    @property
    def running(self) -> bool:
        """Started, and its outcome not delivered yet."""
        return self._state is _State.RUNNING

    @property
    def done(self) -> bool:
        """The outcome has been delivered (``finished`` was emitted)."""
        return self._state is _State.DELIVERED

    def join(self, timeout: float | None = None) -> bool:
        """Block until the work has returned (any thread); delivers nothing."""
        if self._state is _State.NEW:
            return True
        return self._returned.wait(timeout)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work has returned, then deliver its outcome now (UI thread).

        False when ``timeout`` seconds passed first; the outcome then comes later.
        """
        if not self.join(timeout):
            return False
        self._deliver()
        return True

    def result(self) -> T:
        """The value the work returned; raises what it raised, or Cancelled.

        Only once the outcome is delivered (after ``finished`` or :meth:`wait`).
        """
        if self._state is not _State.DELIVERED or self._outcome is None:
            raise RuntimeError("The task has not finished.")
        kind, value = self._outcome
        match kind:
            case _Outcome.SUCCEEDED:
                return value  # type: ignore[return-value]  # what work returned, a T
            case _Outcome.FAILED:
                assert isinstance(value, BaseException)
                raise value
            case _Outcome.CANCELLED:
                raise Cancelled("The task was cancelled.")

    def _deliver_progress(self, value: object) -> None:
        if self._state is _State.RUNNING:
            self.progressed.emit(value)

    def _deliver(self) -> None:
        if self._state is not _State.RUNNING or self._outcome is None:
            return
        # The end is emitted just before the pool thread lets go: at most a moment.
        self._returned.wait()
        self._state = _State.DELIVERED
        kind, value = self._outcome
        try:
            match kind:
                case _Outcome.SUCCEEDED:
                    self.succeeded.emit(value)
                case _Outcome.FAILED:
                    self.failed.emit(value)
                case _Outcome.CANCELLED:
                    self.cancelled.emit()
            self.finished.emit()
        finally:
            _LIVE.discard(self)

    # -- the pool thread's side ------------------------------------------------------

    def _run(self) -> None:
        outcome: tuple[_Outcome, object] = (
            _Outcome.FAILED,
            RuntimeError("The work ended without an outcome."),
        )
        try:
            outcome = (_Outcome.SUCCEEDED, self._work(TaskControl(self)))
        except self._stops:
            outcome = (_Outcome.CANCELLED, None)
        except Exception as exc:
            # Whatever went wrong reaches the UI thread as an outcome, never ends the
            # thread silently: a task that never finished would hold its window.
            outcome = (_Outcome.FAILED, exc)
        finally:
            self._outcome = outcome
            self._ended.emit()
            self._returned.set()
