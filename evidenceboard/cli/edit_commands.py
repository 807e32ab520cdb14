"""Commands that change a board: add, edit, remove, link.

Each builds the same Change the window would and applies it through the document, so a
scripted edit is recorded, undoable in the window's history and checked like any other.
"""

import argparse
import mimetypes
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidenceboard.cli.common import SubParsers, board_path, grade_option, open_to_write
from evidenceboard.cli.entity_options import ENTITY_DATE_FIELD, add_entity_options, entity_values
from evidenceboard.cli.output import say
from evidenceboard.model.attachments import MAX_ATTACHMENT_SIZE, Attachment, sha256_hex
from evidenceboard.model.cards import MAX_TITLE_LENGTH, CardKind
from evidenceboard.model.errors import InvalidValueError
from evidenceboard.model.factory import TEXT_FIELD, edited_card, make_card, make_link
from evidenceboard.model.links import LinkKind, Strength

if TYPE_CHECKING:
    # Changes (and the Board with its signal library) load when a command runs, so that
    # --help and commands that only read start without them.
    from evidenceboard.model.board import Board
    from evidenceboard.model.changes import AddAttachment, Change

#: Text files whose content becomes the document card's extracted text when embedded.
_TEXT_TYPES = {"text/plain", "text/markdown", "text/csv"}
_DATE_FIELD = {
    CardKind.ARTICLE: "published",
    CardKind.DOCUMENT: "date",
    CardKind.CLAIM: "date_claimed",
    **ENTITY_DATE_FIELD,
}


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tag", action="append", default=None, help="a tag (repeatable)")
    parser.add_argument("--grade", help="source and information grade, e.g. B2")
    parser.add_argument("--marking", help="handling marking of this card")
    parser.add_argument("--colour", help="card colour as #rrggbb")
    parser.add_argument("--by", help="claim: who makes the claim, in the source's words")
    parser.add_argument(
        "--by-card",
        metavar="ID",
        help="claim: the person or organisation card that makes it; '' clears it",
    )
    parser.add_argument(
        "--date",
        help="publication, document or claim date, a person's birth, an event's start "
        "(YYYY[-MM[-DD]])",
    )
    parser.add_argument("--outlet", help="article: the outlet")
    parser.add_argument("--author", help="article: the author")
    parser.add_argument("--url", help="article: the URL")
    parser.add_argument("--language", help="article: language code, e.g. en")
    parser.add_argument("--origin", help="document: where it came from")
    parser.add_argument(
        "--confidence",
        choices=["unassessed", "low", "moderate", "high"],
        help="claim: your confidence",
    )
    parser.add_argument(
        "--likelihood",
        help="claim: your likelihood, a term of the board's yardstick (e.g. 'highly likely'); "
        "'' clears it",
    )
    for flag, what in (("assumption", "a key assumption"), ("key-judgement", "a key judgement")):
        group = parser.add_mutually_exclusive_group()
        dest = flag.replace("-", "_")
        group.add_argument(f"--{flag}", dest=dest, action="store_true", default=None)
        group.add_argument(
            f"--no-{flag}", dest=dest, action="store_false", help=f"claim: mark it {what} or not"
        )
    add_entity_options(parser)


def register(commands: SubParsers) -> None:
    add = commands.add_parser("add", help="add a card and print its id")
    add.add_argument("file")
    add.add_argument("kind", choices=[k.value for k in CardKind])
    add.add_argument(
        "text",
        help="claim: the statement; article: the title; note: the text; document: a file "
        "path; person, organisation, location, event: the name",
    )
    add.add_argument("--title", help="a title (claims and notes default to their text)")
    add.add_argument("--body", help="article: the body text")
    add.add_argument("--hypothesis", action="store_true", help="claim: a competing hypothesis")
    add.add_argument("--x", type=float)
    add.add_argument("--y", type=float)
    add.add_argument(
        "--link-to",
        metavar="ID",
        action="append",
        default=None,
        help="link the new card to this card (repeatable); it is placed next to them",
    )
    add.add_argument(
        "--link-kind",
        choices=[k.value.replace("_", "-") for k in LinkKind],
        default="corroborates",
        help="the kind of the --link-to links (default: corroborates)",
    )
    add.add_argument(
        "--near", metavar="ID", action="append", default=None, help="place it next to this card"
    )
    _common_options(add)
    add.set_defaults(handler=_add)

    edit = commands.add_parser("edit", help="change fields of a card")
    edit.add_argument("file")
    edit.add_argument("id")
    edit.add_argument("--title")
    edit.add_argument("--text", help="the main text (statement, body, note text)")
    edit.add_argument("--add-tag", action="append", default=None)
    edit.add_argument("--remove-tag", action="append", default=None)
    edit.add_argument("--ungrade", action="store_true", help="remove the grade")
    hyp = edit.add_mutually_exclusive_group()
    hyp.add_argument("--hypothesis", dest="hypothesis", action="store_true", default=None)
    hyp.add_argument("--no-hypothesis", dest="hypothesis", action="store_false")
    _common_options(edit)
    edit.set_defaults(handler=_edit)

    remove = commands.add_parser("remove", help="remove cards (with their links) or links")
    remove.add_argument("file")
    remove.add_argument("ids", nargs="+", metavar="ID")
    remove.set_defaults(handler=_remove)

    link = commands.add_parser("link", help="link evidence to what it bears on; print the id")
    link.add_argument("file")
    link.add_argument("source", metavar="FROM", help="the evidence, or the derived report")
    link.add_argument("target", metavar="TO", help="the claim it bears on, or the origin")
    link.add_argument(
        "--kind",
        required=True,
        choices=["corroborates", "contradicts", "derived-from", "related"],
    )
    link.add_argument("--strength", choices=[s.value for s in Strength], default="moderate")
    link.add_argument("--note", default="", help="the rationale")
    link.add_argument("--quote", default="", help="the cited passage")
    link.add_argument("--page", type=int, help="the page of the cited passage")
    link.add_argument(
        "--label", default="", help="related links: the words on the line (“owns”, “met”)"
    )
    link.set_defaults(handler=_link)


