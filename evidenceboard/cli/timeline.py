"""The ``timeline`` command: the board's dated cards in time order, in words or JSON.

The same chronology the window's Timeline dock shows (see
:mod:`evidenceboard.model.chronology`): each dated card with its date as written,
how precisely it is dated and which field the date came from; cards without a date are
counted. The board is opened read-only.
"""

import argparse
from typing import TYPE_CHECKING

from evidenceboard.cli.common import SubParsers, open_to_read
from evidenceboard.cli.output import emit_json, say

if TYPE_CHECKING:
    from evidenceboard.model.chronology import Chronology

#: ``timeline --json`` schema version: bumped when a key changes meaning or goes.
SCHEMA = 1


def register(subparsers: SubParsers) -> None:
    command = subparsers.add_parser(
        "timeline", help="the dated cards in time order, with how precisely each is dated"
    )
    command.add_argument("file", help="the .evboard file")
    command.add_argument("--json", action="store_true", help="print the chronology as JSON")
    command.set_defaults(handler=_timeline)


def _timeline(args: argparse.Namespace) -> int:
    from evidenceboard.model.chronology import chronology

    with open_to_read(args) as doc:
        found = chronology(doc.board)
        if args.json:
            emit_json({"schema": SCHEMA, **found.to_dict()})
        else:
            print_chronology(doc.board.info.title, found)
    return 0


def print_chronology(title: str, found: "Chronology") -> None:
    dated = _plural(len(found.entries), "dated item")
    say(f"Chronology of “{title}”: {dated}, {found.undated_count} without a date")
    say()
    width = max((len(entry.date_text) for entry in found.entries), default=4)
    for entry in found.entries:
        source = f" ({entry.source})" if entry.source else ""
        captured = " [captured]" if entry.field.value == "captured_at" else ""
        say(
            f"{entry.date_text:<{width}}  {entry.precision.value:<7}  {entry.kind.value:<8}  "
            f"{entry.title}{source}{captured}  {entry.card_id[:8]}"
        )
    quiet = found.quiet_periods()
    if quiet:
        say()
        say("Longest stretches with nothing dated")
        for period in quiet:
            days = _plural(period.length.days, "day")
            say(f"  {period.start.date().isoformat()} to {period.end.date().isoformat()} ({days})")


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
