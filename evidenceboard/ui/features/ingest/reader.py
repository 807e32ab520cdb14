"""The reader: an article's or a document's full text, to read and quote from.

A non-modal window per card, so the investigator can keep a source open beside the
canvas. PDF text comes back from the importer with a ``[Page N]`` line opening each
page; the reader shows one page at a time (``split_pages``) so a quote can be cited by
page. Selecting a passage and choosing *Pin as claim* adds, in one undo step, a claim
card next to the source (the passage is its statement, the source's author, outlet or
origin its attribution) and a ``corroborates`` link from the source to it that keeps
the quoted passage and its page.

Everything shown is board text and so hostile: the text sits in a read-only
:class:`QPlainTextEdit` and the labels are ``Qt.PlainText``; nothing is parsed as HTML,
so no markup in a page can load a local file. The thumbnail is decoded with
:class:`QImageReader` only if its format is PNG, JPEG, WebP or GIF and its header
declares a size within :data:`MAX_THUMBNAIL_SIDE`; the importer writes 320-pixel
thumbnails, so a larger one is a crafted file and is not shown, which also keeps the
decoding short enough for the UI thread.
"""

from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QCloseEvent, QImage, QImageReader, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from evidenceboard.ingest import find_thumbnail
from evidenceboard.ingest.pasted import CLAIM_TITLE_CHARS
from evidenceboard.ingest.pdf_document import split_pages
from evidenceboard.model.board import Board
from evidenceboard.model.cards import (
    DEFAULT_HEIGHT,
    DEFAULT_WIDTH,
    ArticleContent,
    Card,
    CardKind,
    DocumentContent,
)
from evidenceboard.model.changes import AddCards, Batch
from evidenceboard.model.errors import ModelError
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.links import LinkKind
from evidenceboard.storage.errors import BoardFileError
from evidenceboard.ui.board.controller import DocumentController
from evidenceboard.ui.common.icons import icon
from evidenceboard.ui.common.plain import plain_title
from evidenceboard.ui.common.theme import Theme

#: Kinds of card the reader opens: those that hold a source's text.
READABLE_KINDS = frozenset({CardKind.ARTICLE, CardKind.DOCUMENT})
#: Image formats decoded for a thumbnail; other plugins (TIFF, SVG...) are never used.
THUMBNAIL_FORMATS = frozenset({b"png", b"jpeg", b"jpg", b"webp", b"gif"})
#: Largest thumbnail side accepted from a board (ours are 320 pixels).
MAX_THUMBNAIL_SIDE = 2048
#: Largest thumbnail file read from a board, for the same reason.
MAX_THUMBNAIL_BYTES = 4 * 1024 * 1024
#: The thumbnail is shown within a square of this side.
THUMBNAIL_BOX = 104
#: Room between a source and the claims pinned from it.
_GAP = 60.0


@dataclass(frozen=True, slots=True)
class Pages:
    """A source's text cut into pages; ``numbered`` when the pages have page numbers."""

    texts: tuple[str, ...]
    numbered: bool


def pages_of(card: Card) -> Pages:
    """The text of a card as the reader shows it, page by page for a PDF."""
    text = card.text
    if isinstance(card.content, DocumentContent):
        pages = split_pages(text)
        # split_pages hands the text back unchanged only when it holds no page markers.
        if pages != [text]:
            return Pages(tuple(pages), numbered=True)
    return Pages((text,), numbered=False)


def attribution_of(card: Card) -> str:
    """Who a claim quoted from ``card`` is attributed to."""
    content = card.content
    if isinstance(content, ArticleContent):
        parts = [p for p in (content.author, content.outlet) if p]
    elif isinstance(content, DocumentContent):
        parts = [p for p in (content.origin,) if p] or [p for p in (content.file_name,) if p]
    else:
        parts = []
    return ", ".join(parts) or card.display_title


def free_spot_beside(board: Board, source: Card) -> tuple[float, float]:
    """The first free place to the right of ``source``, going down, for a pinned claim."""
    geometry = source.geometry
    x = geometry.x + geometry.width + _GAP
    y = geometry.y
    others = [c.geometry for c in board.cards.values()]
    for _ in range(100):
        if not any(
            g.x < x + DEFAULT_WIDTH + 10
            and x < g.x + g.width + 10
            and g.y < y + DEFAULT_HEIGHT + 10
            and y < g.y + g.height + 10
            for g in others
        ):
            break
        y += DEFAULT_HEIGHT + 24
    return x, y


def claim_title(passage: str) -> str:
    first = passage.split("\n", 1)[0].strip()
    return first if len(first) <= CLAIM_TITLE_CHARS else first[: CLAIM_TITLE_CHARS - 1] + "…"


