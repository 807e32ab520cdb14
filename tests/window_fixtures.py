"""The real window for tests: fixtures and helpers shared by tests/ui and tests/reliability.

Registered as a pytest plugin in tests/conftest.py, so every folder gets the same window
built the same way. ``window_guard`` runs around each window test: tests/ui/conftest.py
turns it on for every test there, other modules with ``pytestmark =
pytest.mark.usefixtures("window_guard")``, and the ``window`` fixture always asks for it.

After the test it fails the test when

* a window was left open (it is closed first, so later tests do not see it);
* work the test started on Qt's global thread pool is still running: a layout, import
  or export left running would go on touching boards and widgets in the next test;
* a timer created by the application is still active on a closed window (or dialog):
  it would fire into the next test.

Before the last two checks it does what quitting the application does: it waits for the
closed windows' snapshots (the last snapshot of a changed board is taken after its window
closed). Qt's own timers (a status bar message that clears itself) are not the
application's and are not counted.

``no_background_work_left`` runs around *every* test, window or not (as napari's
``_dangling_qthread_pool`` does): it fails a test that leaves a
:class:`~evidenceboard.ui.common.background_task.BackgroundTask` undelivered or a thread of Qt's
global pool running. It first waits for them, by their own done events and
``QThreadPool.waitForDone`` (both return the moment the work is done), at most
:data:`TASK_GRACE_S`; that is a hang guard, not a measure: a task that emitted its end
may still be unwinding, but work still going after it is work the test forgot.
"""

import time
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import (
    QObject,
    QPoint,
    QPointF,
    QSettings,
    QStandardPaths,
    Qt,
    QThreadPool,
    QTimer,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken

from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.links import LinkKind
from evidenceboard.storage.demo_file import create_demo_board
from evidenceboard.ui.board.scene.board_view import BoardView
from evidenceboard.ui.board.scene.card_item import CardItem
from evidenceboard.ui.common.background_task import live_tasks
from evidenceboard.ui.common.collector import UiThreadCollector
from evidenceboard.ui.common.theme import LIGHT
from evidenceboard.ui.features.recovery.feature import RecoveryFeature
from evidenceboard.ui.window import file_ops
from evidenceboard.ui.window.application import make_application
from evidenceboard.ui.window.main_window import MainWindow
from evidenceboard.ui.window.session import BoardSession

#: How long pool threads get to return once the test is over, in milliseconds. A thread
#: that emitted its last signal may still be unwinding; only work that is still going
#: after this is reported. A hang guard, not a measure of anything.
POOL_GRACE_MS = 10_000

#: How long background work gets to end once its test is over, in seconds (a hang guard).
TASK_GRACE_S = 5.0

_Found = TypeVar("_Found", bound=QObject)

__all__ = [
    "answer_read_only",
    "background_work_left",
    "choose_link_kind",
    "click_card_titled",
    "demo_path",
    "drag_on_canvas",
    "feature_of",
    "new_window",
    "no_background_work_left",
    "note_and_claim_in_view",
    "note_centred",
    "session_of",
    "shown_window",
    "view_of",
    "view_point",
    "window",
    "window_guard",
]


def background_work_left(grace: float = TASK_GRACE_S) -> list[str]:
    """Wait up to ``grace`` seconds for background work to end; say what is still going.

    Tasks that ended are delivered on the way (their ``finished`` is emitted), as the
    event loop would have done.
    """
    deadline = time.monotonic() + grace
    for task in live_tasks():
        task.wait(max(0.0, deadline - time.monotonic()))
    pool = QThreadPool.globalInstance()
    pool.waitForDone(max(0, int((deadline - time.monotonic()) * 1000)))
    left = [f"a background task running {task.name}" for task in live_tasks()]
    if pool.activeThreadCount():
        left.append(f"{pool.activeThreadCount()} thread(s) of the global thread pool")
    return left


@pytest.fixture(autouse=True)
def no_background_work_left() -> Iterator[None]:
    """Fail the test if it leaves background tasks or pool threads running."""
    yield
    if not live_tasks() and QThreadPool.globalInstance().activeThreadCount() == 0:
        return
    left = background_work_left()
    for task in live_tasks():
        task.cancel()  # so that the next test does not inherit it
    assert not left, f"the test left background work running: {left}"


def _address(widget: QWidget) -> int:
    return int(Shiboken.getCppPointer(widget)[0])


def _stop_active_timers(tops: list[QWidget]) -> list[str]:
    """Stop the application's timers still active on ``tops``; say which they were.

    Stopped, so that the next test is not blamed for them too.
    """
    found = []
    for top in tops:
        for timer in top.findChildren(QTimer):
            if timer.isActive() and Shiboken.createdByPython(timer):
                timer.stop()
                owner = timer.parent()
                found.append(
                    f"a {timer.interval()} ms timer of {type(owner).__name__} "
                    f"in {type(top).__name__}"
                )
    return found


@pytest.fixture(scope="session")
def _settings_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("qsettings")


def fresh_settings(folder: Path) -> None:
    """What the window remembers starts empty, in a folder of this test run alone.

    Qt's test mode shares ``~/.qttest`` with every run on the machine, so recent boards
    and a window layout saved by one test (or another run) would reach the next.
    """
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(folder))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings().clear()


