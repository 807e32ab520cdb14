"""Merge a colleague's copy of a board into mine, without losing anyone's work.

Items are matched by their stable ids. Who changed an item is decided from the two
boards' histories (:mod:`evidenceboard.model.history`), never from the items' own
``modified_at`` stamps: any file can carry any stamp, and a card stamped 2099 must not
beat mine. The histories give the **common ancestor**, the last change both copies
share, matched against my own history, which their file cannot alter. Then, for an
item on both boards whose values differ:

* My history shows I did not touch it since the common ancestor: my version is the one
  they were given, so theirs is taken (it is listed as updated, with who changed it).
* I touched it and their history shows they did not: mine is newer and stays.
* Otherwise (both touched it, no common ancestor is known, or a history row may not
  name everything it touched): a **conflict**. Mine stays as it is; theirs is added as
  a new card titled "… (their version, by X)", tagged ``merge-conflict`` and linked
  ``related`` to mine with a rationale naming the fields that differ, so both versions
  are visible on the canvas. A conflicting link is added as a second link whose
  rationale starts "[their version, by X]". The copy's id is derived from the two
  versions, so merging the same board twice adds nothing the second time.

Their history is as forgeable as the rest of their file, so it is only ever used to
keep my version: it cannot stretch the common ancestor past what my history confirms,
and what it says about their own edits can only make mine stay. Two unrelated copies
(no shared history) therefore never replace anything of mine: every difference is a
conflict. A merge is itself in my history, so an item I took from them counts as
touched by me afterwards: their later edit of it, sent in the same copy, is a conflict.

Other rules lean towards keeping:

* An item only on their board comes in (with its authorship). A deletion never
  travels through a merge: a card one side deleted and the other kept or edited stays.
* An item with the same values on both sides is left alone. Differences in the edit
  stamps alone (``modified_by``/``modified_at``) are not a difference.
* Geometry-only differences (a card moved or resized) follow the rule above, except
  that where it would be a conflict mine simply stays: a position is not worth a copy.
* Edit stamps from their board later than now (plus a day of clock drift) become now,
  as on loading a board file, so a forged future date cannot sort first on my board.
* A card of theirs with the id of one of my links, or a link with the id of one of my
  cards, makes the whole merge refused: the board could not tell the two apart.
* Attachments are addressed by content, so any attachment only they have is fetched
  (the plan lists the SHA-256s; the caller reads the bytes from their board file).
* Board details: their authors join mine; a different title or description is
  reported and mine kept. A different marking is reported too, and the board takes the
  higher of the two (with both sets of caveats) when one scheme reads both, so that a
  brief of the merged board never under-marks what their copy marked higher.

The whole merge is one :class:`Batch`, so one Undo takes it back.
"""

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from evidenceboard.model.attachments import Attachment
from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.cards import MAX_COORDINATE, MAX_TITLE_LENGTH, Card, normalize_tags
from evidenceboard.model.changes import (
    AddAttachment,
    AddCards,
    Batch,
    Change,
    EditBoard,
    EditCards,
    EditLink,
    SetAchMark,
)
from evidenceboard.model.clock import utc_now
from evidenceboard.model.codec import card_to_dict, link_to_dict
from evidenceboard.model.diff import changed_card_fields, changed_link_fields
from evidenceboard.model.errors import ChangeError
from evidenceboard.model.factory import make_link, without_future_stamps
from evidenceboard.model.history import Ancestry, HistoryEntry, ancestry, mark_item_id
from evidenceboard.model.links import Link, LinkKind
from evidenceboard.model.markings import raised_handling

CONFLICT_TAG = "merge-conflict"
_Item = TypeVar("_Item", Card, Link)
_SUFFIX_LIMIT = 120


@dataclass(frozen=True, slots=True)
class MergeConflict:
    """An item both sides changed; both versions are kept."""

    kind: str
    id: str
    title: str
    fields: tuple[str, ...]
    mine_by: str
    theirs_by: str
    #: Id of the card or link that holds their version, or None (board details).
    copy_id: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "fields": list(self.fields),
            "mine_by": self.mine_by,
            "theirs_by": self.theirs_by,
            "copy_id": self.copy_id,
        }

    def line(self, changed: str) -> str:
        """The conflict in a report's words; ``changed`` says by whom, or where."""
        where = f" — their version is {self.kind} {self.copy_id[:8]}" if self.copy_id else ""
        return (
            f"Conflict: {self.kind} {self.id[:8]} “{self.title}” changed {changed} in "
            f"{', '.join(self.fields)}; mine kept{where}."
        )


