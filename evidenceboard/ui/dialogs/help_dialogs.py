"""Help > User guide and Help > Getting started: offline help from the app's own files.

The guide is ``resources/help/user-guide.md``, shipped with the app and shown as
formatted text; it is our own text, not a board's, and its links are never followed.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from evidenceboard.resources_path import resource

GETTING_STARTED = (
    "Welcome to EvidenceBoard. A board is one case, kept in one file.",
    "1. Pin your material: add a claim, an article, a document or a note from the "
    "toolbar (C, A, D, N), or drop saved web pages, PDFs and images on the canvas.",
    "2. Link it: drag from the round handle on a card's edge onto another card, and say "
    "whether it corroborates, contradicts or is derived from it.",
    "3. Grade your sources in the Inspector (reliability A to F, credibility 1 to 6).",
    "4. Read the Analysis tab: each claim is judged by its independent origins, and "
    "reports that trace back to one origin are counted once.",
    "5. Export a PDF brief, share a copy, or merge a colleague's board from the File menu.",
    "The demo board shows a real case: Russia's and Turkey's accounts of Assad's flight "
    "from Damascus. Every change is saved as you make it; Ctrl+Z undoes it.",
)


def user_guide_text() -> str:
    return resource("help", "user-guide.md").read_text(encoding="utf-8")


class UserGuideDialog(QDialog):
    """The user guide, formatted, in a window of its own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("user-guide")
        self.setWindowTitle("EvidenceBoard user guide")
        self.text = QTextBrowser()
        self.text.setObjectName("user-guide-text")
        self.text.setOpenLinks(False)
        self.text.setOpenExternalLinks(False)
        self.text.setMarkdown(user_guide_text())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.text, 1)
        column.addWidget(buttons)
        self.resize(720, 640)


class GettingStartedDialog(QDialog):
    """Five steps to a first board, shown at the first start until the user says no."""

    #: The user asked for the full guide.
    guide_requested = Signal()

    def __init__(self, show_at_start: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("getting-started")
        self.setWindowTitle("Getting started")
        column = QVBoxLayout(self)
        for number, line in enumerate(GETTING_STARTED):
            label = QLabel(line)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            if number == 0:
                font = label.font()
                font.setBold(True)
                label.setFont(font)
            column.addWidget(label)
        self.show_at_start = QCheckBox("Show this when EvidenceBoard starts")
        self.show_at_start.setObjectName("show-getting-started")
        self.show_at_start.setChecked(show_at_start)
        column.addSpacing(6)
        column.addWidget(self.show_at_start)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.guide_button = QPushButton("Open the user guide")
        buttons.addButton(self.guide_button, QDialogButtonBox.ButtonRole.HelpRole)
        self.guide_button.clicked.connect(self.guide_requested)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.resize(520, self.sizeHint().height())