@pytest.fixture
def window_guard(qapp: QApplication, _settings_folder: Path) -> Iterator[None]:
    """The application set up as the window needs it; after the test, nothing left over."""
    fresh_settings(_settings_folder)
    make_application([])
    # As in the application: the cyclic collector runs on this thread only.
    collector = UiThreadCollector(qapp)
    collector.start()
    # Windows of earlier tests are closed but may not be deleted yet: not this test's.
    earlier = {_address(w) for w in QApplication.topLevelWidgets()}
    try:
        yield
        _check_nothing_left(earlier)
    finally:
        collector.stop()
        collector.deleteLater()


def _check_nothing_left(earlier: set[int]) -> None:
    # The clipboard owns the data a test copied; Qt must drop it while the application
    # is alive, not during interpreter shutdown, where it crashes.
    QApplication.clipboard().clear()
    QApplication.processEvents()
    leaked = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for widget in leaked:
        widget.close()
    assert not leaked, f"the test left windows open: {leaked}"
    tops = [w for w in QApplication.topLevelWidgets() if _address(w) not in earlier]
    for top in tops:
        for feature in top.findChildren(RecoveryFeature):
            feature.wait()
    timers = _stop_active_timers(tops)
    pool = QThreadPool.globalInstance()
    pool.waitForDone(POOL_GRACE_MS)
    running = pool.activeThreadCount()
    assert running == 0, f"the test left {running} thread-pool job(s) running"
    assert not timers, f"the test left timers running on closed windows: {timers}"


@pytest.fixture
def demo_path(board_dir: Path) -> Path:
    """A fresh demo board file."""
    path = board_dir / "demo.evboard"
    create_demo_board(path).close()
    return path


def shown_window(qtbot: QtBot, path: Path | None = None) -> MainWindow:
    """A 1400 x 900 window on screen, with the board at ``path`` open, closed by qtbot."""
    win = MainWindow(LIGHT)
    win.resize(1400, 900)
    qtbot.addWidget(win)
    win.show()
    if path is not None:
        assert win.open_path(path)
    qtbot.waitExposed(win)
    return win


def new_window(qtbot: QtBot) -> MainWindow:
    """A window on screen with no board, closed by qtbot after the test."""
    win = shown_window(qtbot)
    _activate(qtbot, win)
    return win


@pytest.fixture
def window(window_guard: None, qtbot: QtBot, demo_path: Path) -> Iterator[MainWindow]:
    """A window on screen with the demo board open."""
    win = shown_window(qtbot, demo_path)
    _activate(qtbot, win)
    yield win
    win.close()


