"""The Analysis panel: findings by kind and severity, claim statuses, and the ACH matrix.

The panel only displays a :class:`BoardAnalysis` it is handed; it neither runs the
analysis nor touches the scene. Picking an entry emits :attr:`reveal_requested` with
the card and link ids involved, and the feature selects them on the canvas. So the
panel can be rebuilt after every analysis without knowing which board is open.

Findings are grouped by kind, and the groups ordered by severity and then by how
much a kind undermines the board (cycles, circular reporting, contested, single
source, ungraded, uncited, orphans), which is the order of :class:`FindingKind`.

Every text here comes from the board and is shown as plain text: tree items and
labels never interpret markup, and tooltips (which Qt may read as rich text) are
escaped.
"""

from collections.abc import Iterable

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QPainterPath,
    QPalette,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from evidenceboard.analysis import (
    BoardAnalysis,
    ClaimAssessment,
    ClaimStatus,
    Finding,
    FindingKind,
    Severity,
)
from evidenceboard.analysis.report import next_steps
from evidenceboard.analysis.standing import threshold_lines
from evidenceboard.model.board import Board
from evidenceboard.ui.board.scene.card_item import STATUS_WORDS
from evidenceboard.ui.common.layouts import column, scrolling_page
from evidenceboard.ui.common.plain import plain_tooltip
from evidenceboard.ui.common.theme import Theme
from evidenceboard.ui.features.analysis.ach_view import AchView
from evidenceboard.ui.features.analysis.judgements_panel import JudgementsView

KIND_TITLES = {
    FindingKind.DERIVED_FROM_CYCLE: "Derived-from cycles",
    FindingKind.CIRCULAR_REPORTING: "Circular reporting",
    FindingKind.CONTESTED: "Contested claims",
    FindingKind.SINGLE_SOURCE: "Single-source claims",
    FindingKind.WEAKLY_SOURCED: "Weakly sourced claims",
    FindingKind.UNGRADED: "Unassessed origins (not graded or cannot be judged)",
    FindingKind.ONE_ACTOR: "One actor behind many claims",
    FindingKind.DUPLICATE_LINK: "Duplicate links",
    FindingKind.UNCITED: "Uncited evidence",
    FindingKind.ORPHAN: "Unlinked cards",
}
_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_KIND_RANK = {kind: index for index, kind in enumerate(FindingKind)}
#: Claims needing attention first: contested, then thinly or not supported.
_STATUS_RANK = {
    ClaimStatus.CONTESTED: 0,
    ClaimStatus.WEAKLY_SOURCED: 1,
    ClaimStatus.SINGLE_SOURCE: 2,
    ClaimStatus.UNCORROBORATED: 2,
    ClaimStatus.UNSUPPORTED: 3,
    ClaimStatus.CORROBORATED: 4,
}
_IDS = Qt.ItemDataRole.UserRole
_LINKS = Qt.ItemDataRole.UserRole + 1
#: A finding group's kind (its value), to remember whether the user unfolded it.
_KIND = Qt.ItemDataRole.UserRole + 2


def one_line(text: str) -> str:
    """Board text on one line: newlines and runs of spaces become single spaces."""
    return " ".join(text.split())


def severity_colour(theme: Theme, severity: Severity) -> QColor:
    if severity is Severity.ERROR:
        return QColor(theme.contradicts)
    if severity is Severity.WARNING:
        return QColor(theme.status_single_source)
    return QColor(theme.accent)


def severity_icon(theme: Theme, severity: Severity) -> QIcon:
    """A filled disc (error, note) or triangle (warning) with a glyph, in the theme."""
    result = QIcon()
    for ratio in (1.0, 2.0):
        size = round(16 * ratio)
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(ratio, ratio)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(severity_colour(theme, severity))
        if severity is Severity.WARNING:
            path = QPainterPath(QPointF(8, 1.5))
            path.lineTo(15, 14.5)
            path.lineTo(1, 14.5)
            path.closeSubpath()
            painter.drawPath(path)
            glyph_box = QRectF(0, 4, 16, 11)
        else:
            painter.drawEllipse(QRectF(1, 1, 14, 14))
            glyph_box = QRectF(0, 0, 16, 16)
        font = QFont()
        font.setPixelSize(11)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(theme.card))
        glyph = "i" if severity is Severity.INFO else "!"
        painter.drawText(glyph_box, Qt.AlignmentFlag.AlignCenter, glyph)
        painter.end()
        pixmap.setDevicePixelRatio(ratio)
        result.addPixmap(pixmap)
    return result


