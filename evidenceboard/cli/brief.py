"""The ``brief`` command: write the PDF brief of a board without opening the window.

``evidenceboard brief FILE -o OUT [--title] [--author] [--marking] [--claims ID…]``. The
board is opened read-only; claim ids may be unique prefixes. The PDF is written
atomically, so an error (or Ctrl+C) leaves an earlier OUT untouched. The output may not
be the board file itself: a typo must never turn a case into a PDF.
"""

import argparse

from evidenceboard.cli.common import SubParsers, board_path
from evidenceboard.cli.output import fail, say

EXIT_FAILED = 1
EXIT_INTERRUPTED = 130


def register(subparsers: SubParsers) -> None:
    command = subparsers.add_parser(
        "brief",
        help="write a PDF brief: summary, diagram, claims with their evidence, sources",
    )
    command.add_argument("file", help="the .evboard file")
    command.add_argument("-o", "--output", required=True, metavar="OUT", help="the PDF to write")
    command.add_argument("--title", help="title on the cover (default: the board's title)")
    command.add_argument("--author", help="author on the cover (default: the board's authors)")
    command.add_argument(
        "--marking", help="handling marking on every page (default: the board's marking)"
    )
    command.add_argument(
        "--claims",
        nargs="+",
        metavar="ID",
        help="only these claims (ids or unique id prefixes); default: every claim",
    )
    command.set_defaults(handler=_brief)


def _brief(args: argparse.Namespace) -> int:
    # reportlab (and the analysis, for the claims) loads only to write a brief.
    from evidenceboard.export.brief_options import BriefCancelled, BriefError, BriefOptions
    from evidenceboard.export.brief_writer import write_brief
    from evidenceboard.storage import open_board

    source = board_path(args.file)
    output = board_path(args.output)
    if output.exists() and source.exists() and output.resolve() == source.resolve():
        fail("The output would overwrite the board file; choose another name for the PDF.")
        return EXIT_FAILED
    options = BriefOptions(
        title=args.title,
        author=args.author,
        marking=args.marking,
        claim_ids=tuple(args.claims) if args.claims else None,
    )
    with open_board(source, read_only=True) as doc:
        try:
            write_brief(doc.board, output, options)
        except BriefError as exc:
            fail(str(exc))
            return EXIT_FAILED
        except (BriefCancelled, KeyboardInterrupt):
            fail("Interrupted; no brief was written.")
            return EXIT_INTERRUPTED
    say(str(output))
    return 0
