"""The Board aggregate: every card, link and attachment of one case, and its signals.

The board changes only through :meth:`Board.apply` with a :class:`Change`; each change
checks itself against the board before touching it, so a change either applies whole or
not at all. Observers (the canvas, the outline, the analysis) subscribe to the signals
instead of being called by the code that edits. A change makes its edit through the
:class:`BoardEditor` the board hands out, whose few methods are the only writes there
are; everything else on the board reads.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from psygnal import Signal

from evidenceboard.model.attachments import Attachment
from evidenceboard.model.cards import MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, Card, CardKind
from evidenceboard.model.clock import utc_now
from evidenceboard.model.collector_pause import collector_paused
from evidenceboard.model.errors import ChangeError, InvalidValueError
from evidenceboard.model.ids import is_valid_id, new_id
from evidenceboard.model.judgement import AchMark
from evidenceboard.model.links import Link

if TYPE_CHECKING:
    from evidenceboard.model.changes import Change, RemoveCards


@dataclass(frozen=True, slots=True)
class BoardInfo:
    """What describes the case as a whole."""

    id: str = field(default_factory=new_id)
    title: str = "Untitled board"
    description: str = ""
    #: Handling marking of the whole board, e.g. "OFFICIAL-SENSITIVE".
    handling: str = ""
    created_at: datetime = field(default_factory=utc_now)
    authors: tuple[str, ...] = ()
    #: The board's own settings (e.g. analysis thresholds), as (key, value) pairs sorted
    #: by key; what each key means belongs to the module that reads it.
    settings: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if not is_valid_id(self.id):
            raise InvalidValueError("The board id is not valid.")
        if len(self.title) > MAX_TITLE_LENGTH or len(self.handling) > MAX_TITLE_LENGTH:
            raise InvalidValueError("The board's title or marking is too long.")
        if len(self.description) > MAX_TEXT_LENGTH:
            raise InvalidValueError("The board's description is too long.")
        check_settings(self.settings)

    def setting(self, key: str) -> str | None:
        """The value of one board setting, or None when the board does not set it."""
        for name, value in self.settings:
            if name == key:
                return value
        return None

    def with_setting(self, key: str, value: str | None) -> "BoardInfo":
        """These details with one setting set, or removed when ``value`` is None."""
        kept = {name: old for name, old in self.settings if name != key}
        if value is not None:
            kept[key] = value
        return replace(self, settings=tuple(sorted(kept.items())))


#: Most settings one board holds, and the longest key and value.
MAX_SETTINGS = 200
MAX_SETTING_KEY = 64
MAX_SETTING_VALUE = 4000
_SETTING_KEY = re.compile(r"[a-z][a-z0-9_.]*")


def check_settings(settings: tuple[tuple[str, str], ...]) -> None:
    """Refuse settings that are not sorted, unique, short, plain keys and text values."""
    if len(settings) > MAX_SETTINGS:
        raise InvalidValueError(f"A board holds at most {MAX_SETTINGS} settings.")
    previous = ""
    for pair in settings:
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise InvalidValueError("A board setting is a key and a value.")
        key, value = pair
        if not isinstance(key, str) or not isinstance(value, str):
            raise InvalidValueError("A board setting's key and value are text.")
        if len(key) > MAX_SETTING_KEY or not _SETTING_KEY.fullmatch(key):
            raise InvalidValueError(
                "A board setting's name is lower-case letters, digits, dots and underscores."
            )
        if len(value) > MAX_SETTING_VALUE:
            raise InvalidValueError(f"The board setting {key} is too long.")
        if key <= previous:
            raise InvalidValueError("The board's settings are out of order or repeated.")
        previous = key


class Board:
    """All the cards, links and attachments of one case."""

    #: Cards were added (a tuple of :class:`Card`).
    cards_added = Signal(tuple)
    #: Cards were removed (a tuple of card ids).
    cards_removed = Signal(tuple)
    #: Cards were edited or moved (a tuple of the new :class:`Card` values).
    cards_changed = Signal(tuple)
    #: Links were added (a tuple of :class:`Link`).
    links_added = Signal(tuple)
    #: Links were removed (a tuple of link ids).
    links_removed = Signal(tuple)
    #: Links were edited (a tuple of the new :class:`Link` values).
    links_changed = Signal(tuple)
    #: Attachments were added or removed (no argument).
    attachments_changed = Signal()
    #: The board's own fields changed (the new :class:`BoardInfo`).
    info_changed = Signal(object)
    #: ACH marks were set or cleared (a tuple of (evidence id, hypothesis id) keys).
    marks_changed = Signal(tuple)
    #: A whole change was applied (the :class:`Change`), after the finer signals.
    changed = Signal(object)

    def __init__(self, info: BoardInfo | None = None) -> None:
        self._info = info or BoardInfo()
        self._cards: dict[str, Card] = {}
        self._links: dict[str, Link] = {}
        self._attachments: dict[str, Attachment] = {}
        self._incident: dict[str, set[str]] = {}
        self._marks: dict[tuple[str, str], AchMark] = {}

    # -- reading ---------------------------------------------------------------------

    @property
    def info(self) -> BoardInfo:
        return self._info

    @property
    def cards(self) -> dict[str, Card]:
        """Cards by id. Treat as read-only: edits go through :meth:`apply`."""
        return self._cards

    @property
    def links(self) -> dict[str, Link]:
        """Links by id. Treat as read-only."""
        return self._links

    @property
    def attachments(self) -> dict[str, Attachment]:
        """Attachments by SHA-256. Treat as read-only."""
        return self._attachments

    @property
    def ach_marks(self) -> dict[tuple[str, str], AchMark]:
        """The analyst's ACH marks by (evidence id, hypothesis id). Treat as read-only."""
        return self._marks

    def card(self, card_id: str) -> Card:
        try:
            return self._cards[card_id]
        except KeyError:
            raise ChangeError(f"There is no card {card_id[:8]} on this board.") from None

    def link(self, link_id: str) -> Link:
        try:
            return self._links[link_id]
        except KeyError:
            raise ChangeError(f"There is no link {link_id[:8]} on this board.") from None

    def links_of(self, card_id: str) -> list[Link]:
        """Every link that starts or ends at the card."""
        return [self._links[i] for i in sorted(self._incident.get(card_id, ()))]

    def links_between(self, card_ids: Iterable[str]) -> list[Link]:
        """Links whose two ends are both among ``card_ids``."""
        ids = set(card_ids)
        found = {
            link_id
            for card_id in ids
            for link_id in self._incident.get(card_id, ())
            if self._links[link_id].source in ids and self._links[link_id].target in ids
        }
        return [self._links[i] for i in sorted(found)]

    def holds_id(self, item_id: str) -> bool:
        """True when a card or a link has this id: the two share one space of ids."""
        return item_id in self._cards or item_id in self._links

    def cards_of_kind(self, kind: CardKind) -> Iterator[Card]:
        return (c for c in self._cards.values() if c.kind is kind)

    def attachment_users(self, sha256: str) -> list[Card]:
        """Cards (documents, saved articles) whose content refers to the attachment."""
        return [c for c in self._cards.values() if getattr(c.content, "attachment", None) == sha256]

    def resolve_id(self, prefix: str) -> str:
        """Return the one card or link id that starts with ``prefix``."""
        prefix = prefix.strip().lower()
        if len(prefix) < 1:
            raise ChangeError("An id or id prefix is needed.")
        matches = [i for i in self._cards if i.startswith(prefix)]
        matches += [i for i in self._links if i.startswith(prefix)]
        if not matches:
            raise ChangeError(f"No card or link has an id starting with “{prefix}”.")
        if len(matches) > 1:
            raise ChangeError(
                f"“{prefix}” matches {len(matches)} ids; give more characters of the id."
            )
        return matches[0]

    def removal_of(self, card_ids: Iterable[str]) -> "RemoveCards":
        """Build the change that removes these cards together with every link they have."""
        from evidenceboard.model.changes import RemoveCards

        ids = list(dict.fromkeys(card_ids))
        cards = tuple(self.card(i) for i in ids)
        link_ids = sorted({lid for i in ids for lid in self._incident.get(i, ())})
        return RemoveCards(cards, tuple(self._links[i] for i in link_ids))

    def __len__(self) -> int:
        return len(self._cards)

    # -- changing --------------------------------------------------------------------

    def apply(self, change: "Change", *, checked: bool = False) -> None:
        """Apply a change whole, or raise :class:`ChangeError` and leave the board as it was.

        ``checked`` says the caller ran ``change.check(self)`` on the board as it is now
        (the document does, before writing the file), so the check is not repeated: for
        an import or a merge it tries the whole batch on a copy of the board.
        """
        if checked:
            change._mutate(self)
        else:
            change.apply_to(self)
        self.changed.emit(change)

    def editor(self) -> "BoardEditor":
        """The writer that changes this board; for :class:`Change` objects only."""
        return BoardEditor(self)

    def scratch_copy(self) -> "Board":
        """A copy with the same items and no observers, to try changes on.

        Items are immutable, so the copy shares them and copies only the indexes; this
        board is consistent already, so nothing is checked again. Taken on the UI thread
        before each analysis: on a board of 100,000 cards checking it all again took
        1.8 s, copying takes a few hundredths.
        """
        board = Board(self._info)
        # Copying 100,000 small sets would otherwise set off full collections that walk
        # the whole model while nothing made here can be garbage.
        with collector_paused():
            board._cards = dict(self._cards)
            board._links = dict(self._links)
            board._attachments = dict(self._attachments)
            board._marks = dict(self._marks)
            board._incident = {card_id: set(ids) for card_id, ids in self._incident.items()}
        return board

    # -- loading ---------------------------------------------------------------------

    @classmethod
    def from_parts(
        cls,
        info: BoardInfo,
        cards: Iterable[Card],
        links: Iterable[Link],
        attachments: Iterable[Attachment],
        marks: Iterable[AchMark] = (),
    ) -> "Board":
        """Build a board from stored parts, checking that every link has both its cards.

        No two items may share an id, a card and a link included: ids name items in the
        history, in searches and on the command line.
        """
        board = cls(info)
        # Local names: on a board of 300,000 items the attribute look-ups were a third
        # of this loop.
        board_cards, board_links, incident = board._cards, board._links, board._incident
        for card in cards:
            card_id = card.id
            if card_id in board_cards:
                raise ChangeError(f"Card {card_id[:8]} appears twice.")
            board_cards[card_id] = card
            incident[card_id] = set()
        for link in links:
            link_id, source, target = link.id, link.source, link.target
            if link_id in board_cards or link_id in board_links:
                raise ChangeError(f"Link {link_id[:8]} has the same id as another item.")
            if source not in board_cards or target not in board_cards:
                raise ChangeError(f"Link {link_id[:8]} points to a card that is not there.")
            board_links[link_id] = link
            incident[source].add(link_id)
            incident[target].add(link_id)
        for attachment in attachments:
            board._attachments[attachment.sha256] = attachment
        for mark in marks:
            if mark.key in board._marks:
                raise ChangeError(f"An ACH mark on card {mark.evidence_id[:8]} appears twice.")
            board._marks[mark.key] = mark
        return board