def _ids(item: QTreeWidgetItem | None, role: int) -> list[str]:
    value = item.data(0, role) if item is not None else []
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


def _row(
    texts: list[str], cards: list[str] | None = None, links: list[str] | None = None
) -> QTreeWidgetItem:
    """A row carrying the ids it reveals; every row carries both lists, empty or not, so
    reading them never returns None (which PySide6 6.12 on Python 3.11 mis-counts)."""
    item = QTreeWidgetItem(texts)
    item.setData(0, _IDS, cards or [])
    item.setData(0, _LINKS, links or [])
    return item


def _current(tree: QTreeWidget) -> QTreeWidgetItem | None:
    return tree.currentItem() if tree.currentIndex().isValid() else None


#: Measured row heights kept by a list (cleared whole when it grows past this).
HEIGHTS_KEPT = 50_000
#: Finding groups with more rows than this start folded: laying out tens of thousands
#: of wrapped rows (a board of 100,000 cards has about 39,000 findings) took seconds.
FOLDED_ROWS = 300


class _WrapDelegate(QStyledItemDelegate):
    """Rows as tall as their text wrapped to the column, so long findings read whole.

    Qt's own size hint measures a wrapped row on one line (it does not know the column
    width yet), which elides every finding to a single line. The item is read through
    its typed getters, which never return None: PySide6 6.12 on Python 3.11 loses a
    reference to None on each call that returns it, and rows are measured often.
    """

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree
        #: Wrapped text heights by (text, width, bold). The list is refilled after every
        #: change to the board and each row is measured again at each layout; measuring
        #: was most of the 0.4 s a refill of 3,700 findings took on a 10,000-card board.
        self._heights: dict[tuple[str, int, bool], int] = {}

    @override
    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        item = self._tree.itemFromIndex(index)
        text = item.text(index.column())
        if not text:
            return hint
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        if self._tree.rootIsDecorated():
            depth += 1
        width = self._tree.columnWidth(index.column()) - depth * self._tree.indentation() - 12
        if not item.icon(index.column()).isNull():
            width -= self._tree.iconSize().width() + 6
        font = item.font(index.column())
        key = (text, max(width, 40), font.bold())
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) > HEIGHTS_KEPT:
                self._heights.clear()
            box = QFontMetrics(font).boundingRect(
                QRect(0, 0, key[1], 100_000), Qt.TextFlag.TextWordWrap, text
            )
            height = self._heights[key] = box.height() + 10
        return QSize(hint.width(), max(hint.height(), height))


