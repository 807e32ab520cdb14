"""A slim bar above the canvas for messages that must not block: failed edits, read-only.

Messages are plain text. The bar is a widget in the window (not a modal dialog), so
work goes on and tests can read it.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget


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
