"""The Judgements tab of the Analysis dock: the board's thresholds, key judgements, assumptions.

The thresholds the statuses follow are shown as choices the analyst can change for
this board (corroborating origins, from which reliability and information grades an
origin is weak, and the likelihood yardstick), with the rules in the words ``analyze``
and the brief use. A change is not made here: the tab emits
:attr:`JudgementsView.settings_requested` and the feature submits an ``EditBoard``
through the document controller, so it is one undo step like any edit, and the tab
shows the new values when the next analysis arrives.

Below, the key judgements (the claims marked key, or the best-sourced ones) and the key
assumptions, each as the one sentence the brief prints. Board text is plain text.
"""

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from evidenceboard.analysis import BoardAnalysis
from evidenceboard.analysis.settings import ANALYSIS_SETTINGS, setting_values, stored_value
from evidenceboard.analysis.standing import (
    CORROBORATION_SETTING,
    WEAK_INFORMATION_SETTING,
    WEAK_RELIABILITY_SETTING,
    threshold_lines,
)
from evidenceboard.model.board import Board
from evidenceboard.model.judgement import YARDSTICK_SETTING, YARDSTICKS
from evidenceboard.ui.common.plain import plain_label


def _origins_words(n: str) -> str:
    return f"{n} independent origin{'' if n == '1' else 's'} or more"


def _and_worse(grade: str) -> str:
    return f"{grade} and worse"


def _yardstick_name(key: str) -> str:
    return YARDSTICKS[key][0]


#: Each setting's label, and the words for one of its values.
_WORDS: dict[str, tuple[str, Callable[[str], str]]] = {
    CORROBORATION_SETTING: ("Corroborated by", _origins_words),
    WEAK_RELIABILITY_SETTING: ("Weak from reliability", _and_worse),
    WEAK_INFORMATION_SETTING: ("Weak from information", _and_worse),
    YARDSTICK_SETTING: ("Likelihood yardstick", _yardstick_name),
}


class JudgementsView(QWidget):
    """Thresholds to read and change, then the key judgements and key assumptions."""

    #: Set these board settings ({key: value, or None for the default}) in one step.
    settings_requested = Signal(dict)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("analysis-judgements")
        self._filling = False
        self.pickers: dict[str, QComboBox] = {}
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for setting in ANALYSIS_SETTINGS:
            key = setting.key
            label, words = _WORDS[key]
            picker = QComboBox()
            picker.setObjectName(f"setting-{key}")
            picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            for value in setting.choices:
                picker.addItem(words(value), value)
            picker.activated.connect(lambda _index, k=key: self._picked(k))
            self.pickers[key] = picker
            form.addRow(label, picker)
        self.defaults = QPushButton("Use the defaults")
        self.defaults.setObjectName("thresholds-default")
        self.defaults.clicked.connect(self._use_defaults)
        self.rules = plain_label(wrap=True, selectable=True)
        self.rules.setObjectName("threshold-rules")
        self.key_judgements = plain_label(wrap=True, selectable=True)
        self.key_judgements.setObjectName("key-judgements")
        self.assumptions = plain_label(wrap=True, selectable=True)
        self.assumptions.setObjectName("key-assumptions")
        heading_font = self.font()
        heading_font.setBold(True)
        headings = []
        for text in ("Thresholds of this board", "Key judgements", "Key assumptions"):
            heading = plain_label(text, wrap=True, selectable=True)
            heading.setFont(heading_font)
            headings.append(heading)

        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(14, 10, 14, 10)
        column.setSpacing(6)
        column.addWidget(headings[0])
        # The choices on the left at their own width, the rules they make beside them.
        left = QVBoxLayout()
        left.setSpacing(6)
        left.addLayout(form)
        left.addWidget(self.defaults, 0, Qt.AlignmentFlag.AlignLeft)
        left.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(18)
        row.addLayout(left, 0)
        row.addWidget(self.rules, 1, Qt.AlignmentFlag.AlignTop)
        column.addLayout(row)
        column.addSpacing(8)
        column.addWidget(headings[1])
        column.addWidget(self.key_judgements)
        column.addSpacing(8)
        column.addWidget(headings[2])
        column.addWidget(self.assumptions)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.show_analysis(None, None)

    def set_editable(self, editable: bool) -> None:
        for picker in self.pickers.values():
            picker.setEnabled(editable)
        self.defaults.setEnabled(editable)

    def current_values(self) -> dict[str, str]:
        return {key: str(picker.currentData()) for key, picker in self.pickers.items()}

    def show_analysis(self, analysis: BoardAnalysis | None, board: Board | None) -> None:
        if analysis is None or board is None:
            self.rules.setText("")
            self.key_judgements.setText("No analysis yet.")
            self.assumptions.setText("")
            return
        values = setting_values(analysis.thresholds, board.info)
        self._filling = True
        try:
            for key, picker in self.pickers.items():
                picker.setCurrentIndex(max(0, picker.findData(values[key])))
        finally:
            self._filling = False
        self.rules.setText("\n".join(f"•  {line}" for line in threshold_lines(analysis.thresholds)))
        chosen = analysis.key_judgements
        lead = (
            "Marked by the analyst:"
            if chosen.marked
            else "None marked as key: the best-sourced claims stand in."
        )
        sentences = [analysis.judgement_sentences[i] for i in chosen.claim_ids]
        self.key_judgements.setText(
            "\n".join([lead, *(f"{n}. {s}" for n, s in enumerate(sentences, start=1))])
            if sentences
            else "No claim has supporting evidence yet."
        )
        assumed = [analysis.judgement_sentences[i] for i in analysis.assumptions]
        self.assumptions.setText(
            "\n".join(f"•  {s}" for s in assumed)
            if assumed
            else "No claim is marked as a key assumption (mark one in the inspector)."
        )

    def _picked(self, key: str) -> None:
        if self._filling:
            return
        value = str(self.pickers[key].currentData())
        self.settings_requested.emit({key: stored_value(key, value)})

    def _use_defaults(self) -> None:
        self.settings_requested.emit(dict.fromkeys(self.pickers))
