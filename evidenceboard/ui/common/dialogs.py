"""Dialogs and message helpers of the window."""

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

_Dialog = TypeVar("_Dialog", bound=QDialog)

OK_CANCEL = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel


def open_dialog(dialog: _Dialog) -> _Dialog:
    """Show ``dialog`` window-modal without a nested event loop, deleted once closed.

    ``open()`` rather than ``exec()``: the window keeps painting, and tests read and
    close the dialog like any widget.
    """
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def button_box(
    dialog: QDialog,
    buttons: QDialogButtonBox.StandardButton,
    accept: Callable[[], object] | None = None,
) -> QDialogButtonBox:
    """Standard ``buttons`` for ``dialog``: rejecting closes it, accepting calls ``accept``.

    ``accept`` defaults to the dialog's own ``accept``; a dialog that checks its fields
    first passes its own method, which accepts when they are right.
    """
    box = QDialogButtonBox(buttons)
    box.accepted.connect(accept or dialog.accept)
    box.rejected.connect(dialog.reject)
    return box
