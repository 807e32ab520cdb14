"""The whole analysis of a board in one call, and its JSON form.

:func:`assess_board` traces provenance once, assesses every claim, derives the
findings, the structure and the ACH matrix, and returns one frozen
:class:`BoardAnalysis`. Nothing here keeps state, so the window can run it again after
every change, in the background if it likes.

JSON shape of :meth:`BoardAnalysis.to_dict` (``schema`` 2; keys are stable, lists are in
the order given, ids are card or link ids; weights are kept for programs, the words
never show them)::

    {
      "schema": 2,
      "board_id": str,
      "thresholds": [str],                             # the grading rules, in words
      "claims": [{
        "claim_id": str, "title": str, "status": "unsupported" | "weakly-sourced" |
          "single-source" | "corroborated" | "contested",
        "status_words": str,                           # as every view shows it
        "is_hypothesis": bool,
        "independent_origin_count": int,
        "support_origins": [card_id], "contradiction_origins": [card_id],
        "origin_standing": {card_id: "credible" | "weak" | "unassessed"},
        "support_weight": float, "contradiction_weight": float,
        "supporting" | "contradicting" | "inferred_support" | "inferred_contradiction":
          [{"card_id", "link_id", "origin_ids": [card_id], "weight": float,
            "inferred": bool}],
        "reasons": [str]
      }],                                              # by claim id
      "findings": [{"kind", "severity": "error" | "warning" | "info", "message",
                    "card_ids": [..], "link_ids": [..]}],   # errors first
      "critical_items": [{"card_id", "claim_ids": [..]}],   # linchpins, most claims first
      "gaps": {"hypotheses_without_diagnostic": [card_id],
               "claims_without_evidence": [card_id], "unlinked_evidence": [card_id],
               "sentences": [str]},
      "derived_from_cycles": [{"card_ids": [..], "link_ids": [..]}],
      "structure": {"clusters": [[card_id]], "orphans": [card_id],
                    "central": [{"card_id", "pagerank": float}]},
      "ach": {"hypothesis_ids": [..],                  # ranked order, the columns
              "labels": {card_id: "H1"},               # stable, by creation
              "rows": [{"evidence_id", "evidence_ids": [..], "origin_ids": [..],
                        "grade": str, "diagnosticity": float, "diagnostic": bool,
                        "diagnosticity_words": str, "assessed": int,
                        "cells": [{"consistency": "consistent" | "inconsistent" |
                                   "neutral" | "not_applicable" | "unassessed",
                                   "code": "CC"|"C"|"I"|"II"|"N"|"NA"|"?",
                                   "strength": str | null, "link_id": str | null,
                                   "weight": float}]}],
              "ranking": [{"hypothesis_id", "label", "inconsistency": float,
                           "inconsistent_count": int, "consistency": float,
                           "unassessed": int}]}
    }
"""

from dataclasses import dataclass
from typing import Any

from evidenceboard.analysis.assessment import ClaimAssessment, EvidenceEntry, assess_claims
from evidenceboard.analysis.findings import (
    CriticalItem,
    Finding,
    Severity,
    claim_findings,
    critical_items,
    cycle_findings,
    duplicate_findings,
    orphan_findings,
)
from evidenceboard.analysis.gaps import Gaps, find_gaps, gap_lines, linchpin_lines
from evidenceboard.analysis.hypotheses import AchMatrix, AchRow, build_ach
from evidenceboard.analysis.provenance import Provenance, trace_provenance
from evidenceboard.analysis.standing import grade_words, threshold_lines
from evidenceboard.analysis.structure import Structure, analyse_structure
from evidenceboard.model.board import Board

