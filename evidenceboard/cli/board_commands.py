"""Commands that create and read whole boards: new, demo, list, show, check, history."""

import argparse
from typing import TYPE_CHECKING, Any

from evidenceboard.cli.common import SubParsers, board_path, open_to_read, user_name
from evidenceboard.cli.output import emit_json, say
from evidenceboard.model.cards import Card, CardKind

if TYPE_CHECKING:
    from evidenceboard.model.board import Board
    from evidenceboard.model.links import Link


def register(commands: SubParsers) -> None:
    new = commands.add_parser("new", help="create an empty board file")
    new.add_argument("file", help="the board file to create (.evboard)")
    new.add_argument("--title", required=True, help="the case's title")
    new.add_argument("--description", default="", help="what the case is about")
    new.add_argument("--marking", default="", help="handling marking, e.g. OFFICIAL-SENSITIVE")
    new.set_defaults(handler=_new)

    demo = commands.add_parser("demo", help="write the demo board to a new file")
    demo.add_argument("file")
    demo.set_defaults(handler=_demo)

    listing = commands.add_parser("list", help="list the cards of a board")
    listing.add_argument("file")
    listing.add_argument("--kind", choices=[k.value for k in CardKind], help="only this kind")
    listing.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")
    listing.set_defaults(handler=_list)

    show = commands.add_parser("show", help="show one card or link with all its fields")
    show.add_argument("file")
    show.add_argument("id", help="the id, or a unique prefix of it")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)

    check = commands.add_parser("check", help="check a board file's integrity and safety")
    check.add_argument("file")
    check.set_defaults(handler=_check)

    history = commands.add_parser("history", help="list the latest changes made to a board")
    history.add_argument("file")
    history.add_argument("--limit", type=int, default=30)
    history.add_argument("--json", action="store_true")
    history.set_defaults(handler=_history)


def _new(args: argparse.Namespace) -> int:
    # The board (and its signal library) loads when a command runs, not for --help.
    from evidenceboard.model.board import BoardInfo
    from evidenceboard.storage import create_board
    from evidenceboard.storage.lock import current_user

    author = user_name(args) or current_user()
    info = BoardInfo(
        title=args.title, description=args.description, handling=args.marking, authors=(author,)
    )
    with create_board(board_path(args.file), info, author=author) as doc:
        say(f"Created {doc.path} ({info.id})")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from evidenceboard.storage.demo_file import create_demo_board

    with create_demo_board(board_path(args.file), author=user_name(args)) as doc:
        board = doc.board
        say(
            f"Wrote the demo board to {doc.path}: "
            f"{len(board.cards)} cards, {len(board.links)} links"
        )
    return 0


def _sorted_cards(cards: list[Card]) -> list[Card]:
    order = {kind: i for i, kind in enumerate(CardKind)}
    return sorted(cards, key=lambda c: (order[c.kind], c.display_title.casefold(), c.id))


def _list(args: argparse.Namespace) -> int:
    from evidenceboard.model.codec import card_to_dict, info_to_dict

    with open_to_read(args) as doc:
        board = doc.board
        cards = list(board.cards.values())
        if args.kind:
            cards = [c for c in cards if c.kind.value == args.kind]
        cards = _sorted_cards(cards)
        if args.json:
            emit_json(
                {"board": info_to_dict(board.info), "cards": [card_to_dict(c) for c in cards]}
            )
            return 0
        say(f"{board.info.title}: {len(board.cards)} cards, {len(board.links)} links")
        for card in cards:
            grade = card.grading.code if card.grading else "--"
            line = f"{card.id[:8]}  {card.kind.value:<8} {grade:<3} {card.display_title}"
            if card.source_line:
                line += f"  [{card.source_line}]"
            say(line)
    return 0


