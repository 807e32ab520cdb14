"""The ``analyze`` command: claim assessments and findings of a board, in words or JSON.

The board is opened read-only (analysis never writes). Text output lists each claim with
its status and reasons, then the findings, most serious first; ``--json`` prints
:meth:`BoardAnalysis.to_dict`, whose shape is documented in
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
    say(f"Analysis of “{board.info.title}”")
    say()
    say(f"Claims ({len(analysis.claims)})")
    for claim in analysis.claims:
        marker = " [hypothesis]" if claim.is_hypothesis else ""
        say(f"* {analysis.titles[claim.claim_id]}{marker}")
        say(
            f"  status: {claim.status.value}, independent origins: {claim.independent_origin_count}"
        )
        for reason in claim.reasons:
            say(f"  - {reason}")
    if analysis.ach.hypothesis_ids:
        say()
        say("Competing hypotheses, most likely first (weighted inconsistency)")
        for rank, score in enumerate(analysis.ach.ranking, start=1):
            title = analysis.titles[score.hypothesis_id]
            say(
                f"  {rank}. {title}: {score.inconsistency:.2f} "
                f"({score.inconsistent_count} inconsistent)"
            )
    say()
    say(f"Findings ({len(analysis.findings)})")
    for finding in analysis.findings:
        say(f"* [{finding.severity.value}] {finding.message}")
    if analysis.critical_items:
        say()
        say("Items whose loss would change the most assessments")
        for item in analysis.critical_items:
            title = board.cards[item.card_id].display_title
            say(f"* “{title}”: {len(item.claim_ids)} claim(s)")
