"""Snapshots while a board is open, restoring one, and rescuing a damaged board."""

import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from evidenceboard.demo import build_demo
from evidenceboard.model.changes import EditCards
from evidenceboard.model.factory import edited_card
from evidenceboard.model.ids import new_id
from evidenceboard.storage import snapshot_copy, snapshots, vetting
from evidenceboard.storage.demo_file import create_demo_board
from evidenceboard.storage.document import create_board, open_board
from evidenceboard.storage.errors import DamagedBoardError
from evidenceboard.storage.hardening import Watchdog
from evidenceboard.storage.snapshots import (
    SnapshotInfo,
    list_snapshots,
    snapshot_folder,
    take_snapshot,
)
from evidenceboard.ui.features.recovery import feature as recovery_feature
from evidenceboard.ui.features.recovery.dialog import RecoveryChoice, RecoveryDialog
from evidenceboard.ui.features.recovery.feature import RecoveryFeature, recover_damaged_board
from evidenceboard.ui.window.main_window import MainWindow
from evidenceboard.ui.window.session import BoardSession
from tests.reliability.corpus import DEEP_JSON, retype
from tests.reliability.faults import FailingBackup, PausedCopy
from tests.window_fixtures import feature_of, session_of


@pytest.fixture(autouse=True)
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # Autouse: in place before the window fixture opens its board.
    folder = tmp_path / "snapshots"
    monkeypatch.setattr(recovery_feature, "snapshot_root", lambda: folder)
    return folder


@pytest.fixture
def feature(window: MainWindow) -> RecoveryFeature:
    return feature_of(window, RecoveryFeature)


@pytest.fixture
def case(board_dir: Path) -> Path:
    """A demo board file, case.evboard, for the test to damage."""
    path = board_dir / "case.evboard"
    create_demo_board(path).close()
    return path


@pytest.fixture
def paused(feature: RecoveryFeature, monkeypatch: pytest.MonkeyPatch) -> Iterator[PausedCopy]:
    """The next snapshot's copy stops half-way until the test resumes it."""
    feature.wait()  # not the window fixture's board: its first snapshot is done first
    # A page per step, so even the demo board is copied in many steps, without pauses.
    feature.worker.pages = 1
    feature.worker.pause = 0
    copy = PausedCopy()
    monkeypatch.setattr(snapshot_copy, "connect", copy.connect)
    yield copy
    copy.resume.set()  # a test that failed early must not leave the copy waiting


#: The reports shown to the user: title, text and the lines of details of each.
Reports = list[tuple[str, str, list[str]]]


@pytest.fixture
def reports(monkeypatch: pytest.MonkeyPatch) -> Reports:
    shown: Reports = []

    def show(_parent: object, title: str, text: str, details: list[str]) -> None:
        shown.append((title, text, details))

    monkeypatch.setattr(recovery_feature, "show_report", show)
    return shown


def _retitle(session: BoardSession, title: str) -> str:
    card = min(session.document.board.cards.values(), key=lambda c: c.id)
    assert session.controller.submit(EditCards(((card, edited_card(card, "me", title=title)),)))
    return card.id


def _open_fresh_board(window: MainWindow) -> tuple[Path, BoardSession]:
    """Open a demo board with an id of its own (so no snapshot yet) beside the open board."""
    info, change = build_demo()
    path = session_of(window).document.path.with_name("fresh.evboard")
    with create_board(path, replace(info, id=new_id())) as document:
        document.apply(change)
    assert window.open_path(path)
    return path, session_of(window)


def _title_in_file(path: Path, card_id: str) -> str:
    """The card's title as the board file at ``path`` holds it."""
    with open_board(path, read_only=True) as saved:
        return saved.board.cards[card_id].title


def _opened_as_damaged(path: Path) -> DamagedBoardError:
    """Opening the board at ``path`` fails as damaged: the error it fails with."""
    with pytest.raises(DamagedBoardError) as raised:
        open_board(path)
    return raised.value


def _salvage_report(reports: Reports) -> list[str]:
    """The first report shown says the demo board's 21 cards were salvaged: its details."""
    (title, text, details) = reports[0]
    assert title == "Salvage finished" and text.startswith("Salvaged 21 cards")
    return details


def test_snapshots_follow_the_open_board(
    window: MainWindow, feature: RecoveryFeature, root: Path
) -> None:
    session = session_of(window)
    board_id = session.document.board.info.id
    feature.wait()
    assert len(list_snapshots(board_id, root)) == 1, "a board with none gets one on opening"
    assert feature.take_now() is None, "nothing changed, nothing taken"
    _retitle(session, "Second state")
    assert feature.take_now() is not None
    feature.wait()
    card_id = _retitle(session, "Last state before closing")
    window.close_board()
    feature.wait()
    snapshots = list_snapshots(board_id, root)
    assert len(snapshots) == 3 and all(s.usable for s in snapshots)
    assert _title_in_file(snapshots[0].path, card_id) == "Last state before closing"


