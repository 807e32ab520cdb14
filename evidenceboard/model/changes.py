"""Changes: every edit of a board as a value that can be applied and inverted.

A gesture in the window, a CLI command, an import or a merge builds a Change; the
document writes it to the board file in one transaction and then applies it to the
in-memory :class:`Board`. Undo applies ``change.inverted()``. Changes hold ids and
values (never widgets), check themselves against the board before touching it, and
describe themselves in words for the Edit menu and the history.
"""

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeAlias, assert_never

from evidenceboard.model.attachments import Attachment
from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.cards import Card, CardKind, Geometry
from evidenceboard.model.errors import ChangeError
from evidenceboard.model.judgement import AchMark, CellMark
from evidenceboard.model.links import Link, LinkKind


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _quoted(title: str, limit: int = 40) -> str:
    title = title if len(title) <= limit else title[: limit - 1] + "…"
    return f"“{title}”"


def _card_words(cards: tuple[Card, ...]) -> str:
    if len(cards) == 1:
        return f"{cards[0].kind.value} {_quoted(cards[0].display_title)}"
    return _plural(len(cards), "card")


class Change(ABC):
    """An edit that can be checked, applied, inverted and described."""

    @abstractmethod
    def check(self, board: Board) -> None:
        """Raise :class:`ChangeError` if the change does not fit the board as it is."""

    @abstractmethod
    def _mutate(self, board: Board) -> None:
        """Change the board; only called after :meth:`check` passed."""

    @abstractmethod
    def inverted(self) -> "Change":
        """The change that undoes this one."""

    @abstractmethod
    def describe(self, board: Board) -> str:
        """Words for the Edit menu, such as ``Move 3 cards``."""

    def apply_to(self, board: Board) -> None:
        self.check(board)
        self._mutate(board)

    def is_empty(self) -> bool:
        """True when applying the change would alter nothing."""
        return False


def _check_attachments(board: Board, cards: Iterable[Card], extra: set[str]) -> None:
    for card in cards:
        sha = getattr(card.content, "attachment", None)
        if sha is not None and sha not in board.attachments and sha not in extra:
            raise ChangeError(
                f"The {card.kind.value} card {_quoted(card.display_title)} refers to a "
                "missing attachment."
            )


def _check_not_duplicate(board: Board, link: Link) -> None:
    """Refuse a second link with the same ends and kind: the analysis would count it twice.

    Only links already on the board are compared, so an import or a salvage that carries
    an older board's duplicates still goes through, as do undo and merge (which say
    ``allow_duplicates``); the analysis reports duplicates and counts them once.
    """
    for other in board.links_of(link.source):
        if (
            other.id != link.id
            and other.source == link.source
            and other.target == link.target
            and other.kind is link.kind
        ):
            source = board.cards[link.source].display_title
            target = board.cards[link.target].display_title
            raise ChangeError(
                f"There is already a “{link.kind.label}” link from {_quoted(source, 30)} "
                f"to {_quoted(target, 30)} (link {other.id[:8]}): a second one would count "
                "the same evidence twice. Edit the existing link instead."
            )


def _check_new_links(
    board: Board, links: tuple[Link, ...], new_cards: set[str], *, allow_duplicates: bool = False
) -> None:
    seen: set[str] = set()
    for link in links:
        if link.id in board.links or link.id in seen:
            raise ChangeError(f"Link {link.id[:8]} is already on the board.")
        # Cards and links share one space of ids (history, search, the command line).
        if link.id in board.cards or link.id in new_cards:
            raise ChangeError(f"Link {link.id[:8]} has the same id as a card.")
        seen.add(link.id)
        for end in (link.source, link.target):
            if end not in board.cards and end not in new_cards:
                raise ChangeError(f"Link {link.id[:8]} points to a card that is not on the board.")
        if not allow_duplicates and link.source in board.cards:
            _check_not_duplicate(board, link)
        _check_frame_link(board, link)


def _check_frame_link(board: Board, link: Link) -> None:
    """A frame holds cards; it is not evidence, so it is only ever *related* to a card."""
    if link.kind is LinkKind.RELATED:
        return
    for end in (link.source, link.target):
        card = board.cards.get(end)
        if card is not None and card.kind is CardKind.FRAME:
            raise ChangeError(
                f"The frame {_quoted(card.display_title)} holds cards and is not evidence: "
                "link it as related only."
            )


