"""What the analyst should look at next: intelligence gaps and linchpin items, in words.

* *Hypotheses without diagnostic evidence*: no row of the ACH matrix both bears on the
  hypothesis and tells it apart from another one, so nothing on the board helps choose it.
* *Claims without evidence*: no link corroborates or contradicts them, directly or by
  inference from another claim.
* *Evidence never linked*: reports and documents that bear on no claim, neither directly
  nor as the origin of a report that does.

The linchpins are :func:`evidenceboard.analysis.findings.critical_items`; the sentences
for both are here so ``analyze``, the Analysis dock and the brief say the same thing.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from evidenceboard.analysis.assessment import ClaimAssessment
from evidenceboard.analysis.findings import CriticalItem
from evidenceboard.analysis.hypotheses import AchMatrix
from evidenceboard.analysis.provenance import Provenance
from evidenceboard.analysis.wording import join_names, name_card, quoted_title
from evidenceboard.model.board import Board
from evidenceboard.model.cards import CardKind
from evidenceboard.model.short_text import plural

_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Gaps:
    hypotheses_without_diagnostic: tuple[str, ...]
    claims_without_evidence: tuple[str, ...]
    unlinked_evidence: tuple[str, ...]


def find_gaps(
    board: Board,
    claims: Iterable[ClaimAssessment],
    ach: AchMatrix,
    provenance: Provenance,
) -> Gaps:
    used: set[str] = set()
    bare = []
    for a in claims:
        entries = a.supporting + a.contradicting + a.inferred_support + a.inferred_contradiction
        if not entries:
            bare.append(a.claim_id)
        for entry in entries:
            used.add(entry.card_id)
            used.update(provenance.origins_of(entry.card_id))
    for row in ach.rows:
        used.update(row.evidence_ids)
        used.update(row.origin_ids)
    undiagnosed = tuple(
        h
        for i, h in enumerate(ach.hypothesis_ids)
        if not any(row.diagnostic and row.cells[i].assessed for row in ach.rows)
    )
    unlinked = sorted(
        c.id
        for c in board.cards.values()
        if c.kind in (CardKind.ARTICLE, CardKind.DOCUMENT) and c.id not in used
    )
    return Gaps(undiagnosed, tuple(bare), tuple(unlinked))


def _some(board: Board, ids: tuple[str, ...], name: bool = True) -> str:
    shown = [name_card(board.cards[i]) if name else quoted_title(board.cards[i]) for i in ids]
    more = f" and {len(ids) - _SHOWN} more" if len(ids) > _SHOWN else ""
    return join_names(shown[:_SHOWN]) + more


def gap_lines(board: Board, gaps: Gaps, labels: dict[str, str]) -> list[str]:
    """One sentence per kind of gap found (none when the board has no gap)."""
    lines = []
    if gaps.hypotheses_without_diagnostic:
        names = join_names(
            [
                f"{labels[h]} {quoted_title(board.cards[h])}"
                for h in gaps.hypotheses_without_diagnostic
            ]
        )
        lines.append(
            f"No diagnostic evidence for {names}: nothing on the board tells "
            f"{'it' if len(gaps.hypotheses_without_diagnostic) == 1 else 'them'} apart "
            "from the other hypotheses."
        )
    if gaps.claims_without_evidence:
        n = len(gaps.claims_without_evidence)
        lines.append(
            f"{plural(n, 'claim has', 'claims have')} no evidence either way: "
            f"{_some(board, gaps.claims_without_evidence, name=False)}."
        )
    if gaps.unlinked_evidence:
        n = len(gaps.unlinked_evidence)
        lines.append(
            f"{plural(n, 'item bears', 'items bear')} on no claim yet: "
            f"{_some(board, gaps.unlinked_evidence)}."
        )
    return lines


def linchpin_lines(board: Board, items: Iterable[CriticalItem]) -> list[str]:
    """``the report “X”: losing it would change 3 claims' status (“A”, …).``"""
    lines = []
    for item in items:
        claims = join_names([quoted_title(board.cards[c]) for c in item.claim_ids[:3]])
        more = f" and {len(item.claim_ids) - 3} more" if len(item.claim_ids) > 3 else ""
        lines.append(
            f"{name_card(board.cards[item.card_id])}: if it were found false or withdrawn, "
            f"{plural(len(item.claim_ids), 'claim')} would change status ({claims}{more})."
        )
    return lines
