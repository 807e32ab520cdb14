"""A slim bar above the canvas for messages that must not block: failed edits, read-only.

Messages are plain text. The bar is a widget in the window (not a modal dialog), so
work goes on and tests can read it.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QWidget,
)


class MessageBar(QFrame):
    """A dismissable one-line message with a severity used by the QSS."""

    def __init__(self, object_name: str, closable: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 6, 6)
        row.addWidget(self.label, 1)
        self._row = row
        if closable:
            close = QToolButton()
            close.setText("✕")
            close.setAutoRaise(True)
            close.setToolTip("Dismiss")
            close.clicked.connect(self.hide)
            row.addWidget(close)
        self.hide()

    def show_message(self, text: str, level: str = "error") -> None:
        self.setProperty("level", level)
        self.style().unpolish(self)
        self.style().polish(self)
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def add_button(self, text: str, object_name: str) -> QPushButton:
        """A button on the bar, before its close button (the bar's one action)."""
        button = QPushButton(text)
        button.setObjectName(object_name)
        self._row.insertWidget(1, button)
        return button

    def put_below(self, bar: "MessageBar") -> None:
        """Place this bar just below ``bar`` (the window's message bar), above the canvas."""
        centre = bar.parentWidget()
        column = centre.layout() if centre is not None else None
        if isinstance(column, QBoxLayout):
            column.insertWidget(column.indexOf(bar) + 1, self)