class _PickList(QTreeWidget):
    """A tree whose picked rows (click, or keyboard move) ask to reveal their cards."""

    #: Reveal these (card ids, link ids) on the canvas.
    picked = Signal(list, list)

    def __init__(self, object_name: str, columns: int = 1) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setColumnCount(columns)
        self.setHeaderHidden(columns == 1)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setTextElideMode(
            Qt.TextElideMode.ElideNone if columns == 1 else Qt.TextElideMode.ElideRight
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.header().setStretchLastSection(True)
        if columns == 1:
            self.setItemDelegate(_WrapDelegate(self))
        self.rebuilding = False
        self._scroll = 0
        # A press first moves the current row (revealing it), then ends in a click on
        # the same row: remember it so one press reveals once.
        self._just_revealed: QTreeWidgetItem | None = None
        self.currentItemChanged.connect(self._current_changed)
        self.itemClicked.connect(self._clicked)

    def begin_rebuild(self) -> None:
        """Empty the list for refilling, without revealing anything meanwhile."""
        self.rebuilding = True
        self._scroll = self.verticalScrollBar().value()
        self.clear()

    def end_rebuild(self) -> None:
        # Keep the reader's place: the list is refilled after every change to the board.
        self.scheduleDelayedItemsLayout()
        self.executeDelayedItemsLayout()
        self.verticalScrollBar().setValue(self._scroll)
        self.rebuilding = False

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Wrapped rows change height with the width.
        self.scheduleDelayedItemsLayout()

    def _current_changed(self, item: QTreeWidgetItem | None, _old: object) -> None:
        if not self.rebuilding and item is not None:
            self._just_revealed = item
            self._reveal(item)

    def _clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        if item is self._just_revealed:
            self._just_revealed = None
            return
        self._reveal(item)

    def _reveal(self, item: QTreeWidgetItem) -> None:
        cards = _ids(item, _IDS)
        if cards:
            self.picked.emit(cards, _ids(item, _LINKS))

    def rows(self) -> Iterable[QTreeWidgetItem]:
        """Every row below the groups (or every top-level row of a flat list)."""
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            if top is None:
                continue
            if top.childCount() == 0:
                yield top
            for j in range(top.childCount()):
                if (child := top.child(j)) is not None:
                    yield child


def _placeholder(text: str, theme: Theme) -> QTreeWidgetItem:
    item = _row([text])
    item.setFlags(Qt.ItemFlag.NoItemFlags)
    item.setForeground(0, QBrush(QColor(theme.muted)))
    return item


class AnalysisPanel(QWidget):
    """Tabs for findings, claims and competing hypotheses of the latest analysis."""

    #: Select and show these (card ids, link ids) on the canvas.
    reveal_requested = Signal(list, list)

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.setObjectName("analysis-panel")
        self._theme = theme
        self._analysis: BoardAnalysis | None = None
        self._board: Board | None = None
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.state_label = QLabel()
        self.state_label.setObjectName("analysis-state")
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        self.state_label.setContentsMargins(0, 0, 10, 0)
        self.tabs.setCornerWidget(self.state_label, Qt.Corner.TopRightCorner)

        self.findings = _PickList("analysis-findings")
        self.findings.picked.connect(self.reveal_requested)
        #: Finding groups the user unfolded (True) or folded (False), kept across refills.
        self._unfolded: dict[FindingKind, bool] = {}
        self.findings.itemExpanded.connect(lambda item: self._folded(item, True))
        self.findings.itemCollapsed.connect(lambda item: self._folded(item, False))

        self.claims = _PickList("analysis-claims", columns=2)
        self.claims.setHeaderLabels(["Status", "Claim"])
        self.claims.setRootIsDecorated(False)
        self.claims.setWordWrap(False)
        self.claims.picked.connect(self.reveal_requested)
        self.claims.currentItemChanged.connect(self._show_claim)
        self.claim_title = QLabel()
        self.claim_status = QLabel()
        self.claim_reasons = QLabel()
        for label in (self.claim_title, self.claim_status, self.claim_reasons):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        title_font = self.claim_title.font()
        title_font.setBold(True)
        self.claim_title.setFont(title_font)
        status_font = self.claim_status.font()
        status_font.setBold(True)
        self.claim_status.setFont(status_font)
        self.claim_reasons.setAlignment(Qt.AlignmentFlag.AlignTop)
        detail = QWidget()
        detail.setObjectName("analysis-claim-detail")
        detail.setAutoFillBackground(True)
        column(
            detail,
            (self.claim_title, self.claim_status, (self.claim_reasons, 1)),
            margins=(14, 10, 14, 10),
            spacing=6,
        )
        scroll = scrolling_page(detail)
        claims_split = QSplitter(Qt.Orientation.Horizontal)
        claims_split.setChildrenCollapsible(False)
        claims_split.addWidget(self.claims)
        claims_split.addWidget(scroll)
        claims_split.setStretchFactor(0, 3)
        claims_split.setStretchFactor(1, 2)
        # Sizes larger than the splitter are scaled down in proportion: 3 to 2.
        claims_split.setSizes([3000, 2000])

        self.ach = AchView(theme)
        self.ach.reveal_requested.connect(self.reveal_requested)

        self.tabs.addTab(self.findings, "Findings")
        self.tabs.addTab(claims_split, "Claims")
        self.tabs.addTab(self.ach, "Competing hypotheses")
        self.judgements = JudgementsView()
        self.tabs.addTab(self.judgements, "Judgements")
        self._claims_page = claims_split
        #: Tabs still showing an older analysis; each is filled when it is shown. On a
        #: board of 100,000 cards the claims list and the ACH matrix (80,000 cells) took
        #: 3.4 s to fill after every analysis, seen or not.
        self._stale: set[QWidget] = set()
        self.tabs.currentChanged.connect(self._fill_shown_tab)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.show_analysis(None, None)

    # -- showing an analysis ---------------------------------------------------------

    def set_theme(self, theme: Theme) -> None:
        """Recolour the panel in ``theme`` at once, keeping the analysis it shows."""
        if theme == self._theme:
            return
        self._theme = theme
        self.ach.set_theme(theme)
        # Status colours, severity icons and muted placeholders are set on each row when
        # it is made: refill the rows (the reader's row and place are kept) rather than
        # wait for the next analysis, which may not come until the board is edited.
        self._stale |= {self.findings, self._claims_page}
        self._fill_shown_tab()

    def set_updating(self, updating: bool) -> None:
        """Say whether a newer analysis is on its way (the lists may be a moment old)."""
        self.state_label.setText("Updating…" if updating else "")

    def show_analysis(self, analysis: BoardAnalysis | None, board: Board | None) -> None:
        """Show ``analysis`` of ``board`` (None: no board open, or not analysed yet)."""
        self._analysis, self._board = analysis, board
        self.set_updating(board is not None and analysis is None)
        self._stale = {self.findings, self._claims_page, self.ach, self.judgements}
        self._fill_shown_tab()
        count = len(analysis.findings) if analysis is not None else 0
        self.tabs.setTabText(0, f"Findings ({count})" if analysis is not None else "Findings")
        claims = len(analysis.claims) if analysis is not None else 0
        self.tabs.setTabText(1, f"Claims ({claims})" if analysis is not None else "Claims")

    def _fill_shown_tab(self) -> None:
        self._fill(self.tabs.currentWidget())

    def _fill(self, page: QWidget) -> None:
        if page not in self._stale:
            return
        self._stale.discard(page)
        analysis = self._analysis
        if page is self.findings:
            self._fill_findings(analysis)
        elif page is self._claims_page:
            self._fill_claims(analysis)
        elif page is self.ach:
            self.ach.show_matrix(analysis.ach if analysis is not None else None, self._board)
        elif page is self.judgements:
            self.judgements.show_analysis(analysis, self._board)

    def show_hypotheses(self) -> None:
        # Filled before it shows, so it is laid out with the rest of the tab.
        self._fill(self.ach)
        self.tabs.setCurrentWidget(self.ach)

    def _fill_findings(self, analysis: BoardAnalysis | None) -> None:
        tree = self.findings
        current = _current(tree)
        keep = (_ids(current, _IDS), current.text(0)) if current is not None else None
        tree.begin_rebuild()
        if analysis is None:
            tree.addTopLevelItem(_placeholder("No analysis yet.", self._theme))
        elif not analysis.findings:
            tree.addTopLevelItem(
                _placeholder(
                    "Nothing to flag: no circular reporting, contested or single-source "
                    "claims, and every card is linked.",
                    self._theme,
                )
            )
        else:
            groups: dict[FindingKind, list[Finding]] = {}
            for finding in analysis.findings:
                groups.setdefault(finding.kind, []).append(finding)
            order = sorted(
                groups,
                key=lambda k: (min(_SEVERITY_RANK[f.severity] for f in groups[k]), _KIND_RANK[k]),
            )
            bold = tree.font()
            bold.setBold(True)
            for kind in order:
                found = groups[kind]
                worst = min((f.severity for f in found), key=_SEVERITY_RANK.__getitem__)
                group = _row([f"{KIND_TITLES[kind]} ({len(found)})"])
                group.setData(0, _KIND, kind.value)
                group.setIcon(0, severity_icon(self._theme, worst))
                group.setFont(0, bold)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                tree.addTopLevelItem(group)
                for finding in found:
                    text = one_line(finding.message)
                    row = _row([text], list(finding.card_ids), list(finding.link_ids))
                    row.setToolTip(0, plain_tooltip(text))
                    group.addChild(row)
                    if keep == (list(finding.card_ids), text):
                        tree.setCurrentItem(row)
                group.setExpanded(self._unfolded.get(kind, len(found) <= FOLDED_ROWS))
        if analysis is not None:
            # After the findings, which tests and users read from the top, errors first.
            self._add_next_steps(analysis)
        tree.end_rebuild()

    def _group(self, title: str, lines: list[tuple[str, list[str]]]) -> QTreeWidgetItem:
        """A bold group of plain sentences, each selecting the cards it names."""
        bold = self.findings.font()
        bold.setBold(True)
        group = _row([title])
        group.setFont(0, bold)
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.findings.addTopLevelItem(group)
        for text, ids in lines:
            text = one_line(text)
            row = _row([text], ids)
            row.setToolTip(0, plain_tooltip(text))
            group.addChild(row)
        group.setExpanded(True)
        return group

    def _add_next_steps(self, analysis: BoardAnalysis) -> None:
        """Linchpins and intelligence gaps: what to look at next, above the findings."""
        if self._board is None:
            return
        lines = [(text, list(ids)) for text, ids in next_steps(self._board, analysis)]
        if lines:
            self._group(f"Look at next ({len(lines)})", lines)

    def _folded(self, item: QTreeWidgetItem, unfolded: bool) -> None:
        kind = item.data(0, _KIND)
        if not self.findings.rebuilding and isinstance(kind, str):
            self._unfolded[FindingKind(kind)] = unfolded

    def _fill_claims(self, analysis: BoardAnalysis | None) -> None:
        tree = self.claims
        current = _ids(_current(tree), _IDS)
        tree.begin_rebuild()
        assessments = list(analysis.claims) if analysis is not None else []
        if analysis is not None and not assessments:
            tree.addTopLevelItem(_placeholder("No claims on this board yet.", self._theme))
        assessments.sort(
            key=lambda a: (
                _STATUS_RANK[a.status],
                self._claim_title(a).casefold(),
                a.claim_id,
            )
        )
        bold = tree.font()
        bold.setBold(True)
        for assessment in assessments:
            title = self._claim_title(assessment)
            row = _row([STATUS_WORDS[assessment.status], title], [assessment.claim_id])
            row.setForeground(0, QBrush(self._theme.status_colour(assessment.status.value)))
            row.setFont(0, bold)
            row.setToolTip(1, plain_tooltip(title))
            tree.addTopLevelItem(row)
            if current == [assessment.claim_id]:
                tree.setCurrentItem(row)
        tree.resizeColumnToContents(0)
        tree.setColumnWidth(0, tree.columnWidth(0) + 16)
        tree.end_rebuild()
        self._show_claim(_current(tree), None)

    def _claim_title(self, assessment: ClaimAssessment) -> str:
        assert self._analysis is not None
        return one_line(self._analysis.titles.get(assessment.claim_id, ""))

    def _show_claim(self, item: QTreeWidgetItem | None, _old: object) -> None:
        ids = _ids(item, _IDS)
        analysis = self._analysis
        if analysis is None or not ids:
            self.claim_title.setText("")
            self.claim_status.setText("")
            self.claim_reasons.setText(
                "Pick a claim to see why it has its status." if analysis is not None else ""
            )
            return
        assessment = analysis.claim(ids[0])
        self.claim_title.setText(self._claim_title(assessment))
        origins = assessment.independent_origin_count
        facts = [STATUS_WORDS[assessment.status]]
        if assessment.is_hypothesis:
            facts.append("hypothesis")
        facts.append(f"{origins} independent origin{'' if origins == 1 else 's'}")
        self.claim_status.setText(" · ".join(facts))
        palette = self.claim_status.palette()
        palette.setColor(
            QPalette.ColorRole.WindowText, self._theme.status_colour(assessment.status.value)
        )
        self.claim_status.setPalette(palette)
        reasons = "\n\n".join(f"•  {one_line(r)}" for r in assessment.reasons)
        judgement = one_line(analysis.judgement_sentences[assessment.claim_id])
        # The rules the verdict follows, so a reader can check it without the manual.
        rules = " ".join(threshold_lines(analysis.thresholds))
        self.claim_reasons.setText(f"{judgement}\n\n{reasons}\n\nHow grades count: {rules}")