def _field_values(args: argparse.Namespace, kind: CardKind, board: "Board") -> dict[str, Any]:
    values: dict[str, Any] = entity_values(args, kind, board)
    if args.tag is not None:
        values["tags"] = args.tag
    if args.grade is not None:
        values["grading"] = grade_option(args.grade)
    if args.marking is not None:
        values["handling"] = args.marking
    if args.colour is not None:
        values["colour"] = args.colour
    if args.date is not None:
        if kind not in _DATE_FIELD:
            raise InvalidValueError(f"A {kind.value} card has no date.")
        values[_DATE_FIELD[kind]] = args.date
    per_kind = {
        "by": (CardKind.CLAIM, "attributed_to"),
        "outlet": (CardKind.ARTICLE, "outlet"),
        "author": (CardKind.ARTICLE, "author"),
        "url": (CardKind.ARTICLE, "url"),
        "language": (CardKind.ARTICLE, "language"),
        "origin": (CardKind.DOCUMENT, "origin"),
        "confidence": (CardKind.CLAIM, "confidence"),
    }
    for option, (needed, field_name) in per_kind.items():
        value = getattr(args, option)
        if value is not None:
            if kind is not needed:
                raise InvalidValueError(f"--{option} applies to {needed.value} cards only.")
            values[field_name] = value
    if args.by_card is not None:
        if kind is not CardKind.CLAIM:
            raise InvalidValueError("--by-card applies to claim cards only.")
        values["claimed_by"] = _claimant_id(args.by_card, board)
    return values


def _claimant_id(prefix: str, board: "Board") -> str:
    from evidenceboard.model.claimants import can_claim

    if not prefix:
        return ""
    card_id = board.resolve_id(prefix)
    if not can_claim(board.cards.get(card_id)):
        raise InvalidValueError(f"{card_id[:8]} is not a person or organisation card.")
    return card_id


def _judgement_values(
    args: argparse.Namespace, kind: CardKind, yardstick: str | None
) -> dict[str, Any]:
    """The analyst's judgement options given (likelihood, key assumption, key judgement)."""
    from evidenceboard.model.judgement import parse_likelihood, yardstick_of

    chosen = {
        "likelihood": args.likelihood,
        "is_assumption": args.assumption,
        "is_key_judgement": args.key_judgement,
    }
    values: dict[str, Any] = {}
    for name, value in chosen.items():
        if value is None:
            continue
        if kind is not CardKind.CLAIM:
            option = name.removeprefix("is_").replace("_", "-")
            raise InvalidValueError(f"--{option} applies to claim cards only.")
        if name == "likelihood":
            value = parse_likelihood(value, yardstick_of(yardstick))
        values[name] = value
    return values


def _document_parts(path: Path, author: str) -> tuple["AddAttachment | None", dict[str, Any]]:
    from evidenceboard.model.changes import AddAttachment

    if not path.is_file():
        raise InvalidValueError(f"There is no file at {path}.")
    size = path.stat().st_size
    if size > MAX_ATTACHMENT_SIZE:
        raise InvalidValueError(
            f"{path.name} is larger than {MAX_ATTACHMENT_SIZE // 1024**2} MiB, the most a "
            "board can embed."
        )
    data = path.read_bytes()
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    sha = sha256_hex(data)
    attachment = Attachment(sha, path.name, media_type, len(data), datetime.now(UTC))
    values: dict[str, Any] = {"file_name": path.name, "media_type": media_type, "attachment": sha}
    if media_type in _TEXT_TYPES:
        values["extracted_text"] = data.decode("utf-8", errors="replace")
    return AddAttachment(attachment, data), values


