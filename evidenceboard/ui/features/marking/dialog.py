"""Board > Handling markings…: the board's marking scheme, its levels and its own marking.

The scheme decides how markings compare, so that a brief is marked with the highest
marking of what it holds and a shared copy leaves out what is marked above a choice.
"Read from the markings" leaves the setting unset (the first built-in scheme that reads
every marking on the board is used); a custom scheme takes its levels one per line,
lowest first. Markings on the board that the chosen scheme cannot read are listed
before the change is made. The change is one undoable ``EditBoard``. Board text is
shown in plain-text widgets only.
"""

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.markings import (
    CUSTOM_LEVELS_SETTING,
    SCHEME_SETTING,
    Scheme,
    SchemeName,
    built_in,
    configured_scheme,
    custom_scheme,
)
from evidenceboard.ui.common.dialogs import OK_CANCEL, button_box
from evidenceboard.ui.common.plain import plain_label

_DETECT = ""


class MarkingDialog(QDialog):
    """Edits the board's marking scheme and its own marking; ``after`` is the result."""

    def __init__(self, board: Board, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("marking-dialog")
        self.setWindowTitle("Handling markings")
        self.board = board
        info = board.info
        self.scheme = QComboBox()
        self.scheme.addItem("Read from the markings on the board", _DETECT)
        for name in SchemeName:
            self.scheme.addItem(name.words[:1].upper() + name.words[1:], name.value)
        current = info.setting(SCHEME_SETTING) or _DETECT
        self.scheme.setCurrentIndex(max(0, self.scheme.findData(current)))
        self.levels = QPlainTextEdit(info.setting(CUSTOM_LEVELS_SETTING) or "")
        self.levels.setPlaceholderText("One level per line, lowest first")
        self.levels.setObjectName("marking-levels")
        self.board_marking = QLineEdit(info.handling)
        self.board_marking.setPlaceholderText("The marking of the board itself")
        self.status = plain_label(wrap=True)
        form = QFormLayout()
        form.addRow("&Scheme", self.scheme)
        form.addRow("Custom &levels", self.levels)
        form.addRow("&Board marking", self.board_marking)
        buttons = button_box(self, OK_CANCEL, self._accept)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.status)
        column.addWidget(buttons)
        self.scheme.currentIndexChanged.connect(self._refresh)
        self.levels.textChanged.connect(self._refresh)
        self.board_marking.textChanged.connect(self._refresh)
        #: The board details the dialog was accepted with.
        self.after: BoardInfo = info
        self._refresh()

    def _chosen(self) -> Scheme | None:
        """The scheme chosen; raises ValueError for an unfit custom list."""
        value = str(self.scheme.currentData())
        if value == _DETECT:
            return None
        name = SchemeName(value)
        if name is SchemeName.CUSTOM:
            return custom_scheme(self.levels.toPlainText().splitlines())
        return built_in(name)

    def _refresh(self) -> None:
        self.levels.setEnabled(self.scheme.currentData() == SchemeName.CUSTOM.value)
        try:
            scheme = self._chosen()
        except ValueError as exc:
            self.status.setText(str(exc))
            return
        if scheme is None:
            self.status.setText("Markings are compared in the first scheme that reads them all.")
            return
        texts = [self.board_marking.text(), *(c.handling for c in self.board.cards.values())]
        unread = sorted({t.strip() for t in texts if t.strip() and not scheme.reads(t)})
        if unread:
            shown = ", ".join(f"“{t}”" for t in unread[:5])
            self.status.setText(
                f"Not levels of this scheme: {shown}. A brief holding them is refused until "
                "they are corrected."
            )
        else:
            self.status.setText("Levels, lowest first: " + ", ".join(scheme.level_names()))

    def details(self) -> BoardInfo:
        """The board details the form describes; raises ValueError when they are unfit."""
        info = self.board.info
        scheme = self._chosen()
        if scheme is None:
            after = info.with_setting(SCHEME_SETTING, None)
            after = after.with_setting(CUSTOM_LEVELS_SETTING, None)
        else:
            after = info.with_setting(SCHEME_SETTING, scheme.name.value)
            levels = "\n".join(scheme.level_names())
            custom = scheme.name is SchemeName.CUSTOM
            after = after.with_setting(CUSTOM_LEVELS_SETTING, levels if custom else None)
        marking = " ".join(self.board_marking.text().split())
        return replace(after, handling=marking)

    def _accept(self) -> None:
        try:
            self.after = self.details()
        except ValueError as exc:
            self.status.setText(str(exc))
            return
        # The setting must name a scheme that is read back the same way.
        if self.after.setting(SCHEME_SETTING) and configured_scheme(self.after) is None:
            self.status.setText("The scheme could not be saved; check its levels.")
            return
        self.accept()