def answer_read_only(monkeypatch: pytest.MonkeyPatch, answer: bool) -> list[str]:
    """Answer ``answer`` whenever a locked board offers to open read-only.

    Returns the list the reasons given for asking are added to, one per question.
    """
    asked: list[str] = []

    def ask(_parent: object, error: object) -> bool:
        asked.append(str(error))
        return answer

    monkeypatch.setattr(file_ops, "ask_open_read_only", ask)
    return asked


def _activate(qtbot: QtBot, win: MainWindow) -> None:
    # Window shortcuts take keys only in the active window; on a real X server without
    # a window manager a shown window is not made active by itself.
    with qtbot.waitActive(win):
        win.activateWindow()


def session_of(window: MainWindow) -> BoardSession:
    """The window's session: a board is open."""
    assert window.session is not None
    return window.session


def feature_of(window: MainWindow, kind: type[_Found]) -> _Found:
    """The window's one feature (or other child object) of ``kind``."""
    found = window.findChild(kind)
    assert isinstance(found, kind)
    return found


def view_of(window: MainWindow) -> BoardView:
    assert window.session is not None
    return window.session.view


def view_point(view: BoardView, scene_pos: QPointF) -> QPoint:
    return view.mapFromScene(scene_pos)


def drag_on_canvas(
    window: MainWindow,
    start: QPointF,
    end: QPointF,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
    *,
    hover: bool = False,
) -> None:
    """Drag with the left button from ``start`` to ``end`` (scene points) in five moves.

    ``hover`` moves the pointer to ``start`` before the press, as a hand does.
    """
    view = view_of(window)
    vp = view.viewport()
    a, b = view_point(view, start), view_point(view, end)
    if hover:
        QTest.mouseMove(vp, a)
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, modifiers, a)
    for step in range(1, 6):
        QTest.mouseMove(vp, a + (b - a) * step / 5)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, modifiers, b)


def note_centred(window: MainWindow, zoom: float) -> tuple[Card, CardItem, BoardView]:
    """The demo board's first note, its item and the view, centred on it at ``zoom``."""
    assert window.session is not None
    board = window.session.document.board
    card = next(c for c in board.cards.values() if c.kind is CardKind.NOTE)
    item = window.session.scene.card_item(card.id)
    assert item is not None
    view = view_of(window)
    view.set_zoom(zoom)
    view.centre_on_card(card.id)
    return card, item, view


def note_and_claim_in_view(window: MainWindow) -> tuple[Card, Card, CardItem, CardItem]:
    """The demo's first note and claim H2 (which it contradicts), with their items.

    At zoom 1, with both in view, ready to drag a link from the note to the claim.
    """
    assert window.session is not None
    scene, board = window.session.scene, window.session.document.board
    note = next(c for c in board.cards.values() if c.kind is CardKind.NOTE)
    claim = next(c for c in board.cards.values() if c.title.startswith("H2"))
    source, target = scene.card_item(note.id), scene.card_item(claim.id)
    assert source is not None and target is not None
    view = view_of(window)
    view.set_zoom(1.0)
    view.centerOn(QPointF(300, 0))
    return note, claim, source, target


def click_card_titled(window: MainWindow, prefix: str) -> tuple[Card, CardItem, BoardView]:
    """Click, in the view, the card whose title starts with ``prefix``: it, its item, the view."""
    assert window.session is not None
    board = window.session.document.board
    card = next(c for c in board.cards.values() if c.title.startswith(prefix))
    item = window.session.scene.card_item(card.id)
    assert item is not None
    view = view_of(window)
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        view_point(view, item.scene_rect().center()),
    )
    return card, item, view


def choose_link_kind(kind: LinkKind) -> None:
    """Choose ``kind`` in the link-kind menu that a new link's drag or pick opened."""
    menu = QApplication.activePopupWidget()
    assert menu is not None and menu.objectName() == "link-kind-menu"
    action = next(a for a in menu.actions() if a.data() == kind.value)
    action.trigger()
    menu.close()
