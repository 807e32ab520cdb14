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

_MODULES: dict[str, str] = {
    "ClaimAssessment": "evidenceboard.analysis.assessment",
    "ClaimStatus": "evidenceboard.analysis.assessment",
    "EvidenceEntry": "evidenceboard.analysis.assessment",
    "CriticalItem": "evidenceboard.analysis.findings",
    "Finding": "evidenceboard.analysis.findings",
    "FindingKind": "evidenceboard.analysis.findings",
    "Severity": "evidenceboard.analysis.findings",
    "AchCell": "evidenceboard.analysis.hypotheses",
    "AchMatrix": "evidenceboard.analysis.hypotheses",
    "AchRow": "evidenceboard.analysis.hypotheses",
    "Consistency": "evidenceboard.analysis.hypotheses",
    "force_layout": "evidenceboard.analysis.layout_force",
    "LayoutCancelled": "evidenceboard.analysis.layout_moves",
    "TidyOrder": "evidenceboard.analysis.layout_tidy",
    "tidy_layout": "evidenceboard.analysis.layout_tidy",
    "Provenance": "evidenceboard.analysis.provenance",
    "trace_provenance": "evidenceboard.analysis.provenance",
    "BoardAnalysis": "evidenceboard.analysis.report",
    "assess_board": "evidenceboard.analysis.report",
    "Structure": "evidenceboard.analysis.structure",
}


__getattr__ = lazy_names(__name__, _MODULES)


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
