"""The window opens a board that came with a planted journal, and says what it set aside.

The journal names a victim file as its super-journal; the window must open the board
for editing as it is in its file, leave the victim alone, and tell the user in the
message bar (a warning, not an error dialog).
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from evidenceboard.storage.sidecars import LeftoverFileWarning
from evidenceboard.ui.window import file_ops
from evidenceboard.ui.window.main_window import MainWindow
from tests.reliability.helpers import digest, make_demo
from tests.storage.planted import journal_of, plant_journal
from tests.window_fixtures import new_window


@pytest.fixture
def window(window_guard: None, qtbot: QtBot) -> Iterator[MainWindow]:
    win = new_window(qtbot)
    yield win
    win.close()


def test_the_window_sets_a_planted_journal_aside_and_says_so(
    window: MainWindow, board_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(file_ops, "show_error", lambda _p, _t, message: errors.append(message))
    board = make_demo(board_dir)
    victim = tmp_path / "another.evboard"
    victim.write_bytes(b"another case")
    plant_journal(board, str(victim))
    before = digest(board)
    with pytest.warns(LeftoverFileWarning):
        assert window.open_path(board), errors
        assert victim.exists() and digest(board) == before
    assert not journal_of(board).exists()
    assert window.session is not None and not window.session.document.read_only
    text = window.message_bar.text()
    assert "leftover journal came with demo.evboard" in text and "set aside, unread" in text
    assert window.message_bar.property("level") == "warning"
    assert errors == []
