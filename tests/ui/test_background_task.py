"""The one background primitive: outcomes on the UI thread, by queued signals, kept alive."""

import gc
import threading

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from evidenceboard.model.cancel import Cancelled
from evidenceboard.ui.common.background_task import BackgroundTask, TaskControl, live_tasks
from tests.window_fixtures import background_work_left

WAIT_MS = 10_000


def _record(task: BackgroundTask[object], seen: list[tuple[str, object, bool]]) -> None:
    def note(kind: str) -> object:
        return lambda *args: seen.append(
            (kind, args[0] if args else None, threading.current_thread() is threading.main_thread())
        )

    task.progressed.connect(note("progressed"))
    task.succeeded.connect(note("succeeded"))
    task.failed.connect(note("failed"))
    task.cancelled.connect(note("cancelled"))
    task.finished.connect(note("finished"))


def test_progress_then_the_result_arrive_in_order_on_the_ui_thread(qtbot: QtBot) -> None:
    workers: list[threading.Thread] = []

    def work(control: TaskControl) -> str:
        workers.append(threading.current_thread())
        for step in range(3):
            control.report(step)
        return "done"

    task: BackgroundTask[object] = BackgroundTask(work)
    seen: list[tuple[str, object, bool]] = []
    _record(task, seen)
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        task.start()
    assert workers and workers[0] is not threading.main_thread()
    assert seen == [
        ("progressed", 0, True),
        ("progressed", 1, True),
        ("progressed", 2, True),
        ("succeeded", "done", True),
        ("finished", None, True),
    ]
    assert task.done and not task.running and task.result() == "done"
    with pytest.raises(RuntimeError):
        task.start()  # a task runs once


def test_a_failure_and_a_stop_are_outcomes_not_lost_threads(qtbot: QtBot) -> None:
    def broken(_control: TaskControl) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    failing: BackgroundTask[None] = BackgroundTask(broken)
    seen: list[tuple[str, object, bool]] = []
    _record(failing, seen)  # type: ignore[arg-type]
    with qtbot.waitSignal(failing.finished, timeout=WAIT_MS):
        failing.start()
    assert [kind for kind, _value, _ui in seen] == ["failed", "finished"]
    assert isinstance(seen[0][1], RecursionError)
    with pytest.raises(RecursionError):
        failing.result()

    gate = threading.Event()

    def patient(control: TaskControl) -> None:
        gate.wait(WAIT_MS / 1000)
        if control.cancelled():
            raise Cancelled("stopped")

    stopping: BackgroundTask[None] = BackgroundTask(patient)
    seen.clear()
    _record(stopping, seen)  # type: ignore[arg-type]
    stopping.start()
    stopping.cancel()
    gate.set()
    with qtbot.waitSignal(stopping.finished, timeout=WAIT_MS):
        pass
    assert [kind for kind, _value, _ui in seen] == ["cancelled", "finished"]
    with pytest.raises(Cancelled):
        stopping.result()


def test_a_task_nobody_holds_lives_until_it_has_reported(qtbot: QtBot) -> None:
    gate = threading.Event()
    results: list[object] = []

    def start_and_forget() -> None:
        task: BackgroundTask[int] = BackgroundTask(lambda _control: 42 if gate.wait(10) else 0)
        task.succeeded.connect(results.append)
        task.start()

    start_and_forget()
    gc.collect()
    gate.set()
    qtbot.waitUntil(lambda: results == [42], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not live_tasks(), timeout=WAIT_MS)


def test_wait_delivers_at_once_and_the_late_queued_end_does_nothing(qtbot: QtBot) -> None:
    task: BackgroundTask[str] = BackgroundTask(lambda _control: "read")
    ended: list[str] = []
    task.succeeded.connect(ended.append)
    task.finished.connect(lambda: ended.append("finished"))
    task.start()
    assert task.wait(WAIT_MS / 1000)
    assert ended == ["read", "finished"]
    # The queued end was posted before the work let go; it arrives now and must not
    # report twice.
    QApplication.processEvents()
    assert ended == ["read", "finished"]


def test_work_left_running_is_found_and_named() -> None:
    gate = threading.Event()

    def forgotten(_control: TaskControl) -> None:
        gate.wait(10)

    task: BackgroundTask[None] = BackgroundTask(forgotten)
    task.start()
    try:
        left = background_work_left(grace=0.05)
        assert any("forgotten" in line for line in left), left
    finally:
        gate.set()
    assert background_work_left() == []
    assert task.done
