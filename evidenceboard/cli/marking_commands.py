"""The ``marking`` command: show or set a board's marking scheme and its own marking.

``evidenceboard marking FILE`` prints the scheme and its levels, lowest first.
``--scheme uk|us|nato|tlp|custom|none`` sets it (``custom`` takes ``--levels``, lowest
first, comma-separated); ``--board M`` sets the marking of the board itself. Markings on
the board that the new scheme cannot read are listed, so the user can correct them
before a brief or a shared copy refuses them.
"""

import argparse
from dataclasses import replace
from typing import TYPE_CHECKING

from evidenceboard.cli.common import SubParsers, open_to_read, open_to_write
from evidenceboard.cli.output import say, warn
from evidenceboard.model.markings import (
    CUSTOM_LEVELS_SETTING,
    SCHEME_SETTING,
    SchemeName,
    configured_scheme,
    custom_levels_value,
    scheme_for,
)

if TYPE_CHECKING:
    from evidenceboard.model.board import BoardInfo

EXIT_BAD_SCHEME = 2


def register(commands: SubParsers) -> None:
    marking = commands.add_parser(
        "marking", help="show or set the board's marking scheme and its own marking"
    )
    marking.add_argument("file")
    marking.add_argument(
        "--scheme",
        choices=[*(s.value for s in SchemeName), "none"],
        help="the scheme the board's markings follow (none: read them as they come)",
    )
    marking.add_argument(
        "--levels", help="the levels of a custom scheme, lowest first, separated by commas"
    )
    marking.add_argument("--board", metavar="MARKING", help="the marking of the board itself")
    marking.set_defaults(handler=_marking)


def _marking(args: argparse.Namespace) -> int:
    if args.scheme is None and args.levels is None and args.board is None:
        with open_to_read(args) as doc:
            _describe(doc.board.info, [c.handling for c in doc.board.cards.values()])
        return 0
    from evidenceboard.model.changes import EditBoard

    if args.levels is not None and args.scheme not in (None, SchemeName.CUSTOM.value):
        warn("--levels is for a custom scheme; it was not used.")
    with open_to_write(args) as doc:
        before = doc.board.info
        after = before
        if args.scheme == "none":
            after = after.with_setting(SCHEME_SETTING, None).with_setting(
                CUSTOM_LEVELS_SETTING, None
            )
        elif args.scheme is not None:
            after = after.with_setting(SCHEME_SETTING, args.scheme)
        if args.scheme == SchemeName.CUSTOM.value or (
            args.scheme is None and args.levels is not None
        ):
            if not args.levels:
                say("A custom scheme needs --levels, lowest first, e.g. PUBLIC,INTERNAL,SECRET.")
                return EXIT_BAD_SCHEME
            try:
                value = custom_levels_value(args.levels.split(","))
            except ValueError as exc:
                say(str(exc))
                return EXIT_BAD_SCHEME
            after = after.with_setting(SCHEME_SETTING, SchemeName.CUSTOM.value)
            after = after.with_setting(CUSTOM_LEVELS_SETTING, value)
        if args.board is not None:
            after = replace(after, handling=" ".join(args.board.split()))
        if after == before:
            say("Nothing to change.")
            return 0
        doc.apply(EditBoard(before, after))
        _describe(after, [c.handling for c in doc.board.cards.values()])
    return 0


def _describe(info: "BoardInfo", markings: list[str]) -> None:
    scheme = configured_scheme(info)
    if scheme is None and info.setting(SCHEME_SETTING) is None:
        found = scheme_for(info, markings)
        if found is None:
            say("Scheme: not set, and the markings on the board fit no single scheme.")
        else:
            say(f"Scheme: not set; the markings on the board read as {found.name.words}.")
        scheme = found
    elif scheme is None:
        say("Scheme: the board's setting names no scheme that can be read; set it again.")
    else:
        say(f"Scheme: {scheme.name.words} ({scheme.name.value})")
    if scheme is not None:
        say("Levels, lowest first: " + ", ".join(scheme.level_names()))
        texts = [info.handling, *markings]
        unread = sorted({m.strip() for m in texts if m.strip() and not scheme.reads(m)})
        for text in unread:
            warn(f"the marking “{text}” on the board is not a level of this scheme.")
    say(f"Board marking: {info.handling or 'none'}")
