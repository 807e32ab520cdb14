"""A canvas's labelled groups as tags on the cards inside them, in near-linear time.

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


def tag_cards_in_groups(
    cards: dict[str, Card], groups: Sequence[tuple[str, Geometry]], checkpoint: Checkpoint
) -> dict[str, Card]:
    """``cards`` with each group's label added to the tags of every card inside it."""
    labelled = [(clean_line(label), area) for label, area in groups]
    labelled = [(label, area) for label, area in labelled if label]
    if not labelled or not cards:
        return cards
    ids = list(cards)
    edges = np.array(
        [(g.x, g.y, g.x + g.width, g.y + g.height) for g in (cards[i].geometry for i in ids)],
        dtype=np.float64,
    )
    by_left = np.argsort(edges[:, 0], kind="stable")
    by_top = np.argsort(edges[:, 1], kind="stable")
    lefts, tops = edges[by_left, 0], edges[by_top, 1]
    areas = np.array(
        [(a.x, a.y, a.x + a.width, a.y + a.height) for _, a in labelled], dtype=np.float64
    )
    # A card inside a group has its left edge in [group left, group right] (and its
    # top edge likewise), so these slices of the sorted cards hold every candidate.
    x_from = np.searchsorted(lefts, areas[:, 0], "left")
    x_to = np.searchsorted(lefts, areas[:, 2], "right")
    y_from = np.searchsorted(tops, areas[:, 1], "left")
    y_to = np.searchsorted(tops, areas[:, 3], "right")
    use_x = (x_to - x_from) <= (y_to - y_from)
    counts = np.where(use_x, x_to - x_from, y_to - y_from)
    if int(counts.sum()) > MAX_CANDIDATES:
        raise InvalidValueError(
            "The canvas's groups overlap too many cards to turn into tags "
            f"(more than {MAX_CANDIDATES:,} card-in-group checks)."
        )
    added: list[dict[str, None] | None] = [None] * len(ids)
    total = 0
    for index, (label, _area) in enumerate(labelled):
        checkpoint.tick()
        if use_x[index]:
            candidates = by_left[x_from[index] : x_to[index]]
        else:
            candidates = by_top[y_from[index] : y_to[index]]
        if not len(candidates):
            continue
        box = edges[candidates]
        left, top, right, bottom = areas[index]
        inside = (
            (box[:, 0] >= left) & (box[:, 1] >= top) & (box[:, 2] <= right) & (box[:, 3] <= bottom)
        )
        for card_index in candidates[inside].tolist():
            labels = added[card_index]
            if labels is None:
                labels = added[card_index] = {}
            if label not in labels:
                labels[label] = None
                total += 1
        if total > MAX_GROUP_TAGS:
            raise InvalidValueError(
                "The canvas's groups would put more than "
                f"{MAX_GROUP_TAGS:,} tags on its cards; it is not imported."
            )
    tagged = dict(cards)
    for card_index, labels in enumerate(added):
        if labels:
            card = cards[ids[card_index]]
            tagged[card.id] = replace(card, tags=normalize_tags((*card.tags, *labels)))
    return tagged