@dataclass(frozen=True)
class AddCards(Change):
    """Add cards, and links among them or to cards already on the board."""

    cards: tuple[Card, ...]
    links: tuple[Link, ...] = ()
    #: Skip the duplicate check: an undo, or a merge keeping both versions of a link.
    allow_duplicates: bool = False

    def check(self, board: Board) -> None:
        ids = [c.id for c in self.cards]
        if len(set(ids)) != len(ids) or any(board.holds_id(i) for i in ids):
            raise ChangeError("A card or link with the same id is already on the board.")
        _check_attachments(board, self.cards, set())
        _check_new_links(board, self.links, set(ids), allow_duplicates=self.allow_duplicates)

    def _mutate(self, board: Board) -> None:
        edit = board.editor()
        edit.put_cards(self.cards, new=True)
        if self.links:
            edit.put_links(self.links, new=True)

    def inverted(self) -> "RemoveCards":
        return RemoveCards(self.cards, self.links)

    def describe(self, board: Board) -> str:
        return f"Add {_card_words(self.cards)}"

    def is_empty(self) -> bool:
        return not self.cards and not self.links


@dataclass(frozen=True)
class RemoveCards(Change):
    """Remove cards with every link they have (build it with :meth:`Board.removal_of`)."""

    cards: tuple[Card, ...]
    links: tuple[Link, ...] = ()

    def check(self, board: Board) -> None:
        for card in self.cards:
            if board.cards.get(card.id) != card:
                raise ChangeError(
                    f"The card {_quoted(card.display_title)} changed or is gone; "
                    "nothing was removed."
                )
        link_ids = {link.id for link in self.links}
        for link in self.links:
            if board.links.get(link.id) != link:
                raise ChangeError("A link changed or is gone; nothing was removed.")
        for card in self.cards:
            for link in board.links_of(card.id):
                if link.id not in link_ids:
                    raise ChangeError("A link of a removed card would be left dangling.")

    def _mutate(self, board: Board) -> None:
        edit = board.editor()
        if self.links:
            edit.drop_links(link.id for link in self.links)
        edit.drop_cards(card.id for card in self.cards)

    def inverted(self) -> AddCards:
        return AddCards(self.cards, self.links, allow_duplicates=True)

    def describe(self, board: Board) -> str:
        return f"Delete {_card_words(self.cards)}"

    def is_empty(self) -> bool:
        return not self.cards and not self.links


@dataclass(frozen=True)
class EditCards(Change):
    """Replace cards with edited copies: pairs of (before, after) with the same id."""

    pairs: tuple[tuple[Card, Card], ...]
    label: str = ""

    def check(self, board: Board) -> None:
        for before, after in self.pairs:
            if before.id != after.id:
                raise ChangeError("An edit cannot change a card's id.")
            if board.cards.get(before.id) != before:
                raise ChangeError(
                    f"The card {_quoted(before.display_title)} changed meanwhile; "
                    "the edit was not applied."
                )
        _check_attachments(board, (after for _, after in self.pairs), set())

    def _mutate(self, board: Board) -> None:
        board.editor().put_cards((after for _, after in self.pairs), new=False)

    def inverted(self) -> "EditCards":
        return EditCards(tuple((after, before) for before, after in self.pairs), self.label)

    def describe(self, board: Board) -> str:
        if self.label:
            return self.label
        cards = tuple(after for _, after in self.pairs)
        return f"Edit {_card_words(cards)}"

    def is_empty(self) -> bool:
        return all(before == after for before, after in self.pairs)


@dataclass(frozen=True)
class MoveCards(Change):
    """Move or resize cards: (card id, old geometry, new geometry) triples."""

    moves: tuple[tuple[str, Geometry, Geometry], ...]

    def check(self, board: Board) -> None:
        for card_id, old, _new in self.moves:
            card = board.cards.get(card_id)
            if card is None:
                raise ChangeError("A moved card is no longer on the board.")
            if card.geometry != old:
                raise ChangeError("A card was moved meanwhile; the move was not applied.")

    def _mutate(self, board: Board) -> None:
        from dataclasses import replace

        board.editor().put_cards(
            (replace(board.cards[card_id], geometry=new) for card_id, _, new in self.moves),
            new=False,
        )

    def inverted(self) -> "MoveCards":
        return MoveCards(tuple((i, new, old) for i, old, new in self.moves))

    def describe(self, board: Board) -> str:
        resized = any(
            (old.width, old.height) != (new.width, new.height) for _, old, new in self.moves
        )
        verb = "Resize" if resized else "Move"
        if len(self.moves) == 1 and self.moves[0][0] in board.cards:
            return f"{verb} {_card_words((board.cards[self.moves[0][0]],))}"
        return f"{verb} {_plural(len(self.moves), 'card')}"

    def is_empty(self) -> bool:
        return all(old == new for _, old, new in self.moves)


