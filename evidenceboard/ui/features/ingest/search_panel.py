"""Search everything: full-text search of every card, with highlighted snippets.

The panel asks :meth:`BoardDocument.search` (SQLite FTS5, ranked, diacritics-folded)
150 ms after the last keystroke, so typing a word runs one query, not one per letter.
Each result shows the card's kind icon, its title and a snippet in which the matched
words are bold.

Snippets are board text and so hostile. They come from storage as ``(text,
is_match)`` segments and are drawn by :class:`HitDelegate` into a
:class:`QTextDocument` built with ``insertText`` and a bold :class:`QTextCharFormat`
for matches: nothing from the board is ever parsed as HTML, so a card holding
``<img src="/etc/...">`` shows those characters, and loads nothing. Tooltips are
escaped for the same reason.

Choosing a result (click, Enter, or Enter in the box for the first one) selects the
card and centres it on the canvas. The results follow edits of the board while a query
is shown.
"""

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)
from typing_extensions import override

from evidenceboard.model.board import Board
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.changes import moves_only
from evidenceboard.storage.document import BoardDocument
from evidenceboard.storage.errors import BoardFileError
from evidenceboard.storage.search import SearchHit
from evidenceboard.ui.common.icons import paint_icon
from evidenceboard.ui.common.layouts import column
from evidenceboard.ui.common.plain import plain_tooltip
from evidenceboard.ui.common.theme import Theme

#: Milliseconds of quiet typing before the search runs.
DEBOUNCE_MS = 150
#: Results shown at most; more would be scrolled past, never read.
MAX_RESULTS = 100
#: The snippet is cut to this many lines in a row.
SNIPPET_LINES = 2

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
CARD_ID_ROLE = Qt.ItemDataRole.UserRole + 3

_PAD = 8
_ICON = 18


def snippet_document(
    segments: tuple[tuple[str, bool], ...], font: QFont, colour: QColor, width: float
) -> QTextDocument:
    """A text document of the snippet, matches in bold, built from plain text only."""
    document = QTextDocument()
    document.setDefaultFont(font)
    document.setDocumentMargin(0)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    document.setTextWidth(width)
    plain = QTextCharFormat()
    plain.setForeground(colour)
    bold = QTextCharFormat(plain)
    bold.setFontWeight(QFont.Weight.Bold)
    cursor = QTextCursor(document)
    for text, is_match in segments:
        # Newlines in a snippet would waste its two lines; the words are what matter.
        cursor.insertText(" ".join(text.split("\n")), bold if is_match else plain)
    return document


