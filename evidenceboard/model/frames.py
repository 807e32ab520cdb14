"""Frames: named regions of the canvas that hold cards, and the changes their gestures make.

A frame is a card of kind ``frame`` whose content lists the cards it holds (see
:class:`~evidenceboard.model.cards.FrameContent`). Membership is stored, never guessed
from geometry, so a card that overlaps a frame by accident is not in it. The window,
the command line and the importers build their frame edits here, so a gesture means the
same wherever it starts: moving a frame moves its cards with it, a card dropped inside a
frame joins it and a card dragged out leaves it, each as one change and one undo step.
"""

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime

from evidenceboard.model.board import Board
from evidenceboard.model.cards import (
    MAX_COORDINATE,
    MAX_SIZE,
    MIN_SIZE,
    Card,
    CardKind,
    FrameContent,
    Geometry,
)
from evidenceboard.model.changes import AddCards, Batch, Change, EditCards, MoveCards
from evidenceboard.model.errors import ChangeError
from evidenceboard.model.factory import edited_card, make_card
from evidenceboard.model.short_text import plural

#: Space between a frame's edge and the cards it is drawn around.
MARGIN = 24.0
#: Height of the band that shows the frame's name; a collapsed frame is only this band.
TITLE_BAND = 36.0
#: Size of a frame made where there is no selection to put it around.
EMPTY_SIZE = (480.0, 320.0)


def is_frame(card: Card) -> bool:
    return card.kind is CardKind.FRAME


def frame_content(card: Card) -> FrameContent:
    if not isinstance(card.content, FrameContent):
        raise ChangeError(f"{card.display_title} is not a frame.")
    return card.content


#: The ids of a board's frames when the caller keeps them (the canvas does), so a lookup
#: made on every pointer move need not walk every card of a large board.
Among = Iterable[str] | None


def frames(board: Board, among: Among = None) -> list[Card]:
    """Every frame on the board, in id order (the order that decides a disputed card)."""
    ids = sorted(board.cards) if among is None else sorted(i for i in among if i in board.cards)
    return [board.cards[i] for i in ids if is_frame(board.cards[i])]


def members(board: Board, frame: Card) -> tuple[str, ...]:
    """The cards a frame holds that are on the board, frames left out."""
    return tuple(
        i
        for i in frame_content(frame).members
        if (card := board.cards.get(i)) is not None and not is_frame(card)
    )


def frame_index(board: Board, among: Among = None) -> dict[str, str]:
    """Which frame holds each card (card id -> frame id).

    A card listed by two frames (only a hand-edited or hostile board has one) belongs to
    the first frame in id order, so every view of the board agrees on one answer.
    """
    index: dict[str, str] = {}
    for frame in frames(board, among):
        for card_id in members(board, frame):
            index.setdefault(card_id, frame.id)
    return index


def hidden_card_ids(board: Board, among: Among = None) -> set[str]:
    """Cards the canvas hides because their frame is collapsed."""
    hidden: set[str] = set()
    index = frame_index(board, among)
    for card_id, frame_id in index.items():
        if frame_content(board.cards[frame_id]).collapsed:
            hidden.add(card_id)
    return hidden


def shown_geometry(card: Card) -> Geometry:
    """Where a card takes space on the canvas: a collapsed frame is only its title band."""
    if is_frame(card) and frame_content(card).collapsed:
        return replace(card.geometry, height=max(MIN_SIZE, TITLE_BAND))
    return card.geometry


def _centre_inside(inner: Geometry, outer: Geometry) -> bool:
    cx, cy = inner.x + inner.width / 2, inner.y + inner.height / 2
    return outer.x <= cx <= outer.x + outer.width and outer.y <= cy <= outer.y + outer.height


def frame_at(
    board: Board, geometry: Geometry, moving: Iterable[str] = (), among: Among = None
) -> Card | None:
    """The frame a card placed at ``geometry`` drops into: the smallest open frame whose
    region holds the card's centre, leaving out frames that are moving themselves."""
    skip = set(moving)
    best: Card | None = None
    for frame in frames(board, among):
        if frame.id in skip or frame_content(frame).collapsed:
            continue
        g = frame.geometry
        if _centre_inside(geometry, g) and (
            best is None or g.width * g.height < best.geometry.width * best.geometry.height
        ):
            best = frame
    return best


