"""The About box and the keyboard-shortcut list, both built from live data.

Versions are read with ``importlib.metadata`` when the box opens, so the box never
disagrees with what is installed (or frozen into the app). Licences are written here
because package metadata is inconsistent (some give an SPDX expression, some a
classifier, some a paragraph); the two LGPL-3.0 libraries are named as such since
their licence asks that users be told. The shortcut list is generated from the
window's ``QAction`` objects, so it shows what the keys really do, including
shortcuts added by features. Everything is shown as plain text.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from evidenceboard import __version__
from evidenceboard.ui.common.dialogs import button_box
from evidenceboard.ui.common.plain import plain_label


@dataclass(frozen=True, slots=True)
class Library:
    """A library shipped with the app, as the About box lists it."""

    name: str
    distribution: str
    licence: str


LIBRARIES = (
    Library("PySide6 / Qt", "PySide6-Essentials", "LGPL-3.0"),
    Library("SQLAlchemy", "SQLAlchemy", "MIT"),
    Library("networkx", "networkx", "BSD-3-Clause"),
    Library("NumPy", "numpy", "BSD-3-Clause"),
    Library("ReportLab", "reportlab", "BSD-3-Clause"),
    Library("trafilatura", "trafilatura", "Apache-2.0"),
    Library("pypdfium2 / PDFium", "pypdfium2", "Apache-2.0 or BSD-3-Clause"),
    Library("Pillow", "Pillow", "MIT-CMU"),
    Library("arabic-reshaper", "arabic-reshaper", "MIT"),
    Library("HarfBuzz (uharfbuzz)", "uharfbuzz", "Apache-2.0; HarfBuzz: MIT"),
    Library("pyHanko", "pyhanko", "MIT"),
    Library("cryptography", "cryptography", "Apache-2.0 or BSD-3-Clause"),
    Library("jsonschema", "jsonschema", "MIT"),
    Library("psygnal", "psygnal", "BSD-3-Clause"),
    Library("platformdirs", "platformdirs", "MIT"),
)


def installed_version(distribution: str) -> str:
    """The installed version of a distribution, or "not installed"."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def _table(name: str, headers: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(value))
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