@dataclass(frozen=True, slots=True)
class MergePlan:
    """Everything a merge will do, computed before anything changes."""

    theirs_title: str
    new_cards: tuple[Card, ...]
    new_links: tuple[Link, ...]
    updated_cards: tuple[tuple[Card, Card], ...]
    updated_links: tuple[tuple[Link, Link], ...]
    #: Attachments only they have; their bytes must be fetched (see :attr:`fetch`).
    attachments: tuple[Attachment, ...]
    info: tuple[BoardInfo, BoardInfo] | None
    conflicts: tuple[MergeConflict, ...]
    #: ACH marks they set that this board does not have, or takes from them.
    marks: tuple[SetAchMark, ...] = ()

    @property
    def fetch(self) -> tuple[str, ...]:
        """SHA-256s of the attachment bytes to read from their board."""
        return tuple(a.sha256 for a in self.attachments)

    @property
    def is_empty(self) -> bool:
        return not (
            self.new_cards
            or self.new_links
            or self.updated_cards
            or self.updated_links
            or self.attachments
            or self.info
            or self.marks
        )

    def change(self, attachment_data: Mapping[str, bytes]) -> Batch:
        """The one undoable change; ``attachment_data`` maps each of :attr:`fetch` to bytes."""
        parts: list[Change] = []
        for attachment in self.attachments:
            if attachment.sha256 not in attachment_data:
                raise ChangeError(f"The bytes of “{attachment.file_name}” were not supplied.")
            parts.append(AddAttachment(attachment, attachment_data[attachment.sha256]))
        if self.updated_cards:
            parts.append(EditCards(self.updated_cards, "Take their edits"))
        # Both sides may have drawn the same link, or kept both versions of one in a
        # conflict: the merge keeps them, and the analysis reports and counts them once.
        parts += [
            EditLink(before, after, allow_duplicates=True) for before, after in self.updated_links
        ]
        if self.new_cards or self.new_links:
            parts.append(AddCards(self.new_cards, self.new_links, allow_duplicates=True))
        # After the cards, since a mark names cards that may come with the merge.
        parts += self.marks
        if self.info is not None:
            parts.append(EditBoard(*self.info))
        return Batch(tuple(parts), f"Merge “{_short(self.theirs_title, 60)}”")

    def summary(self) -> dict[str, Any]:
        """Counts and conflicts, the stable JSON form of the merge report."""
        conflict_copies = {c.copy_id for c in self.conflicts}
        return {
            "cards_added": sum(c.id not in conflict_copies for c in self.new_cards),
            "links_added": sum(
                x.id not in conflict_copies and x.source not in conflict_copies
                for x in self.new_links
            ),
            "cards_updated": len(self.updated_cards),
            "links_updated": len(self.updated_links),
            "attachments_added": len(self.attachments),
            "ach_marks_set": len(self.marks),
            "conflicts": [c.to_dict() for c in self.conflicts],
        }

    def update_lines(self) -> list[str]:
        """One line per item of mine replaced by their version, so none goes unnoticed."""
        out = [
            f"Updated: card {after.id[:8]} “{_short(after.display_title, 80)}” to their "
            "version; mine was unchanged since the copy."
            for _before, after in self.updated_cards
        ]
        out += [
            f"Updated: link {after.id[:8]} ({before.kind.label} → {after.kind.label}) to their "
            f"version (by {_short(after.modified_by, 60)}); mine was unchanged since the copy."
            for before, after in self.updated_links
        ]
        return out

    def lines(self) -> list[str]:
        """The merge report in words: the counts, each conflict, then each update."""
        s = self.summary()
        out = [
            f"From “{self.theirs_title}”: {s['cards_added']} new cards, {s['links_added']} new "
            f"links, {s['attachments_added']} new attachments; {s['cards_updated']} cards and "
            f"{s['links_updated']} links updated to their version; "
            f"{len(self.conflicts)} conflicts."
        ]
        out += [c.line(f"by {c.mine_by} (mine) and {c.theirs_by} (theirs)") for c in self.conflicts]
        return out + self.update_lines()


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _id_clash(mine: Board, theirs: Board) -> None:
    """Refuse their cards with the id of one of my links, and their links with a card's."""
    clashes = [("card", i, "link") for i in sorted(theirs.cards) if i in mine.links]
    clashes += [("link", i, "card") for i in sorted(theirs.links) if i in mine.cards]
    if clashes:
        kind, item_id, other = clashes[0]
        raise ChangeError(
            f"Their board has a {kind} with the same id as a {other} on this board "
            f"({item_id[:8]}); nothing was merged."
        )


