"""Load a large board's model on a worker thread while the window keeps painting.

Loading the model of a board of 100,000 cards takes seconds (every card and link is
checked and made into model objects). On the UI thread the window would neither paint
nor answer the window system meanwhile, which desktops report as a program that
stopped responding. So the load runs in a
:class:`~evidenceboard.ui.common.background_task.BackgroundTask` and the UI thread waits in a
nested event loop that handles paints, timers, queued signals and the window system,
but no user input: clicks and keys wait in Qt's queue, as they would for a busy window,
and reach the board once it is open. The loop ends when the task's ``finished`` signal
arrives. The caller still gets the document when the call returns, so opening stays
one synchronous step for the rest of the window.

The work touches no Qt object: it runs :meth:`BoardOpening.finish` (SQLite and pure
Python).
"""

import gc

from PySide6.QtCore import QEventLoop

from evidenceboard.model.collector_pause import collector_paused
from evidenceboard.storage.document import BoardDocument, BoardOpening
from evidenceboard.ui.common.background_task import BackgroundTask, TaskControl


def finish_in_background(opening: BoardOpening) -> BoardDocument:
    """``opening.finish()`` on a worker thread; returns (or raises) what it does."""

    def finish(_control: TaskControl) -> BoardDocument:
        return opening.finish()

    task: BackgroundTask[BoardDocument] = BackgroundTask(finish)
    loop = QEventLoop()
    # The end is queued to this thread, so it cannot arrive before the loop runs.
    task.finished.connect(loop.quit)
    # The load allocates millions of objects on the worker thread, which would start
    # the cycle collector there; garbage holding Qt objects (a closed dialog, an old
    # scene) would then be destroyed off the UI thread, which crashes Qt. So pending
    # garbage is collected here, on the UI thread, and none is collected until the
    # load is done.
    gc.collect()
    with collector_paused():
        task.start()
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    return task.result()