class BoardEditor:
    """The few mutations a :class:`Change` makes to a board, each with its signal.

    Only changes use it, from their ``_mutate`` after their check passed, so it checks
    nothing again: every edit still goes through :meth:`Board.apply`, and the board
    stays consistent because each change proved the edit fits before making it.
    """

    __slots__ = ("_board",)

    def __init__(self, board: Board) -> None:
        self._board = board

    def put_cards(self, cards: Iterable[Card], *, new: bool) -> None:
        """Add (``new``) or replace cards."""
        board = self._board
        cards = tuple(cards)
        for card in cards:
            board._cards[card.id] = card
            board._incident.setdefault(card.id, set())
        (board.cards_added if new else board.cards_changed).emit(cards)

    def drop_cards(self, card_ids: Iterable[str]) -> None:
        """Remove cards whose links are gone already."""
        board = self._board
        ids = tuple(card_ids)
        for card_id in ids:
            del board._cards[card_id]
            board._incident.pop(card_id, None)
        board.cards_removed.emit(ids)

    def put_links(self, links: Iterable[Link], *, new: bool) -> None:
        """Add (``new``) or replace links between cards on the board."""
        board = self._board
        links = tuple(links)
        for link in links:
            board._links[link.id] = link
            board._incident.setdefault(link.source, set()).add(link.id)
            board._incident.setdefault(link.target, set()).add(link.id)
        (board.links_added if new else board.links_changed).emit(links)

    def drop_links(self, link_ids: Iterable[str]) -> None:
        board = self._board
        ids = tuple(link_ids)
        for link_id in ids:
            link = board._links.pop(link_id)
            board._incident.get(link.source, set()).discard(link_id)
            board._incident.get(link.target, set()).discard(link_id)
        board.links_removed.emit(ids)

    def put_attachment(self, attachment: Attachment) -> None:
        self._board._attachments[attachment.sha256] = attachment
        self._board.attachments_changed.emit()

    def drop_attachment(self, sha256: str) -> None:
        del self._board._attachments[sha256]
        self._board.attachments_changed.emit()

    def set_info(self, info: BoardInfo) -> None:
        self._board._info = info
        self._board.info_changed.emit(info)

    def put_mark(self, key: tuple[str, str], mark: AchMark | None) -> None:
        """Set the analyst's mark on one ACH cell, or clear it (None)."""
        board = self._board
        if mark is None:
            board._marks.pop(key, None)
        else:
            board._marks[key] = mark
        board.marks_changed.emit((key,))
