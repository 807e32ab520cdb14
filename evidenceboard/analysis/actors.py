"""Claims grouped by who makes them.

Ten claims that all come from one ministry are one voice, however many reports carry
them; the analysis says so the way it names circular reporting. A claim's maker is its
person or organisation card (:mod:`evidenceboard.model.claimants`), or else the words
of its attribution, compared folded, so "TASS" and "Tass" are one actor even without a
card. Claims nobody is named for are left out: "unknown" is not an actor.
"""

from dataclasses import dataclass

from evidenceboard.model.board import Board
from evidenceboard.model.cards import CardKind, ClaimContent
from evidenceboard.model.claimants import ClaimantIndex, claimant_of, fold_name

#: Claims from one actor at which the analysis points it out.
MANY_CLAIMS = 2


@dataclass(frozen=True, slots=True)
class ActorClaims:
    """One actor and the claims it makes, in the board's order."""

    #: The person or organisation card, or None for an actor known only by name.
    card_id: str | None
    name: str
    claim_ids: tuple[str, ...]


def claims_by_actor(board: Board) -> tuple[ActorClaims, ...]:
    """Every named actor with its claims: the most claims first, then by name."""
    index = ClaimantIndex(board.cards.values())
    groups: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    cards: dict[str, str | None] = {}
    for claim in board.cards_of_kind(CardKind.CLAIM):
        content = claim.content
        assert isinstance(content, ClaimContent)
        maker = claimant_of(board, claim, index)
        if maker is not None:
            key, name, card_id = f"card:{maker.id}", maker.display_title, maker.id
        else:
            folded = fold_name(content.attributed_to)
            if not folded:
                continue
            key, name, card_id = f"name:{folded}", " ".join(content.attributed_to.split()), None
        groups.setdefault(key, []).append(claim.id)
        names.setdefault(key, name)
        cards.setdefault(key, card_id)
    actors = [ActorClaims(cards[k], names[k], tuple(ids)) for k, ids in groups.items()]
    actors.sort(key=lambda a: (-len(a.claim_ids), fold_name(a.name), a.card_id or ""))
    return tuple(actors)
