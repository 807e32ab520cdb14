"""Test configuration shared by every layer.

Qt must run without a screen in CI, so the offscreen platform is chosen here, before
any test imports Qt, unless a platform is set explicitly: CI runs the window tests
marked ``xcb`` again on a virtual X server with ``QT_QPA_PLATFORM=xcb``, where
shortcuts, menus and focus behave as on a Linux desktop. Test runs also get their own
settings and data folders so they never touch a user's recent files or boards. The
fixtures of the real window, shared by tests/ui and tests/reliability, live in
tests/window_fixtures.py.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

if not os.environ.get("QT_QPA_PLATFORM"):  # unset or empty: Qt would look for a screen
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("EVIDENCEBOARD_USER", "tester")

pytest_plugins = ["tests.window_fixtures"]


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    yield


@pytest.fixture
def board_dir(tmp_path: Path) -> Path:
    """A folder for board files of one test."""
    path = tmp_path / "boards"
    path.mkdir()
    return path
