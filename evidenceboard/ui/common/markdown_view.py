"""A Markdown note's full text, formatted and read-only, whose links open only when asked.

The document is built span by span (:mod:`evidenceboard.ui.common.markdown_document`);
the browser is told to open nothing by itself and loads no resource, so a link is
followed only after the user said yes to "Open … in your browser?", and only to an
``http``/``https`` address (:func:`evidenceboard.model.markdown_text.web_address`).
"""

from collections.abc import Callable

from PySide6.QtCore import QEvent, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QTextBrowser, QWidget
from typing_extensions import override

from evidenceboard.model.markdown_text import parse, web_address
from evidenceboard.ui.common.markdown_document import MarkdownLook, markdown_document
from evidenceboard.ui.common.plain import ask, plain_message_box

#: Asks the user whether to open ``address``; True to open it.
Confirm = Callable[[QWidget, str], bool]


def confirm_opening(parent: QWidget, address: str) -> bool:
    """Ask before a link of a board leaves the application for the browser."""
    box = plain_message_box(
        parent,
        QMessageBox.Icon.Question,
        "Open link",
        f"Open {address} in your browser?",
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return ask(box) == QMessageBox.StandardButton.Open


def tell_not_opened(parent: QWidget, target: str) -> None:
    box = plain_message_box(
        parent,
        QMessageBox.Icon.Information,
        "Link not opened",
        f"This link leads to “{target[:300]}”, which is not a web address; "
        "EvidenceBoard does not open it.",
        QMessageBox.StandardButton.Ok,
        QMessageBox.StandardButton.Ok,
    )
    ask(box)


class MarkdownView(QTextBrowser):
    """Shows one Markdown text formatted; a click on a link asks before opening it."""

    def __init__(
        self, look: Callable[[], MarkdownLook], confirm: Confirm = confirm_opening
    ) -> None:
        super().__init__()
        self._look = look
        self._confirm = confirm
        self._text: str | None = None
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._clicked)

    def show_markdown(self, text: str) -> None:
        """Show ``text`` (Markdown), unless it is shown already."""
        if text == self._text:
            return
        self._text = text
        # The browser sets the width to its own whenever it is resized.
        document = markdown_document(parse(text), self._look(), self.viewport().width())
        document.setDocumentMargin(4)
        # Owned by the view. Qt deletes a replaced document only if its text control
        # owns it (the first, empty one), so the view lets go of its own here; asked
        # before setDocument, which may delete the control's at once.
        document.setParent(self)
        previous = self.document()
        ours = previous.parent() is self
        self.setDocument(document)
        if ours:
            previous.deleteLater()

    @override
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The document carries its colours and font in its formats: a new theme or font
        # needs it built again, or a dark theme would keep the light one's text.
        if (
            event.type()
            in (
                QEvent.Type.PaletteChange,
                QEvent.Type.FontChange,
                QEvent.Type.StyleChange,
            )
            and self._text is not None
        ):
            text, self._text = self._text, None
            self.show_markdown(text)

    @property
    def shown_text(self) -> str:
        """What the view shows, as plain text (markers of list items included)."""
        return self.document().toPlainText()

    def open_target(self, target: str) -> bool:
        """Offer to open ``target``; True if it was handed to the browser."""
        address = web_address(target)
        if address is None:
            tell_not_opened(self, target)
            return False
        if not self._confirm(self, address):
            return False
        return QDesktopServices.openUrl(QUrl(address, QUrl.ParsingMode.StrictMode))

    def _clicked(self, url: QUrl) -> None:
        # The href is the link's target as the note wrote it (the anchor of our own format),
        # not anything Qt resolved against a base: ask about exactly that.
        self.open_target(url.toString())

    @override
    def loadResource(self, kind: int, name: QUrl | str) -> object:
        # Never read a file or the network for an image or style sheet a document names.
        return None