def _derived_id(kind: str, mine_id: str, value: dict[str, Any]) -> str:
    payload = json.dumps([kind, mine_id, value], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def _copy_id(kind: str, mine_id: str, value: dict[str, Any], present: Mapping[str, Any]) -> str:
    """The id of the conflict copy of ``value``: the same for the same version, every time.

    Stamps are left out: a future stamp is read as "now", which differs from one merge
    to the next. A copy made before that rule (its id covered the stamps) still counts.
    """
    earlier = _derived_id(kind, mine_id, value)
    if earlier in present:
        return earlier
    unstamped = {k: v for k, v in value.items() if k not in ("created_at", "modified_at")}
    return _derived_id(kind, mine_id, unstamped)


def _conflict_card(mine: Card, theirs: Card, copy_id: str) -> Card:
    suffix = f" (their version, by {_short(theirs.modified_by, 60)})"
    room = MAX_TITLE_LENGTH - len(suffix)
    g = mine.geometry
    x = min(g.x + g.width + 40.0, MAX_COORDINATE - g.width)
    # Authorship stays theirs: the copy is their work, only its id and title are new.
    return replace(
        theirs,
        id=copy_id,
        title=_short(theirs.display_title, room) + suffix,
        tags=normalize_tags((*theirs.tags, CONFLICT_TAG)),
        geometry=replace(theirs.geometry, x=x, y=g.y),
    )


class _Planner:
    def __init__(self, mine: Board, theirs: Board, by: str, ancestry: Ancestry) -> None:
        self.mine = mine
        self.theirs = theirs
        self.by = by
        self.ancestry = ancestry
        self.now = utc_now()
        self.new_cards: list[Card] = []
        self.new_links: list[Link] = []
        self.updated_cards: list[tuple[Card, Card]] = []
        self.updated_links: list[tuple[Link, Link]] = []
        self.conflicts: list[MergeConflict] = []

    def _side(self, item_id: str) -> str | None:
        """'theirs' to take theirs, 'mine' to keep mine, None for a conflict."""
        if not self.ancestry.mine_changed(item_id):
            return "theirs"
        if not self.ancestry.theirs_changed(item_id):
            return "mine"
        return None

    def _differing(
        self,
        mine_items: Mapping[str, _Item],
        their_items: Mapping[str, _Item],
        changed: Callable[[_Item, _Item], list[str]],
        new: list[_Item],
    ) -> Iterator[tuple[_Item, _Item, list[str], str | None]]:
        """Their items in id order: those only they have go to ``new``; of the others,
        each that differs from mine, with the fields that differ and the side to take."""
        for item_id in sorted(their_items):
            theirs = without_future_stamps(their_items[item_id], self.now)
            mine = mine_items.get(item_id)
            if mine is None:
                new.append(theirs)
                continue
            fields = changed(mine, theirs)
            if fields:
                yield mine, theirs, fields, self._side(item_id)

    def _conflict(
        self, kind: str, mine: _Item, theirs: _Item, title: str, fields: list[str], copy_id: str
    ) -> None:
        self.conflicts.append(
            MergeConflict(
                kind,
                mine.id,
                title,
                tuple(fields),
                mine.modified_by,
                theirs.modified_by,
                copy_id,
            )
        )

    def cards(self) -> None:
        differing = self._differing(
            self.mine.cards, self.theirs.cards, changed_card_fields, self.new_cards
        )
        for mine, theirs, fields, side in differing:
            if fields == ["geometry"]:
                if side == "theirs":
                    self.updated_cards.append((mine, replace(mine, geometry=theirs.geometry)))
            elif side == "theirs":
                self.updated_cards.append((mine, theirs))
            elif side is None:
                self._card_conflict(mine, theirs, fields)

    def _card_conflict(self, mine: Card, theirs: Card, fields: list[str]) -> None:
        copy_id = _copy_id("card", mine.id, card_to_dict(theirs), self.mine.cards)
        self._conflict("card", mine, theirs, mine.display_title, fields, copy_id)
        if copy_id in self.mine.cards:
            return  # Merged before: their version is already on the board.
        self.new_cards.append(_conflict_card(mine, theirs, copy_id))
        rationale = (
            f"Merge conflict: both copies changed this card ({', '.join(fields)}). "
            f"This is the version from “{_short(self.theirs.info.title, 200)}”, last changed "
            f"by {theirs.modified_by} at {theirs.modified_at:%Y-%m-%d %H:%M} UTC; the card it "
            f"points to is mine, last changed by {mine.modified_by} at "
            f"{mine.modified_at:%Y-%m-%d %H:%M} UTC."
        )
        self.new_links.append(
            make_link(
                copy_id,
                mine.id,
                LinkKind.RELATED,
                self.by,
                rationale=rationale,
                link_id=_derived_id("link", copy_id, {"related": mine.id}),
            )
        )

    def links(self) -> None:
        differing = self._differing(
            self.mine.links, self.theirs.links, changed_link_fields, self.new_links
        )
        for mine, theirs, fields, side in differing:
            if side == "theirs":
                self.updated_links.append((mine, theirs))
            elif side is None:
                self._link_conflict(mine, theirs, fields)

    def _link_conflict(self, mine: Link, theirs: Link, fields: list[str]) -> None:
        copy_id = _copy_id("link", mine.id, link_to_dict(theirs), self.mine.links)
        self._conflict("link", mine, theirs, f"{mine.kind.label} link", fields, copy_id)
        if copy_id in self.mine.links:
            return
        prefix = f"[their version, by {_short(theirs.modified_by, 60)}] "
        room = MAX_TITLE_LENGTH * 20 - len(prefix)
        self.new_links.append(
            replace(theirs, id=copy_id, rationale=prefix + _short(theirs.rationale, room))
        )

    def marks(self) -> list[SetAchMark]:
        """Their ACH marks by (evidence, hypothesis): new ones come in, edits as for items."""
        present = set(self.mine.cards) | {c.id for c in self.new_cards}
        out = []
        for key in sorted(self.theirs.ach_marks):
            theirs = self.theirs.ach_marks[key]
            mine = self.mine.ach_marks.get(key)
            if mine is not None and mine.consistency is theirs.consistency:
                continue
            if not all(card_id in present for card_id in key):
                continue  # A mark on a card neither board still has would be refused.
            if mine is None:
                out.append(SetAchMark(key, None, theirs))
                continue
            side = self._side(mark_item_id(key))
            if side == "theirs":
                out.append(SetAchMark(key, mine, theirs))
            elif side is None:
                title = self.mine.cards[key[1]].display_title
                self.conflicts.append(
                    MergeConflict(
                        "ach_mark",
                        key[0],
                        title,
                        ("consistency",),
                        mine.marked_by,
                        theirs.marked_by,
                        None,
                    )
                )
        return out

    def info(self) -> tuple[BoardInfo, BoardInfo] | None:
        mine, theirs = self.mine.info, self.theirs.info
        for name in ("title", "description", "handling", "settings"):
            if getattr(mine, name) != getattr(theirs, name):
                self.conflicts.append(
                    MergeConflict("board", mine.id, mine.title, (name,), "", "", None)
                )
        authors = tuple(dict.fromkeys((*mine.authors, *theirs.authors)))
        handling = raised_handling(mine, theirs.handling) or mine.handling
        after = replace(mine, authors=authors, handling=handling)
        return None if after == mine else (mine, after)


def plan_merge(
    mine: Board,
    theirs: Board,
    by: str,
    *,
    mine_history: Iterable[HistoryEntry] = (),
    theirs_history: Iterable[HistoryEntry] = (),
    known: Ancestry | None = None,
) -> MergePlan:
    """Work out how to bring ``theirs`` into ``mine``; ``by`` is the person merging.

    The histories are each board file's history rows; without them no common ancestor
    is known and every item changed on both sides is a conflict. ``known`` gives the
    ancestry instead of the histories (a team sync knows it from its own records). Raises
    :class:`ChangeError` when an item of theirs has the id of an item of mine of the
    other sort (a card and a link).
    """
    _id_clash(mine, theirs)
    their_items = (
        *theirs.cards,
        *theirs.links,
        *theirs.attachments,
        *(mark_item_id(key) for key in theirs.ach_marks),
    )
    if known is None:
        known = ancestry(mine_history, theirs_history, their_items)
    planner = _Planner(mine, theirs, by, known)
    planner.cards()
    planner.links()
    marks = planner.marks()
    info = planner.info()
    attachments = tuple(
        theirs.attachments[sha] for sha in sorted(theirs.attachments.keys() - mine.attachments)
    )
    return MergePlan(
        theirs_title=theirs.info.title,
        new_cards=tuple(planner.new_cards),
        new_links=tuple(planner.new_links),
        updated_cards=tuple(planner.updated_cards),
        updated_links=tuple(planner.updated_links),
        attachments=attachments,
        info=info,
        conflicts=tuple(planner.conflicts),
        marks=tuple(marks),
    )
