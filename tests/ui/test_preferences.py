"""File > Preferences…: the author name, the theme and the text size, applied at once."""

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from evidenceboard.storage.lock import current_user
from evidenceboard.ui.common import appearance, settings
from evidenceboard.ui.common.theme import DARK, LIGHT
from evidenceboard.ui.features.preferences.dialog import PreferencesDialog
from evidenceboard.ui.features.preferences.feature import show_preferences
from evidenceboard.ui.window import application as app_module
from evidenceboard.ui.window.main_window import MainWindow


@pytest.fixture
def app(window: MainWindow) -> Iterator[QApplication]:
    instance = QApplication.instance()
    assert isinstance(instance, QApplication)
    yield instance
    # What a test chose must not reach the next one: back to the defaults.
    settings.set_theme_choice("system")
    settings.set_text_size(100)
    appearance.apply_appearance(instance)


def _open(window: MainWindow) -> PreferencesDialog:
    action = window.actions_by_name["preferences"]
    assert action in window.menus["file"].actions()
    action.trigger()
    # Closed ones wait for their deletion on the event loop: the new one is the open one.
    (dialog,) = [d for d in window.findChildren(PreferencesDialog) if d.isVisible()]
    return dialog


def test_the_name_is_stored_and_the_account_name_only_suggested(
    window: MainWindow, app: QApplication
) -> None:
    dialog = _open(window)
    assert dialog.name.text() == ""  # nothing chosen yet: not the account name as if chosen
    assert dialog.name.placeholderText() == current_user()
    assert not settings.author_name_is_set()
    dialog.name.setText("  Ana   María  ")
    dialog.accept()
    assert settings.author_name() == "Ana María"
    assert settings.author_name_is_set()
    again = show_preferences(window)
    assert again.name.text() == "Ana María"
    again.reject()


def test_a_chosen_theme_applies_at_once_and_outlasts_a_system_switch(
    window: MainWindow, app: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(appearance, "system_theme", lambda: LIGHT)
    dialog = _open(window)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.accept()
    assert window.theme == DARK
    assert app.palette().color(QPalette.ColorRole.Window) == QColor(DARK.window)
    # The system turning light does not undo the user's choice...
    app_module.restyle(app, window)
    assert window.theme == DARK
    # ...until they choose to follow the system again.
    dialog = _open(window)
    dialog.theme.setCurrentIndex(dialog.theme.findData("system"))
    dialog.accept()
    assert window.theme == LIGHT
    assert settings.theme_choice() == "system"


def test_the_text_size_scales_the_window_text_and_never_compounds(
    window: MainWindow, app: QApplication
) -> None:
    base = app.font().pointSizeF()
    for _ in range(2):
        dialog = _open(window)
        dialog.text_size.setCurrentIndex(dialog.text_size.findData(130))
        dialog.accept()
        assert app.font().pointSizeF() == pytest.approx(base * 1.3, abs=0.11)
    dialog = _open(window)
    dialog.text_size.setCurrentIndex(dialog.text_size.findData(100))
    dialog.accept()
    assert app.font().pointSizeF() == pytest.approx(base, abs=0.11)


def test_cancel_changes_nothing(window: MainWindow, app: QApplication) -> None:
    dialog = _open(window)
    dialog.name.setText("Someone else")
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.reject()
    assert not settings.author_name_is_set()
    assert settings.theme_choice() == "system"
    assert window.theme == appearance.chosen_theme()
