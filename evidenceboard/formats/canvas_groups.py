"""Which cards lie inside a canvas's groups (for frames and tags), in near-linear time.

JSON Canvas groups are rectangles; a card lies in a group when its whole rectangle is
inside the group's, and then gets the group's label as a tag (in the order the groups
come in the file, after the card's own tags). Checking every card against every group
and rebuilding the card for each hit took minutes for 1,500 groups over 1,500 cards.

Here the cards' left and top edges are sorted once; each group then looks only at the
cards whose left edge lies within its width, or those whose top edge lies within its
height, whichever are fewer, tested together with numpy. Labels are gathered per card
and each card is rebuilt once. Two caps keep a hostile canvas bounded:
:data:`MAX_CANDIDATES` (cards looked at, summed over the groups, known before any is
looked at) and :data:`MAX_GROUP_TAGS` (distinct tags the groups add, summed over the
cards, counted as they are found and before any card is rebuilt with them).
"""

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from evidenceboard.model.cancel import Checkpoint
from evidenceboard.model.cards import Card, Geometry, clean_line, normalize_tags
from evidenceboard.model.errors import InvalidValueError

#: Cards looked at over all groups; realistic canvases need a tiny fraction of this.
MAX_CANDIDATES = 20_000_000
#: Tags added over all cards: e.g. 100,000 cards in five nested groups each.
MAX_GROUP_TAGS = 500_000


def groups_of_cards(
    cards: dict[str, Card],
    areas: Sequence[Geometry],
    checkpoint: Checkpoint,
    keys: Sequence[str] | None = None,
    too_many: str = "",
) -> dict[str, list[int]]:
    """For each card inside one or more of ``areas``, the indices of those areas, in order.

    Areas with the same key (a label) count once per card against
    :data:`MAX_GROUP_TAGS`; ``too_many`` is the refusal's words when the cap is passed.
    """
    if not areas or not cards:
        return {}
    ids = list(cards)
    edges = np.array(
        [(g.x, g.y, g.x + g.width, g.y + g.height) for g in (cards[i].geometry for i in ids)],
        dtype=np.float64,
    )
    by_left = np.argsort(edges[:, 0], kind="stable")
    by_top = np.argsort(edges[:, 1], kind="stable")
    lefts, tops = edges[by_left, 0], edges[by_top, 1]
    boxes = np.array([(a.x, a.y, a.x + a.width, a.y + a.height) for a in areas], dtype=np.float64)
    # A card inside a group has its left edge in [group left, group right] (and its
    # top edge likewise), so these slices of the sorted cards hold every candidate.
    x_from = np.searchsorted(lefts, boxes[:, 0], "left")
    x_to = np.searchsorted(lefts, boxes[:, 2], "right")
    y_from = np.searchsorted(tops, boxes[:, 1], "left")
    y_to = np.searchsorted(tops, boxes[:, 3], "right")
    use_x = (x_to - x_from) <= (y_to - y_from)
    counts = np.where(use_x, x_to - x_from, y_to - y_from)
    if int(counts.sum()) > MAX_CANDIDATES:
        raise InvalidValueError(
            "The canvas's groups overlap too many cards to import "
            f"(more than {MAX_CANDIDATES:,} card-in-group checks)."
        )
    found: dict[str, list[int]] = {}
    seen: set[tuple[int, str]] = set()
    total = 0
    for index in range(len(areas)):
        checkpoint.tick()
        if use_x[index]:
            candidates = by_left[x_from[index] : x_to[index]]
        else:
            candidates = by_top[y_from[index] : y_to[index]]
        if not len(candidates):
            continue
        box = edges[candidates]
        left, top, right, bottom = boxes[index]
        inside = (
            (box[:, 0] >= left) & (box[:, 1] >= top) & (box[:, 2] <= right) & (box[:, 3] <= bottom)
        )
        key = keys[index] if keys is not None else str(index)
        for card_index in candidates[inside].tolist():
            found.setdefault(ids[card_index], []).append(index)
            if (card_index, key) not in seen:
                seen.add((card_index, key))
                total += 1
        if total > MAX_GROUP_TAGS:
            raise InvalidValueError(
                too_many
                or f"The canvas's groups hold more than {MAX_GROUP_TAGS:,} cards between them; "
                "it is not imported."
            )
    return found


def tag_cards_in_groups(
    cards: dict[str, Card], groups: Sequence[tuple[str, Geometry]], checkpoint: Checkpoint
) -> dict[str, Card]:
    """``cards`` with each group's label added to the tags of every card inside it."""
    labelled = [(clean_line(label), area) for label, area in groups]
    labelled = [(label, area) for label, area in labelled if label]
    if not labelled or not cards:
        return cards
    too_many = (
        f"The canvas's groups would put more than {MAX_GROUP_TAGS:,} tags on its cards; "
        "it is not imported."
    )
    areas = [area for _, area in labelled]
    inside = groups_of_cards(cards, areas, checkpoint, [k for k, _ in labelled], too_many)
    tagged = dict(cards)
    for card_id, indices in inside.items():
        card = cards[card_id]
        labels = dict.fromkeys(labelled[i][0] for i in indices)
        tagged[card_id] = replace(card, tags=normalize_tags((*card.tags, *labels)))
    return tagged
