"""The ``brief`` command: write the PDF brief of a board without opening the window.

``evidenceboard brief FILE -o OUT [--title] [--author] [--marking M [--leave-out-above]]
[--claims ID…] [--manifest] [--sign ID.p12]``. The board is opened read-only; claim ids
may be unique prefixes.

The brief is marked with the highest marking of what it holds. A lower ``--marking`` is
refused with exit code 2 (nothing is written) unless ``--leave-out-above`` leaves out the
cards marked above it. "Prepared by" is the name given with ``--author`` (or ``--user`` /
``$EVIDENCEBOARD_USER``); without one the cover says the name is not stated, rather than
printing the account the command runs under. ``--sign`` signs the PDF with the
certificate in a PKCS#12 file; its password comes from ``EVIDENCEBOARD_SIGN_PASSWORD``
or, on a terminal, a prompt that does not echo. The PDF is written atomically, so an
error (or Ctrl+C) leaves an earlier OUT untouched. The output may not be the board file
itself: a typo must never turn a case into a PDF.
"""

import argparse
import getpass
import os
import sys

from evidenceboard.cli.common import SubParsers, board_path, user_name
from evidenceboard.cli.output import fail, say, warn

EXIT_FAILED = 1
#: The brief would be marked lower than what it holds.
EXIT_MARKING_REFUSED = 2
EXIT_INTERRUPTED = 130


def register(subparsers: SubParsers) -> None:
    command = subparsers.add_parser(
        "brief",
        help="write a PDF brief: summary, diagram, claims with their evidence, sources",
    )
    command.add_argument("file", help="the .evboard file")
    command.add_argument("-o", "--output", required=True, metavar="OUT", help="the PDF to write")
    command.add_argument("--title", help="title on the cover (default: the board's title)")
    command.add_argument(
        "--author",
        help="name printed as 'Prepared by' (default: --user or $EVIDENCEBOARD_USER, if set)",
    )
    command.add_argument(
        "--marking",
        help="handling marking on every page (default: the highest marking the brief holds); "
        "a marking lower than that is refused",
    )
    command.add_argument(
        "--leave-out-above",
        action="store_true",
        help="leave out the cards marked above --marking instead of refusing the brief",
    )
    command.add_argument(
        "--claims",
        nargs="+",
        metavar="ID",
        help="only these claims (ids or unique id prefixes); default: every claim",
    )
    command.add_argument(
        "--frame",
        metavar="ID",
        help="only what this frame holds: its claims, and its cards in the diagram",
    )
    command.add_argument(
        "--manifest",
        action="store_true",
        help="attach manifest.json: every cited item with its SHA-256",
    )
    command.add_argument(
        "--sign",
        metavar="ID.p12",
        help="sign the PDF with this certificate (PKCS#12); password from "
        "EVIDENCEBOARD_SIGN_PASSWORD or a prompt",
    )
    command.set_defaults(handler=_brief)


def _password() -> bytes | None:
    """The certificate's password: the environment, else a prompt on a terminal."""
    from evidenceboard.export.brief import PASSWORD_VARIABLE

    value = os.environ.get(PASSWORD_VARIABLE)
    if value is not None:
        return value.encode("utf-8")
    if not sys.stdin.isatty():
        return None
    return getpass.getpass("Certificate password: ").encode("utf-8")


def _brief(args: argparse.Namespace) -> int:
    # reportlab (and the analysis, for the claims) loads only to write a brief.
    from evidenceboard.export.brief import (
        BriefCancelled,
        BriefError,
        BriefOptions,
        MarkingRefused,
        write_brief,
    )
    from evidenceboard.storage import open_board

    source = board_path(args.file)
    output = board_path(args.output)
    if output.exists() and source.exists() and output.resolve() == source.resolve():
        fail("The output would overwrite the board file; choose another name for the PDF.")
        return EXIT_FAILED
    if args.leave_out_above and not args.marking:
        fail("--leave-out-above needs --marking: the marking to leave out cards above.")
        return EXIT_MARKING_REFUSED
    signing = None
    if args.sign:
        from evidenceboard.export.brief import PASSWORD_VARIABLE, SigningRequest

        password = _password()
        if password is None:
            fail(f"Set {PASSWORD_VARIABLE} to the certificate's password, or run on a terminal.")
            return EXIT_FAILED
        signing = SigningRequest(board_path(args.sign), password)
    with open_board(source, read_only=True) as doc:
        options = BriefOptions(
            title=args.title,
            author=args.author or user_name(args),
            marking=args.marking,
            leave_out_above=args.leave_out_above,
            claim_ids=tuple(args.claims) if args.claims else None,
            frame_id=args.frame,
            history=tuple(doc.change_log()),
            manifest=args.manifest,
            signing=signing,
        )
        try:
            warnings = write_brief(doc.board, output, options)
        except MarkingRefused as exc:
            hint = ""
            if exc.higher_cards:
                hint = f" To leave them out, add --leave-out-above (with --marking {args.marking})."
            fail(f"{exc}{hint} No brief was written.")
            return EXIT_MARKING_REFUSED
        except BriefError as exc:
            fail(str(exc))
            return EXIT_FAILED
        except (BriefCancelled, KeyboardInterrupt):
            fail("Interrupted; no brief was written.")
            return EXIT_INTERRUPTED
    for message in warnings:
        warn(message)
    say(str(output))
    return 0
