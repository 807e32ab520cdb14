"""The analyst's judgements beside the computed sourcing status: key judgements, assumptions.

A claim may carry three things the analyst says rather than the analysis computes: a
confidence (low, moderate, high), a likelihood from a published yardstick (see
:mod:`evidenceboard.model.judgement`) and the flags *key judgement* and *key
assumption*. They are put side by side with the sourcing status, never mixed into it:
a sentence says the analyst's words first and the status after, each labelled, so a
reader can see where the two disagree (an "almost certain" claim that is weakly
sourced is exactly what a reviewer wants to find).

Key judgements are the claims marked as such, in the order they were made; when the
analyst marked none, the brief and ``analyze`` open with the top claims by
assessment instead (:data:`TOP_CLAIMS` of them: corroborated first, then by the
number of independent origins), and say that they were chosen that way.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from evidenceboard.analysis.assessment import ClaimAssessment, ClaimStatus
from evidenceboard.analysis.wording import quoted_title
from evidenceboard.model.board import Board
from evidenceboard.model.cards import Card, ClaimContent, Confidence
from evidenceboard.model.judgement import likelihood_words

#: How many claims stand in for key judgements when the analyst marked none.
TOP_CLAIMS = 3

#: Best first: the order "top claims by assessment" follows.
_STATUS_ORDER = {
    ClaimStatus.CORROBORATED: 0,
    ClaimStatus.UNCORROBORATED: 1,
    ClaimStatus.SINGLE_SOURCE: 2,
    ClaimStatus.CONTESTED: 3,
    ClaimStatus.WEAKLY_SOURCED: 4,
    ClaimStatus.UNSUPPORTED: 5,
}


@dataclass(frozen=True, slots=True)
class KeyJudgements:
    claim_ids: tuple[str, ...]
    #: True when the analyst marked them; False when they are the top claims by assessment.
    marked: bool


def _claim(card: Card) -> ClaimContent:
    assert isinstance(card.content, ClaimContent)
    return card.content


def _by_creation(board: Board, ids: Iterable[str]) -> tuple[str, ...]:
    cards = [board.cards[i] for i in ids]
    cards.sort(key=lambda c: (c.created_at, c.display_title.casefold(), c.id))
    return tuple(c.id for c in cards)


def key_judgements(board: Board, claims: Iterable[ClaimAssessment]) -> KeyJudgements:
    assessments = list(claims)
    marked = [a.claim_id for a in assessments if _claim(board.cards[a.claim_id]).is_key_judgement]
    if marked:
        return KeyJudgements(_by_creation(board, marked), True)
    candidates = [a for a in assessments if a.supporting]
    candidates.sort(
        key=lambda a: (_STATUS_ORDER[a.status], -a.independent_origin_count, a.claim_id)
    )
    return KeyJudgements(tuple(a.claim_id for a in candidates[:TOP_CLAIMS]), False)


def key_assumptions(board: Board, claims: Iterable[ClaimAssessment]) -> tuple[str, ...]:
    """The claims the analyst marked as key assumptions, in the order they were made."""
    return _by_creation(
        board, (a.claim_id for a in claims if _claim(board.cards[a.claim_id]).is_assumption)
    )


def judgement_words(card: Card) -> str:
    """The analyst's words for a claim card's badge: ``Highly likely · high confidence``.

    Empty when the analyst gave neither, so the card shows no judgement badge.
    """
    content = _claim(card)
    parts = []
    if content.likelihood:
        parts.append(likelihood_words(content.likelihood))
    if content.confidence is not Confidence.UNASSESSED:
        parts.append(f"{content.confidence.value} confidence")
    text = " · ".join(parts)
    return text[:1].upper() + text[1:]


def judgement_line(card: Card) -> str:
    """The claim card's judgement line, ``Highly likely · moderate confidence``.

    Kept short to fit a card; the flags show in the card's kind label instead
    (:func:`kind_label`). Empty when the analyst gave no likelihood and no confidence.
    """
    return judgement_words(card)


def kind_label(card: Card) -> str:
    """``KEY JUDGEMENT``, ``KEY ASSUMPTION``, ``HYPOTHESIS`` or ``CLAIM``: the card's label."""
    content = _claim(card)
    if content.is_hypothesis:
        return "HYPOTHESIS"
    if content.is_key_judgement:
        return "KEY JUDGEMENT"
    if content.is_assumption:
        return "KEY ASSUMPTION"
    return "CLAIM"


def judgement_sentence(board: Board, assessment: ClaimAssessment) -> str:
    """One sentence: the claim, the analyst's likelihood and confidence, then the status."""
    card = board.cards[assessment.claim_id]
    content = _claim(card)
    said = (
        f"judges it {likelihood_words(content.likelihood)}"
        if content.likelihood
        else "gives no likelihood"
    )
    confidence = (
        " and states no confidence"
        if content.confidence is Confidence.UNASSESSED
        else f", with {content.confidence.value} confidence"
    )
    return (
        f"{quoted_title(card)}: the analyst {said}{confidence}; sourcing status: "
        f"{assessment.status.words} ({_origins(assessment.independent_origin_count)})."
    )


def _origins(count: int) -> str:
    return "1 independent origin" if count == 1 else f"{count} independent origins"
