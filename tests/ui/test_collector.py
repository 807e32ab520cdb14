"""While the window is up, the cyclic collector runs on the UI thread, never on a worker."""

import gc
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from evidenceboard.ui.common.collector import UiThreadCollector


class _Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def collections() -> Iterator[list[str]]:
    """The name of the thread each collection ran on, while the test runs."""
    seen: list[str] = []

    def note(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(threading.current_thread().name)

    gc.callbacks.append(note)
    yield seen
    gc.callbacks.remove(note)


def test_a_worker_that_makes_garbage_never_collects(
    qapp: QApplication, collections: list[str]
) -> None:
    # The window guard of every window test runs one already; this test's own shows it.
    collector = UiThreadCollector(qapp)
    collector.start()
    assert not gc.isenabled()

    def make_garbage() -> None:
        for _ in range(50_000):
            _Cycle()

    worker = threading.Thread(target=make_garbage, name="worker")
    worker.start()
    worker.join()
    assert "worker" not in collections
    assert collector.collect_due() > 0
    assert collections and set(collections) == {threading.current_thread().name}
    collector.stop()
    collector.deleteLater()


def test_its_timer_collects_when_a_generation_is_due(qapp: QApplication, qtbot: QtBot) -> None:
    collector = UiThreadCollector(qapp, interval_ms=10)
    collector.start()
    for _ in range(gc.get_threshold()[0] * 2):
        _Cycle()
    assert gc.get_count()[0] > gc.get_threshold()[0]
    qtbot.waitUntil(lambda: gc.get_count()[0] <= gc.get_threshold()[0])
    collector.stop()
    collector.deleteLater()
