"""Analysis of competing hypotheses (ACH), built from the links already on the board.

Hypotheses are the claims flagged ``is_hypothesis``; each gets a stable label H1…Hn in
the order it was created (ties by title, then id), and the columns are in ranked order.

Rows
    The evidence is every card with a ``corroborates``, ``contradicts`` or ``related``
    link to at least one hypothesis. Cards that trace to the same origins (see
    :mod:`evidenceboard.analysis.provenance`) form one row, so a report repeated by
    another is one row, not two; the row lists its members. A row's grade is its
    origins' grade (a repeat does not upgrade it), so its credibility factor is the
    lowest grade factor among its origin cards.

Cells (one per row and hypothesis)
    * ``consistent`` (C, or CC for a strong link): a member corroborates the hypothesis;
    * ``inconsistent`` (I, II): a member contradicts it;
    * ``neutral`` (N): a member is only ``related`` to it (looked at, bears neither way);
    * ``unassessed`` (?): no link, so nobody has said; it is not neutral and counts for
      nothing until someone looks;
    * ``not_applicable`` (NA): the analyst marked the evidence as not bearing on the
      hypothesis at all; links alone never give it.
    Several links in one cell are read by the heaviest, inconsistent on a tie, since
    Heuer's method works by disconfirmation; duplicate links therefore count once.

Analyst marks
    A mark (:class:`~evidenceboard.model.judgement.AchMark`) on a member of a row wins
    over what its links say, in that cell only; a mark also brings an evidence card
    without any link into the matrix. When members of one row carry different marks
    for one hypothesis, the mark on the row's representative card wins, else the one
    on the lowest card id. A marked cell keeps the strength of the link it overrides
    (moderate when there is none) for its weight; ``neutral`` and ``not_applicable``
    weigh 0, and ``not_applicable`` cells are assessed but left out of diagnosticity.

Weights and diagnosticity
    The signed weight of a cell is ``+w``, ``-w`` or 0 (neutral), with ``w`` the link
    strength weight times the row's credibility factor. Diagnosticity is the spread
    (largest minus smallest) of the signed weights over the row's *assessed* cells; a row
    with fewer than two assessed cells has no known diagnosticity (0, and
    :attr:`AchRow.assessed` says why). In words: "high" from :data:`HIGH_DIAGNOSTICITY`,
    "low" above 0, "none" at 0.

Ranking (Heuer: the least contradicted hypothesis is the most likely)
    By weighted inconsistency (sum of ``w`` over inconsistent cells), fewest first; ties
    go to fewer unassessed cells, then fewer inconsistencies, then more consistent
    weight. A hypothesis with no informative cell (none assessed, or all marked not
    applicable) is ranked last, so an unexamined hypothesis never looks best; each score
    says how many of its cells are unassessed.
"""

from dataclasses import dataclass
from enum import StrEnum

from evidenceboard.analysis.assessment import grade_factor
from evidenceboard.analysis.provenance import Provenance
from evidenceboard.model.board import Board
from evidenceboard.model.cards import CardKind, ClaimContent
from evidenceboard.model.judgement import AchMark, CellMark
from evidenceboard.model.links import Link, LinkKind, Strength

#: Diagnosticity from which a row is called highly diagnostic (a moderate A1 link that
#: is consistent with one hypothesis and neutral to another reaches it).
HIGH_DIAGNOSTICITY = 1.0

_ASSESSED_KINDS = {
    LinkKind.CORROBORATES: 1.0,
    LinkKind.CONTRADICTS: -1.0,
    LinkKind.RELATED: 0.0,
}


class Consistency(StrEnum):
    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    NEUTRAL = "neutral"
    NOT_APPLICABLE = "not_applicable"
    UNASSESSED = "unassessed"


