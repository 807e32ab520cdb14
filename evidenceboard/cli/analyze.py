"""The ``analyze`` command: claim assessments and findings of a board, in words or JSON.

The board is opened read-only (analysis never writes). Text output states the grading
rules (the board's own thresholds), lists each claim with its status, the analyst's
judgement beside it and the reasons, the key judgements and key assumptions, the
competing hypotheses in ranked order (analyst marks starred), what to look at next
(linchpins and gaps), then the findings, most serious first;
``--json`` prints :meth:`BoardAnalysis.to_dict`, whose shape is documented in
:mod:`evidenceboard.analysis.report`.
"""

import argparse
from typing import TYPE_CHECKING

from evidenceboard.cli.common import SubParsers, board_path
from evidenceboard.cli.output import emit_json, say

if TYPE_CHECKING:
    from evidenceboard.analysis import BoardAnalysis
    from evidenceboard.model.board import Board


def register(subparsers: SubParsers) -> None:
    command = subparsers.add_parser(
        "analyze",
        help="assess every claim (independent origins, status, reasons) and list findings",
    )
    command.add_argument("file", help="the .evboard file")
    command.add_argument("--json", action="store_true", help="print the analysis as JSON")
    command.set_defaults(handler=_analyze)


def _analyze(args: argparse.Namespace) -> int:
    # networkx and numpy load only for the analysis, not for every command.
    from evidenceboard.analysis import assess_board
    from evidenceboard.storage import open_board

    with open_board(board_path(args.file), read_only=True) as doc:
        board = doc.board
        analysis = assess_board(board)
        if args.json:
            emit_json(analysis.to_dict())
        else:
            print_report(board, analysis)
    return 0


def print_report(board: "Board", analysis: "BoardAnalysis") -> None:
    from evidenceboard.analysis.report import next_steps
    from evidenceboard.analysis.standing import threshold_lines

    say(f"Analysis of “{board.info.title}”")
    say()
    say("How grades count")
    for line in threshold_lines(analysis.thresholds):
        say(f"  - {line}")
    say()
    say(f"Claims ({len(analysis.claims)})")
    for claim in analysis.claims:
        marker = " [hypothesis]" if claim.is_hypothesis else ""
        say(f"* {analysis.titles[claim.claim_id]}{marker}")
        say(
            f"  status: {claim.status.words}, independent origins: {claim.independent_origin_count}"
        )
        say(f"  judgement: {analysis.judgement_sentences[claim.claim_id]}")
        for reason in claim.reasons:
            say(f"  - {reason}")
    _print_judgements(analysis)
    _print_hypotheses(board, analysis)
    say()
    say("Look at next (linchpins: items whose loss would change the most assessments; gaps)")
    steps = next_steps(board, analysis)
    for text, _ids in steps:
        say(f"  * {text}")
    if not steps:
        say("  Nothing stands out: no linchpin item and no gap.")
    say()
    say(f"Findings ({len(analysis.findings)})")
    for finding in analysis.findings:
        say(f"* [{finding.severity.value}] {finding.message}")


def _print_hypotheses(board: "Board", analysis: "BoardAnalysis") -> None:
    from evidenceboard.analysis.wording import labelled

    ach = analysis.ach
    if not ach.hypothesis_ids:
        return
    say()
    say("Competing hypotheses, most likely first (fewest inconsistencies, weighted by grade)")
    for rank, score in enumerate(ach.ranking, start=1):
        title = analysis.titles[score.hypothesis_id]
        say(
            f"  {rank}. {labelled(score.label, title)}: "
            f"{_count(score.inconsistent_count, 'inconsistent item')}, "
            f"{score.unassessed} of {len(ach.rows)} unassessed"
        )
    say("  Evidence rows (one per origin; grade, diagnosticity, then a code per hypothesis):")
    labels = [ach.labels[h] for h in ach.hypothesis_ids]
    for row in ach.rows:
        title = board.cards[row.evidence_id].display_title
        repeats = len(row.evidence_ids) - 1
        grouped = f" (+{_count(repeats, 'report')} repeating it)" if repeats else ""
        codes = "  ".join(
            f"{label} {cell.code}{'*' if cell.marked else ''}"
            for label, cell in zip(labels, row.cells, strict=True)
        )
        say(
            f"  - “{title}”{grouped}: grade {analysis.row_grades[row.evidence_id]}, "
            f"diagnosticity {row.diagnosticity_words}; {codes}"
        )
    say(
        "  Codes: C consistent, I inconsistent (CC, II when strong), N neutral, "
        "NA not applicable, ? unassessed; * set by the analyst."
    )


def _print_judgements(analysis: "BoardAnalysis") -> None:
    """Key judgements and key assumptions: the analyst's words beside the sourcing status."""
    say()
    chosen = analysis.key_judgements
    how = "marked by the analyst" if chosen.marked else "none marked: the top claims by sourcing"
    say(f"Key judgements ({how})")
    for claim_id in chosen.claim_ids:
        say(f"  * {analysis.judgement_sentences[claim_id]}")
    if not chosen.claim_ids:
        say("  No claim has supporting evidence yet.")
    say()
    say(f"Key assumptions ({len(analysis.assumptions)})")
    for claim_id in analysis.assumptions:
        say(f"  * {analysis.judgement_sentences[claim_id]}")
    if not analysis.assumptions:
        say("  No claim is marked as a key assumption.")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