@dataclass(frozen=True)
class AddLinks(Change):
    links: tuple[Link, ...]
    #: Skip the duplicate check: an undo puts back links that were valid when added.
    allow_duplicates: bool = False

    def check(self, board: Board) -> None:
        _check_new_links(board, self.links, set(), allow_duplicates=self.allow_duplicates)

    def _mutate(self, board: Board) -> None:
        board.editor().put_links(self.links, new=True)

    def inverted(self) -> "RemoveLinks":
        return RemoveLinks(self.links)

    def describe(self, board: Board) -> str:
        if len(self.links) == 1:
            return f"Link {_link_words(board, self.links[0])}"
        return f"Add {_plural(len(self.links), 'link')}"

    def is_empty(self) -> bool:
        return not self.links


def _link_words(board: Board, link: Link) -> str:
    source = board.cards.get(link.source)
    target = board.cards.get(link.target)
    a = _quoted(source.display_title, 30) if source else "?"
    b = _quoted(target.display_title, 30) if target else "?"
    return f"{a} → {b} ({link.kind.label})"


@dataclass(frozen=True)
class RemoveLinks(Change):
    links: tuple[Link, ...]

    def check(self, board: Board) -> None:
        for link in self.links:
            if board.links.get(link.id) != link:
                raise ChangeError("A link changed or is gone; nothing was removed.")

    def _mutate(self, board: Board) -> None:
        board.editor().drop_links(link.id for link in self.links)

    def inverted(self) -> AddLinks:
        return AddLinks(self.links, allow_duplicates=True)

    def describe(self, board: Board) -> str:
        if len(self.links) == 1:
            return f"Delete link {_link_words(board, self.links[0])}"
        return f"Delete {_plural(len(self.links), 'link')}"

    def is_empty(self) -> bool:
        return not self.links


@dataclass(frozen=True)
class EditLink(Change):
    before: Link
    after: Link
    #: Skip the duplicate check: an undo or a merge puts back a kind someone chose.
    allow_duplicates: bool = False

    def check(self, board: Board) -> None:
        if (self.before.id, self.before.source, self.before.target) != (
            self.after.id,
            self.after.source,
            self.after.target,
        ):
            raise ChangeError("An edit cannot change which cards a link joins.")
        if board.links.get(self.before.id) != self.before:
            raise ChangeError("The link changed meanwhile; the edit was not applied.")
        if self.after.kind is not self.before.kind and not self.allow_duplicates:
            _check_not_duplicate(board, self.after)
            _check_frame_link(board, self.after)

    def _mutate(self, board: Board) -> None:
        board.editor().put_links((self.after,), new=False)

    def inverted(self) -> "EditLink":
        return EditLink(self.after, self.before, allow_duplicates=True)

    def describe(self, board: Board) -> str:
        return f"Edit link {_link_words(board, self.after)}"

    def is_empty(self) -> bool:
        return self.before == self.after


@dataclass(frozen=True)
class AddAttachment(Change):
    """Embed a file. Adding bytes that are already on the board is a no-op."""

    attachment: Attachment
    data: bytes = field(repr=False)

    def check(self, board: Board) -> None:
        from evidenceboard.model.attachments import sha256_hex

        if self.attachment.sha256 in board.attachments:
            raise ChangeError("This file is already attached to the board.")
        if (
            len(self.data) != self.attachment.size
            or sha256_hex(self.data) != self.attachment.sha256
        ):
            raise ChangeError("The attachment's bytes do not match its SHA-256 and size.")

    def _mutate(self, board: Board) -> None:
        board.editor().put_attachment(self.attachment)

    def inverted(self) -> "RemoveAttachment":
        return RemoveAttachment(self.attachment, self.data)

    def describe(self, board: Board) -> str:
        return f"Attach {_quoted(self.attachment.file_name)}"


@dataclass(frozen=True)
class RemoveAttachment(Change):
    attachment: Attachment
    data: bytes = field(repr=False)

    def check(self, board: Board) -> None:
        if board.attachments.get(self.attachment.sha256) != self.attachment:
            raise ChangeError("The attachment is not on the board.")
        if board.attachment_users(self.attachment.sha256):
            raise ChangeError("The attachment is still used by a document card.")

    def _mutate(self, board: Board) -> None:
        board.editor().drop_attachment(self.attachment.sha256)

    def inverted(self) -> AddAttachment:
        return AddAttachment(self.attachment, self.data)

    def describe(self, board: Board) -> str:
        return f"Remove attachment {_quoted(self.attachment.file_name)}"


@dataclass(frozen=True)
class EditBoard(Change):
    before: BoardInfo
    after: BoardInfo

    def check(self, board: Board) -> None:
        if self.before.id != self.after.id:
            raise ChangeError("An edit cannot change the board's id.")
        if board.info != self.before:
            raise ChangeError("The board's details changed meanwhile; the edit was not applied.")

    def _mutate(self, board: Board) -> None:
        board.editor().set_info(self.after)

    def inverted(self) -> "EditBoard":
        return EditBoard(self.after, self.before)

    def describe(self, board: Board) -> str:
        return "Edit board details"

    def is_empty(self) -> bool:
        return self.before == self.after


