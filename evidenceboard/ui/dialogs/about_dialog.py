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

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidenceboard import __version__


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
    Library("python-bidi", "python-bidi", "LGPL-3.0"),
    Library("arabic-reshaper", "arabic-reshaper", "MIT"),
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


def _plain_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


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
        self.title = _plain_label(f"EvidenceBoard {__version__}")
        self.title.setObjectName("about-title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        licence = _plain_label(
            "An offline evidence board for investigators. Released under the MIT licence.\n"
            "Built with these libraries (PySide6/Qt and python-bidi are used under the "
            "GNU LGPL 3.0; you may replace them with your own builds):"
        )
        rows = [[lib.name, installed_version(lib.distribution), lib.licence] for lib in LIBRARIES]
        self.libraries = _table("about-libraries", ["Library", "Version", "Licence"], rows)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.title)
        column.addWidget(licence)
        column.addWidget(self.libraries, 1)
        column.addWidget(buttons)
        self.resize(560, 520)


def shortcut_rows(actions: Iterable[QAction]) -> list[list[str]]:
    """(command, keys) for every action that has a shortcut, sorted by command."""
    rows = {}
    for action in actions:
        keys = [
            s.toString(QKeySequence.SequenceFormat.NativeText)
            for s in action.shortcuts()
            if not s.isEmpty()
        ]
        if not keys:
            continue
        text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        rows[text.rstrip("…").strip() or action.objectName()] = ", ".join(keys)
    return [[text, keys] for text, keys in sorted(rows.items(), key=lambda r: r[0].casefold())]


class ShortcutsDialog(QDialog):
    """Help > Keyboard shortcuts: every command that has a key, from the window's actions."""

    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts-dialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.table = _table("shortcut-table", ["Command", "Keys"], shortcut_rows(actions))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.table, 1)
        column.addWidget(buttons)
        self.resize(460, 560)
