"""Putting board, import and user text into Qt widgets as literal text, never as markup.

Qt reads a string as rich text wherever it may (tooltips, "What's this", labels left at
``AutoText``, the static ``QMessageBox`` helpers) when ``Qt.mightBeRichText`` says it
looks like HTML, and rich text loads the images it names: an ``<img src="/dev/zero">``
in a card's outlet made the window read that device until it ran out of memory. There
is no plain-text switch for a tooltip, so a tooltip is given as our own rich text with
the board's characters escaped in it; labels and message boxes are told ``PlainText``.
"""

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

# ``pre-wrap`` keeps the text's line breaks and runs of spaces, as plain text shows them.
_TOOLTIP = '<p style="white-space:pre-wrap">{}</p>'


def plain_tooltip(text: str) -> str:
    """A tooltip (or "What's this", or tooltip role of an item) that shows ``text``
    exactly: markup in it is escaped, and the wrapping tag makes Qt decode the
    escapes instead of showing ``&amp;`` where the text has ``&``."""
    if not text:
        return ""
    return _TOOLTIP.format(html.escape(text, quote=False))


def set_plain_label(label: QLabel, text: str) -> None:
    """Show ``text`` in ``label`` as plain text (a new ``QLabel`` sniffs for markup)."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)


def plain_label(text: str = "", *, wrap: bool = False, selectable: bool = False) -> QLabel:
    """A label that shows ``text`` as plain text, wrapped and selectable if asked."""
    label = QLabel()
    set_plain_label(label, text)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def plain_title(text: str) -> str:
    """A window title showing ``text``: Qt turns a lone ``[*]`` in a title into the
    unsaved-changes mark (or nothing); a doubled one shows as written."""
    return text.replace("[*]", "[*][*]")


def plain_action_text(text: str) -> str:
    """Menu or button text showing ``text``: ``&`` would mark the next letter as the
    shortcut key, and a tab starts the shortcut column of a menu."""
    return text.replace("&", "&&").replace("\t", " ")


def plain_message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton,
    default: QMessageBox.StandardButton,
) -> QMessageBox:
    """A message box with plain text, for the static helpers (``QMessageBox.warning``
    and the like) that read their text as rich text when it looks like it."""
    box = QMessageBox(icon, plain_title(title), "", buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.setDefaultButton(default)
    return box


def ask(box: QMessageBox) -> QMessageBox.StandardButton:
    """Show ``box`` until it is answered; the button chosen (``NoButton`` if closed)."""
    box.exec()
    return box.standardButton(box.clickedButton())