@dataclass(frozen=True)
class Batch(Change):
    """Several changes applied in order as one undo step (an import, a merge, a layout)."""

    changes: tuple[Change, ...]
    label: str

    def check(self, board: Board) -> None:
        # Later parts depend on earlier ones, so the batch is tried on a scratch copy; a
        # batch is rare (import, merge, layout), so the copy's cost is acceptable.
        scratch = board.scratch_copy()
        for change in self.changes:
            change.apply_to(scratch)

    def _mutate(self, board: Board) -> None:
        done: list[Change] = []
        try:
            for change in self.changes:
                change.apply_to(board)
                done.append(change)
        except Exception:
            for change in reversed(done):
                change.inverted().apply_to(board)
            raise

    def inverted(self) -> "Batch":
        return Batch(tuple(c.inverted() for c in reversed(self.changes)), self.label)

    def describe(self, board: Board) -> str:
        return self.label

    def is_empty(self) -> bool:
        return all(c.is_empty() for c in self.changes)


# -- the analyst's marks on the ACH matrix ----------------------------------------------
# The one change about the analysis rather than the board's items: kept apart here.

_MARK_WORDS = {
    CellMark.CONSISTENT: "consistent",
    CellMark.INCONSISTENT: "inconsistent",
    CellMark.NEUTRAL: "neutral",
    CellMark.NOT_APPLICABLE: "not applicable",
}


@dataclass(frozen=True)
class SetAchMark(Change):
    """Set (``after``), change or clear (``after`` None) the mark of one cell."""

    key: tuple[str, str]
    before: AchMark | None
    after: AchMark | None

    def check(self, board: Board) -> None:
        for mark in (self.before, self.after):
            if mark is not None and mark.key != self.key:
                raise ChangeError("An ACH mark belongs to the cell it names.")
        if board.ach_marks.get(self.key) != self.before:
            raise ChangeError("The cell's mark changed meanwhile; the mark was not set.")
        if self.after is not None:
            evidence, hypothesis = self.key
            if evidence not in board.cards or hypothesis not in board.cards:
                raise ChangeError("A marked card is no longer on the board.")

    def _mutate(self, board: Board) -> None:
        board.editor().put_mark(self.key, self.after)

    def inverted(self) -> "SetAchMark":
        return SetAchMark(self.key, self.after, self.before)

    def describe(self, board: Board) -> str:
        evidence, hypothesis = (board.cards.get(i) for i in self.key)
        cell = (
            f"{_quoted(evidence.display_title, 30) if evidence else '?'} against "
            f"{_quoted(hypothesis.display_title, 30) if hypothesis else '?'}"
        )
        if self.after is None:
            return f"Clear the mark of {cell}"
        return f"Mark {cell} {_MARK_WORDS[self.after.consistency]}"

    def is_empty(self) -> bool:
        return self.before == self.after


#: Every kind of change there is. Code that treats kinds differently matches on this
#: union with a ``case`` for each and ``assert_never`` last, so mypy names the code a new
#: kind of change must reach; a test fails for a subclass of Change left out of it.
AnyChange: TypeAlias = (
    AddCards
    | RemoveCards
    | EditCards
    | MoveCards
    | AddLinks
    | RemoveLinks
    | EditLink
    | AddAttachment
    | RemoveAttachment
    | EditBoard
    | SetAchMark
    | Batch
)


def known_change(change: Change) -> AnyChange:
    """``change`` as one of :data:`AnyChange`, to match on; TypeError for any other."""
    if isinstance(change, AnyChange):
        return change
    raise TypeError(f"{type(change).__name__} is not a kind of change the board knows.")


def moves_only(change: object) -> bool:
    """Whether ``change`` only moves or resizes cards (a drag, a nudge, a layout).

    Views of content (the outline, the analysis, search and find) have nothing to redo
    for such a change; on a board of 100,000 cards redoing them took half a second
    after every drag.
    """
    if not isinstance(change, Change):
        return False
    known = known_change(change)
    match known:
        case MoveCards():
            return True
        case Batch():
            return all(moves_only(part) for part in known.changes)
        case (
            AddCards()
            | RemoveCards()
            | EditCards()
            | AddLinks()
            | RemoveLinks()
            | EditLink()
            | AddAttachment()
            | RemoveAttachment()
            | EditBoard()
            | SetAchMark()
        ):
            return False
        case _:
            assert_never(known)