def decode_thumbnail(data: bytes) -> QImage | None:
    """The image in ``data`` if it is a small PNG/JPEG/WebP/GIF, else None."""
    if len(data) > MAX_THUMBNAIL_BYTES:
        return None
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setDecideFormatFromContent(True)
    if bytes(reader.format().data()).lower() not in THUMBNAIL_FORMATS:
        return None
    size = reader.size()
    if not (0 < size.width() <= MAX_THUMBNAIL_SIDE and 0 < size.height() <= MAX_THUMBNAIL_SIDE):
        return None
    image = reader.read()
    return None if image.isNull() else image


class ReaderDialog(QDialog):
    """Reads one article or document card; pins quoted passages as claims."""

    def __init__(
        self,
        controller: DocumentController,
        card_id: str,
        theme: Theme,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(False)
        self._controller = controller
        self.card_id = card_id
        self._theme = theme
        card = controller.board.cards[card_id]
        self._pages = pages_of(card)
        #: Ids of the claims pinned from this reader, newest last.
        self.pinned: list[str] = []
        self.setWindowTitle(plain_title(f"{card.display_title} — Reader"))
        self.thumbnail = QLabel()
        self.thumbnail.setObjectName("reader-thumbnail")
        self.thumbnail.hide()
        self.title = QLabel(card.display_title)
        self.title.setObjectName("reader-title")
        self.source = QLabel(self._source_text(card))
        self.source.setObjectName("reader-source")
        for label in (self.title, self.source):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setStyleSheet("font-size: 17px; font-weight: 600;")
        self.source.setStyleSheet(f"color: {theme.muted};")
        self.kind_icon = QLabel()
        self.kind_icon.setPixmap(
            icon(card.kind.value, theme.kind_colour(card.kind).name()).pixmap(QSize(24, 24))
        )
        self.text = QPlainTextEdit()
        self.text.setObjectName("reader-text")
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text.setPlaceholderText("This card holds no text.")
        font = self.text.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.text.setFont(font)
        self.text.document().setDocumentMargin(18)
        self.previous = QPushButton("Previous page")
        self.next = QPushButton("Next page")
        self.page = QSpinBox()
        self.page.setObjectName("reader-page")
        self.page.setRange(1, len(self._pages.texts))
        self.page_count = QLabel(f"of {len(self._pages.texts)}")
        self.pin = QPushButton("Pin as claim")
        self.pin.setObjectName("reader-pin")
        self.pin.setDefault(True)
        self.pin.setStyleSheet(
            f"QPushButton {{ background: {theme.accent}; color: {theme.accent_text};"
            f" border: 1px solid {theme.accent}; border-radius: 4px; padding: 5px 14px;"
            " font-weight: 600; }"
            f" QPushButton:disabled {{ background: {theme.border}; color: {theme.muted};"
            f" border-color: {theme.border}; }}"
        )
        self.hint = QLabel()
        self.hint.setObjectName("reader-hint")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setStyleSheet(f"color: {theme.muted};")
        close = QPushButton("Close")
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        self._layout(close)
        self.previous.clicked.connect(lambda: self.show_page(self.page.value() - 1))
        self.next.clicked.connect(lambda: self.show_page(self.page.value() + 1))
        self.page.valueChanged.connect(self.show_page)
        self.pin.clicked.connect(self.pin_selection)
        self.text.selectionChanged.connect(self._update_pin)
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(lambda s=step: self.show_page(self.page.value() + s))
        self._load_thumbnail(card)
        controller.board.cards_removed.connect(self._cards_removed)
        self.show_page(1)
        self.resize(760, 820)

    def _layout(self, close: QPushButton) -> None:
        header = QHBoxLayout()
        header.setSpacing(12)
        header.addWidget(self.kind_icon, 0, Qt.AlignmentFlag.AlignTop)
        titles = QVBoxLayout()
        titles.setSpacing(4)
        titles.addWidget(self.title)
        titles.addWidget(self.source)
        titles.addStretch(1)
        header.addLayout(titles, 1)
        header.addWidget(self.thumbnail, 0, Qt.AlignmentFlag.AlignTop)
        pages = QHBoxLayout()
        pages.addWidget(self.previous)
        pages.addStretch(1)
        pages.addWidget(QLabel("Page"))
        pages.addWidget(self.page)
        pages.addWidget(self.page_count)
        pages.addStretch(1)
        pages.addWidget(self.next)
        self._page_row = QWidget()
        self._page_row.setLayout(pages)
        pages.setContentsMargins(0, 0, 0, 0)
        self._page_row.setVisible(self._pages.numbered and len(self._pages.texts) > 1)
        footer = QHBoxLayout()
        footer.addWidget(self.hint, 1)
        footer.addWidget(close)
        footer.addWidget(self.pin)
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 16, 16, 12)
        column.setSpacing(10)
        column.addLayout(header)
        column.addWidget(self._page_row)
        column.addWidget(self.text, 1)
        column.addLayout(footer)

    @staticmethod
    def _source_text(card: Card) -> str:
        content = card.content
        lines = [card.source_line]
        if isinstance(content, ArticleContent) and content.url:
            lines.append(content.url)
        if isinstance(content, DocumentContent):
            if content.page_count:
                lines.append(f"{content.page_count} pages")
            if content.file_name and content.file_name not in card.source_line:
                lines.append(content.file_name)
        return "\n".join(line for line in lines if line)

    def _load_thumbnail(self, card: Card) -> None:
        original = getattr(card.content, "attachment", None)
        if original is None:
            return
        sha = find_thumbnail(self._controller.board, original)
        if sha is None:
            return
        try:
            data = self._controller.document.attachment_data(sha)
        except (BoardFileError, ModelError):
            return
        image = decode_thumbnail(data)
        if image is None:
            return
        pixmap = QPixmap.fromImage(image).scaled(
            QSize(THUMBNAIL_BOX, THUMBNAIL_BOX),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.thumbnail.setPixmap(pixmap)
        self.thumbnail.setStyleSheet(f"border: 1px solid {self._theme.border};")
        self.thumbnail.show()

    @property
    def page_number(self) -> int | None:
        """The page shown, for citing; None when the source has no pages."""
        return self.page.value() if self._pages.numbered else None

    def show_page(self, number: int) -> None:
        """Show page ``number`` (1-based; out-of-range numbers are clamped)."""
        number = min(max(number, 1), len(self._pages.texts))
        if self.page.value() != number:
            self.page.setValue(number)  # Comes back here through valueChanged.
            return
        self.text.setPlainText(self._pages.texts[number - 1])
        self.previous.setEnabled(number > 1)
        self.next.setEnabled(number < len(self._pages.texts))
        self._update_pin()

    def selected_passage(self) -> str:
        # Qt marks paragraph ends in a selection with U+2029; quotes keep plain newlines.
        raw = self.text.textCursor().selectedText()
        return raw.replace("\u2029", "\n").replace("\u2028", "\n").strip()

    def _update_pin(self) -> None:
        if self._controller.read_only:
            self.pin.setEnabled(False)
            self.hint.setText("The board is read-only: passages cannot be pinned.")
            return
        has_passage = bool(self.selected_passage())
        self.pin.setEnabled(has_passage)
        self.hint.setText(
            "Pin the selected passage as a claim, linked from this source."
            if has_passage
            else "Select a passage to pin it as a claim."
        )

    def pin_selection(self) -> str | None:
        """Pin the selected passage as a claim linked from the source; one undo step."""
        passage = self.selected_passage()
        board = self._controller.board
        source = board.cards.get(self.card_id)
        if not passage or source is None or self._controller.read_only:
            return None
        by = self._controller.author
        x, y = free_spot_beside(board, source)
        page = self.page_number
        try:
            claim = make_card(
                CardKind.CLAIM,
                claim_title(passage),
                by,
                x=x,
                y=y,
                statement=passage,
                attributed_to=attribution_of(source),
            )
            link = make_link(
                source.id, claim.id, LinkKind.CORROBORATES, by, quote=passage, page=page
            )
        except ModelError as exc:
            self.hint.setText(f"The passage cannot be pinned: {exc}")
            return None
        where = f" (page {page})" if page is not None else ""
        label = f"Pin claim from “{source.display_title[:40]}”{where}"
        if not self._controller.submit(Batch((AddCards((claim,), (link,)),), label)):
            return None
        self.pinned.append(claim.id)
        self.hint.setText(f"Pinned as a claim{where}, linked from this source.")
        return claim.id

    def _cards_removed(self, card_ids: tuple[str, ...]) -> None:
        if self.card_id in card_ids:
            self.close()

    def _detach(self) -> None:
        # psygnal ignores a second disconnect, so both ways of closing may call this.
        self._controller.board.cards_removed.disconnect(self._cards_removed)

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        self._detach()
        super().closeEvent(event)

    @override
    def done(self, result: int) -> None:
        # Esc and reject() end the dialog through done(), not always through closeEvent.
        self._detach()
        super().done(result)