class HitModel(QAbstractListModel):
    """The current hits, joined with the cards they name."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[SearchHit, Card]] = []

    def set_hits(self, hits: list[SearchHit], board: Board | None) -> None:
        self.beginResetModel()
        cards = board.cards if board is not None else {}
        self._rows = [(h, cards[h.card_id]) for h in hits if h.card_id in cards]
        self.endResetModel()

    @override
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    @override
    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        hit, card = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            # The plain reading, for accessibility and tests; the delegate paints it.
            return f"{card.display_title}\n{hit.snippet_text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [card.display_title, card.source_line]
            return plain_tooltip("\n".join(line for line in lines if line))
        if role == HIT_ROLE:
            return hit
        if role == KIND_ROLE:
            # The value, not the enum: Qt hands a str subclass back as a plain str.
            return card.kind.value
        if role == CARD_ID_ROLE:
            return card.id
        return None


class HitDelegate(QStyledItemDelegate):
    """Paints a hit: kind icon, bold title, and the snippet with bold matches."""

    def __init__(self, theme: Theme, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.theme = theme

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setWeight(QFont.Weight.DemiBold)
        snippet = QFont(option.font)
        return title, snippet

    @override
    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        title, snippet = self._fonts(option)
        height = QFontMetrics(title).height() + 4 + QFontMetrics(snippet).lineSpacing() * 2
        return QSize(200, height + 2 * _PAD)

    @override
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        hit = index.data(HIT_ROLE)
        kind_name = index.data(KIND_ROLE)
        if not isinstance(hit, SearchHit) or kind_name not in set(CardKind):
            super().paint(painter, option, index)
            return
        kind = CardKind(kind_name)
        rect: QRect = option.rect
        state = option.state
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget
            )
        selected = bool(state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        text_colour = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text_colour if selected else QColor(self.theme.muted))
        title_font, snippet_font = self._fonts(option)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(title_font)
        left = rect.left() + _PAD
        top = rect.top() + _PAD
        icon_colour = text_colour if selected else self.theme.kind_colour(kind)
        paint_icon(
            painter,
            kind.value,
            icon_colour,
            QRectF(left, top + (metrics.height() - _ICON) / 2, _ICON, _ICON),
        )
        text_left = left + _ICON + 8
        width = max(rect.right() - _PAD - text_left, 20)
        painter.setFont(title_font)
        painter.setPen(text_colour)
        title = str(index.data(Qt.ItemDataRole.DisplayRole)).split("\n", 1)[0]
        painter.drawText(
            QRect(text_left, top, width, metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, width),
        )
        snippet_top = top + metrics.height() + 4
        lines_height = QFontMetrics(snippet_font).lineSpacing() * SNIPPET_LINES
        document = snippet_document(hit.snippet, snippet_font, muted, width)
        painter.translate(QPointF(text_left, snippet_top))
        clip = QRectF(0, 0, width, lines_height)
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        context.palette.setColor(QPalette.ColorRole.Text, muted)
        layout = document.documentLayout()
        layout.draw(painter, context)
        painter.restore()


class SearchPanel(QWidget):
    """A search box over the open board and its ranked, highlighted results."""

    def __init__(
        self,
        theme: Theme,
        reveal: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("search-panel")
        self._reveal = reveal
        self._document: BoardDocument | None = None
        self.box = QLineEdit()
        self.box.setObjectName("search-box")
        self.box.setPlaceholderText("Search every card and its full text")
        self.box.setClearButtonEnabled(True)
        self.box.installEventFilter(self)
        self.model = HitModel(self)
        self.results = QListView()
        self.results.setObjectName("search-results")
        self.results.setModel(self.model)
        self._delegate = HitDelegate(theme, self.results)
        self.results.setItemDelegate(self._delegate)
        self.results.setUniformItemSizes(True)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.status = QLabel()
        self.status.setObjectName("search-status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.results.setSpacing(1)
        self.set_theme(theme)
        column(self, (self.box, self.status, (self.results, 1)), margins=(8, 8, 8, 8), spacing=6)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.box.textChanged.connect(self._timer.start)
        self.box.returnPressed.connect(self._pick_first)
        self.results.clicked.connect(self._picked)
        self.results.activated.connect(self._picked)
        self.status.hide()

    def set_document(self, document: BoardDocument | None) -> None:
        """Search this board from now on (None: no board is open)."""
        if self._document is not None:
            self._document.board.changed.disconnect(self._board_changed)
        self._document = document
        if document is not None:
            document.board.changed.connect(self._board_changed)
        self.run_search()

    def set_theme(self, theme: Theme) -> None:
        """Draw the results and the status line in ``theme`` (also on a live switch)."""
        self._delegate.theme = theme
        self.status.setStyleSheet(f"color: {theme.muted};")
        self.results.viewport().update()

    def focus_box(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def _board_changed(self, change: object) -> None:
        if self.box.text().strip() and not moves_only(change):
            self._timer.start()

    def run_search(self) -> None:
        """Search now for what the box holds (the debounce timer calls this)."""
        self._timer.stop()
        query = self.box.text()
        document = self._document
        hits: list[SearchHit] = []
        problem = ""
        if document is not None and query.strip() and not document.closed:
            try:
                hits = document.search(query, MAX_RESULTS)
            except BoardFileError as exc:
                problem = str(exc)
        self.model.set_hits(hits, document.board if document is not None else None)
        count = self.model.rowCount()
        if problem:
            self.status.setText(f"The search could not run: {problem}")
        elif not query.strip() or document is None:
            self.status.setText("")
        elif count == 0:
            self.status.setText("No card matches.")
        else:
            shown = "" if count < MAX_RESULTS else " (the first shown)"
            self.status.setText(f"{count} card{'s' if count != 1 else ''}{shown}")
        self.status.setVisible(bool(self.status.text()))
        if count:
            self.results.setCurrentIndex(self.model.index(0))

    def _pick_first(self) -> None:
        self.run_search()
        if self.model.rowCount():
            self._picked(self.model.index(0))

    def _picked(self, index: QModelIndex) -> None:
        card_id = index.data(CARD_ID_ROLE)
        if isinstance(card_id, str):
            self._reveal(card_id)

    @override
    def eventFilter(self, watched: QObject, event: object) -> bool:
        # Down in the box moves into the results, as in a browser's address bar.
        if (
            watched is self.box
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount()
        ):
            self.results.setFocus()
            self.results.setCurrentIndex(self.model.index(0))
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]
