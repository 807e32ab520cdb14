"""The cyclic garbage collector runs on the UI thread only, while the window is up.

Python runs a collection on whichever thread allocates when a generation passes its
threshold. On a worker thread (a board loading, an analysis, a brief being written)
such a collection can destroy Qt objects that belong to the window, which Qt allows
only on their own thread, and the process crashes; it did, now and then, in full test
runs. So while the window is up automatic collection is off, and a timer on the UI
thread collects whenever a generation is past its threshold, as Python itself would
(the pattern of pyqtgraph's ``GarbageCollector``). Reference counting frees everything
else at once, as before.
"""

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the UI thread looks at the collector's counts.
INTERVAL_MS = 500


class UiThreadCollector(QObject):
    """Turns automatic collection off and collects on this thread (the UI thread)."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.setObjectName("ui-thread-collector")
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        self._was_enabled = False

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Collect once more here and give collection back to Python as it was."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()

    def collect_due(self) -> int:
        """Collect the oldest generation past its threshold, here; the objects freed."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[0] <= thresholds[0]:
            return 0
        generation = 0
        if counts[1] > thresholds[1]:
            generation = 2 if counts[2] > thresholds[2] else 1
        return gc.collect(generation)
