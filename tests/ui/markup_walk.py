"""Walking every widget, action, item-view row and scene item for board markup that Qt
would render as rich text.

A string is rendered as rich text where Qt sniffs it (tooltips, status tips,
"What's this", labels left at ``AutoText``) and ``Qt.mightBeRichText`` says yes, or
where the widget is told outright (a label set to ``RichText``, a text document built
from HTML). Board markup survives as such only if its raw tag (``<img``) is still
there: escaped, it is shown as the characters the board holds.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
)
from PySide6.QtGui import QAction, Qt, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGraphicsTextItem,
    QGraphicsView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

#: The raw tag of the board's markup; its escaped form is ``&lt;img``.
RAW_TAG = "<img"
_SNIFFED_ROLES = (
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.StatusTipRole,
    Qt.ItemDataRole.WhatsThisRole,
)
_DEEPEST = 4


def carries_board_text(text: str) -> bool:
    """The string holds the board's markup, raw or escaped."""
    return "img src" in text


@dataclass
class MarkupWalk:
    """What a walk looked at, and every place that would render board markup."""

    #: Strings examined.
    checked: int = 0
    #: Of those, how many held board text (so the walk is known to have reached it).
    carrying: int = 0
    widgets: int = 0
    actions: int = 0
    scene_items: int = 0
    rows: int = 0
    #: Each place once, in the order found (the window is walked more than once).
    offenders: dict[str, None] = field(default_factory=dict)

    def sniffed(self, where: str, text: object) -> None:
        """A string Qt shows as rich text when it looks like rich text."""
        if not isinstance(text, str) or not text:
            return
        self._count(text)
        if RAW_TAG in text and Qt.mightBeRichText(text):
            self.offenders[f"{where}: {text[:120]!r}"] = None

    def plain(self, text: object) -> None:
        """A string Qt always shows as plain text (button text, item text)."""
        if isinstance(text, str) and text:
            self._count(text)

    def label(self, where: str, label: QLabel) -> None:
        text = label.text()
        if not text:
            return
        self._count(text)
        form = label.textFormat()
        rich = form in (Qt.TextFormat.RichText, Qt.TextFormat.MarkdownText) or (
            form == Qt.TextFormat.AutoText and Qt.mightBeRichText(text)
        )
        if rich and RAW_TAG in text:
            self.offenders[f"{where} ({form.name}): {text[:120]!r}"] = None

    def document(self, where: str, document: QTextDocument) -> None:
        """A text document holds an image only if markup was read into it as HTML."""
        self._count(document.toPlainText())
        if RAW_TAG in document.toHtml():
            self.offenders[f"{where}: a document holding {document.toPlainText()[:80]!r}"] = None

    def _count(self, text: str) -> None:
        self.checked += 1
        self.carrying += carries_board_text(text)

    def summary(self) -> str:
        return (
            f"{self.widgets} widgets, {self.actions} actions, {self.rows} item-view rows and "
            f"{self.scene_items} scene items; {self.checked} strings, {self.carrying} of them "
            "holding board markup"
        )


def _name(obj: QObject) -> str:
    return f"{type(obj).__name__}({obj.objectName() or '-'})"


def walk_application(walk: MarkupWalk) -> MarkupWalk:
    """Walk every widget of the application, their actions, models and scenes."""
    QApplication.processEvents()
    actions: dict[int, QAction] = {}
    for widget in QApplication.allWidgets():
        _walk_widget(walk, widget)
        for action in widget.actions():
            actions[id(action)] = action
    for top in QApplication.topLevelWidgets():
        for action in top.findChildren(QAction):
            actions[id(action)] = action
    for action in actions.values():
        if not shiboken6.isValid(action):
            continue
        walk.actions += 1
        where = f"action {action.objectName() or action.text()!r}"
        walk.plain(action.text())
        walk.sniffed(f"{where} tooltip", action.toolTip())
        walk.sniffed(f"{where} status tip", action.statusTip())
        walk.sniffed(f"{where} what's this", action.whatsThis())
    return walk


def _walk_widget(walk: MarkupWalk, widget: QWidget) -> None:
    walk.widgets += 1
    where = _name(widget)
    walk.sniffed(f"{where} tooltip", widget.toolTip())
    walk.sniffed(f"{where} status tip", widget.statusTip())
    walk.sniffed(f"{where} what's this", widget.whatsThis())
    walk.plain(widget.windowTitle())
    if isinstance(widget, QLabel):
        walk.label(where, widget)
    elif isinstance(widget, QLineEdit | QAbstractButton):
        walk.plain(widget.text())
    elif isinstance(widget, QTextEdit | QPlainTextEdit):
        walk.document(where, widget.document())
    elif isinstance(widget, QAbstractItemView):
        model = widget.model()
        if model is not None:
            _walk_model(walk, where, model)
    elif isinstance(widget, QComboBox):
        _walk_model(walk, where, widget.model())
    elif isinstance(widget, QTabBar):
        for tab in range(widget.count()):
            walk.plain(widget.tabText(tab))
            walk.sniffed(f"{where} tab {tab} tooltip", widget.tabToolTip(tab))
            walk.sniffed(f"{where} tab {tab} what's this", widget.tabWhatsThis(tab))
    elif isinstance(widget, QGraphicsView):
        scene = widget.scene()
        if scene is not None:
            for item in scene.items():
                walk.scene_items += 1
                walk.sniffed(f"{where} item {type(item).__name__} tooltip", item.toolTip())
                if isinstance(item, QGraphicsTextItem):
                    walk.document(f"{where} text item", item.document())


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    # A list model hides its column count, and has one.
    return 1 if isinstance(model, QAbstractListModel) else max(model.columnCount(parent), 1)


def _walk_model(walk: MarkupWalk, where: str, model: QAbstractItemModel) -> None:
    top = QModelIndex()
    for orientation, count in (
        (Qt.Orientation.Horizontal, _columns(model, top)),
        (Qt.Orientation.Vertical, model.rowCount(top)),
    ):
        for section in range(count):
            walk.plain(model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole))
            for role in _SNIFFED_ROLES:
                walk.sniffed(
                    f"{where} header {section} {role.name}",
                    model.headerData(section, orientation, role),
                )
    _walk_rows(walk, where, model, top, 0)


def _walk_rows(
    walk: MarkupWalk, where: str, model: QAbstractItemModel, parent: QModelIndex, depth: int
) -> None:
    if depth > _DEEPEST:
        return
    for row in range(model.rowCount(parent)):
        walk.rows += 1
        for column in range(_columns(model, parent)):
            index = model.index(row, column, parent)
            walk.plain(model.data(index, Qt.ItemDataRole.DisplayRole))
            for role in _SNIFFED_ROLES:
                walk.sniffed(f"{where} row {row}:{column} {role.name}", model.data(index, role))
        first = model.index(row, 0, parent)
        # Lists and tables are flat, and hide ``hasChildren``.
        flat = isinstance(model, QAbstractListModel | QAbstractTableModel)
        if not flat and model.hasChildren(first):
            _walk_rows(walk, where, model, first, depth + 1)


def offenders_in(widgets: Iterable[QWidget]) -> MarkupWalk:
    """Walk only these widgets and their children (a dialog, a message box)."""
    walk = MarkupWalk()
    for top in widgets:
        for widget in [top, *top.findChildren(QWidget)]:
            _walk_widget(walk, widget)
        for action in top.findChildren(QAction):
            walk.actions += 1
            walk.sniffed(f"action {action.text()!r} tooltip", action.toolTip())
    return walk
