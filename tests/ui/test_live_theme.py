"""A live switch of the system's theme redraws the toolbar's icons in the new colours."""

import pytest
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from evidenceboard.model.cards import CardKind
from evidenceboard.ui.common import appearance
from evidenceboard.ui.common.theme import DARK, LIGHT, Theme
from evidenceboard.ui.window import application as app_module
from evidenceboard.ui.window.main_window import MainWindow


def _ink(icon: QIcon) -> QColor:
    """The colour of the icon's most opaque pixel."""
    image = icon.pixmap(24, 24).toImage()
    pixels = (image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height()))
    return max(pixels, key=lambda c: c.alpha())


def _close(a: QColor, b: QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) < 8


def _restyle(window: MainWindow, monkeypatch: pytest.MonkeyPatch, theme: Theme) -> None:
    """Restyle the application as when the system switched to ``theme``."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    monkeypatch.setattr(appearance, "system_theme", lambda: theme)
    app_module.restyle(app, window)


def _icons_follow(window: MainWindow, theme: Theme) -> None:
    undo = window.actions_by_name["undo"]
    assert _close(_ink(undo.icon()), QColor(theme.text))
    claim = window.actions_by_name[f"new-{CardKind.CLAIM.value}"]
    assert _close(_ink(claim.icon()), theme.kind_colour(CardKind.CLAIM))


@pytest.mark.xcb
def test_the_toolbar_icons_take_the_new_theme_at_once(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _restyle(window, monkeypatch, LIGHT)
    _icons_follow(window, LIGHT)
    _restyle(window, monkeypatch, DARK)
    _icons_follow(window, DARK)
    _restyle(window, monkeypatch, LIGHT)
    _icons_follow(window, LIGHT)


def test_the_search_panel_and_conflict_bar_take_the_new_theme(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _restyle(window, monkeypatch, DARK)
    status = window.findChild(QLabel, "search-status")
    assert status is not None and DARK.muted in status.styleSheet()
    bar = window.findChild(QWidget, "conflict-bar")
    assert bar is not None
    # Shown as it is when a board changed elsewhere: drawn in the dark banner colour.
    bar.show()
    image = bar.grab().toImage()
    assert _close(image.pixelColor(2, image.height() // 2), QColor(DARK.banner))
    bar.hide()
