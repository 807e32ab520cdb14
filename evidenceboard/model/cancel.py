"""Stopping a long read part-way: the check a reader is given and the error it raises.

A reader that loops over many items (the nodes of a GraphML file, the parts of a web
archive, the cards of a canvas) takes an optional ``cancel`` check, a callable that
says whether the user has asked to stop (in the window, the import worker's
``threading.Event.is_set``). :class:`Checkpoint` asks it every few hundred items, so
asking costs nothing next to the work, and raises :class:`Cancelled`. Nothing read so
far is kept: the caller drops the whole file.

:class:`Cancelled` is deliberately not a :class:`~evidenceboard.model.errors.ModelError`
so that code reporting a file's failure never mistakes a stop for a bad file.
"""

from collections.abc import Callable

#: Says whether to stop; called from the thread doing the reading.
CancelCheck = Callable[[], bool]


class Cancelled(Exception):
    """The user stopped the reading; nothing of the file is kept."""


class Checkpoint:
    """Call :meth:`tick` once per item; it asks ``cancel`` every ``every`` items."""

    __slots__ = ("_cancel", "_count", "_every")

    def __init__(self, cancel: CancelCheck | None, every: int = 256) -> None:
        self._cancel = cancel
        self._every = every
        self._count = 0

    def tick(self) -> None:
        if self._cancel is None:
            return
        self._count += 1
        if self._count >= self._every:
            self._count = 0
            self.check()

    def check(self) -> None:
        """Ask now, whatever the count; raises :class:`Cancelled` if asked to stop."""
        if self._cancel is not None and self._cancel():
            raise Cancelled("The import was cancelled.")
