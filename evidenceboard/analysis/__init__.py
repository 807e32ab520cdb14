"""Evidence analysis: pure functions from a Board to frozen results.

:func:`assess_board` gives the claim assessments (counted in independent origins), the
findings, the critical items, the structure and the ACH matrix; the layout functions
return one undoable :class:`~evidenceboard.model.changes.MoveCards`.

The names below load their modules on first use, so the claim analysis does not load
the force layout and its numpy arrays with it.
"""

from typing import TYPE_CHECKING

from evidenceboard.model.lazy_names import lazy_names

if TYPE_CHECKING:
    from evidenceboard.analysis.assessment import ClaimAssessment, ClaimStatus, EvidenceEntry
    from evidenceboard.analysis.findings import CriticalItem, Finding, FindingKind, Severity
    from evidenceboard.analysis.hypotheses import AchCell, AchMatrix, AchRow, Consistency
    from evidenceboard.analysis.layout_force import force_layout
    from evidenceboard.analysis.layout_moves import LayoutCancelled
    from evidenceboard.analysis.layout_tidy import TidyOrder, tidy_layout
    from evidenceboard.analysis.provenance import Provenance, trace_provenance
    from evidenceboard.analysis.report import BoardAnalysis, assess_board
    from evidenceboard.analysis.structure import Structure

__getattr__ = lazy_names(
    __name__,
    {
        ".assessment": ("ClaimAssessment", "ClaimStatus", "EvidenceEntry"),
        ".findings": ("CriticalItem", "Finding", "FindingKind", "Severity"),
        ".hypotheses": ("AchCell", "AchMatrix", "AchRow", "Consistency"),
        ".layout_force": ("force_layout",),
        ".layout_moves": ("LayoutCancelled",),
        ".layout_tidy": ("TidyOrder", "tidy_layout"),
        ".provenance": ("Provenance", "trace_provenance"),
        ".report": ("BoardAnalysis", "assess_board"),
        ".structure": ("Structure",),
    },
)


__all__ = [
    "AchCell",
    "AchMatrix",
    "AchRow",
    "BoardAnalysis",
    "ClaimAssessment",
    "ClaimStatus",
    "Consistency",
    "CriticalItem",
    "EvidenceEntry",
    "Finding",
    "FindingKind",
    "LayoutCancelled",
    "Provenance",
    "Severity",
    "Structure",
    "TidyOrder",
    "assess_board",
    "force_layout",
    "tidy_layout",
    "trace_provenance",
]
