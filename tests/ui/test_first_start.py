"""The first start: where the demo board is put, and where file dialogs start."""

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from evidenceboard.ui.common import settings
from evidenceboard.ui.common.theme import LIGHT
from evidenceboard.ui.window import application as app_module
from evidenceboard.ui.window.main_window import MainWindow


def test_the_demo_board_is_made_in_a_visible_documents_folder(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    # A first start: no board was opened before (the settings outlive other tests).
    settings.clear_recent()
    window = MainWindow(LIGHT)
    qtbot.addWidget(window)
    app_module.open_initial(window, [])
    assert window.session is not None
    path = window.session.document.path
    assert path.parent == tmp_path / "Documents" / "EvidenceBoard"
    assert path.name == app_module.DEMO_NAME
    assert not any(part.startswith(".") for part in path.relative_to(tmp_path).parts)
    # File dialogs start beside the open board.
    assert window.dialog_folder() == str(path.parent)
    window.close()


def test_without_a_board_dialogs_start_in_the_last_folder(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(LIGHT)
    qtbot.addWidget(window)
    settings.set_last_folder(tmp_path / "case.evboard")
    assert window.dialog_folder() == str(tmp_path)
