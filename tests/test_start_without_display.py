"""Started where there is no display, the app says so in one line instead of crashing."""

import os
import subprocess
import sys

from evidenceboard.__main__ import NO_DISPLAY, display_missing


def test_the_window_command_explains_a_missing_display() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    result = subprocess.run(
        [sys.executable, "-m", "evidenceboard"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [NO_DISPLAY]


def test_a_chosen_platform_or_a_display_is_left_to_qt() -> None:
    assert display_missing({}, "linux")
    assert not display_missing({"DISPLAY": ":1"}, "linux")
    assert not display_missing({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not display_missing({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not display_missing({}, "darwin")
    assert not display_missing({}, "win32")