def _add(args: argparse.Namespace) -> int:
    from evidenceboard.model.changes import AddCards, Batch
    from evidenceboard.model.placement import free_position, position_near

    kind = CardKind(args.kind)
    with open_to_write(args) as doc:
        board = doc.board
        values = _field_values(args, kind, board)
        values.update(_judgement_values(args, kind, board.info.setting("judgement.yardstick")))
        changes: list[Change] = []
        title = args.title or ""
        if kind is CardKind.DOCUMENT:
            attach, doc_values = _document_parts(board_path(args.text), doc.author)
            values.update(doc_values)
            title = title or Path(args.text).stem
            if attach and attach.attachment.sha256 not in board.attachments:
                changes.append(attach)
        elif kind is CardKind.ARTICLE or kind.is_entity:
            title = title or args.text
            if args.body is not None:
                values["body"] = args.body
        else:
            values[TEXT_FIELD[kind]] = args.text
            if kind is CardKind.CLAIM:
                title = title or args.text[:MAX_TITLE_LENGTH]
                values["is_hypothesis"] = args.hypothesis
        if args.body is not None and kind is not CardKind.ARTICLE:
            raise InvalidValueError("--body applies to article cards only.")
        targets = [board.resolve_id(prefix) for prefix in args.link_to or []]
        for target in targets:
            if target not in board.cards:
                raise InvalidValueError(f"{target[:8]} is a link, not a card.")
        near = [board.resolve_id(prefix) for prefix in args.near or []] + targets
        if args.x is not None and args.y is not None:
            x, y = args.x, args.y
        elif near:
            x, y = position_near(board, near)
        else:
            x, y = free_position(board)
        card = make_card(kind, title, doc.author, x=x, y=y, **values)
        link_kind = LinkKind(args.link_kind.replace("-", "_"))
        links = tuple(make_link(card.id, target, link_kind, doc.author) for target in targets)
        add = AddCards((card,), links)
        doc.apply(Batch((*changes, add), add.describe(board)) if changes else add)
        print(card.id)
    return 0


def _edit(args: argparse.Namespace) -> int:
    from evidenceboard.model.changes import EditCards

    with open_to_write(args) as doc:
        board = doc.board
        card = board.card(board.resolve_id(args.id))
        values = _field_values(args, card.kind, board)
        values.update(_judgement_values(args, card.kind, board.info.setting("judgement.yardstick")))
        if args.title is not None:
            values["title"] = args.title
        if args.text is not None:
            values[TEXT_FIELD[card.kind]] = args.text
        if args.add_tag or args.remove_tag:
            tags = [t for t in values.get("tags", card.tags) if t not in (args.remove_tag or [])]
            values["tags"] = [*tags, *(args.add_tag or [])]
        if args.ungrade:
            values["grading"] = None
        if args.hypothesis is not None:
            if card.kind is not CardKind.CLAIM:
                raise InvalidValueError("Only claims can be hypotheses.")
            values["is_hypothesis"] = args.hypothesis
        after = edited_card(card, doc.author, **values)
        if after is card:
            say("Nothing to change.")
            return 0
        doc.apply(EditCards(((card, after),)))
        say(f"Edited {card.kind.value} {card.id[:8]}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    from evidenceboard.model.changes import Batch, RemoveLinks

    with open_to_write(args) as doc:
        board = doc.board
        ids = [board.resolve_id(prefix) for prefix in args.ids]
        card_ids = [i for i in ids if i in board.cards]
        removal = board.removal_of(card_ids)
        taken = {link.id for link in removal.links}
        loose = tuple(board.links[i] for i in ids if i in board.links and i not in taken)
        parts: list[Change] = [c for c in (removal, RemoveLinks(loose)) if not c.is_empty()]
        change = parts[0] if len(parts) == 1 else Batch(tuple(parts), f"Delete {len(ids)} items")
        doc.apply(change)
        cards, links = len(removal.cards), len(removal.links) + len(loose)
        say(f"Removed {cards} card(s) and {links} link(s)")
    return 0


def _link(args: argparse.Namespace) -> int:
    from evidenceboard.model.changes import AddLinks

    with open_to_write(args) as doc:
        board = doc.board
        source = board.card(board.resolve_id(args.source))
        target = board.card(board.resolve_id(args.target))
        link = make_link(
            source.id,
            target.id,
            LinkKind(args.kind.replace("-", "_")),
            doc.author,
            strength=Strength(args.strength),
            rationale=args.note,
            quote=args.quote,
            page=args.page,
            label=args.label,
        )
        doc.apply(AddLinks((link,)))
        print(link.id)
    return 0
