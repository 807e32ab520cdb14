"""What differs between two boards: cards and links added, removed and changed.

Items are matched by their stable ids. A changed item lists the names of the fields
that differ, using the field names of the JSON forms (``title``, ``tags``, ``geometry``,
``content.statement``...), so the CLI, the merge and the window speak of the same
fields. Authorship stamps (``modified_by``/``modified_at``) are not counted as changes
on their own: they only say who made the change that the other fields show.
"""

from dataclasses import dataclass, field
from typing import Any

from evidenceboard.model.board import Board
from evidenceboard.model.cards import Card
from evidenceboard.model.codec import card_to_dict, link_to_dict
from evidenceboard.model.links import Link

#: Fields that record an edit rather than being part of it.
STAMP_FIELDS = frozenset({"modified_by", "modified_at"})


def _flat(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and key == "content":
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def changed_card_fields(a: Card, b: Card) -> list[str]:
    """Names of the fields in which two versions of a card differ (stamps excluded)."""
    fa, fb = _flat(card_to_dict(a)), _flat(card_to_dict(b))
    return sorted(
        k for k in fa.keys() | fb.keys() if k not in STAMP_FIELDS and fa.get(k) != fb.get(k)
    )


def changed_link_fields(a: Link, b: Link) -> list[str]:
    """Names of the fields in which two versions of a link differ (stamps excluded)."""
    fa, fb = link_to_dict(a), link_to_dict(b)
    return sorted(
        k for k in fa.keys() | fb.keys() if k not in STAMP_FIELDS and fa.get(k) != fb.get(k)
    )


@dataclass(frozen=True, slots=True)
class ItemChange:
    """One card or link present on both boards with different values."""

    id: str
    title: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BoardDiff:
    """Differences from board ``a`` to board ``b``."""

    added_cards: tuple[Card, ...] = ()
    removed_cards: tuple[Card, ...] = ()
    changed_cards: tuple[ItemChange, ...] = ()
    added_links: tuple[Link, ...] = ()
    removed_links: tuple[Link, ...] = ()
    changed_links: tuple[ItemChange, ...] = ()
    info_fields: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not (
            self.added_cards
            or self.removed_cards
            or self.changed_cards
            or self.added_links
            or self.removed_links
            or self.changed_links
            or self.info_fields
        )

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form printed by ``evidenceboard diff --json``."""

        def cards(items: tuple[Card, ...]) -> list[dict[str, str]]:
            return [{"id": c.id, "title": c.display_title} for c in items]

        def links(items: tuple[Link, ...]) -> list[dict[str, str]]:
            return [
                {"id": x.id, "source": x.source, "target": x.target, "kind": x.kind.value}
                for x in items
            ]

        def changes(items: tuple[ItemChange, ...]) -> list[dict[str, Any]]:
            return [{"id": c.id, "title": c.title, "fields": list(c.fields)} for c in items]

        return {
            "cards": {
                "added": cards(self.added_cards),
                "removed": cards(self.removed_cards),
                "changed": changes(self.changed_cards),
            },
            "links": {
                "added": links(self.added_links),
                "removed": links(self.removed_links),
                "changed": changes(self.changed_links),
            },
            "board": {"changed": list(self.info_fields)},
        }

    def lines(self) -> list[str]:
        """The differences in words, one item per line."""
        out: list[str] = []
        out += [f"+ card {c.id[:8]} {c.display_title}" for c in self.added_cards]
        out += [f"- card {c.id[:8]} {c.display_title}" for c in self.removed_cards]
        out += [f"~ card {c.id[:8]} {c.title}: {', '.join(c.fields)}" for c in self.changed_cards]
        out += [f"+ link {x.id[:8]} ({x.kind.label})" for x in self.added_links]
        out += [f"- link {x.id[:8]} ({x.kind.label})" for x in self.removed_links]
        out += [f"~ link {c.id[:8]} {c.title}: {', '.join(c.fields)}" for c in self.changed_links]
        if self.info_fields:
            out.append(f"~ board details: {', '.join(self.info_fields)}")
        return out


def _link_title(board: Board, link: Link) -> str:
    source = board.cards.get(link.source)
    target = board.cards.get(link.target)
    a = source.display_title if source else link.source[:8]
    b = target.display_title if target else link.target[:8]
    return f"{a} → {b}"


def diff_boards(a: Board, b: Board) -> BoardDiff:
    """What changed from ``a`` to ``b``, item by item, sorted by id."""
    changed_cards = tuple(
        ItemChange(i, b.cards[i].display_title, tuple(fields))
        for i in sorted(a.cards.keys() & b.cards.keys())
        if (fields := changed_card_fields(a.cards[i], b.cards[i]))
    )
    changed_links = tuple(
        ItemChange(i, _link_title(b, b.links[i]), tuple(fields))
        for i in sorted(a.links.keys() & b.links.keys())
        if (fields := changed_link_fields(a.links[i], b.links[i]))
    )
    info_fields = tuple(
        name
        for name in ("title", "description", "handling", "authors")
        if getattr(a.info, name) != getattr(b.info, name)
    )
    return BoardDiff(
        added_cards=tuple(b.cards[i] for i in sorted(b.cards.keys() - a.cards.keys())),
        removed_cards=tuple(a.cards[i] for i in sorted(a.cards.keys() - b.cards.keys())),
        changed_cards=changed_cards,
        added_links=tuple(b.links[i] for i in sorted(b.links.keys() - a.links.keys())),
        removed_links=tuple(a.links[i] for i in sorted(a.links.keys() - b.links.keys())),
        changed_links=changed_links,
        info_fields=info_fields,
    )
