"""Editors for single fields of the inspector, each committing once per finished edit.

A :class:`FieldEditor` wraps one widget, reads its value in the model's type and shows
a model value. It calls ``on_commit`` when the user finishes an edit: Enter or leaving
a line, leaving a text box, picking from a list, ticking a box. Text is always plain.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from evidenceboard.model.errors import InvalidValueError
from evidenceboard.model.grading import SCHEMES, Grading
from evidenceboard.ui.common.plain import plain_tooltip

Commit = Callable[[], None]


class FieldEditor(ABC):
    """One field: its widget, how to read it, how to show a value."""

    def __init__(self, name: str, widget: QWidget) -> None:
        self.name = name
        self.widget = widget
        widget.setObjectName(f"field-{name}")

    @abstractmethod
    def value(self) -> Any:
        """The widget's value in the model's type."""

    @abstractmethod
    def show(self, value: Any) -> None:
        """Show a model value."""

    def has_focus(self) -> bool:
        """Whether an edit may be under way here, which a refresh must not overwrite."""
        return self.widget.hasFocus() or self.widget.isAncestorOf(QWidget.focusWidget(self.widget))

    def set_editable(self, editable: bool) -> None:
        self.widget.setEnabled(editable)


class LineField(FieldEditor):
    def __init__(self, name: str, on_commit: Commit, placeholder: str = "") -> None:
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        super().__init__(name, self.edit)
        self.edit.editingFinished.connect(on_commit)

    def value(self) -> Any:
        return self.edit.text()

    def show(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))
        self.edit.setCursorPosition(0)

    def set_editable(self, editable: bool) -> None:
        self.edit.setReadOnly(not editable)


class TagsField(LineField):
    def value(self) -> Any:
        return tuple(t.strip() for t in self.edit.text().split(",") if t.strip())

    def show(self, value: Any) -> None:
        super().show(", ".join(value))


class NumberField(LineField):
    """A whole number or nothing (a page, a page count)."""

    def value(self) -> Any:
        text = self.edit.text().strip()
        if not text:
            return None
        if not text.isdigit():
            raise InvalidValueError(f"“{text}” is not a whole number.")
        return int(text)


class _FocusOut(QObject):
    def __init__(self, on_commit: Commit, parent: QObject) -> None:
        super().__init__(parent)
        self._on_commit = on_commit

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self._on_commit()
        return False


class TextField(FieldEditor):
    """Multi-line plain text, committed when the box loses focus."""

    def __init__(self, name: str, on_commit: Commit, height: int = 96) -> None:
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(height)
        super().__init__(name, self.edit)
        self.edit.installEventFilter(_FocusOut(on_commit, self.edit))

    def value(self) -> Any:
        return self.edit.toPlainText()

    def show(self, value: Any) -> None:
        if self.edit.toPlainText() != value:
            self.edit.setPlainText(str(value))

    def set_editable(self, editable: bool) -> None:
        self.edit.setReadOnly(not editable)


class ChoiceField(FieldEditor):
    """A pick from a list of (label, value) pairs."""

    def __init__(self, name: str, on_commit: Commit, choices: list[tuple[str, Any]]) -> None:
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(10)
        for label, value in choices:
            self.combo.addItem(label, value)
        super().__init__(name, self.combo)
        self.combo.activated.connect(lambda _index: on_commit())

    def value(self) -> Any:
        return self.combo.currentData()

    def show(self, value: Any) -> None:
        index = self.combo.findData(value)
        if index < 0:
            self.combo.addItem(f"Custom {value}", value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)


class CardChoiceField(FieldEditor):
    """A pick of one card among those ``choices`` gives, or none; held as its id.

    The choices are asked for each time the field shows a value, so a card added,
    renamed or removed since the form was built is listed as it is now.
    """

    def __init__(
        self,
        name: str,
        on_commit: Commit,
        choices: Callable[[], list[tuple[str, str]]],
        nobody: str,
    ) -> None:
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(10)
        self._choices, self._nobody = choices, nobody
        super().__init__(name, self.combo)
        self.combo.activated.connect(lambda _index: on_commit())

    def value(self) -> Any:
        return self.combo.currentData() or ""

    @override
    def has_focus(self) -> bool:
        # Each pick is committed at once, so nothing is pending: an undo shows here too.
        return False

    def show(self, value: Any) -> None:
        self.combo.clear()
        self.combo.addItem(self._nobody, "")
        for label, card_id in self._choices():
            self.combo.addItem(label, card_id)
        index = self.combo.findData(value)
        if index < 0:
            # A card since removed: its id stays, so undoing the removal restores the pick.
            self.combo.addItem("(a removed card)", value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)


class CheckField(FieldEditor):
    def __init__(self, name: str, on_commit: Commit, text: str) -> None:
        self.box = QCheckBox(text)
        super().__init__(name, self.box)
        self.box.clicked.connect(lambda _checked: on_commit())

    def value(self) -> Any:
        return self.box.isChecked()

    def show(self, value: Any) -> None:
        self.box.setChecked(bool(value))


class GradingField(FieldEditor):
    """Scheme, source grade and information grade, with each grade's label."""

    def __init__(self, on_commit: Commit) -> None:
        box = QWidget()
        # One picker a line: side by side, the two were cut to "Source: not" in a
        # docked Inspector.
        rows = QVBoxLayout(box)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(4)
        self.scheme = QComboBox()
        self.scheme.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.scheme.setMinimumContentsLength(10)
        for scheme in SCHEMES.values():
            self.scheme.addItem(scheme.name, scheme.key)
        self.source = QComboBox()
        self.information = QComboBox()
        self.source.setObjectName("grading-source")
        self.information.setObjectName("grading-information")
        for combo in (self.source, self.information):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
            rows.addWidget(combo)
        # A grade is a pair: half of one is not saved, and the user is told so.
        self.hint = QLabel()
        self.hint.setObjectName("grading-hint")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.hint.hide()
        rows.addWidget(self.hint)
        super().__init__("grading", box)
        self._on_commit = on_commit
        self.scheme.activated.connect(self._scheme_picked)
        self.source.activated.connect(lambda _i: self._picked(self.information, "information"))
        self.information.activated.connect(lambda _i: self._picked(self.source, "source"))
        self._fill(str(self.scheme.currentData()))

    def extra_widget(self) -> QWidget:
        """The scheme picker, shown on its own row."""
        return self.scheme

    def _fill(self, key: str) -> None:
        scheme = SCHEMES[key]
        for combo, grades, words in (
            (self.source, scheme.source_grades, "Source"),
            (self.information, scheme.information_grades, "Information"),
        ):
            combo.clear()
            combo.addItem(f"{words}: not graded", None)
            for grade in grades:
                combo.addItem(f"{grade.code} · {grade.label}", grade.code)
                combo.setItemData(
                    combo.count() - 1, plain_tooltip(grade.label), Qt.ItemDataRole.ToolTipRole
                )

    def _scheme_picked(self, _index: int) -> None:
        self._fill(str(self.scheme.currentData()))
        self._picked(self.source, "source")

    def _picked(self, other: QComboBox, other_name: str) -> None:
        source, info = self.source.currentData(), self.information.currentData()
        if (source is None) == (info is None):
            self.hint.hide()
            self._on_commit()
            return
        self.hint.setText(f"Choose the {other_name} grade as well; the grade is saved then.")
        self.hint.show()
        other.setFocus(Qt.FocusReason.OtherFocusReason)

    def value(self) -> Any:
        source, info = self.source.currentData(), self.information.currentData()
        if source is None or info is None:
            return None
        return Grading(str(self.scheme.currentData()), str(source), str(info))

    def show(self, value: Any) -> None:
        self.hint.hide()
        key = value.scheme if isinstance(value, Grading) else str(self.scheme.currentData())
        self.scheme.setCurrentIndex(max(0, self.scheme.findData(key)))
        self._fill(key)
        if isinstance(value, Grading):
            self.source.setCurrentIndex(max(0, self.source.findData(value.source)))
            self.information.setCurrentIndex(max(0, self.information.findData(value.information)))

    def set_editable(self, editable: bool) -> None:
        for combo in (self.scheme, self.source, self.information):
            combo.setEnabled(editable)