@dataclass(frozen=True, slots=True)
class AchCell:
    consistency: Consistency
    strength: Strength | None = None
    link_id: str | None = None
    #: Signed weight: positive when consistent, negative when inconsistent.
    weight: float = 0.0
    #: True when the analyst set this cell (it overrides what the links say).
    marked: bool = False

    @property
    def assessed(self) -> bool:
        return self.consistency is not Consistency.UNASSESSED

    @property
    def informative(self) -> bool:
        """Assessed, and not marked as not applicable: the cell says something."""
        return self.assessed and self.consistency is not Consistency.NOT_APPLICABLE

    @property
    def code(self) -> str:
        """Heuer's matrix notation: CC/C consistent, II/I inconsistent, N, NA, ? unassessed."""
        match self.consistency:
            case Consistency.CONSISTENT | Consistency.INCONSISTENT:
                letter = "C" if self.consistency is Consistency.CONSISTENT else "I"
                return letter * 2 if self.strength is Strength.STRONG else letter
            case Consistency.NEUTRAL:
                return "N"
            case Consistency.NOT_APPLICABLE:
                return "NA"
            case Consistency.UNASSESSED:
                return "?"


@dataclass(frozen=True, slots=True)
class AchRow:
    #: The row's representative card: its origin when that is a member, else the first.
    evidence_id: str
    #: Every card in the row (one origin and the reports that repeat it), sorted.
    evidence_ids: tuple[str, ...]
    origin_ids: tuple[str, ...]
    #: One cell per hypothesis, in the order of :attr:`AchMatrix.hypothesis_ids`.
    cells: tuple[AchCell, ...]
    diagnosticity: float

    @property
    def assessed(self) -> int:
        return sum(1 for c in self.cells if c.assessed)

    @property
    def diagnostic(self) -> bool:
        return self.diagnosticity > 0

    @property
    def diagnosticity_words(self) -> str:
        if self.assessed < 2:
            return f"not known ({self.assessed} of {len(self.cells)} assessed)"
        if self.diagnosticity >= HIGH_DIAGNOSTICITY:
            return "high"
        return "low" if self.diagnostic else "none"


@dataclass(frozen=True, slots=True)
class HypothesisScore:
    hypothesis_id: str
    label: str
    inconsistency: float
    inconsistent_count: int
    consistency: float
    #: Rows with no link to this hypothesis.
    unassessed: int
    #: Rows that bear on it one way or the other (assessed, and not "not applicable").
    informative: int = 0


@dataclass(frozen=True, slots=True)
class AchMatrix:
    #: Hypothesis ids from most to least likely (the matrix columns).
    hypothesis_ids: tuple[str, ...]
    rows: tuple[AchRow, ...]
    #: Hypotheses from most to least likely, in the same order as the columns.
    ranking: tuple[HypothesisScore, ...]
    #: Stable labels (H1…Hn, by creation) by hypothesis id.
    labels: dict[str, str]


def _better(candidate: AchCell, current: AchCell) -> bool:
    if not current.assessed:
        return True
    if abs(candidate.weight) != abs(current.weight):
        return abs(candidate.weight) > abs(current.weight)
    return _severity(candidate) > _severity(current)


def _severity(cell: AchCell) -> int:
    return {Consistency.INCONSISTENT: 2, Consistency.CONSISTENT: 1}.get(cell.consistency, 0)


def _cell(link: Link, factor: float) -> AchCell:
    sign = _ASSESSED_KINDS[link.kind]
    consistency = {1.0: Consistency.CONSISTENT, -1.0: Consistency.INCONSISTENT}.get(
        sign, Consistency.NEUTRAL
    )
    weight = round(sign * link.strength.weight * factor, 4) + 0.0
    return AchCell(consistency, link.strength, link.id, weight)


_MARK_SIGN = {
    CellMark.CONSISTENT: (Consistency.CONSISTENT, 1.0),
    CellMark.INCONSISTENT: (Consistency.INCONSISTENT, -1.0),
    CellMark.NEUTRAL: (Consistency.NEUTRAL, 0.0),
    CellMark.NOT_APPLICABLE: (Consistency.NOT_APPLICABLE, 0.0),
}


def _marked_cell(mark: AchMark, derived: AchCell, factor: float) -> AchCell:
    consistency, sign = _MARK_SIGN[mark.consistency]
    strength = derived.strength or Strength.MODERATE
    weight = round(sign * strength.weight * factor, 4) + 0.0
    return AchCell(consistency, derived.strength, derived.link_id, weight, marked=True)


