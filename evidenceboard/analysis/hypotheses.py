"""Analysis of competing hypotheses (ACH), built from the links already on the board.

Hypotheses are the claims flagged ``is_hypothesis``. The evidence is every card with a
``corroborates`` or ``contradicts`` link to at least one hypothesis. Each cell of the
matrix comes from the links between one piece of evidence and one hypothesis:
consistent (corroborates), inconsistent (contradicts) or not applicable (no link). A
pair joined both ways is read by the heavier side, inconsistent on a tie, since Heuer's
method works by disconfirmation.

The signed weight of a cell is ``+w`` (consistent), ``-w`` (inconsistent) or 0, where
``w`` is the link strength weight times the evidence's grade factor. An item's
*diagnosticity* is the spread (largest minus smallest) of its signed weights across the
hypotheses: evidence consistent with every hypothesis alike scores 0 and is not
diagnostic. Hypotheses are ranked as in Heuer's method, by weighted inconsistency
(the sum of ``w`` over inconsistent cells), fewest first: the least contradicted
hypothesis is the most likely; ties go to the lower count of inconsistencies, then to
the larger consistent weight.
"""

from dataclasses import dataclass
from enum import StrEnum

from evidenceboard.analysis.assessment import grade_factor
from evidenceboard.model.board import Board
from evidenceboard.model.cards import CardKind, ClaimContent
from evidenceboard.model.links import LinkKind, Strength


class Consistency(StrEnum):
    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True, slots=True)
class AchCell:
    consistency: Consistency
    strength: Strength | None = None
    link_id: str | None = None
    #: Signed weight: positive when consistent, negative when inconsistent.
    weight: float = 0.0

    @property
    def code(self) -> str:
        """Heuer's matrix notation: CC/C consistent, II/I inconsistent, NA."""
        if self.consistency is Consistency.NOT_APPLICABLE:
            return "NA"
        letter = "C" if self.consistency is Consistency.CONSISTENT else "I"
        return letter * 2 if self.strength is Strength.STRONG else letter


@dataclass(frozen=True, slots=True)
class AchRow:
    evidence_id: str
    #: One cell per hypothesis, in the order of :attr:`AchMatrix.hypothesis_ids`.
    cells: tuple[AchCell, ...]
    diagnosticity: float

    @property
    def diagnostic(self) -> bool:
        return self.diagnosticity > 0


@dataclass(frozen=True, slots=True)
class HypothesisScore:
    hypothesis_id: str
    inconsistency: float
    inconsistent_count: int
    consistency: float


@dataclass(frozen=True, slots=True)
class AchMatrix:
    #: Hypothesis ids in board id order (the matrix columns).
    hypothesis_ids: tuple[str, ...]
    rows: tuple[AchRow, ...]
    #: Hypotheses from most to least likely.
    ranking: tuple[HypothesisScore, ...]


def build_ach(board: Board) -> AchMatrix:
    hypotheses = sorted(
        c.id
        for c in board.cards_of_kind(CardKind.CLAIM)
        if isinstance(c.content, ClaimContent) and c.content.is_hypothesis
    )
    column = {h: i for i, h in enumerate(hypotheses)}
    cells: dict[str, list[AchCell]] = {}
    for link in sorted(board.links.values(), key=lambda item: item.id):
        if link.target not in column or link.source in column:
            continue
        if link.kind is LinkKind.CORROBORATES:
            consistency, sign = Consistency.CONSISTENT, 1.0
        elif link.kind is LinkKind.CONTRADICTS:
            consistency, sign = Consistency.INCONSISTENT, -1.0
        else:
            continue
        weight = sign * link.strength.weight * grade_factor(board.cards[link.source])
        row = cells.setdefault(link.source, [AchCell(Consistency.NOT_APPLICABLE)] * len(hypotheses))
        candidate = AchCell(consistency, link.strength, link.id, round(weight, 4))
        current = row[column[link.target]]
        if (
            current.consistency is Consistency.NOT_APPLICABLE
            or abs(candidate.weight) > abs(current.weight)
            or (abs(candidate.weight) == abs(current.weight) and candidate.weight < 0)
        ):
            row[column[link.target]] = candidate

    rows = []
    for evidence_id in sorted(cells):
        row_cells = tuple(cells[evidence_id])
        weights = [c.weight for c in row_cells]
        rows.append(AchRow(evidence_id, row_cells, round(max(weights) - min(weights), 4)))

    scores = []
    for h, i in column.items():
        inconsistent = [r.cells[i].weight for r in rows if r.cells[i].weight < 0]
        consistent = [r.cells[i].weight for r in rows if r.cells[i].weight > 0]
        scores.append(
            HypothesisScore(
                hypothesis_id=h,
                inconsistency=round(-float(sum(inconsistent)), 4),
                inconsistent_count=len(inconsistent),
                consistency=round(float(sum(consistent)), 4),
            )
        )
    scores.sort(
        key=lambda s: (s.inconsistency, s.inconsistent_count, -s.consistency, s.hypothesis_id)
    )
    return AchMatrix(tuple(hypotheses), tuple(rows), tuple(scores))
