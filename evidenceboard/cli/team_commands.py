"""Commands for team boards on a PostgreSQL server: ``team``, ``publish``, ``clone``, ``sync``.

``URL`` is a libpq URL (``postgresql://me@server/cases?sslmode=verify-full``); passwords
come from libpq's own places (``PGPASSWORD``, ``~/.pgpass``, service files) and never
from the command line or the board. The server code (and psycopg with it) loads only
inside the handlers.
"""

import argparse

from evidenceboard.cli.common import SubParsers, board_path, open_to_write, user_name
from evidenceboard.cli.output import emit_json, say, warn

_URL_HELP = "the server's libpq URL, e.g. postgresql://me@server/cases?sslmode=verify-full"


def register(commands: SubParsers) -> None:
    team = commands.add_parser("team", help="prepare a team server and give access to cases")
    actions = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="prepare a database (run by its owner)")
    init.add_argument("url", help=_URL_HELP)
    init.set_defaults(handler=_init)
    for name, verb in (("grant", "give"), ("revoke", "take")):
        action = actions.add_parser(
            name, help=f"{verb} a role the right to publish, or access to one case"
        )
        action.add_argument("url", help=_URL_HELP)
        action.add_argument("--member", required=True, metavar="ROLE", help="a PostgreSQL role")
        action.add_argument("--case", metavar="CASE", help="the case's title or id")
        if name == "grant":
            action.add_argument(
                "--read-only", action="store_true", help="the member may read, not change"
            )
        action.set_defaults(handler=_grant if name == "grant" else _revoke)

    publish = commands.add_parser("publish", help="put a board on a team server as a new case")
    publish.add_argument("file")
    publish.add_argument("url", help=_URL_HELP)
    publish.set_defaults(handler=_publish)

    clone = commands.add_parser("clone", help="make a working copy of a case on a team server")
    clone.add_argument("url", help=_URL_HELP)
    clone.add_argument("case", help="the case's title or id")
    clone.add_argument("out", help="the new board file")
    clone.set_defaults(handler=_clone)

    sync = commands.add_parser("sync", help="push my changes to the team server, pull the others'")
    sync.add_argument("file")
    sync.add_argument("--json", action="store_true")
    sync.add_argument(
        "--trust-server",
        action="store_true",
        help="sync even though this board's server was never chosen for it on this computer",
    )
    sync.set_defaults(handler=_sync)


def _need_driver() -> None:
    """Refuse in words, before loading the server code, where the driver is left out."""
    from evidenceboard.team.server import TeamError, missing_driver

    reason = missing_driver()
    if reason is not None:
        raise TeamError(reason)


def _init(args: argparse.Namespace) -> int:
    _need_driver()
    from evidenceboard.team.admin import init_server

    say(init_server(args.url))
    return 0


def _grant(args: argparse.Namespace) -> int:
    _need_driver()
    from evidenceboard.team.admin import grant

    say(grant(args.url, args.member, args.case, read_only=args.read_only))
    return 0


def _revoke(args: argparse.Namespace) -> int:
    _need_driver()
    from evidenceboard.team.admin import revoke

    say(revoke(args.url, args.member, args.case))
    return 0


def _publish(args: argparse.Namespace) -> int:
    _need_driver()
    from evidenceboard.team.publish import publish

    with open_to_write(args) as doc:
        say(publish(doc, args.url).describe())
    return 0


def _clone(args: argparse.Namespace) -> int:
    _need_driver()
    from evidenceboard.team.publish import clone

    doc, refused = clone(args.url, args.case, board_path(args.out), author=user_name(args))
    with doc:
        for line in refused:
            warn(line)
        say(
            f"Cloned into {doc.path.name}: {len(doc.board.cards)} cards, "
            f"{len(doc.board.links)} links, {len(doc.board.attachments)} attachments."
        )
    return 0


def _sync(args: argparse.Namespace) -> int:
    _need_driver()
    from evidenceboard.team.sync import sync

    with open_to_write(args) as doc:
        report = sync(doc, trust_server=args.trust_server)
    if args.json:
        emit_json(report.to_dict())
    else:
        for line in report.lines():
            say(line)
    return 0