def _card_lines(card: Card, links: list["Link"], board: "Board") -> list[str]:
    from evidenceboard.model.codec import card_to_dict

    lines = [f"{card.kind.value.capitalize()} {card.id}", f"Title: {card.display_title}"]
    for key, value in card_to_dict(card)["content"].items():
        if value not in ("", None, False, ()):
            text = "; ".join(value) if isinstance(value, tuple | list) else str(value)
            if key == "claimed_by":
                maker = board.cards.get(value)
                text = f"{maker.display_title} ({value[:8]})" if maker else f"{value[:8]} (gone)"
            if len(text) > 400:
                text = text[:400] + f"… ({len(text):,} characters)"
            lines.append(f"{key.replace('_', ' ').capitalize()}: {text}")
    if card.grading:
        lines.append(f"Grade: {card.grading.describe()}")
    if card.tags:
        lines.append(f"Tags: {', '.join(card.tags)}")
    if card.handling:
        lines.append(f"Handling: {card.handling}")
    lines.append(f"Created by {card.created_by} at {card.created_at:%Y-%m-%d %H:%M} UTC")
    lines.append(f"Last changed by {card.modified_by} at {card.modified_at:%Y-%m-%d %H:%M} UTC")
    for link in links:
        direction = "→" if link.source == card.id else "←"
        other = link.target if link.source == card.id else link.source
        words = f": {link.label}" if link.label else ""
        lines.append(f"Link {link.id[:8]} {direction} {other[:8]} ({link.kind.label}{words})")
    return lines


def _show(args: argparse.Namespace) -> int:
    from evidenceboard.model.claimants import can_claim, claims_made
    from evidenceboard.model.codec import card_to_dict, link_to_dict

    with open_to_read(args) as doc:
        board = doc.board
        item_id = board.resolve_id(args.id)
        if item_id in board.cards:
            card = board.cards[item_id]
            links = board.links_of(item_id)
            if args.json:
                data: dict[str, Any] = card_to_dict(card)
                data["links"] = [link_to_dict(x) for x in links]
                if card.kind.is_entity:
                    data["mentioned_in"] = doc.mentioned_in(card.id)
                if can_claim(card):
                    data["claims_made"] = claims_made(board, card.id)
                emit_json(data)
            else:
                for line in _card_lines(card, links, board):
                    say(line)
                if card.kind.is_entity:
                    named = doc.mentioned_in(card.id)
                    say(f"Mentioned in {len(named)} card(s): {', '.join(i[:8] for i in named)}")
                if can_claim(card):
                    made = claims_made(board, card.id)
                    say(f"Makes {len(made)} claim(s): {', '.join(i[:8] for i in made)}")
            return 0
        link = board.links[item_id]
        if args.json:
            emit_json(link_to_dict(link))
            return 0
        source, target = board.cards[link.source], board.cards[link.target]
        say(f"Link {link.id}: {link.kind.label}, {link.strength.value}")
        if link.label:
            say(f"Words: {link.label}")
        say(f"From: {source.display_title} ({source.id[:8]})")
        say(f"To: {target.display_title} ({target.id[:8]})")
        if link.rationale:
            say(f"Rationale: {link.rationale}")
        if link.quote:
            page = f" (p. {link.page})" if link.page else ""
            say(f"Quote{page}: {link.quote}")
    return 0


def _check(args: argparse.Namespace) -> int:
    # Opening runs the vetted procedure (header, version, quick_check, schema allowlist);
    # the report adds a full integrity check, references, attachment fingerprints and
    # a probe of the search index.
    with open_to_read(args) as doc:
        problems = doc.integrity_report()
        board = doc.board
        if problems:
            for problem in problems:
                say(f"PROBLEM: {problem}")
            say(f"{doc.path.name}: {len(problems)} problem(s) found.")
            return 4
        say(
            f"{doc.path.name}: OK — a sound board ({len(board.cards)} cards, "
            f"{len(board.links)} links, {len(board.attachments)} attachments); schema, "
            "integrity, references, attachment fingerprints and the search index checked."
        )
    return 0


def _history(args: argparse.Namespace) -> int:
    with open_to_read(args) as doc:
        entries = doc.history(max(1, min(args.limit, 10_000)))
    if args.json:
        emit_json(entries)
        return 0
    for entry in entries:
        say(f"{entry['at']}  {entry['author']}: {entry['action']}")
    return 0
