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
      "threshold_values": {"corroboration_origins": int, "weak_reliability": "B".."E",
                           "weak_information": "2".."5", "is_default": bool},
      "key_judgements": {"claim_ids": [card_id], "marked_by_analyst": bool,
                         "sentences": [str]},         # top claims when none is marked
      "key_assumptions": {"claim_ids": [card_id], "sentences": [str]},
      "claims": [{
        "claim_id": str, "title": str, "status": "unsupported" | "weakly-sourced" |
          "single-source" | "uncorroborated" | "corroborated" | "contested",
        "status_words": str,                           # as every view shows it
        "is_hypothesis": bool,
        "independent_origin_count": int,
        "support_origins": [card_id], "contradiction_origins": [card_id],
        "origin_standing": {card_id: "credible" | "weak" | "unassessed"},
        "support_weight": float, "contradiction_weight": float,
        "supporting" | "contradicting" | "inferred_support" | "inferred_contradiction":
          [{"card_id", "link_id", "origin_ids": [card_id], "weight": float,
            "inferred": bool}],
        "reasons": [str],
        "confidence": "unassessed" | "low" | "moderate" | "high",   # the analyst's
        "likelihood": str, "likelihood_words": str,    # "phia.likely", "likely"; "" if none
        "is_assumption": bool, "is_key_judgement": bool,
        "judgement_sentence": str                      # judgement beside the status
      }],                                              # by claim id
      "findings": [{"kind", "severity": "error" | "warning" | "info", "message",
                    "card_ids": [..], "link_ids": [..]}],   # errors first
      "actors": [{"card_id": card_id | null, "name": str,  # who makes the claims,
                  "claim_ids": [..]}],                 # most claims first
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
                                   "weight": float,
                                   "marked": bool}]}],  # marked: set by the analyst
              "ranking": [{"hypothesis_id", "label", "inconsistency": float,
                           "inconsistent_count": int, "consistency": float,
                           "unassessed": int}]}
    }
"""

from dataclasses import dataclass
from typing import Any

from evidenceboard.analysis.actors import ActorClaims, claims_by_actor
from evidenceboard.analysis.assessment import ClaimAssessment, EvidenceEntry, assess_claims
from evidenceboard.analysis.findings import (
    CriticalItem,
    Finding,
    Severity,
    actor_findings,
    claim_findings,
    critical_items,
    cycle_findings,
    duplicate_findings,
    orphan_findings,
)
from evidenceboard.analysis.gaps import Gaps, find_gaps, gap_lines, linchpin_lines
from evidenceboard.analysis.hypotheses import AchMatrix, AchRow, build_ach
from evidenceboard.analysis.judgements import (
    KeyJudgements,
    judgement_sentence,
    key_assumptions,
    key_judgements,
)
from evidenceboard.analysis.provenance import Provenance, trace_provenance
from evidenceboard.analysis.standing import Thresholds, grade_words, threshold_lines, thresholds_of
from evidenceboard.analysis.structure import Structure, analyse_structure
from evidenceboard.model.board import Board
from evidenceboard.model.cards import ClaimContent
from evidenceboard.model.judgement import likelihood_words

SCHEMA_VERSION = 2
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class BoardAnalysis:
    board_id: str
    #: Claim titles at the time of the analysis, for the report and the JSON.
    titles: dict[str, str]
    claims: tuple[ClaimAssessment, ...]
    findings: tuple[Finding, ...]
    #: Who makes the board's claims, the most claims first.
    actors: tuple[ActorClaims, ...]
    critical_items: tuple[CriticalItem, ...]
    provenance: Provenance
    structure: Structure
    ach: AchMatrix
    gaps: Gaps
    #: The sentences of :attr:`gaps`, and each ACH row's grade in words (by evidence id).
    gap_sentences: tuple[str, ...]
    row_grades: dict[str, str]
    #: The board's thresholds the statuses were decided by.
    thresholds: Thresholds
    key_judgements: KeyJudgements
    #: Claims marked as key assumptions, in the order they were made.
    assumptions: tuple[str, ...]
    #: The analyst's judgement of each claim as one sentence, by claim id.
    judgement_sentences: dict[str, str]
    #: The analyst's own fields of each claim, for the JSON, by claim id.
    judgements: dict[str, dict[str, Any]]

    def claim(self, claim_id: str) -> ClaimAssessment:
        for assessment in self.claims:
            if assessment.claim_id == claim_id:
                return assessment
        raise KeyError(claim_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "board_id": self.board_id,
            "thresholds": list(threshold_lines(self.thresholds)),
            "threshold_values": {
                "corroboration_origins": self.thresholds.corroboration_origins,
                "weak_reliability": self.thresholds.weak_reliability,
                "weak_information": self.thresholds.weak_information,
                "is_default": self.thresholds.is_default,
            },
            "claims": [
                {
                    **_claim_dict(a, self.titles[a.claim_id]),
                    **self.judgements.get(a.claim_id, {}),
                    "judgement_sentence": self.judgement_sentences[a.claim_id],
                }
                for a in self.claims
            ],
            "key_judgements": {
                "claim_ids": list(self.key_judgements.claim_ids),
                "marked_by_analyst": self.key_judgements.marked,
                "sentences": [self.judgement_sentences[i] for i in self.key_judgements.claim_ids],
            },
            "key_assumptions": {
                "claim_ids": list(self.assumptions),
                "sentences": [self.judgement_sentences[i] for i in self.assumptions],
            },
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
            "actors": [
                {"card_id": a.card_id, "name": a.name, "claim_ids": list(a.claim_ids)}
                for a in self.actors
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
                                "marked": cell.marked,
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
    thresholds = thresholds_of(board.info)
    claims = assess_claims(board, provenance, thresholds)
    actors = claims_by_actor(board)
    structure = analyse_structure(board)
    findings = (
        cycle_findings(board, provenance)
        + duplicate_findings(board)
        + claim_findings(board, claims)
        + actor_findings(board, actors)
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
        actors=actors,
        critical_items=critical_items(claims, thresholds),
        provenance=provenance,
        structure=structure,
        ach=ach,
        gaps=gaps,
        gap_sentences=tuple(gap_lines(board, gaps, ach.labels)),
        row_grades={row.evidence_id: row_grade(board, row) for row in ach.rows},
        thresholds=thresholds,
        key_judgements=key_judgements(board, claims),
        assumptions=key_assumptions(board, claims),
        judgement_sentences={a.claim_id: judgement_sentence(board, a) for a in claims},
        judgements={a.claim_id: _judgement_dict(board, a.claim_id) for a in claims},
    )


def _judgement_dict(board: Board, claim_id: str) -> dict[str, Any]:
    content = board.cards[claim_id].content
    assert isinstance(content, ClaimContent)
    return {
        "confidence": content.confidence.value,
        "likelihood": content.likelihood,
        "likelihood_words": likelihood_words(content.likelihood),
        "is_assumption": content.is_assumption,
        "is_key_judgement": content.is_key_judgement,
    }


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
