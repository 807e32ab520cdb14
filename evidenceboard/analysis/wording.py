"""Words for the analysis: how cards are named and how counts read in a sentence.

Every result of the analysis explains itself in sentences a reader of the brief can
check against the board, so cards are named by kind and title (and outlet or origin
where the card has one) rather than by id.
"""

from evidenceboard.model.cards import ArticleContent, Card, CardKind, DocumentContent
from evidenceboard.model.short_text import shorten

_TITLE_LIMIT = 100
_SOURCE_LIMIT = 60

_KIND_WORDS = {
    CardKind.ARTICLE: ("report", "reports"),
    CardKind.DOCUMENT: ("document", "documents"),
    CardKind.CLAIM: ("claim", "claims"),
    CardKind.NOTE: ("note", "notes"),
    CardKind.PERSON: ("person", "people"),
    CardKind.ORGANISATION: ("organisation", "organisations"),
    CardKind.LOCATION: ("place", "places"),
    CardKind.EVENT: ("event", "events"),
    CardKind.FRAME: ("frame", "frames"),
}


def quoted_title(card: Card) -> str:
    return f"“{shorten(card.display_title, _TITLE_LIMIT)}”"


def name_card(card: Card) -> str:
    """``the report “Title” (Outlet)``: enough to find the card on the board."""
    noun = _KIND_WORDS[card.kind][0]
    where = ""
    if isinstance(card.content, ArticleContent):
        where = card.content.outlet
    elif isinstance(card.content, DocumentContent):
        where = card.content.origin
    suffix = f" ({shorten(where, _SOURCE_LIMIT)})" if where else ""
    return f"the {noun} {quoted_title(card)}{suffix}"


def items_noun(cards: list[Card]) -> tuple[str, str]:
    """The noun for a group of cards: "reports" when all are articles, else "items"."""
    kinds = {c.kind for c in cards}
    if len(kinds) == 1:
        return _KIND_WORDS[next(iter(kinds))]
    return ("item", "items")


def join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return "; ".join(names[:-1]) + " and " + names[-1]


def labelled(label: str, title: str) -> str:
    """``H2 · Title``, or the title alone when it already starts with its label."""
    head = title.lstrip()
    if head.startswith(label) and head[len(label) : len(label) + 1] in (":", " ", "."):
        return title
    return f"{label} · {title}"
