"""File > Team in the window: publish, clone, a background sync with Cancel, the status bar."""

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from evidenceboard.model.changes import EditCards
from evidenceboard.model.factory import edited_card
from evidenceboard.team.admin import grant
from evidenceboard.team.publish import clone
from evidenceboard.ui.features.team import feature as team_feature
from evidenceboard.ui.features.team.feature import TeamFeature
from evidenceboard.ui.window.main_window import MainWindow
from tests.team.conftest import TeamDb
from tests.window_fixtures import feature_of

pytestmark = pytest.mark.usefixtures("window_guard")


def _feature(window: MainWindow) -> TeamFeature:
    return feature_of(window, TeamFeature)


def _published(window: MainWindow, team_db: TeamDb, monkeypatch: pytest.MonkeyPatch) -> TeamFeature:
    feature = _feature(window)
    monkeypatch.setattr(team_feature, "ask_server_url", lambda _p, _t: team_db.url("alice"))
    feature.actions["team-publish"].trigger()
    assert "Published" in window.message_bar.text()
    return feature


def _edit_a_card(window: MainWindow, title: str) -> str:
    session = window.session
    assert session is not None
    card = sorted(session.document.board.cards.values(), key=lambda c: c.id)[0]
    after = edited_card(card, "alice", title=title)
    assert session.controller.submit(EditCards(((card, after),), "Rename"))
    return card.id


def test_the_team_menu_and_the_status_bar_follow_the_board(
    window: MainWindow, team_db: TeamDb, monkeypatch: pytest.MonkeyPatch
) -> None:
    feature = _feature(window)
    names = [a.objectName() for a in window.menus["team"].actions()]
    assert names == ["team-publish", "team-clone", "team-sync"]
    assert feature.status.text() == ""
    assert not feature.actions["team-sync"].isEnabled()
    _published(window, team_db, monkeypatch)
    assert feature.status.text().startswith(f"Team: this computer/{team_db.name} · last sync")
    assert feature.status.text().endswith("· 0 unsynced")
    assert feature.actions["team-sync"].isEnabled()
    assert not feature.actions["team-publish"].isEnabled()
    _edit_a_card(window, "Edited in the window")
    assert feature.status.text().endswith("· 1 unsynced")


def test_sync_now_runs_in_the_background_and_reaches_the_server(
    qtbot: QtBot,
    window: MainWindow,
    team_db: TeamDb,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    feature = _published(window, team_db, monkeypatch)
    card_id = _edit_a_card(window, "Sent from the window")
    feature.actions["team-sync"].trigger()
    assert feature.progress.isVisible() and feature.cancel_button.isVisible()
    qtbot.waitUntil(lambda: feature.worker is None, timeout=20_000)
    assert window.message_bar.text().startswith("Synced:"), window.message_bar.text()
    assert "1 sent" in window.message_bar.text()
    assert not feature.progress.isVisible()
    assert feature.status.text().endswith("· 0 unsynced")
    session = window.session
    assert session is not None
    case = session.document.sync_state()["case"]
    grant(team_db.url("alice"), "bob", case)
    doc, _ = clone(team_db.url("bob"), case, tmp_path / "bob.evboard")
    with doc:
        assert doc.board.cards[card_id].title == "Sent from the window"


def test_cancel_stops_the_sync_before_it_changes_anything(
    qtbot: QtBot, window: MainWindow, team_db: TeamDb, monkeypatch: pytest.MonkeyPatch
) -> None:
    feature = _published(window, team_db, monkeypatch)
    _edit_a_card(window, "Not sent")
    feature.actions["team-sync"].trigger()
    feature.cancel_button.click()
    qtbot.waitUntil(lambda: feature.worker is None, timeout=20_000)
    assert "cancelled" in window.message_bar.text()
    assert feature.status.text().endswith("· 1 unsynced")


def test_clone_opens_the_working_copy(
    window: MainWindow, team_db: TeamDb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _published(window, team_db, monkeypatch)
    session = window.session
    assert session is not None
    title = session.document.board.info.title
    grant(team_db.url("alice"), "bob", title)
    out = tmp_path / "bob"
    monkeypatch.setattr(team_feature, "ask_server_url", lambda _p, _t: team_db.url("bob"))
    monkeypatch.setattr(team_feature, "ask_case", lambda _p: title)
    monkeypatch.setattr(team_feature, "choose_clone_path", lambda _p: out.with_suffix(".evboard"))
    _feature(window).actions["team-clone"].trigger()
    assert window.session is not None
    assert window.session.document.path == out.with_suffix(".evboard")
    assert _feature(window).status.text().startswith("Team: this computer/")


def test_without_the_postgresql_driver_the_window_says_so(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(team_feature, "missing_driver", lambda: "No driver in this build.")
    asked: list[str] = []
    monkeypatch.setattr(team_feature, "ask_server_url", lambda _p, t: asked.append(t))
    _feature(window).actions["team-publish"].trigger()
    assert window.message_bar.text() == "No driver in this build."
    assert asked == []


def test_a_server_never_chosen_here_is_asked_about_before_anything_is_sent(
    qtbot: QtBot, window: MainWindow, team_db: TeamDb, monkeypatch: pytest.MonkeyPatch
) -> None:
    from evidenceboard.team.trust import trust_file

    feature = _published(window, team_db, monkeypatch)
    _edit_a_card(window, "Not to be sent unasked")
    trust_file().unlink()  # as on a computer that received this board from someone
    asked: list[str] = []

    def answer(
        reply: QMessageBox.StandardButton,
    ) -> Callable[[QMessageBox], QMessageBox.StandardButton]:
        def confirm(box: QMessageBox) -> QMessageBox.StandardButton:
            asked.append(box.text())
            return reply

        return confirm

    monkeypatch.setattr(team_feature, "confirm_server", answer(QMessageBox.StandardButton.No))
    feature.actions["team-sync"].trigger()
    assert feature.worker is None and not feature.progress.isVisible()
    assert asked and "a board from someone else can name their own server" in asked[0]
    assert feature.status.text().endswith("· 1 unsynced")
    monkeypatch.setattr(team_feature, "confirm_server", answer(QMessageBox.StandardButton.Yes))
    feature.actions["team-sync"].trigger()
    qtbot.waitUntil(lambda: feature.worker is None, timeout=20_000)
    assert "1 sent" in window.message_bar.text()
    # Chosen once, it is not asked again.
    asked.clear()
    feature.actions["team-sync"].trigger()
    qtbot.waitUntil(lambda: feature.worker is None, timeout=20_000)
    assert not asked