def _row_marks(marks: list[AchMark], shown: str, column: dict[str, int]) -> dict[int, AchMark]:
    """The mark that decides each marked cell of a row (the representative card's first)."""
    chosen: dict[int, AchMark] = {}
    for mark in sorted(marks, key=lambda m: (m.evidence_id != shown, m.evidence_id)):
        chosen.setdefault(column[mark.hypothesis_id], mark)
    return chosen


def build_ach(board: Board, provenance: Provenance) -> AchMatrix:
    hypotheses = [
        c
        for c in board.cards_of_kind(CardKind.CLAIM)
        if isinstance(c.content, ClaimContent) and c.content.is_hypothesis
    ]
    hypotheses.sort(key=lambda c: (c.created_at, c.display_title.casefold(), c.id))
    labels = {c.id: f"H{i}" for i, c in enumerate(hypotheses, start=1)}
    column = {c.id: i for i, c in enumerate(hypotheses)}

    groups: dict[tuple[str, ...], tuple[list[Link], list[AchMark]]] = {}
    # A person or a place is not evidence: its links say who or where, never how
    # consistent a hypothesis is, as they never count as corroboration either.
    for link in sorted(board.links.values(), key=lambda item: item.id):
        if (
            link.target in column
            and link.source not in column
            and link.kind in _ASSESSED_KINDS
            and board.cards[link.source].kind.is_evidence
        ):
            origins = tuple(sorted(provenance.origins_of(link.source)))
            groups.setdefault(origins, ([], []))[0].append(link)
    for (evidence_id, hypothesis_id), mark in sorted(board.ach_marks.items()):
        # A mark on a card that is gone (deleted, an undo may bring it back) is ignored.
        if (
            hypothesis_id in column
            and evidence_id in board.cards
            and evidence_id not in column
            and board.cards[evidence_id].kind.is_evidence
        ):
            origins = tuple(sorted(provenance.origins_of(evidence_id)))
            groups.setdefault(origins, ([], []))[1].append(mark)

    rows = []
    for origins, (links, marks) in sorted(groups.items()):
        factor = min(grade_factor(board.cards[o]) for o in origins)
        cells = [AchCell(Consistency.UNASSESSED)] * len(hypotheses)
        for link in links:
            candidate, i = _cell(link, factor), column[link.target]
            if _better(candidate, cells[i]):
                cells[i] = candidate
        members = tuple(sorted({link.source for link in links} | {m.evidence_id for m in marks}))
        shown = origins[0] if origins[0] in members else members[0]
        for i, mark in _row_marks(marks, shown, column).items():
            cells[i] = _marked_cell(mark, cells[i], factor)
        weights = [
            c.weight
            for c in cells
            if c.assessed and c.consistency is not Consistency.NOT_APPLICABLE
        ]
        spread = round(max(weights) - min(weights), 4) if len(weights) >= 2 else 0.0
        rows.append(AchRow(shown, members, origins, tuple(cells), spread))

    scores = []
    for h in hypotheses:
        i = column[h.id]
        inconsistent = [r.cells[i].weight for r in rows if r.cells[i].weight < 0]
        consistent = [r.cells[i].weight for r in rows if r.cells[i].weight > 0]
        scores.append(
            HypothesisScore(
                hypothesis_id=h.id,
                label=labels[h.id],
                inconsistency=round(-float(sum(inconsistent)), 4) + 0.0,
                inconsistent_count=len(inconsistent),
                consistency=round(float(sum(consistent)), 4),
                unassessed=sum(1 for r in rows if not r.cells[i].assessed),
                informative=sum(1 for r in rows if r.cells[i].informative),
            )
        )
    scores.sort(
        key=lambda s: (
            s.informative == 0,
            s.inconsistency,
            s.unassessed,
            s.inconsistent_count,
            -s.consistency,
            s.hypothesis_id,
        )
    )
    order = [column[s.hypothesis_id] for s in scores]
    ranked_rows = tuple(
        AchRow(
            r.evidence_id,
            r.evidence_ids,
            r.origin_ids,
            tuple(r.cells[i] for i in order),
            r.diagnosticity,
        )
        for r in rows
    )
    return AchMatrix(tuple(s.hypothesis_id for s in scores), ranked_rows, tuple(scores), labels)
