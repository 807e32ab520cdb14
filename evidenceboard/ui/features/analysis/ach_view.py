"""The matrix of Heuer's Analysis of Competing Hypotheses, drawn from an :class:`AchMatrix`.

Hypotheses are the columns in ranked order, each header carrying its stable label
(H1…Hn), its rank, its inconsistencies and how many of its cells nobody has assessed;
the evidence is the rows, one per origin (a report and those repeating it share a row),
the most diagnostic first, since Heuer's method turns on the evidence that tells
hypotheses apart. Two last columns give each row's grade (its origin's) and its
diagnosticity in words; rows that are not diagnostic are faded rather than hidden, so
the user sees that they were considered. A list beside the matrix ranks the hypotheses.

Cells show Heuer's codes (CC, C, I, II, N neutral, NA, ? unassessed) tinted with the
theme's corroborates and contradicts colours, stronger for strong links; no raw weight
is shown. Picking a header,
a cell or a ranked hypothesis emits :attr:`AchView.reveal_requested`; this widget
never touches the canvas itself. A cell's context menu and keys (see
:mod:`evidenceboard.ui.features.analysis.ach_marking`) emit :attr:`AchView.mark_requested`, and a
cell the analyst marked is drawn underlined in italics, "set by the analyst" in its
tooltip. All board text is plain: table items and headers do not interpret markup, and
tooltips are escaped.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidenceboard.analysis import AchCell, AchMatrix, AchRow, Consistency
from evidenceboard.analysis.report import row_grade
from evidenceboard.analysis.wording import labelled
from evidenceboard.model.board import Board
from evidenceboard.ui.board.scene.card_item import mix
from evidenceboard.ui.common.plain import plain_tooltip
from evidenceboard.ui.common.theme import Theme
from evidenceboard.ui.features.analysis.ach_marking import install_marking

EMPTY_TEXT = (
    "No hypotheses to compare yet.\n\n"
    "Mark claims as hypotheses in the inspector to compare them: each hypothesis becomes "
    "a column, and every report or document linked to one as corroborating or "
    "contradicting becomes a row."
)
LEGEND_TEXT = (
    "CC / C consistent · I / II inconsistent (doubled for strong links) · N neutral · "
    "NA not applicable · ? unassessed (no link yet); underlined: set by the analyst "
    "(right-click a cell, or keys C, I, N, A; Delete clears). Ranked by inconsistencies "
    "weighted by grade; faded rows do not help to choose."
)
#: Width at which long card titles are elided in the headers (full text in tooltips).
HEADER_TITLE_WIDTH = 240
ROW_TITLE_WIDTH = 300
_CARD = Qt.ItemDataRole.UserRole


def _title(board: Board | None, card_id: str) -> str:
    card = board.cards.get(card_id) if board is not None else None
    return " ".join(card.display_title.split()) if card is not None else "(removed card)"


def _cell_words(cell: AchCell) -> str:
    match cell.consistency:
        case Consistency.UNASSESSED:
            return "Unassessed: no link yet, so nobody has said how this bears on it."
        case Consistency.NOT_APPLICABLE:
            return "Not applicable."
        case Consistency.CONSISTENT | Consistency.INCONSISTENT | Consistency.NEUTRAL:
            strength = cell.strength.value if cell.strength is not None else "unknown"
            return f"{cell.consistency.value.capitalize()} ({strength} link)."


class AchView(QWidget):
    """Hypotheses against evidence, with diagnosticity and the ranking."""

    #: Select and show these (card ids, link ids) on the canvas.
    reveal_requested = Signal(list, list)
    #: Mark a cell: evidence id, hypothesis id, and a CellMark (None clears the mark).
    mark_requested = Signal(str, str, object)

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.setObjectName("ach-view")
        self._theme = theme
        self._matrix: AchMatrix | None = None
        self._board: Board | None = None
        #: Hypothesis id of each column, evidence id of each row.
        self.column_ids: list[str] = []
        self.row_ids: list[str] = []
        self._rows: list[AchRow] = []

        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setObjectName("ach-empty")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setContentsMargins(40, 20, 40, 20)

        self.table = QTableWidget()
        self.table.setObjectName("ach-matrix")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setShowGrid(True)
        self.table.setCornerButtonEnabled(False)
        horizontal = self.table.horizontalHeader()
        # Hypothesis columns share the width; past a few they scroll instead of shrinking.
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        horizontal.setMinimumSectionSize(150)
        horizontal.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        horizontal.setHighlightSections(False)
        horizontal.sectionClicked.connect(self._column_clicked)
        vertical = self.table.verticalHeader()
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(26)
        vertical.setHighlightSections(False)
        vertical.sectionClicked.connect(self._row_clicked)
        self.table.cellClicked.connect(self._cell_clicked)
        install_marking(self)

        self.legend = QLabel(LEGEND_TEXT)
        self.legend.setTextFormat(Qt.TextFormat.PlainText)
        self.legend.setWordWrap(True)
        self._mute(self.legend)

        self.ranking_title = QLabel(
            "Most likely first: fewest inconsistencies, weighted by grade; unexamined last"
        )
        self.ranking_title.setTextFormat(Qt.TextFormat.PlainText)
        self.ranking_title.setWordWrap(True)
        self._mute(self.ranking_title)
        self.ranking = QTreeWidget()
        self.ranking.setObjectName("ach-ranking")
        self.ranking.setColumnCount(3)
        self.ranking.setHeaderLabels(["#", "Hypothesis", "Inconsistent"])
        self.ranking.setRootIsDecorated(False)
        self.ranking.itemClicked.connect(self._ranking_clicked)
        ranking_header = self.ranking.header()
        ranking_header.setStretchLastSection(False)
        ranking_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        ranking_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        ranking_header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

        matrix_column = QVBoxLayout()
        matrix_column.setContentsMargins(0, 0, 0, 0)
        matrix_column.setSpacing(6)
        matrix_column.addWidget(self.table, 1)
        matrix_column.addWidget(self.legend)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(6)
        side.addWidget(self.ranking_title)
        side.addWidget(self.ranking, 1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(380)
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(10, 10, 10, 8)
        row.setSpacing(14)
        row.addLayout(matrix_column, 1)
        row.addWidget(side_widget)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.show_matrix(None, None)

    def _mute(self, label: QLabel) -> None:
        palette = label.palette()
        palette.setColor(label.foregroundRole(), QColor(self._theme.muted))
        label.setPalette(palette)

    def set_theme(self, theme: Theme) -> None:
        """Recolour the matrix in ``theme`` at once, keeping the picked cell and place."""
        if theme == self._theme:
            return
        self._theme = theme
        self._mute(self.legend)
        self._mute(self.ranking_title)
        # Cell tints are set on each item when it is made: rebuild them from the matrix.
        table = self.table
        cell = (table.currentRow(), table.currentColumn())
        # Rows, not items: the list is flat, and currentItem() may return None, which
        # PySide6 6.12 on Python 3.11 mis-counts.
        ranked = self.ranking.currentIndex().row()
        scroll = (table.horizontalScrollBar().value(), table.verticalScrollBar().value())
        self.show_matrix(self._matrix, self._board)
        table.setCurrentCell(*cell)
        if 0 <= ranked < self.ranking.topLevelItemCount():
            self.ranking.setCurrentIndex(self.ranking.model().index(ranked, 0))
        table.horizontalScrollBar().setValue(scroll[0])
        table.verticalScrollBar().setValue(scroll[1])

    @property
    def showing_matrix(self) -> bool:
        return self.stack.currentIndex() == 1

    # -- filling ---------------------------------------------------------------------

    def show_matrix(self, matrix: AchMatrix | None, board: Board | None) -> None:
        """Show ``matrix`` (None, or no hypotheses: the explanation instead)."""
        self._matrix, self._board = matrix, board
        if matrix is None or not matrix.hypothesis_ids:
            self.column_ids, self.row_ids, self._rows = [], [], []
            self.table.clear()
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self.ranking.clear()
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)
        self.column_ids = list(matrix.hypothesis_ids)
        rows = sorted(
            matrix.rows,
            # Unknown diagnosticity (too few cells assessed) before none: it may yet help.
            key=lambda r: (
                -r.diagnosticity,
                r.assessed >= 2,
                _title(board, r.evidence_id).casefold(),
            ),
        )
        self.row_ids = [r.evidence_id for r in rows]
        self._rows = rows
        rank = {score.hypothesis_id: i + 1 for i, score in enumerate(matrix.ranking)}
        scores = {score.hypothesis_id: score for score in matrix.ranking}

        table = self.table
        table.clear()
        table.setColumnCount(len(self.column_ids) + 2)
        table.setRowCount(len(rows))
        metrics = table.fontMetrics()
        for column, hypothesis in enumerate(self.column_ids):
            title = _title(board, hypothesis)
            shown = metrics.elidedText(title, Qt.TextElideMode.ElideRight, HEADER_TITLE_WIDTH)
            score = scores[hypothesis]
            header = QTableWidgetItem(
                f"{labelled(score.label, shown)}\nRank {rank[hypothesis]} · "
                f"{score.inconsistent_count} inconsistent · {score.unassessed} unassessed"
            )
            header.setToolTip(plain_tooltip(title))
            header.setData(_CARD, hypothesis)
            table.setHorizontalHeaderItem(column, header)
        grade_column = len(self.column_ids)
        diagnosticity_column = grade_column + 1
        table.setHorizontalHeaderItem(grade_column, QTableWidgetItem("Grade"))
        table.setHorizontalHeaderItem(diagnosticity_column, QTableWidgetItem("Diagnosticity"))
        for fixed, width in ((grade_column, 90), (diagnosticity_column, 190)):
            table.horizontalHeader().setSectionResizeMode(fixed, QHeaderView.ResizeMode.Fixed)
            table.setColumnWidth(fixed, width)
        table.horizontalHeader().setMinimumHeight(metrics.height() * 2 + 14)

        code_font = QFont(table.font())
        code_font.setBold(True)
        marked_font = QFont(code_font)
        marked_font.setItalic(True)
        marked_font.setUnderline(True)
        for row_index, row in enumerate(rows):
            title = _title(board, row.evidence_id)
            if len(row.evidence_ids) > 1:
                title += f" (+{len(row.evidence_ids) - 1} repeating it)"
            label = QTableWidgetItem(
                metrics.elidedText(title, Qt.TextElideMode.ElideRight, ROW_TITLE_WIDTH)
            )
            label.setToolTip(plain_tooltip(title))
            if not row.diagnostic:
                label.setForeground(QBrush(self._faded(QColor(self._theme.text))))
            table.setVerticalHeaderItem(row_index, label)
            for column, hypothesis in enumerate(self.column_ids):
                cell = row.cells[column]
                item = self._cell_item(cell, row.diagnostic)
                item.setFont(marked_font if cell.marked else code_font)
                words = _cell_words(cell) + (" Set by the analyst." if cell.marked else "")
                item.setToolTip(plain_tooltip(f"{title} → {_title(board, hypothesis)}: {words}"))
                # Never None: PySide6 6.12 on Python 3.11 mis-counts a returned None.
                item.setData(_CARD, cell.link_id or "")
                table.setItem(row_index, column, item)
            colour = QColor(self._theme.text if row.diagnostic else self._theme.muted)
            brush = QBrush(colour if row.diagnostic else self._faded(colour))
            grade = row_grade(board, row) if board is not None else ""
            for at, words in (
                (grade_column, grade),
                (diagnosticity_column, row.diagnosticity_words),
            ):
                item = QTableWidgetItem(words)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setForeground(brush)
                item.setToolTip(plain_tooltip(words))
                table.setItem(row_index, at, item)

        # No cell is current until the user picks one.
        table.setCurrentCell(-1, -1)
        self.ranking.clear()
        for position, score in enumerate(matrix.ranking, start=1):
            title = _title(board, score.hypothesis_id)
            entry = QTreeWidgetItem(
                [str(position), labelled(score.label, title), f"{score.inconsistent_count}"]
            )
            entry.setData(0, _CARD, score.hypothesis_id)
            entry.setToolTip(
                1,
                plain_tooltip(
                    f"{title}: {score.inconsistent_count} inconsistent item(s), "
                    f"{score.unassessed} of {len(rows)} cells unassessed."
                ),
            )
            entry.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.ranking.addTopLevelItem(entry)

    def cell_at(self, row: int, column: int) -> tuple[str, str, AchCell] | None:
        """The evidence id, hypothesis id and cell shown at a table position, if any."""
        if 0 <= row < len(self._rows) and 0 <= column < len(self.column_ids):
            return self.row_ids[row], self.column_ids[column], self._rows[row].cells[column]
        return None

    def _faded(self, colour: QColor) -> QColor:
        return mix(colour, QColor(self._theme.panel), 0.55)

    def _cell_item(self, cell: AchCell, diagnostic: bool) -> QTableWidgetItem:
        item = QTableWidgetItem(cell.code)
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        theme = self._theme
        panel = QColor(theme.panel)
        if cell.consistency not in (Consistency.CONSISTENT, Consistency.INCONSISTENT):
            text = QColor(theme.muted)
            fill = panel
        else:
            hue = QColor(
                theme.corroborates
                if cell.consistency is Consistency.CONSISTENT
                else theme.contradicts
            )
            strong = len(cell.code) == 2
            fill = mix(panel, hue, 0.30 if strong else 0.16)
            text = mix(hue, QColor(theme.text), 0.25)
        if not diagnostic:
            fill = mix(fill, panel, 0.6)
            text = self._faded(text)
        item.setBackground(QBrush(fill))
        item.setForeground(QBrush(text))
        return item

    # -- picking ---------------------------------------------------------------------

    def _column_clicked(self, column: int) -> None:
        if 0 <= column < len(self.column_ids):
            self.reveal_requested.emit([self.column_ids[column]], [])

    def _row_clicked(self, row: int) -> None:
        if 0 <= row < len(self.row_ids):
            self.reveal_requested.emit([self.row_ids[row]], [])

    def _cell_clicked(self, row: int, column: int) -> None:
        if not 0 <= row < len(self.row_ids):
            return
        if column >= len(self.column_ids):  # the grade and diagnosticity columns
            self._row_clicked(row)
            return
        item = self.table.item(row, column)
        link = item.data(_CARD) if item is not None else None
        links = [str(link)] if link else []
        self.reveal_requested.emit([self.row_ids[row], self.column_ids[column]], links)

    def _ranking_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        hypothesis = item.data(0, _CARD)
        if hypothesis:
            self.reveal_requested.emit([str(hypothesis)], [])
