"""Help > User guide and Getting started: offline, from the app's own files."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from evidenceboard.ui.common import settings
from evidenceboard.ui.features.help import feature as help_feature
from evidenceboard.ui.features.help.dialogs import GettingStartedDialog, UserGuideDialog
from evidenceboard.ui.window.main_window import MainWindow


def _open_dialogs(window: MainWindow, kind: type[QDialog]) -> list[QDialog]:
    found: list[QDialog] = window.findChildren(kind)
    return [d for d in found if d.isVisible()]


@pytest.mark.xcb
def test_f1_opens_the_user_guide_with_every_topic(window: MainWindow) -> None:
    window.activateWindow()
    assert window.session is not None
    window.session.view.setFocus()
    QTest.keyClick(window.session.view, Qt.Key.Key_F1)
    QApplication.processEvents()
    (guide,) = _open_dialogs(window, UserGuideDialog)
    assert isinstance(guide, UserGuideDialog)
    text = guide.text.toPlainText()
    for topic in ("Pinning material", "Linking", "Grading sources", "Reading the analysis"):
        assert topic in text
    for topic in ("Briefs", "Sharing and merging", "Preferences"):
        assert topic in text
    assert "# " not in text, "the guide shows as formatted text, not Markdown source"
    assert not guide.text.openLinks() and not guide.text.openExternalLinks()
    guide.close()


def test_the_help_menu_starts_with_the_guide_and_getting_started(window: MainWindow) -> None:
    names = [a.objectName() for a in window.menus["help"].actions() if not a.isSeparator()]
    assert names[:2] == ["user-guide", "getting-started"]
    assert "linking-help" in names and "keyboard-shortcuts" in names


def test_getting_started_shows_at_the_first_start_until_turned_off(window: MainWindow) -> None:
    assert settings.show_getting_started()
    dialog = help_feature.offer_at_start(window)
    assert isinstance(dialog, GettingStartedDialog) and dialog.isVisible()
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.show_at_start)))
    assert "Show this when EvidenceBoard starts" in texts
    dialog.guide_button.click()
    (guide,) = _open_dialogs(window, UserGuideDialog)
    assert isinstance(guide, UserGuideDialog)
    guide.close()
    dialog.show_at_start.click()  # turned off
    dialog.reject()
    assert not settings.show_getting_started()
    assert help_feature.offer_at_start(window) is None
    # Still there from the Help menu, and can be turned back on.
    window.actions_by_name["getting-started"].trigger()
    (again,) = _open_dialogs(window, GettingStartedDialog)
    assert isinstance(again, GettingStartedDialog)
    assert not again.show_at_start.isChecked()
    again.show_at_start.click()
    assert settings.show_getting_started()
    again.reject()
