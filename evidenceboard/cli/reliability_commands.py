"""Commands for recovering a board: snapshots FILE, restore SNAPSHOT OUT, salvage DAMAGED OUT.

They mirror what the window offers when a board fails to open: restore the last
snapshot, or salvage what can still be read. None of them ever writes to the damaged
file; ``restore`` renames an existing OUT to ``NAME (damaged …).evboard`` instead of
overwriting it.
"""

import argparse
from typing import Any

from evidenceboard.cli.common import SubParsers, board_path, user_name
from evidenceboard.cli.output import emit_json, say
from evidenceboard.model.clock import format_timestamp


def register(commands: SubParsers) -> None:
    listing = commands.add_parser(
        "snapshots", help="list the automatic snapshots of a board (even a damaged one)"
    )
    listing.add_argument("file", help="the board file")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_snapshots)

    restore = commands.add_parser(
        "restore", help="write a checked copy of a snapshot as a board file"
    )
    restore.add_argument("snapshot", help="a snapshot file (see the snapshots command)")
    restore.add_argument(
        "out", help="the board file to write; an existing one is renamed '(damaged …)'"
    )
    restore.set_defaults(handler=_restore)

    salvage = commands.add_parser(
        "salvage", help="copy what can still be read from a damaged board into a new board"
    )
    salvage.add_argument("damaged", help="the damaged board file (never changed)")
    salvage.add_argument("out", help="the new board file to write (must not exist)")
    salvage.add_argument("--json", action="store_true", help="print JSON")
    salvage.set_defaults(handler=_salvage)


def _snapshots(args: argparse.Namespace) -> int:
    from evidenceboard.storage.salvage import read_board_id
    from evidenceboard.storage.snapshots import snapshots_for_file

    path = board_path(args.file)
    found = snapshots_for_file(path, read_board_id(path))
    if args.json:
        emit_json(
            [
                {
                    "path": str(s.path),
                    "taken_at": format_timestamp(s.taken_at),
                    "cards": s.cards,
                    "links": s.links,
                    "problem": s.problem,
                }
                for s in found
            ]
        )
        return 0
    if not found:
        say(f"No snapshots of {path.name} were found.")
        return 1
    for snap in found:
        state = (
            f"PROBLEM: {snap.problem}"
            if snap.problem
            else f"{snap.cards} cards, {snap.links} links"
        )
        say(f"{snap.taken_at:%Y-%m-%d %H:%M:%S} UTC  {state}  {snap.path}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from evidenceboard.storage.snapshots import restore_snapshot

    result = restore_snapshot(
        board_path(args.snapshot), board_path(args.out), author=user_name(args)
    )
    if result.damaged_moved_to is not None:
        say(f"The existing {result.path.name} was kept as {result.damaged_moved_to.name}.")
    say(f"Restored {result.path} ({result.cards} cards, {result.links} links).")
    return 0


def _salvage(args: argparse.Namespace) -> int:
    from evidenceboard.storage.salvage import salvage_board

    report = salvage_board(board_path(args.damaged), board_path(args.out), author=user_name(args))
    if args.json:
        data: dict[str, Any] = {
            "path": str(report.path),
            "cards": report.cards,
            "links": report.links,
            "attachments": report.attachments,
            "from_index": report.from_index,
            "lost": report.lost,
        }
        emit_json(data)
        return 0
    say(report.describe())
    for problem in report.lost:
        say(f"LOST: {problem}")
    return 0
