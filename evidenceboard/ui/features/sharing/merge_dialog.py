"""The preview shown before merging a colleague's board: what comes in, every conflict.

Nothing changes until the user presses Merge: the plan is computed first (it is fast
and pure), listed here in words, and only then applied as one undoable change by the
caller. Conflict and update lines quote card titles from someone else's file, so they
are shown as plain list items, never as rich text.
"""

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidenceboard.model.merge import MergePlan
from evidenceboard.model.short_text import plural
from evidenceboard.ui.common.plain import plain_label, plain_title


class MergeDialog(QDialog):
    """Lists a merge plan; accepted means "merge"."""

    def __init__(self, plan: MergePlan, their_file: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("merge-dialog")
        self.setWindowTitle(plain_title(f"Merge {their_file}"))
        self.plan = plan
        lines = plan.lines()
        if plan.is_empty:
            headline = f"{their_file} holds nothing new for this board: nothing to merge."
        else:
            headline = lines[0]
        self.headline = plain_label(headline, wrap=True)
        self.headline.setObjectName("merge-summary")
        self.conflicts = QListWidget()
        self.conflicts.setObjectName("merge-conflicts")
        self.conflicts.setWordWrap(True)
        self.conflicts.addItems(lines[1 : 1 + len(plan.conflicts)])
        self.updates = QListWidget()
        self.updates.setObjectName("merge-updates")
        self.updates.setWordWrap(True)
        self.updates.addItems(plan.update_lines())
        explanation = plain_label(
            "Where both of you changed the same card, yours stays and theirs is added beside "
            "it, tagged merge-conflict and linked to yours. Nothing is deleted by a merge. "
            "One Undo takes the whole merge back.",
            wrap=True,
        )
        buttons = QDialogButtonBox()
        self.merge_button: QPushButton | None = None
        if not plan.is_empty:
            self.merge_button = buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
            self.merge_button.setObjectName("merge-button")
            self.merge_button.clicked.connect(self.accept)
        cancel = buttons.addButton(
            QDialogButtonBox.StandardButton.Cancel
            if not plan.is_empty
            else QDialogButtonBox.StandardButton.Close
        )
        cancel.clicked.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.headline)
        if plan.conflicts:
            column.addWidget(
                plain_label(
                    f"{plural(len(plan.conflicts), 'conflict')} (both versions are kept):",
                    wrap=True,
                )
            )
            column.addWidget(self.conflicts, 1)
        else:
            self.conflicts.hide()
        if self.updates.count():
            column.addWidget(
                plain_label("Taken from their copy (you had not changed these since):", wrap=True)
            )
            column.addWidget(self.updates, 1)
        else:
            self.updates.hide()
        column.addWidget(explanation)
        column.addWidget(buttons)
        self.resize(640, 420 if plan.conflicts or self.updates.count() else 220)
