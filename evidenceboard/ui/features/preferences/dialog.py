"""File > Preferences…: your name, the theme and the text size.

Stored with ``QSettings`` (see :mod:`evidenceboard.ui.common.settings`); OK applies the theme
and the text size at once, and the name to the boards opened from then on.
"""

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from evidenceboard.storage.lock import current_user
from evidenceboard.ui.common import settings
from evidenceboard.ui.common.dialogs import OK_CANCEL, button_box
from evidenceboard.ui.common.plain import plain_label

THEME_NAMES = {"system": "As the system", "light": "Light", "dark": "Dark"}
TEXT_SIZE_NAMES = {90: "Small", 100: "Normal", 115: "Large", 130: "Larger"}


class PreferencesDialog(QDialog):
    """The user's name, theme and text size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferences-dialog")
        self.setWindowTitle("Preferences")
        self.name = QLineEdit(settings.chosen_author_name())
        self.name.setObjectName("author-name")
        self.name.setPlaceholderText(current_user())
        self.name.setMaxLength(120)
        self.theme = QComboBox()
        self.theme.setObjectName("theme-choice")
        for key in settings.THEME_CHOICES:
            self.theme.addItem(THEME_NAMES[key], key)
        self.theme.setCurrentIndex(self.theme.findData(settings.theme_choice()))
        self.text_size = QComboBox()
        self.text_size.setObjectName("text-size")
        for size in settings.TEXT_SIZES:
            self.text_size.addItem(f"{TEXT_SIZE_NAMES[size]} ({size} %)", size)
        self.text_size.setCurrentIndex(self.text_size.findData(settings.text_size()))
        form = QFormLayout()
        form.addRow("Your name", self.name)
        form.addRow(
            "",
            plain_label(
                "Recorded with every change you make, merge or share, and printed on your "
                "briefs, so colleagues can see who did what. Left empty, your computer "
                f"account name ({current_user()}) is used.",
                wrap=True,
            ),
        )
        form.addRow("Theme", self.theme)
        form.addRow("Text size", self.text_size)
        buttons = button_box(self, OK_CANCEL)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(buttons)
        self.resize(max(460, self.sizeHint().width()), self.sizeHint().height())

    @override
    def accept(self) -> None:
        settings.set_author_name(self.name.text())
        settings.set_theme_choice(str(self.theme.currentData()))
        settings.set_text_size(int(self.text_size.currentData()))
        super().accept()