class NamesField(LineField):
    """Names separated by semicolons (an entity's aliases): commas occur in names."""

    def value(self) -> Any:
        return tuple(n.strip() for n in self.edit.text().split(";") if n.strip())

    def show(self, value: Any) -> None:
        super().show("; ".join(value))


class CoordinatesField(LineField):
    """``latitude, longitude`` in decimal degrees, or nothing; the model checks the range."""

    def value(self) -> Any:
        text = self.edit.text().strip()
        if not text:
            return (None, None)
        parts = text.replace(";", ",").split(",")
        try:
            latitude, longitude = (float(p) for p in parts)
        except ValueError:
            raise InvalidValueError(
                f"“{text[:40]}” is not “latitude, longitude” in degrees (e.g. 35.40, 35.95)."
            ) from None
        return (latitude, longitude)

    def show(self, value: Any) -> None:
        latitude, longitude = value
        super().show("" if latitude is None else f"{latitude:g}, {longitude:g}")


class EntityListField(LineField):
    """Cards named by their titles, separated by semicolons; held as their ids."""

    def __init__(
        self,
        name: str,
        on_commit: Commit,
        title_of: Callable[[str], str],
        id_of: Callable[[str], str],
    ) -> None:
        super().__init__(name, on_commit, "names of people, organisations… on the board")
        self._title_of, self._id_of = title_of, id_of

    def value(self) -> Any:
        return tuple(self._id_of(n.strip()) for n in self.edit.text().split(";") if n.strip())

    def show(self, value: Any) -> None:
        super().show("; ".join(self._title_of(i) for i in value))
