"""Commands for passing boards between people: copy, merge, diff and export.

``copy`` writes a self-contained shared copy (optionally leaving out cards by tag or
handling marking, or holding only one frame); ``merge`` brings a colleague's copy into
mine as one undoable change; ``diff`` lists what differs; ``export`` writes the open
formats.
"""

import argparse
import json
from pathlib import Path

from evidenceboard.cli.common import SubParsers, board_path, open_to_read, user_name
from evidenceboard.cli.output import emit_json, say
from evidenceboard.model.short_text import plural
from evidenceboard.storage.errors import BoardFileError

EXPORT_FORMATS = ("json", "canvas", "graphml", "csv", "attachments", "ftm")


def register(commands: SubParsers) -> None:
    copy = commands.add_parser(
        "copy", help="write a self-contained copy to share, without deleted remnants"
    )
    copy.add_argument("file")
    copy.add_argument("out", help="the new board file")
    copy.add_argument(
        "--omit-tag",
        action="append",
        default=[],
        metavar="TAG",
        help="leave out cards with this tag (repeatable)",
    )
    copy.add_argument(
        "--omit-marking",
        action="append",
        default=[],
        metavar="MARKING",
        help="leave out cards with this handling marking or one above it (repeatable)",
    )
    copy.add_argument(
        "--frame",
        metavar="ID",
        help="only this frame (id or prefix): its cards, the links among them, their files",
    )
    copy.add_argument("--overwrite", action="store_true", help="replace OUT if it exists")
    copy.set_defaults(handler=_copy)

    merge = commands.add_parser("merge", help="merge a colleague's copy of a board into mine")
    merge.add_argument("file", help="my board (changed)")
    merge.add_argument("theirs", help="their board (only read)")
    merge.add_argument("--dry-run", action="store_true", help="report, change nothing")
    merge.add_argument("--json", action="store_true")
    merge.set_defaults(handler=_merge)

    diff = commands.add_parser("diff", help="list what differs between two boards")
    diff.add_argument("file")
    diff.add_argument("other")
    diff.add_argument("--json", action="store_true")
    diff.set_defaults(handler=_diff)

    export = commands.add_parser(
        "export", help="export to JSON, JSON Canvas, GraphML, CSV, FollowTheMoney"
    )
    export.add_argument("file")
    export.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    export.add_argument(
        "-o", "--output", required=True, help="the file to write (a folder for csv and attachments)"
    )
    export.set_defaults(handler=_export)


def _copy(args: argparse.Namespace) -> int:
    from evidenceboard.storage.share import share_file

    report = share_file(
        board_path(args.file),
        board_path(args.out),
        omit_tags=args.omit_tag,
        omit_markings=args.omit_marking,
        frame=args.frame,
        overwrite=args.overwrite,
        author=user_name(args),
    )
    say(report.describe())
    return 0


def _merge(args: argparse.Namespace) -> int:
    from evidenceboard.model.merge import plan_merge
    from evidenceboard.storage import open_board
    from evidenceboard.storage.lock import current_user

    by = user_name(args) or current_user()
    theirs_path = board_path(args.theirs)
    if theirs_path.resolve() == board_path(args.file).resolve():
        raise BoardFileError("A board cannot be merged into itself.")
    with open_board(theirs_path, read_only=True, author=by) as theirs:
        if args.dry_run:
            mine_doc = open_to_read(args)
        else:
            mine_doc = open_board(board_path(args.file), author=by)
        with mine_doc as mine:
            plan = plan_merge(
                mine.board,
                theirs.board,
                by,
                mine_history=mine.change_log(),
                theirs_history=theirs.change_log(),
            )
            if not args.dry_run and not plan.is_empty:
                data = {sha: theirs.attachment_data(sha) for sha in plan.fetch}
                mine.apply(plan.change(data))
    if args.json:
        emit_json({"dry_run": args.dry_run, **plan.summary()})
    else:
        for line in plan.lines():
            say(line)
        if args.dry_run:
            say("Dry run: nothing was changed.")
    return 0


def _diff(args: argparse.Namespace) -> int:
    from evidenceboard.model.diff import diff_boards
    from evidenceboard.storage import open_board

    with open_to_read(args) as a, open_board(board_path(args.other), read_only=True) as b:
        difference = diff_boards(a.board, b.board)
    if args.json:
        emit_json(difference.to_dict())
    else:
        lines = difference.lines()
        for line in lines or ["The boards hold the same cards and links."]:
            say(line)
    return 0


def _export(args: argparse.Namespace) -> int:
    # Each format loads only its own writer: GraphML needs networkx, JSON jsonschema.
    from evidenceboard.formats.files import write_atomically

    out = board_path(args.output)
    with open_to_read(args) as doc:
        board = doc.board
        if args.format == "attachments":
            from evidenceboard.export.attachments import export_attachments

            saved = export_attachments(board, doc.attachment_data, out)
            for item in saved:
                warning = "  (executable type: do not open)" if item.executable else ""
                say(f"{item.path.name}{warning}")
            say(f"Saved {plural(len(saved), 'attachment')} in {out}.")
            return 0
        if args.format == "csv":
            from evidenceboard.formats.csv_tables import write_csv_tables

            cards, links = write_csv_tables(board, out)
            say(f"Wrote {cards} and {links}.")
            return 0
        names: dict[str, str] = {}
        if args.format in ("json", "canvas"):
            # The attachments go beside the file, so another board imports them too.
            from evidenceboard.formats.attachment_files import write_attachment_files

            names = write_attachment_files(board, doc.attachment_data, Path(out))
        if args.format == "json":
            from evidenceboard.formats.json_dump import dumps_board

            data = dumps_board(board).encode("utf-8")
        elif args.format == "canvas":
            from evidenceboard.formats.canvas import board_to_canvas

            data = (
                json.dumps(board_to_canvas(board, names), ensure_ascii=False, indent=2) + "\n"
            ).encode()
        elif args.format == "ftm":
            from evidenceboard.formats.ftm import board_to_ftm_lines

            data = board_to_ftm_lines(board)
        else:
            from evidenceboard.formats.graphml import board_to_graphml

            data = board_to_graphml(board)
    write_atomically(Path(out), data)
    if names:
        from evidenceboard.formats.attachment_files import attachments_folder

        folder = attachments_folder(Path(out))
        say(f"Wrote {out} and {plural(len(names), 'attachment')} in {folder}.")
    else:
        say(f"Wrote {out}.")
    return 0
