"""Actions are data: each is enabled exactly when what it needs is there.

The window and every feature declare their actions as specs; the registry computes
enabling from the window's state. These tests check what a user sees in the menus: with
no board, on a read-only board, with and without a selection, and that no feature makes
an action the registry does not know.
"""

from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget
from pytestqt.qtbot import QtBot

from evidenceboard.storage.document import open_board
from evidenceboard.ui.common.actions import Needs, WindowState, needs_met
from evidenceboard.ui.window.main_window import MainWindow
from tests.window_fixtures import new_window


def _enabled(window: MainWindow, *ids: str) -> dict[str, bool]:
    return {i: window.actions_by_name[i].isEnabled() for i in ids}


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (WindowState(), {Needs.NOTHING}),
        (WindowState(board=True), {Needs.NOTHING, Needs.BOARD}),
        (
            WindowState(board=True, editable=True),
            {Needs.NOTHING, Needs.BOARD, Needs.EDITABLE_BOARD},
        ),
        (
            WindowState(board=True, selection=True),
            {Needs.NOTHING, Needs.BOARD, Needs.SELECTION},
        ),
        (WindowState(board=True, editable=True, selection=True), set(Needs)),
    ],
)
def test_what_each_need_asks_for(state: WindowState, expected: set[Needs]) -> None:
    assert {n for n in Needs if needs_met(n, state)} == expected


def test_without_a_board_only_what_needs_none_is_enabled(qtbot: QtBot) -> None:
    window = new_window(qtbot)
    assert _enabled(window, "open", "new-board", "preferences", "keyboard-shortcuts") == {
        "open": True,
        "new-board": True,
        "preferences": True,
        "keyboard-shortcuts": True,
    }
    for name in (
        "cut",
        "paste",
        "new-claim",
        "find",
        "export-brief",
        "import-files",
        "merge-board",
        "marking-scheme",
        "show-ach",
        "arrange-board",
        "restore-snapshot",
        "team-publish",
        "team-sync",
        "search-everything",
    ):
        assert not window.actions_by_name[name].isEnabled(), name


def test_a_read_only_board_switches_off_every_change_and_keeps_reading(
    qtbot: QtBot, demo_path: Path
) -> None:
    window = new_window(qtbot)
    window.show_document(open_board(demo_path, read_only=True))
    assert window.session is not None
    window.session.editor.select_all()
    for name in (
        "new-claim",
        "paste",
        "cut",
        "delete",
        "duplicate",
        "import-files",
        "paste-as-card",
        "merge-board",
        "marking-scheme",
        "arrange-board",
        "tidy-kind",
        "team-publish",
        "undo",
    ):
        assert not window.actions_by_name[name].isEnabled(), name
    for name in ("copy", "export-brief", "find", "show-ach", "save-copy", "search-everything"):
        assert window.actions_by_name[name].isEnabled(), name


def test_actions_on_the_selection_follow_it(window: MainWindow) -> None:
    assert window.session is not None
    window.session.scene.clearSelection()
    assert _enabled(
        window, "cut", "copy", "delete", "duplicate", "zoom-selection"
    ) == dict.fromkeys(("cut", "copy", "delete", "duplicate", "zoom-selection"), False)
    assert window.actions_by_name["paste"].isEnabled()
    window.session.editor.select_all()
    assert all(_enabled(window, "cut", "copy", "delete", "duplicate", "zoom-selection").values())


def test_a_running_layout_switches_off_arranging_and_on_its_cancel(window: MainWindow) -> None:
    assert not window.actions_by_name["cancel-layout"].isEnabled()
    window.actions_by_name["arrange-board"].trigger()
    assert window.actions_by_name["cancel-layout"].isEnabled()
    assert not window.actions_by_name["arrange-board"].isEnabled()
    assert not window.actions_by_name["arrange-selection"].isEnabled()
    window.actions_by_name["cancel-layout"].trigger()
    assert not window.actions_by_name["cancel-layout"].isEnabled()
    assert window.actions_by_name["arrange-board"].isEnabled()


def test_every_named_action_of_the_window_is_declared(window: MainWindow) -> None:
    declared = {spec.id for spec in window.action_registry}
    # Dock toggles are Qt's own (each dock's toggleViewAction), as are "_q_" actions.
    toggles = {d.toggleViewAction() for d in window.findChildren(QDockWidget)}
    named = {
        a.objectName()
        for a in window.findChildren(QAction)
        if a.objectName() and not a.objectName().startswith("_q_") and a not in toggles
    }
    assert named - declared == set()
    assert declared <= set(window.actions_by_name)