class AboutDialog(QDialog):
    """Help > About EvidenceBoard: version, licence and the libraries it is built on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about-dialog")
        self.setWindowTitle("About EvidenceBoard")
        self.title = plain_label(f"EvidenceBoard {__version__}", wrap=True, selectable=True)
        self.title.setObjectName("about-title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        licence = plain_label(
            "An offline evidence board for investigators. Released under the MIT licence.\n"
            "Built with these libraries (PySide6/Qt is used under the GNU LGPL 3.0; you "
            "may replace it with your own build):",
            wrap=True,
            selectable=True,
        )
        rows = [[lib.name, installed_version(lib.distribution), lib.licence] for lib in LIBRARIES]
        self.libraries = _table("about-libraries", ["Library", "Version", "Licence"], rows)
        buttons = button_box(self, QDialogButtonBox.StandardButton.Close)
        column = QVBoxLayout(self)
        column.addWidget(self.title)
        column.addWidget(licence)
        column.addWidget(self.libraries, 1)
        column.addWidget(buttons)
        self.resize(560, 520)


#: Undo and Redo carry the step they would undo in their text ("Undo Move card"); the
#: list names the command, not the step.
_FIXED_NAMES = {"undo": "Undo", "redo": "Redo"}

#: What the mouse and the keys do on the canvas itself, which no menu action lists.
CANVAS_GESTURES = (
    ("Move cards", "Drag a card"),
    ("Link two cards", "Drag from a card's link handle onto another card"),
    ("Resize a card", "Drag its corner grip"),
    ("Select several cards", "Drag on empty canvas, or Ctrl/Shift+click"),
    ("Edit a card's title", "F2, Return, or double-click"),
    ("Move the selection", "Arrow keys (Shift: larger steps)"),
    ("Next or previous card", "Tab, Shift+Tab"),
    ("Pan", "Space+drag, middle-button drag, wheel (Shift+wheel: sideways)"),
    ("Zoom at the pointer", "Ctrl+wheel"),
    ("Next or previous find match", "F3 or Return, Shift+F3 in the find bar"),
    ("Cancel a drag or title edit", "Esc"),
    ("Add files as cards", "Drop them on the canvas"),
)


def shortcut_rows(actions: Iterable[QAction]) -> list[list[str]]:
    """(command, keys) for every action that has a shortcut, sorted by command."""
    rows: dict[str, str] = {}
    for action in actions:
        keys = [
            s.toString(QKeySequence.SequenceFormat.NativeText)
            for s in action.shortcuts()
            if not s.isEmpty() and not _on_special_keyboards_only(s)
        ]
        if not keys:
            continue
        text = _FIXED_NAMES.get(action.objectName()) or (
            action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        )
        name = text.rstrip("…").strip() or action.objectName()
        # One row per command, however many actions share its name.
        joined = ", ".join(k for k in dict.fromkeys([*rows.get(name, "").split(", "), *keys]) if k)
        rows[name] = joined
    return [[text, keys] for text, keys in sorted(rows.items(), key=lambda r: r[0].casefold())]


def _on_special_keyboards_only(sequence: QKeySequence) -> bool:
    """Keys that the platform's standard bindings add and few keyboards have: X11 maps
    Copy to a "Copy" key and F16, Close to a "Close" key. Listing them is noise."""
    portable = QKeySequence.SequenceFormat.PortableText
    return sequence.toString(portable) in _special_key_names(portable)


def _special_key_names(portable: QKeySequence.SequenceFormat) -> frozenset[str]:
    keys = [
        Qt.Key.Key_Copy,
        Qt.Key.Key_Cut,
        Qt.Key.Key_Paste,
        Qt.Key.Key_Close,
        Qt.Key.Key_Open,
        Qt.Key.Key_New,
        Qt.Key.Key_Save,
        Qt.Key.Key_Undo,
        Qt.Key.Key_Redo,
        Qt.Key.Key_Find,
        Qt.Key.Key_Help,
        Qt.Key.Key_Print,
        Qt.Key.Key_Search,
        Qt.Key.Key_ZoomIn,
        Qt.Key.Key_ZoomOut,
    ]
    names = {QKeySequence(key).toString(portable) for key in keys}
    return frozenset(names | {f"F{n}" for n in range(13, 36)})


class ShortcutsDialog(QDialog):
    """Help > Keyboard shortcuts: every command that has a key, from the window's actions."""

    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts-dialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.table = _table("shortcut-table", ["Command", "Keys"], shortcut_rows(actions))
        self.gestures = _table(
            "gesture-table", ["On the canvas", "How"], [list(row) for row in CANVAS_GESTURES]
        )
        buttons = button_box(self, QDialogButtonBox.StandardButton.Close)
        column = QVBoxLayout(self)
        # The gestures are a short fixed list, shown whole; the command list scrolls.
        self.gestures.setFixedHeight(_table_height(self.gestures))
        column.addWidget(self.table, 1)
        column.addWidget(self.gestures)
        column.addWidget(buttons)
        self.resize(self.sizeHint())

    @override
    def sizeHint(self) -> QSize:
        # Wide enough for both columns of both tables whole, as tall as the screen lets.
        width = max(_table_width(self.table), _table_width(self.gestures)) + 40
        height = _table_height(self.table) + _table_height(self.gestures) + 80
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:
            width = min(width, screen.width() - 40)
            height = min(height, screen.height() - 80)
        return QSize(width, height)


def _table_width(table: QTableWidget) -> int:
    table.resizeColumnsToContents()
    columns = sum(table.horizontalHeader().sectionSize(c) for c in range(table.columnCount()))
    return columns + table.frameWidth() * 2 + table.verticalScrollBar().sizeHint().width()


def _table_height(table: QTableWidget) -> int:
    table.resizeRowsToContents()
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    return rows + table.horizontalHeader().sizeHint().height() + table.frameWidth() * 2