def with_members(board: Board, card_ids: Iterable[str]) -> list[str]:
    """The cards a drag moves: those picked, and every card of a picked frame."""
    chosen = dict.fromkeys(card_ids)
    for card_id in list(chosen):
        card = board.cards.get(card_id)
        if card is not None and is_frame(card):
            chosen.update(dict.fromkeys(members(board, card)))
    return [i for i in chosen if i in board.cards]


def membership_edits(
    board: Board,
    joins: Mapping[str, str | None],
    by: str,
    at: datetime | None = None,
    among: Among = None,
) -> list[tuple[Card, Card]]:
    """The frame edits that put each card of ``joins`` in its frame (or in none).

    A card leaves the frame that holds it before it joins another, so it is only ever
    in one frame.
    """
    known = None if among is None else list(among)
    index = frame_index(board, known)
    changed: dict[str, list[str]] = {}

    def listed(frame_id: str) -> list[str]:
        if frame_id not in changed:
            changed[frame_id] = list(frame_content(board.cards[frame_id]).members)
        return changed[frame_id]

    for card_id, target in joins.items():
        current = index.get(card_id)
        if current == target:
            continue
        if current is not None:
            # Every listing goes, a second one on a hostile board too.
            for frame in frames(board, known):
                if card_id in frame_content(frame).members:
                    listed(frame.id).remove(card_id)
        if target is not None:
            listed(target).append(card_id)
    pairs = []
    for frame_id, new_members in sorted(changed.items()):
        before = board.cards[frame_id]
        after = edited_card(before, by, at, members=tuple(new_members))
        if after is not before:
            pairs.append((before, after))
    return pairs


def _frame_words(board: Board, frame_id: str | None) -> str:
    if frame_id is None:
        return "no frame"
    title = board.cards[frame_id].display_title
    return f"the frame “{title[:40]}”"


def plan_move(
    board: Board,
    targets: Mapping[str, Geometry],
    by: str,
    at: datetime | None = None,
    among: Among = None,
) -> Change:
    """Move cards to ``targets`` (id -> new geometry) as one change.

    A card that moves without its frame joins the frame it is dropped in, or leaves its
    frame when it is dropped outside; a card that moves with its frame stays in it.
    """
    moves = tuple(
        (card_id, board.cards[card_id].geometry, geometry)
        for card_id, geometry in targets.items()
        if card_id in board.cards
    )
    move = MoveCards(moves)
    known = None if among is None else list(among)
    index = frame_index(board, known)
    moving = set(targets)
    joins: dict[str, str | None] = {}
    for card_id, geometry in targets.items():
        card = board.cards.get(card_id)
        if card is None or is_frame(card) or index.get(card_id) in moving:
            continue
        target = frame_at(board, geometry, moving, known)
        if index.get(card_id) != (target.id if target else None):
            joins[card_id] = target.id if target else None
    pairs = membership_edits(board, joins, by, at, known)
    if not pairs:
        return move
    destinations = set(joins.values())
    count = len(joins)
    cards = "a card" if count == 1 else f"{count} cards"
    if len(destinations) == 1 and (only := next(iter(destinations))) is not None:
        label = f"Move {cards} into {_frame_words(board, only)}"
    elif destinations == {None}:
        label = f"Move {cards} out of their frame"
    else:
        label = f"Move {cards} between frames"
    return Batch((move, EditCards(tuple(pairs))), label)


def _clamp(value: float) -> float:
    return max(-MAX_COORDINATE, min(MAX_COORDINATE, value))


def region_around(cards: Iterable[Card]) -> Geometry | None:
    """The region of a frame drawn around ``cards``, with room for its title band."""
    return region_of(c.geometry for c in cards)


