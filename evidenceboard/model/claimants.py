"""Who makes a claim: the person or organisation card behind it, or the words of the source.

A claim names its maker two ways. ``attributed_to`` is the text as the source put it
("a Kremlin spokesman", "Tass"); ``claimed_by`` is the id of a person or organisation
card. The card wins where both are given, because its name follows renames and its
aliases let "Tass" and "TASS news agency" be one actor. A claim with only the text is
still matched to a card when the text is exactly one card's name or alias, so boards
made before the cards existed group the same way.
"""

import unicodedata
from collections.abc import Iterable

from evidenceboard.model.board import Board
from evidenceboard.model.cards import Card, CardKind, ClaimContent

#: The kinds that can make a claim: places and events say nothing.
CLAIMANT_KINDS = frozenset({CardKind.PERSON, CardKind.ORGANISATION})


def fold_name(name: str) -> str:
    """A name compared as people read it: case, accents and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split())


def can_claim(card: Card | None) -> bool:
    return card is not None and card.kind in CLAIMANT_KINDS


class ClaimantIndex:
    """Names of a board's people and organisations, to match a claim's text to one card.

    Built once per use (an analysis run, a brief), so matching many claims costs one pass
    over the board's cards.
    """

    def __init__(self, cards: Iterable[Card]) -> None:
        owners: dict[str, set[str]] = {}
        for card in cards:
            if can_claim(card):
                for name in (card.title, *card.aliases):
                    folded = fold_name(name)
                    if folded:
                        owners.setdefault(folded, set()).add(card.id)
        # A name two cards share ("the ministry") names neither of them.
        self._by_name = {name: ids.pop() for name, ids in owners.items() if len(ids) == 1}

    def card_named(self, text: str) -> str | None:
        return self._by_name.get(fold_name(text))


def claimant_of(board: Board, claim: Card, index: ClaimantIndex | None = None) -> Card | None:
    """The person or organisation card that makes ``claim``, if the board has one."""
    content = claim.content
    if not isinstance(content, ClaimContent):
        return None
    chosen = board.cards.get(content.claimed_by) if content.claimed_by else None
    if can_claim(chosen):
        return chosen
    if index is not None and content.attributed_to:
        named = index.card_named(content.attributed_to)
        if named is not None:
            return board.cards[named]
    return None


def claimant_words(board: Board, claim: Card) -> str:
    """Who makes ``claim``, as a reader should see it: "Tass", or "Tass (“the agency”)"."""
    content = claim.content
    if not isinstance(content, ClaimContent):
        return ""
    card = claimant_of(board, claim)
    text = content.attributed_to
    if card is None:
        return text
    if not text:
        return card.display_title
    # "Abdulkadir Selvi, Hurriyet, citing an unnamed source" already says who.
    folded = fold_name(text)
    if any(fold_name(n) in folded for n in (card.title, *card.aliases) if fold_name(n)):
        return text
    return f"{card.display_title} (“{text}”)"


def claims_made(board: Board, card_id: str) -> list[str]:
    """Ids of the claims the person or organisation ``card_id`` makes, in board order."""
    index = ClaimantIndex(board.cards.values())
    return [
        claim.id
        for claim in board.cards_of_kind(CardKind.CLAIM)
        if (maker := claimant_of(board, claim, index)) is not None and maker.id == card_id
    ]
