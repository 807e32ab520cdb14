"""Findings: what an investigator should look at before trusting the board.

Each finding names its kind, a severity, a sentence, and the cards and links it is
about, so the window can select them and the brief can list them.

* ``derived_from_cycle`` (error): reports that, through derived_from links, repeat
  themselves.
* ``circular_reporting`` (warning): two or more items supporting one claim (directly or
  by inference) share an origin, so they are fewer confirmations than they look.
* ``contested`` (warning): a claim with evidence both ways.
* ``single_source`` (warning): a claim whose support counts as one origin.
* ``weakly_sourced`` (warning): a claim whose only graded support is unreliable or
  improbable.
* ``ungraded`` (warning): a claim resting on origins nobody graded, or graded "cannot be
  judged" (F6): they count, but nobody vouched for them.
* ``one_actor`` (warning): one actor (a person or organisation card, or the same words
  of attribution) makes several of the board's claims, so they stand on one voice,
  however many reports carry them.
* ``duplicate_link`` (warning): two or more links with the same ends and kind (older
  boards; new ones are refused); the analysis counts them once.
* ``uncited`` (info): evidence links that cite nothing (no quote or rationale, no URL or
  attachment on the source).
* ``orphan`` (info): cards with no link, in one finding.

*Critical items* (the linchpins) are the origins whose loss (found false, withdrawn)
would change the most claim statuses: each claim is re-assessed without the entries
that rest on that origin alone. Only origins a claim already has are tried, so the cost follows the
number of evidence entries, not the size of the board squared.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from evidenceboard.analysis.actors import MANY_CLAIMS, ActorClaims
from evidenceboard.analysis.assessment import (
    ClaimAssessment,
    ClaimStatus,
    EvidenceEntry,
    decide_status,
    is_uncited,
)
from evidenceboard.analysis.provenance import Provenance
from evidenceboard.analysis.standing import (
    DEFAULT_THRESHOLDS,
    Standing,
    Thresholds,
    grade_words,
)
from evidenceboard.analysis.wording import join_names, name_card, quoted_title
from evidenceboard.model.board import Board
from evidenceboard.model.short_text import plural, shorten


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class FindingKind(StrEnum):
    DERIVED_FROM_CYCLE = "derived_from_cycle"
    CIRCULAR_REPORTING = "circular_reporting"
    CONTESTED = "contested"
    SINGLE_SOURCE = "single_source"
    WEAKLY_SOURCED = "weakly_sourced"
    UNGRADED = "ungraded"
    #: After the claims' own warnings: it is about the board's voices, not one claim.
    ONE_ACTOR = "one_actor"
    DUPLICATE_LINK = "duplicate_link"
    UNCITED = "uncited"
    ORPHAN = "orphan"


@dataclass(frozen=True, slots=True)
class Finding:
    kind: FindingKind
    severity: Severity
    message: str
    card_ids: tuple[str, ...]
    link_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CriticalItem:
    """An origin, and the claims whose status would change if it were lost."""

    card_id: str
    claim_ids: tuple[str, ...]


def _unique(ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def cycle_findings(board: Board, provenance: Provenance) -> list[Finding]:
    findings = []
    for members, link_ids in provenance.cycles:
        names = join_names([name_card(board.cards[m]) for m in members])
        findings.append(
            Finding(
                FindingKind.DERIVED_FROM_CYCLE,
                Severity.ERROR,
                f"Derived-from links go round in a circle between {names}: "
                "a report cannot repeat itself. Remove the link that points the wrong way.",
                members,
                link_ids,
            )
        )
    return findings


def _circular(board: Board, a: ClaimAssessment) -> list[Finding]:
    entries = list(a.supporting) + list(a.inferred_support)
    by_origin: dict[str, list[EvidenceEntry]] = {}
    for entry in entries:
        for origin in entry.origin_ids:
            by_origin.setdefault(origin, []).append(entry)
    findings = []
    claim = quoted_title(board.cards[a.claim_id])
    for origin, group in sorted(by_origin.items()):
        if len(group) < 2:
            continue
        names = join_names([name_card(board.cards[e.card_id]) for e in group])
        findings.append(
            Finding(
                FindingKind.CIRCULAR_REPORTING,
                Severity.WARNING,
                f"Circular reporting: {plural(len(group), 'item')} supporting {claim} "
                f"({names}) all trace back to {name_card(board.cards[origin])}; "
                "they count as one origin.",
                _unique([a.claim_id, *(e.card_id for e in group), origin]),
                tuple(e.link_id for e in group),
            )
        )
    return findings


def actor_findings(board: Board, actors: Iterable[ActorClaims]) -> list[Finding]:
    findings = []
    for actor in actors:
        if len(actor.claim_ids) < MANY_CLAIMS:
            continue
        claims = join_names([quoted_title(board.cards[i]) for i in actor.claim_ids])
        count = plural(len(actor.claim_ids), "claim")
        findings.append(
            Finding(
                FindingKind.ONE_ACTOR,
                Severity.WARNING,
                f"One voice: {shorten(actor.name, 80)} makes {count} ({claims}); "
                "however many reports carry them, they rest on one actor's word.",
                _unique([*([actor.card_id] if actor.card_id else []), *actor.claim_ids]),
            )
        )
    return findings


def claim_findings(board: Board, assessments: Iterable[ClaimAssessment]) -> list[Finding]:
    findings: list[Finding] = []
    for a in assessments:
        claim = quoted_title(board.cards[a.claim_id])
        findings += _circular(board, a)
        if a.status is ClaimStatus.CONTESTED:
            findings.append(
                Finding(
                    FindingKind.CONTESTED,
                    Severity.WARNING,
                    f"The claim {claim} is contested: "
                    f"{plural(len(a.supporting), 'item supports', 'items support')} it and "
                    f"{plural(len(a.contradicting), 'item contradicts', 'items contradict')} it.",
                    _unique([a.claim_id, *(e.card_id for e in a.supporting + a.contradicting)]),
                    tuple(e.link_id for e in a.supporting + a.contradicting),
                )
            )
        counting = [o for o in a.support_origins if a.standings[o] is not Standing.WEAK]
        if len(counting) == 1 and a.status is not ClaimStatus.WEAKLY_SOURCED:
            origin = board.cards[counting[0]]
            findings.append(
                Finding(
                    FindingKind.SINGLE_SOURCE,
                    Severity.WARNING,
                    f"The claim {claim} rests on a single origin: {name_card(origin)}.",
                    _unique([a.claim_id, origin.id, *(e.card_id for e in a.supporting)]),
                    tuple(e.link_id for e in a.supporting),
                )
            )
        if a.status is ClaimStatus.WEAKLY_SOURCED:
            weak = [o for o in a.support_origins if a.standings[o] is Standing.WEAK]
            findings.append(
                Finding(
                    FindingKind.WEAKLY_SOURCED,
                    Severity.WARNING,
                    f"The claim {claim} is weakly sourced: its graded support comes only "
                    f"from unreliable or improbable origins ({_graded_names(board, weak)}).",
                    _unique([a.claim_id, *weak, *(e.card_id for e in a.supporting)]),
                    tuple(e.link_id for e in a.supporting),
                )
            )
        unassessed = [o for o in a.support_origins if a.standings[o] is Standing.UNASSESSED]
        if unassessed:
            findings.append(
                Finding(
                    FindingKind.UNGRADED,
                    Severity.WARNING,
                    f"The claim {claim} rests on {plural(len(unassessed), 'origin')} nobody "
                    f"graded or could judge: {_graded_names(board, unassessed)}.",
                    _unique([a.claim_id, *unassessed]),
                    tuple(e.link_id for e in a.supporting if set(e.origin_ids) & set(unassessed)),
                )
            )
        uncited = [
            e
            for e in a.supporting + a.contradicting
            if is_uncited(board.links[e.link_id], board.cards[e.card_id])
        ]
        if uncited:
            names = join_names([name_card(board.cards[e.card_id]) for e in uncited])
            findings.append(
                Finding(
                    FindingKind.UNCITED,
                    Severity.INFO,
                    f"Evidence on the claim {claim} cites nothing (no quote or rationale on "
                    f"the link, no URL or attachment on the source): {names}.",
                    _unique([a.claim_id, *(e.card_id for e in uncited)]),
                    tuple(e.link_id for e in uncited),
                )
            )
    return findings


def _graded_names(board: Board, ids: Iterable[str]) -> str:
    return join_names([f"{name_card(board.cards[i])}, {grade_words(board.cards[i])}" for i in ids])


def duplicate_findings(board: Board) -> list[Finding]:
    """Links with the same ends and kind: refused today, possible in older boards."""
    first: dict[tuple[str, str, str], str] = {}
    twins: dict[tuple[str, str, str], list[str]] = {}
    for link in board.links.values():
        # The kind is a StrEnum, so it is the str itself: no ``.value`` lookup per link.
        ends: tuple[str, str, str] = (link.source, link.target, link.kind)
        if ends in first:
            twins.setdefault(ends, [first[ends]]).append(link.id)
        else:
            first[ends] = link.id
    findings = []
    # Only the duplicates are sorted: a board holds tens of thousands of links, few twins.
    for (source, target, kind), ids in sorted(twins.items()):
        a, b = name_card(board.cards[source]), name_card(board.cards[target])
        findings.append(
            Finding(
                FindingKind.DUPLICATE_LINK,
                Severity.WARNING,
                f"{plural(len(ids), 'link')} from {a} to {b} say the same thing "
                f"({kind.replace('_', ' ')}); they count once. Remove the extra ones.",
                (source, target),
                tuple(sorted(ids)),
            )
        )
    return findings


def orphan_findings(board: Board, orphans: tuple[str, ...]) -> list[Finding]:
    if not orphans:
        return []
    shown = [name_card(board.cards[o]) for o in orphans[:5]]
    more = f" and {len(orphans) - 5} more" if len(orphans) > 5 else ""
    return [
        Finding(
            FindingKind.ORPHAN,
            Severity.INFO,
            f"{plural(len(orphans), 'card has', 'cards have')} no link: {join_names(shown)}{more}.",
            orphans,
        )
    ]


def _status_without(a: ClaimAssessment, origin: str, thresholds: Thresholds) -> ClaimStatus:
    """The claim's status if every entry resting on ``origin`` alone were gone."""

    def keep(e: EvidenceEntry) -> bool:
        return e.origin_ids != (origin,)

    support = [e for e in a.supporting if keep(e)]
    contra = [e for e in a.contradicting if keep(e)]
    origins = {o for e in support for o in e.origin_ids} - {origin}
    return decide_status(bool(support), bool(contra), (a.standings[o] for o in origins), thresholds)


def critical_items(
    assessments: Iterable[ClaimAssessment],
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    top: int = 10,
) -> tuple[CriticalItem, ...]:
    affected: dict[str, list[str]] = {}
    for a in assessments:
        for origin in sorted(set(a.support_origins) | set(a.contradiction_origins)):
            if _status_without(a, origin, thresholds) is not a.status:
                affected.setdefault(origin, []).append(a.claim_id)
    ranked = sorted(affected.items(), key=lambda item: (-len(item[1]), item[0]))[:top]
    return tuple(CriticalItem(card_id, tuple(claims)) for card_id, claims in ranked)