def test_opening_a_board_with_snapshots_does_not_open_them(
    window: MainWindow,
    feature: RecoveryFeature,
    root: Path,
    demo_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    board_id = session_of(window).document.board.info.id
    feature.wait()
    window.close_board()
    described: list[Path] = []
    real_describe = snapshots._describe

    def describe(path: Path, taken_at: datetime) -> SnapshotInfo:
        described.append(path)
        return real_describe(path, taken_at)

    monkeypatch.setattr(snapshots, "_describe", describe)
    # Were they opened, these would fail to; a board has snapshots all the same.
    for n in range(5):
        (root / board_id / f"20200101T00000{n}.000000Z.evboard").write_bytes(b"x" * 100)
    assert window.open_path(demo_path)
    assert described == [], "the snapshots were opened just to learn that there are some"
    assert feature.worker.unreported() == [], "a board with snapshots needs none on opening"


def test_the_first_snapshot_is_taken_while_the_window_stays_usable(
    window: MainWindow, feature: RecoveryFeature, root: Path, qtbot: QtBot, paused: PausedCopy
) -> None:
    feature.last = None
    path, session = _open_fresh_board(window)
    folder = snapshot_folder(session.document.board.info.id, root)
    assert feature.worker.unreported(), "the open waited for the first snapshot"
    # From here until ``resume`` the snapshot is provably half-way through its copy.
    qtbot.waitUntil(paused.paused.is_set, timeout=30_000)
    assert paused.thread is not None and paused.thread is not threading.main_thread()
    handled: list[bool] = []
    QTimer.singleShot(0, lambda: handled.append(not paused.resume.is_set()))
    qtbot.waitUntil(lambda: bool(handled), timeout=30_000)
    assert handled == [True], "the window did not handle its events during the snapshot"
    card_id = _retitle(session, "Typed during the first snapshot")
    assert not paused.timed_out and feature.worker.unreported(), "the snapshot ended meanwhile"
    paused.resume.set()
    qtbot.waitUntil(lambda: feature.last is not None, timeout=30_000)
    assert not paused.timed_out
    assert feature.last is not None and feature.last.parent == folder
    assert _title_in_file(path, card_id) == "Typed during the first snapshot"


def test_closing_a_changed_board_while_a_snapshot_runs_keeps_the_last_change(
    window: MainWindow, feature: RecoveryFeature, root: Path, qtbot: QtBot, paused: PausedCopy
) -> None:
    _, session = _open_fresh_board(window)
    board_id = session.document.board.info.id
    qtbot.waitUntil(paused.paused.is_set, timeout=30_000)
    card_id = _retitle(session, "Typed just before closing")
    window.close_board()
    assert session.document.closed
    assert not paused.timed_out, "closing the board waited for the snapshot"
    paused.resume.set()
    feature.wait()
    assert not paused.timed_out
    newest = list_snapshots(board_id, root)[0]
    assert newest.usable
    assert _title_in_file(newest.path, card_id) == "Typed just before closing"


def test_a_snapshot_that_fails_warns_once_and_leaves_nothing(
    window: MainWindow,
    feature: RecoveryFeature,
    root: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def full_disk(path: Path, *, writable: bool) -> tuple[sqlite3.Connection, Watchdog]:
        connection, watchdog = vetting.connect(path, writable=writable)
        return FailingBackup(connection, 2), watchdog  # type: ignore[return-value]

    monkeypatch.setattr(snapshot_copy, "connect", full_disk)
    warnings: list[str] = []
    show = window.message_bar.show_message

    def record(text: str, level: str = "error") -> None:
        if level == "warning":
            warnings.append(text)
        show(text, level)

    monkeypatch.setattr(window.message_bar, "show_message", record)
    _, session = _open_fresh_board(window)
    feature.wait()
    assert len(warnings) == 1 and "disk is full" in warnings[0]
    assert feature.auto is not None and feature.auto.pending, "the failed snapshot is owed"
    _retitle(session, "Changed after the failure")
    assert feature.take_now() is not None
    feature.wait()
    assert len(warnings) == 1, "a full disk is reported once per board, not every time"
    folder = snapshot_folder(session.document.board.info.id, root)
    assert sorted(p.name for p in folder.iterdir()) == ["origin.json"]


def test_restore_from_snapshot_opens_a_new_file_and_keeps_the_board(
    window: MainWindow, feature: RecoveryFeature, demo_path: Path
) -> None:
    session = session_of(window)
    feature.wait()
    card_id = _retitle(session, "Typed after the snapshot")
    dialog = feature.show_snapshots()
    assert dialog is not None and dialog.table.rowCount() == 1
    assert dialog.table.item(0, 3) is not None
    assert dialog.restore_button.isEnabled()
    QTest.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    restored = session_of(window).document
    assert restored.path.parent == demo_path.parent
    assert restored.path.name.startswith("demo (restored ")
    assert restored.board.cards[card_id].title != "Typed after the snapshot"
    assert "demo.evboard is unchanged" in window.message_bar.text()
    assert _title_in_file(demo_path, card_id) == "Typed after the snapshot"


def test_a_truncated_board_is_restored_from_its_last_snapshot(
    window: MainWindow,
    root: Path,
    board_dir: Path,
    reports: Reports,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = board_dir / "case.evboard"
    with create_demo_board(path) as original:
        take_snapshot(original, root=root)
        cards = set(original.board.cards)
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.truncate(size // 2)
    error = _opened_as_damaged(path)
    offered: list[SnapshotInfo | None] = []

    def ask(
        _parent: object, _path: Path, _error: DamagedBoardError, snapshot: SnapshotInfo | None
    ) -> RecoveryChoice:
        offered.append(snapshot)
        return RecoveryChoice.RESTORE

    monkeypatch.setattr(recovery_feature, "ask_recovery", ask)
    document = recover_damaged_board(window, path, error)
    assert document is not None
    with document:
        assert set(document.board.cards) == cards
        assert not document.read_only
    assert offered[0] is not None and offered[0].cards == len(cards)
    (title, text, _details) = reports[0]
    assert title == "Board restored" and "case (damaged " in text
    damaged = [p for p in board_dir.iterdir() if p.name.startswith("case (damaged ")]
    assert len(damaged) == 1 and damaged[0].stat().st_size == size // 2


def test_a_corrupted_board_is_salvaged_into_a_new_board(
    window: MainWindow, case: Path, reports: Reports, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = case.read_bytes()
    with open(case, "r+b") as handle:
        handle.seek(2 * 4096)
        handle.write(b"\xff" * 4096)
    error = _opened_as_damaged(case)
    monkeypatch.setattr(recovery_feature, "ask_recovery", lambda *_args: RecoveryChoice.SALVAGE)
    monkeypatch.setattr(recovery_feature, "choose_salvage_path", lambda _p, suggested: suggested)
    document = recover_damaged_board(window, case, error)
    assert document is not None
    with document:
        assert document.path == case.with_name("case (salvaged).evboard")
        assert len(document.board.cards) == 21
    assert _salvage_report(reports)
    assert case.read_bytes() != before and case.exists(), "the damaged file is kept as it was"


def test_cancel_leaves_everything_as_it_was(
    window: MainWindow, root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "received"
    folder.mkdir()
    path = folder / "case.evboard"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    monkeypatch.setattr(recovery_feature, "ask_recovery", lambda *_args: RecoveryChoice.CANCEL)
    assert recover_damaged_board(window, path, DamagedBoardError("cut short")) is None
    assert [p.name for p in folder.iterdir()] == ["case.evboard"]
    assert path.read_bytes() == b"SQLite format 3\x00" + b"\x00" * 200


def test_the_recovery_dialog_names_the_reason_and_the_snapshot(
    qtbot: QtBot, board_dir: Path
) -> None:
    taken = datetime(2024, 5, 6, 7, 8, tzinfo=UTC)
    snapshot = SnapshotInfo(board_dir / "s.evboard", taken, 12, 14)
    reason = "case.evboard is damaged (it was cut short). <b>not bold</b>"
    dialog = RecoveryDialog(board_dir / "case.evboard", reason, snapshot, None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.reason.text() == reason
    assert dialog.reason.textFormat() == Qt.TextFormat.PlainText
    assert dialog.restore_button is not None
    local = f"{taken.astimezone():%Y-%m-%d %H:%M}"
    assert dialog.restore_button.text() == f"Restore the last snapshot (taken {local}, 12 cards)"
    QTest.mouseClick(dialog.salvage_button, Qt.MouseButton.LeftButton)
    assert dialog.choice is RecoveryChoice.SALVAGE and not dialog.isVisible()
    without = RecoveryDialog(board_dir / "case.evboard", reason, None, None)
    qtbot.addWidget(without)
    assert without.restore_button is None


def test_a_board_damaged_only_in_its_rows_opens_the_recovery_dialog(
    window: MainWindow, case: Path, reports: Reports, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file passes every check before loading; one card's tags are JSON nested
    # 200,000 deep, found only when its row is read.
    retype(case, "cards", "tags", DEEP_JSON)
    before = window.session
    asked: list[str] = []

    def ask(
        _parent: object, _path: Path, error: DamagedBoardError, _snapshot: object
    ) -> RecoveryChoice:
        asked.append(str(error))
        return RecoveryChoice.SALVAGE

    monkeypatch.setattr(recovery_feature, "ask_recovery", ask)
    monkeypatch.setattr(recovery_feature, "choose_salvage_path", lambda _p, suggested: suggested)
    assert window.open_path(case)
    assert len(asked) == 1 and "case.evboard" in asked[0] and "nested too deeply" in asked[0]
    session = session_of(window)
    assert session is not before and session.document.path.name == "case (salvaged).evboard"
    assert len(session.document.board.cards) == 21
    assert any("tags were left out" in line for line in _salvage_report(reports))
