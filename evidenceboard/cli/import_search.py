"""Commands that bring material in and find it again: import, search.

``import`` reads saved pages, PDFs, images, text files and other boards' exports
(``.json`` dumps, ``.canvas``, ``.graphml``) through :mod:`evidenceboard.formats.pipeline`,
the window's import too, and adds all that could be read as one undoable change (one
history entry); each file that could not be read gets a line with its reason, and the
exit code is 1 if any failed.

``search`` prints the best matches with the matching words in [brackets]; it exits 0
even when nothing matches, so scripts read the count from ``--json``.
"""

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidenceboard.cli.common import SubParsers, board_path, open_to_read, open_to_write
from evidenceboard.cli.output import emit_json, say

if TYPE_CHECKING:
    from evidenceboard.storage.search import SearchHit

EXIT_SOME_FAILED = 1


def register(commands: SubParsers) -> None:
    importing = commands.add_parser(
        "import",
        help="add saved web pages, PDFs, images, text files or board files to a board",
    )
    importing.add_argument("file", help="the board file (.evboard)")
    importing.add_argument("paths", nargs="+", metavar="PATH", help="files to import")
    importing.add_argument("--json", action="store_true", help="print JSON")
    importing.add_argument(
        "--again",
        action="store_true",
        help="import files that are already on the board (the same SHA-256) once more",
    )
    importing.set_defaults(handler=_import)

    finding = commands.add_parser("search", help="find cards by the words in them")
    finding.add_argument("file", help="the board file (.evboard)")
    finding.add_argument("query", help='words to find; "quoted words" find a phrase')
    finding.add_argument("--limit", type=int, default=20, help="most hits to show (1-500)")
    finding.add_argument("--json", action="store_true", help="print JSON")
    finding.set_defaults(handler=_search)


def _import(args: argparse.Namespace) -> int:
    # trafilatura and lxml (HTML), pypdf and Pillow load only to import.
    from evidenceboard.formats.pipeline import plan_import, read_sources

    paths = [board_path(p) for p in args.paths]
    outcomes: dict[Path, dict[str, Any]] = {}
    with open_to_write(args) as doc:
        batch = read_sources(paths, doc.author)
        plan = plan_import(batch, doc.board, doc.author, again=args.again)
        if plan.change is not None:
            doc.apply(plan.change)
        for path, change in plan.boards:
            outcomes[path] = {"path": str(path), "board_change": change.describe(doc.board)}
    # A new card and one the board already held are told apart by the key of the id.
    for key, pairs in (("card_id", plan.cards), ("already", plan.already)):
        for path, card in pairs:
            outcomes[path] = {
                "path": str(path),
                key: card.id,
                "kind": card.kind.value,
                "title": card.display_title,
            }
    for path, reason in plan.failures:
        outcomes[path] = {"path": str(path), "error": reason}
    ordered = [outcomes[p] for p in dict.fromkeys(paths)]
    if args.json:
        emit_json({"results": ordered})
    else:
        for outcome in ordered:
            name = Path(outcome["path"]).name
            if "error" in outcome:
                say(f"FAILED    {name}: {outcome['error']}")
            elif "already" in outcome:
                say(
                    f"already   {name} is on the board as {outcome['already']} "
                    f"{outcome['kind']} {outcome['title']} (--again imports it once more)"
                )
            elif "card_id" in outcome:
                say(
                    f"imported  {name} -> {outcome['card_id']} {outcome['kind']} {outcome['title']}"
                )
            else:
                say(f"imported  {name}: {outcome['board_change']}")
    return EXIT_SOME_FAILED if any("error" in o for o in ordered) else 0


def _bracketed(hit: "SearchHit") -> str:
    text = "".join(f"[{part}]" if match else part for part, match in hit.snippet)
    return " ".join(text.split())


def _search(args: argparse.Namespace) -> int:
    from evidenceboard.storage.search import MAX_LIMIT

    limit = max(1, min(args.limit, MAX_LIMIT))
    with open_to_read(args) as doc:
        hits = doc.search(args.query, limit)
        cards = doc.board.cards
        found = [(hit, cards[hit.card_id]) for hit in hits if hit.card_id in cards]
    if args.json:
        emit_json(
            {
                "query": args.query,
                "hits": [
                    {
                        "card_id": hit.card_id,
                        "kind": card.kind.value,
                        "title": card.display_title,
                        "rank": round(hit.rank, 6),
                        "snippet": [[part, match] for part, match in hit.snippet],
                    }
                    for hit, card in found
                ],
            }
        )
        return 0
    if not found:
        say("No cards match.")
    for hit, card in found:
        say(f"{card.id[:8]}  {card.kind.value:<8} {card.display_title}")
        say(f"          {_bracketed(hit)}")
    return 0
