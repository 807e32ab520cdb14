"""The status bar's row for long work: what runs, how far it is, and Cancel."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget


class ProgressRow(QWidget):
    """A slim row, hidden until shown, named ``<name>-progress`` with ``<name>-cancel``."""

    def __init__(self, name: str, cancel_tip: str) -> None:
        super().__init__()
        self.setObjectName(f"{name}-progress")
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setFixedSize(140, 8)
        self.cancel = QToolButton()
        self.cancel.setObjectName(f"{name}-cancel")
        self.cancel.setText("Cancel")
        self.cancel.setToolTip(cancel_tip)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 8, 0)
        row.setSpacing(8)
        row.addStretch(1)
        row.addWidget(self.label)
        row.addWidget(self.bar, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.cancel)
        self.hide()

    def set_progress(self, text: str, done: int, total: int) -> None:
        """Say what runs and how far it is; showing the row is the caller's choice."""
        self.label.setText(text)
        self.bar.setRange(0, total)
        self.bar.setValue(done)
