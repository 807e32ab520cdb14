"""Load a large board's model on a worker thread while the window keeps painting.

Loading the model of a board of 100,000 cards takes seconds (every card and link is
checked and made into model objects). On the UI thread the window would neither paint
nor answer the window system meanwhile, which desktops report as a program that
stopped responding. So the load runs on a worker thread and the UI thread waits in a
nested event loop that handles paints, timers and the window system, but no user
input: clicks and keys wait in Qt's queue, as they would for a busy window, and reach
the board once it is open. The caller still gets the document when the call returns,
so opening stays one synchronous step for the rest of the window.

The worker touches no Qt object: it runs :meth:`BoardOpening.finish` (SQLite and pure
Python), and the UI thread looks at its future from a timer.
"""

from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QEventLoop, QTimer

from evidenceboard.storage.document import BoardDocument, BoardOpening

#: How often the waiting UI thread looks whether the load is done, in milliseconds.
POLL_MS = 15


def finish_in_background(opening: BoardOpening) -> BoardDocument:
    """``opening.finish()`` on a worker thread; returns (or raises) what it does."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="open-board")
    try:
        future: Future[BoardDocument] = executor.submit(opening.finish)
        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(POLL_MS)
        poll.timeout.connect(lambda: loop.quit() if future.done() else None)
        poll.start()
        try:
            if not future.done():
                loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        finally:
            poll.stop()
        return future.result()
    finally:
        executor.shutdown(wait=True)
