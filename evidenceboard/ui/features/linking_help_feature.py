"""Help > Linking cards: what the link kinds mean, how to make a link, which keys do what.

The modifier lines come from the link gesture's own table, so the help cannot drift
from what a drag does. Shown as plain text.
"""

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from evidenceboard.model.links import LinkKind
from evidenceboard.ui.interactions.new_link import MODIFIER_KINDS

if TYPE_CHECKING:
    from evidenceboard.ui.main_window import MainWindow

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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.text, 1)
        column.addWidget(buttons)
        self.resize(560, self.sizeHint().height())


def show_linking_help(window: "MainWindow") -> LinkingHelpDialog:
    dialog = LinkingHelpDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def install(window: "MainWindow") -> None:
    """Add Help > Linking cards, first in the Help menu."""
    help_menu = window.menus["help"]
    action = QAction("&Linking cards", window)
    action.setObjectName("linking-help")
    action.triggered.connect(lambda _checked=False: show_linking_help(window))
    existing = help_menu.actions()
    if existing:
        help_menu.insertAction(existing[0], action)
    else:
        help_menu.addAction(action)
