"""Help > User guide, Getting started and Linking cards: offline help of the app's own.

The guide is ``resources/help/user-guide.md``, shipped with the app and shown as
formatted text; it is our own text, not a board's, and its links are never followed.
The linking help takes its modifier lines from the link gesture's own table, so it
cannot drift from what a drag does.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
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

from evidenceboard.model.links import LinkKind
from evidenceboard.resources_path import resource
from evidenceboard.ui.board.interactions.new_link import MODIFIER_KINDS
from evidenceboard.ui.common.dialogs import button_box

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
        buttons = button_box(self, QDialogButtonBox.StandardButton.Close)
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
        buttons = button_box(self, QDialogButtonBox.StandardButton.Close)
        self.guide_button = QPushButton("Open the user guide")
        buttons.addButton(self.guide_button, QDialogButtonBox.ButtonRole.HelpRole)
        self.guide_button.clicked.connect(self.guide_requested)
        column.addWidget(buttons)
        self.resize(520, self.sizeHint().height())


KIND_MEANINGS = {
    LinkKind.CORROBORATES: "the source card supports the target (a solid green arrow)",
    LinkKind.CONTRADICTS: "the source card speaks against the target (a dashed red arrow)",
    LinkKind.DERIVED_FROM: "the source card was taken from the target, its origin "
    "(a dotted grey arrow pointing to the origin)",
    LinkKind.RELATED: "the two cards belong together, with no direction (a plain line)",
}


def _modifier_name(modifier: Qt.KeyboardModifier) -> str:
    return QKeySequence(modifier.value).toString(QKeySequence.SequenceFormat.NativeText).rstrip("+")


def linking_help_text() -> str:
    """The help text, plain."""
    kinds = "\n".join(f"  {kind.label}: {meaning}" for kind, meaning in KIND_MEANINGS.items())
    modifiers = "\n".join(
        f"  Hold {_modifier_name(modifier)}: {kind.label}" for modifier, kind in MODIFIER_KINDS
    )
    return (
        "A link says how one card bears on another. There are four kinds:\n"
        f"{kinds}\n\n"
        "To make a link with the mouse, point at a card: a round handle appears in the "
        "middle of each side. Drag from a handle onto another card and let go.\n\n"
        "To make a link with the keyboard, select a card and press L. Then click the "
        "other card, or type the start of its title and press Enter. Esc cancels.\n\n"
        "When you let go (or click) with no key held, a menu asks for the kind. Hold a "
        "key to choose it at once:\n"
        f"{modifiers}\n\n"
        "The new link is selected afterwards: set its strength and notes in the "
        "Inspector. Select a link and press Delete to remove it."
    )


class LinkingHelpDialog(QDialog):
    """The help text in a small window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linking-help")
        self.setWindowTitle("Linking cards")
        self.text = QLabel(linking_help_text())
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = button_box(self, QDialogButtonBox.StandardButton.Close)
        column = QVBoxLayout(self)
        column.addWidget(self.text, 1)
        column.addWidget(buttons)
        self.resize(560, self.sizeHint().height())