SCHEMA_VERSION = 2
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class BoardAnalysis:
    board_id: str
    #: Claim titles at the time of the analysis, for the report and the JSON.
    titles: dict[str, str]
    claims: tuple[ClaimAssessment, ...]
    findings: tuple[Finding, ...]
    critical_items: tuple[CriticalItem, ...]
    provenance: Provenance
    structure: Structure
    ach: AchMatrix
    gaps: Gaps
    #: The sentences of :attr:`gaps`, and each ACH row's grade in words (by evidence id).
    gap_sentences: tuple[str, ...]
    row_grades: dict[str, str]

    def claim(self, claim_id: str) -> ClaimAssessment:
        for assessment in self.claims:
            if assessment.claim_id == claim_id:
                return assessment
        raise KeyError(claim_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "board_id": self.board_id,
            "thresholds": list(threshold_lines()),
            "claims": [_claim_dict(a, self.titles[a.claim_id]) for a in self.claims],
            "findings": [
                {
                    "kind": f.kind.value,
                    "severity": f.severity.value,
                    "message": f.message,
                    "card_ids": list(f.card_ids),
                    "link_ids": list(f.link_ids),
                }
                for f in self.findings
            ],
            "critical_items": [
                {"card_id": c.card_id, "claim_ids": list(c.claim_ids)} for c in self.critical_items
            ],
            "gaps": {
                "hypotheses_without_diagnostic": list(self.gaps.hypotheses_without_diagnostic),
                "claims_without_evidence": list(self.gaps.claims_without_evidence),
                "unlinked_evidence": list(self.gaps.unlinked_evidence),
                "sentences": list(self.gap_sentences),
            },
            "derived_from_cycles": [
                {"card_ids": list(cards), "link_ids": list(links)}
                for cards, links in self.provenance.cycles
            ],
            "structure": {
                "clusters": [list(c) for c in self.structure.clusters],
                "orphans": list(self.structure.orphans),
                "central": [
                    {"card_id": card_id, "pagerank": score}
                    for card_id, score in self.structure.central
                ],
            },
            "ach": {
                "hypothesis_ids": list(self.ach.hypothesis_ids),
                "labels": dict(self.ach.labels),
                "rows": [
                    {
                        "evidence_id": row.evidence_id,
                        "evidence_ids": list(row.evidence_ids),
                        "origin_ids": list(row.origin_ids),
                        "grade": self.row_grades[row.evidence_id],
                        "diagnosticity": row.diagnosticity,
                        "diagnostic": row.diagnostic,
                        "diagnosticity_words": row.diagnosticity_words,
                        "assessed": row.assessed,
                        "cells": [
                            {
                                "consistency": cell.consistency.value,
                                "code": cell.code,
                                "strength": cell.strength.value if cell.strength else None,
                                "link_id": cell.link_id,
                                "weight": cell.weight,
                            }
                            for cell in row.cells
                        ],
                    }
                    for row in self.ach.rows
                ],
                "ranking": [
                    {
                        "hypothesis_id": s.hypothesis_id,
                        "label": s.label,
                        "inconsistency": s.inconsistency,
                        "inconsistent_count": s.inconsistent_count,
                        "consistency": s.consistency,
                        "unassessed": s.unassessed,
                    }
                    for s in self.ach.ranking
                ],
            },
        }


def _entry_dict(entry: EvidenceEntry) -> dict[str, Any]:
    return {
        "card_id": entry.card_id,
        "link_id": entry.link_id,
        "origin_ids": list(entry.origin_ids),
        "weight": entry.weight,
        "inferred": entry.inferred,
    }


def _claim_dict(a: ClaimAssessment, title: str) -> dict[str, Any]:
    return {
        "claim_id": a.claim_id,
        "title": title,
        "status": a.status.value,
        "status_words": a.status.words,
        "is_hypothesis": a.is_hypothesis,
        "independent_origin_count": a.independent_origin_count,
        "support_origins": list(a.support_origins),
        "contradiction_origins": list(a.contradiction_origins),
        "origin_standing": {o: s.value for o, s in sorted(a.standings.items())},
        "support_weight": a.support_weight,
        "contradiction_weight": a.contradiction_weight,
        "supporting": [_entry_dict(e) for e in a.supporting],
        "contradicting": [_entry_dict(e) for e in a.contradicting],
        "inferred_support": [_entry_dict(e) for e in a.inferred_support],
        "inferred_contradiction": [_entry_dict(e) for e in a.inferred_contradiction],
        "reasons": list(a.reasons),
    }


def assess_board(board: Board) -> BoardAnalysis:
    """Analyse the whole board: claims, findings, critical items, structure and ACH."""
    provenance = trace_provenance(board)
    claims = assess_claims(board, provenance)
    structure = analyse_structure(board)
    findings = (
        cycle_findings(board, provenance)
        + duplicate_findings(board)
        + claim_findings(board, claims)
        + orphan_findings(board, structure.orphans)
    )
    findings.sort(key=lambda f: _SEVERITY_ORDER[f.severity])
    ach = build_ach(board, provenance)
    gaps = find_gaps(board, claims, ach, provenance)
    return BoardAnalysis(
        board_id=board.info.id,
        titles={a.claim_id: board.cards[a.claim_id].display_title for a in claims},
        claims=claims,
        findings=tuple(findings),
        critical_items=critical_items(claims),
        provenance=provenance,
        structure=structure,
        ach=ach,
        gaps=gaps,
        gap_sentences=tuple(gap_lines(board, gaps, ach.labels)),
        row_grades={row.evidence_id: row_grade(board, row) for row in ach.rows},
    )


def row_grade(board: Board, row: AchRow) -> str:
    """The grade of an ACH row: its origins' grades (``B2``, ``not graded``…)."""
    return ", ".join(grade_words(board.cards[o]) for o in row.origin_ids)


def next_steps(board: Board, analysis: BoardAnalysis) -> list[tuple[str, tuple[str, ...]]]:
    """What to look at next: each linchpin and gap as a sentence with the cards it names."""
    steps = [
        (f"Linchpin: {line}", (item.card_id, *item.claim_ids))
        for item, line in zip(
            analysis.critical_items, linchpin_lines(board, analysis.critical_items), strict=True
        )
    ]
    gaps = analysis.gaps
    found = [
        ids
        for ids in (
            gaps.hypotheses_without_diagnostic,
            gaps.claims_without_evidence,
            gaps.unlinked_evidence,
        )
        if ids
    ]
    steps += [
        (f"Gap: {line}", ids) for line, ids in zip(analysis.gap_sentences, found, strict=True)
    ]
    return steps