def region_of(geometries: Iterable[Geometry]) -> Geometry | None:
    """The region of a frame drawn around these boxes, with room for its title band."""
    boxes = list(geometries)
    if not boxes:
        return None
    left = min(g.x for g in boxes) - MARGIN
    top = min(g.y for g in boxes) - MARGIN - TITLE_BAND
    right = max(g.x + g.width for g in boxes) + MARGIN
    bottom = max(g.y + g.height for g in boxes) + MARGIN
    width, height = right - left, bottom - top
    if width > MAX_SIZE or height > MAX_SIZE:
        raise ChangeError(
            f"These cards spread over more than {MAX_SIZE:,.0f} units, more than a frame "
            "can hold; frame fewer cards or move them closer together."
        )
    return Geometry(_clamp(left), _clamp(top), max(MIN_SIZE, width), max(MIN_SIZE, height))


def plan_new_frame(
    board: Board,
    card_ids: Iterable[str],
    by: str,
    *,
    title: str = "New frame",
    at: datetime | None = None,
    where: tuple[float, float] = (0.0, 0.0),
) -> tuple[Change, str]:
    """A new frame around the chosen cards (they leave any frame they were in), or an
    empty frame at ``where``; returns the change and the new frame's id."""
    chosen = [board.cards[i] for i in card_ids if i in board.cards]
    held = [c for c in chosen if not is_frame(c)]
    region = region_around(held)
    if region is None:
        x, y = where
        width, height = EMPTY_SIZE
        region = Geometry(_clamp(x), _clamp(y), width, height)
    frame = make_card(
        CardKind.FRAME,
        title,
        by,
        at=at,
        x=region.x,
        y=region.y,
        width=region.width,
        height=region.height,
        members=tuple(c.id for c in held),
    )
    add = AddCards((frame,))
    # Cards leave their old frames; the new frame already lists them.
    pairs = membership_edits(board, dict.fromkeys((c.id for c in held), None), by, at)
    if not pairs:
        return add, frame.id
    return Batch((EditCards(tuple(pairs)), add), f"Frame {plural(len(held), 'card')}"), frame.id


def plan_collapse(
    board: Board, frame_id: str, collapsed: bool, by: str, at: datetime | None = None
) -> Change:
    """Collapse a frame to its title band, or open it again."""
    frame = board.card(frame_id)
    frame_content(frame)
    after = edited_card(frame, by, at, collapsed=collapsed)
    verb = "Collapse" if collapsed else "Expand"
    return EditCards(((frame, after),) if after is not frame else (), f"{verb} the frame")


def plan_fit(board: Board, frame_id: str) -> MoveCards:
    """Resize a frame to hold its cards again, after they were laid out elsewhere."""
    frame = board.card(frame_id)
    region = region_around(board.cards[i] for i in members(board, frame))
    if region is None or region == frame.geometry:
        return MoveCards(())
    return MoveCards(((frame.id, frame.geometry, region),))


def keep_frames_whole(board: Board, targets: Mapping[str, Geometry]) -> dict[str, Geometry]:
    """Where an automatic layout may put cards (id -> geometry) so that frames stay whole.

    A layout arranges cards, not frames, and may carry a card far from its frame;
    membership is stored, so the card would stay in a frame it is no longer drawn in.
    Each frame holding a card of ``targets`` is therefore refitted around its cards in
    their new places, in the same change. The cards of a pinned frame keep their
    places (the frame is pinned where the analyst put that group), and so do the
    cards of a frame that could not hold them where the layout would put them (more
    than a frame's largest size apart). Returns ``targets`` so adjusted, frames added.
    """
    result = dict(targets)
    index = frame_index(board)
    touched = sorted({index[i] for i in targets if i in index})
    for frame_id in touched:
        frame = board.cards[frame_id]
        held = members(board, frame)
        region: Geometry | None = None
        if not frame.pinned:
            try:
                region = region_of(result.get(i, board.cards[i].geometry) for i in held)
            except ChangeError:
                region = None
        if region is None:
            for card_id in held:
                result.pop(card_id, None)
        elif region != frame.geometry:
            result[frame_id] = region
    return result
