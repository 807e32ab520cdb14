"""The handling marking of a brief: the banner, the portion marks and what is left out.

The banner is the highest marking of what the brief holds: the board's own marking (its
title and description are on the cover) and the marking of every card it quotes, cites,
draws or names. A marking asked for that is lower is refused with
:class:`MarkingRefused`, unless the caller asks to leave out the cards marked above it
(:func:`leave_out_above`), which it does before anything else is decided, so that no
trace of them (a title in a diagram, a count) reaches the brief. A marking the board's
scheme cannot read is never guessed at: the brief is refused, naming it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from evidenceboard.export.brief.options import BriefError
from evidenceboard.export.brief.scope import BriefScope
from evidenceboard.model.board import Board
from evidenceboard.model.claimants import claimant_of
from evidenceboard.model.markings import (
    DETECT_ORDER,
    Marking,
    Scheme,
    built_in,
    configured_scheme,
    highest,
    scheme_for,
)


class MarkingRefused(BriefError):
    """The brief would be marked lower than what it holds; the message says why."""

    def __init__(self, message: str, *, higher_cards: int = 0, highest_label: str = "") -> None:
        super().__init__(message)
        #: How many cards of the brief are marked above (or outside) the asked marking.
        self.higher_cards = higher_cards
        #: The lowest marking the brief could carry as it is ("" when unknown).
        self.highest_label = highest_label


@dataclass(frozen=True, slots=True)
class MarkingPlan:
    #: Printed at the top and bottom of every page ("" for an unmarked brief).
    banner: str
    #: Card id → portion mark, e.g. "(S)", for every marked card the brief holds.
    portions: Mapping[str, str] = field(default_factory=dict)
    #: The scheme the markings were read in, or None (no markings, or one text for all).
    scheme: Scheme | None = None
    #: Card id → its marking in ``scheme`` (the board's for unmarked cards).
    markings: Mapping[str, Marking] = field(default_factory=dict)


def _scheme_or_refuse(board: Board, texts: list[str]) -> Scheme | None:
    scheme = scheme_for(board.info, texts)
    if scheme is not None:
        return scheme
    configured = configured_scheme(board.info)
    if configured is not None:
        known = f"the board's scheme ({configured.name.words})"
        unread = [t for t in texts if not configured.reads(t)]
    else:
        known = "one scheme that reads every marking of the brief"
        unread = [t for t in texts if not any(built_in(n).reads(t) for n in DETECT_ORDER)]
    example = (unread or texts)[0].strip()
    raise MarkingRefused(
        f"The marking “{example}” is not a level of {known}, so the brief's markings cannot "
        "be compared. Set the board's marking scheme (command: evidenceboard marking FILE "
        "--scheme …, or the board details in the window), or correct the marking.",
        higher_cards=sum(1 for t in texts if t.strip().casefold() == example.casefold()),
    )


def leave_out_above(board: Board, requested: str) -> tuple[Board, list[str]]:
    """The board without the cards marked above ``requested`` (or outside its scheme)."""
    if not requested.strip():
        raise BriefError("Leaving out higher-marked cards needs the marking to brief at.")
    scheme = scheme_for(board.info, [requested])
    if scheme is None:
        _scheme_or_refuse(board, [requested])
        raise AssertionError("unreachable")  # pragma: no cover
    limit = scheme.parse(requested)
    board_marking = scheme.parse(board.info.handling) if board.info.handling.strip() else None
    if board_marking is not None and not board_marking.at_or_below(limit):
        raise MarkingRefused(
            f"The board itself is marked {board_marking.label}; a brief of it cannot be "
            f"marked {limit.label}, whichever cards are left out.",
            highest_label=board_marking.label,
        )
    above = [
        card.id
        for card in board.cards.values()
        if card.handling.strip()
        and not (scheme.reads(card.handling) and scheme.parse(card.handling).at_or_below(limit))
    ]
    if not above:
        return board, []
    kept = board.scratch_copy()
    kept.apply(kept.removal_of(above))
    return kept, above


def held_card_ids(scope: BriefScope) -> list[str]:
    """Every card whose words or title the brief may show."""
    board = scope.board
    ids = dict.fromkeys([*(c.id for c in scope.claims), *scope.diagram_ids])
    ids.update(dict.fromkeys(c.id for c in scope.sources))
    for claim in scope.claims:
        for link in board.links_of(claim.id):
            ids[link.source] = None
            ids[link.target] = None
        # "Claimed by" prints the name of the person or organisation card.
        maker = claimant_of(board, claim)
        if maker is not None:
            ids[maker.id] = None
    return [i for i in ids if i in board.cards]


def plan_markings(scope: BriefScope, requested: str | None) -> MarkingPlan:
    """Decide the banner and portion marks; raises :class:`MarkingRefused`."""
    board = scope.board
    cards = [board.cards[i] for i in held_card_ids(scope)]
    marked = [c for c in cards if c.handling.strip()]
    held = [m for m in (board.info.handling, *(c.handling for c in marked)) if m.strip()]
    asked = (requested or "").strip()
    if not held:
        return MarkingPlan(banner=asked)
    texts = held + ([asked] if asked else [])
    if len({" ".join(t.split()).casefold() for t in texts}) == 1:
        # One marking for everything: nothing to compare, whatever scheme it belongs to.
        only = " ".join(texts[0].split())
        scheme = scheme_for(board.info, texts)
        portion = scheme.parse(only).portion if scheme else f"({only})"
        return MarkingPlan(only, {c.id: portion for c in marked}, scheme)
    scheme = _scheme_or_refuse(board, texts)
    assert scheme is not None
    parsed = {c.id: scheme.parse(c.handling) for c in marked}
    board_marking = [scheme.parse(board.info.handling)] if board.info.handling.strip() else []
    top = highest([*board_marking, *parsed.values()])
    assert top is not None
    if board_marking:
        # What carries no marking of its own is marked as the board is.
        parsed.update({c.id: board_marking[0] for c in cards if c.id not in parsed})
    portions = {card_id: m.portion for card_id, m in parsed.items()}
    if not asked:
        return MarkingPlan(top.label, portions, scheme, parsed)
    limit = scheme.parse(asked)
    if not top.at_or_below(limit):
        raise _refusal(limit, top, [parsed[c.id] for c in marked], board_marking)
    return MarkingPlan(limit.label, portions, scheme, parsed)


def _refusal(
    limit: Marking, top: Marking, cards: Iterable[Marking], board_marking: list[Marking]
) -> MarkingRefused:
    if board_marking and not board_marking[0].at_or_below(limit):
        return MarkingRefused(
            f"The board itself is marked {board_marking[0].label}; a brief of it cannot be "
            f"marked {limit.label}.",
            highest_label=top.label,
        )
    higher = sum(1 for m in cards if not m.at_or_below(limit))
    return MarkingRefused(
        f"The brief would hold {higher} card{'s' if higher != 1 else ''} marked above "
        f"{limit.label} (the highest is {top.label}). Mark the brief {top.label}, or leave "
        "out the higher-marked cards.",
        higher_cards=higher,
        highest_label=top.label,
    )
