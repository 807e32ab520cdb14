"""Claim assessment: what supports and what contradicts each claim, counted in origins.

Evidence
    A *direct* entry is a ``corroborates`` or ``contradicts`` link to the claim from a
    card that is not a claim (a report, a document, a note). Its origins come from
    :mod:`evidenceboard.analysis.provenance`: the ends of its derived_from chains. Two
    links with the same ends and kind (possible in boards written before duplicates were
    refused) count once, as the link with the lower id.

    A link from another claim X to the claim Y is an *inference*, not a second report:
    the evidence behind X was about X. It is kept as an *inferred* entry carrying X's own
    direct supporting origins (one level only: X's inferred support is not followed
    further, so no chain of claims can loop back on itself and the cost stays linear).
    Inferred entries are shown, weighed and checked for circular reporting, but they
    never count as independent corroboration: otherwise one well-sourced fact (Israel's
    strikes, on the demo board) would make any claim it is linked to look corroborated.

Grading
    Each supporting origin has a *standing* from the origin card's own grade (credible,
    weak or unassessed; thresholds in :mod:`evidenceboard.analysis.standing`). A report
    that repeats an origin does not upgrade it. Counts below are of distinct origins of
    the direct supporting entries: ``c`` credible, ``u`` unassessed, ``w`` weak.

Status (first rule that applies)
    ===================================  ================  ==============================
    Direct evidence                      Status            Example
    ===================================  ================  ==============================
    support and contradiction            ``contested``     A1 for, E5 against
    ``c + u >= n`` (n: the board's       ``corroborated``  A1 + B2; A1 + ungraded;
    corroboration threshold, default 2)                    two ungraded ("neither graded")
    ``c = 0`` and ``w >= 1``             ``weakly-         E5 alone; E5 + D4;
                                         sourced``         E5 + F6 (one unassessed)
    ``2 <= c + u < n``                   ``uncor-          A1 + B2 when n is 3
                                         roborated``
    ``c + u = 1``                        ``single-source`` A1 alone; A1 + E5 (the weak
                                                           one does not count); F6 alone
    no direct support                    ``unsupported``   only inferred or contradicted
    ===================================  ================  ==============================

    A derived chain takes its origin's standing: an A1 report repeating an E5 post is one
    weak origin (weakly sourced); an E5 post repeating an A1 report is one credible
    origin (single-source). The reasons name every origin with its grade.

Weight
    ``weight = link strength weight x grade factor`` is kept for the JSON and for the
    ACH matrix, never shown as a bare number. The grade factor of a card is the mean over
    its judged ranks (source, information) of ``1 - 0.2 x rank`` (A1 = 1.0, E5 = 0.2); a
    card with no grading, or only "cannot be judged" grades, gets 0.5. Inferred entries
    are weighed at the link strength x 0.5 (the inference discount).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from evidenceboard.analysis.provenance import Provenance
from evidenceboard.analysis.standing import (
    DEFAULT_THRESHOLDS,
    Standing,
    Thresholds,
    grade_words,
    standing_of,
)
from evidenceboard.analysis.wording import items_noun, join_names, name_card, quoted_title
from evidenceboard.model.board import Board
from evidenceboard.model.cards import ArticleContent, Card, CardKind, DocumentContent
from evidenceboard.model.links import Link, LinkKind
from evidenceboard.model.short_text import plural

UNJUDGED_FACTOR = 0.5
INFERENCE_FACTOR = 0.5


class ClaimStatus(StrEnum):
    UNSUPPORTED = "unsupported"
    WEAKLY_SOURCED = "weakly-sourced"
    SINGLE_SOURCE = "single-source"
    #: Two or more origins count, but fewer than the board's corroboration threshold.
    UNCORROBORATED = "uncorroborated"
    CORROBORATED = "corroborated"
    CONTESTED = "contested"

    @property
    def words(self) -> str:
        """The status as every view shows it: badge, dock, ``analyze`` and the brief."""
        return self.value.replace("-", " ").capitalize()


@dataclass(frozen=True, slots=True)
class EvidenceEntry:
    """One link bearing on a claim, with the origins it traces back to."""

    card_id: str
    link_id: str
    origin_ids: tuple[str, ...]
    weight: float
    #: True for a link from another claim (an inference, see the module docstring).
    inferred: bool = False


@dataclass(frozen=True, slots=True)
class ClaimAssessment:
    claim_id: str
    status: ClaimStatus
    supporting: tuple[EvidenceEntry, ...]
    contradicting: tuple[EvidenceEntry, ...]
    inferred_support: tuple[EvidenceEntry, ...]
    inferred_contradiction: tuple[EvidenceEntry, ...]
    #: Distinct origins of the direct supporting entries, sorted.
    support_origins: tuple[str, ...]
    contradiction_origins: tuple[str, ...]
    support_weight: float
    contradiction_weight: float
    reasons: tuple[str, ...]
    is_hypothesis: bool = False
    #: Standing of every direct supporting and contradicting origin, by origin id.
    standings: dict[str, Standing] = field(default_factory=dict)

    @property
    def independent_origin_count(self) -> int:
        return len(self.support_origins)

    def support_count(self, standing: Standing) -> int:
        """How many distinct supporting origins have this standing."""
        return sum(1 for o in self.support_origins if self.standings[o] is standing)


def grade_factor(card: Card) -> float:
    grading = card.grading
    if grading is None:
        return UNJUDGED_FACTOR
    ranks = [r for r in (grading.source_rank, grading.information_rank) if r is not None]
    if not ranks:
        return UNJUDGED_FACTOR
    return sum(max(0.2, 1.0 - 0.2 * r) for r in ranks) / len(ranks)


def is_uncited(link: Link, source: Card) -> bool:
    """No quote or rationale on the link, and no URL or attachment on its source."""
    if link.quote.strip() or link.rationale.strip():
        return False
    content = source.content
    if isinstance(content, ArticleContent) and content.url.strip():
        return False
    return not (isinstance(content, DocumentContent) and content.attachment)


def decide_status(
    has_support: bool,
    has_contradiction: bool,
    support: Iterable[Standing],
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> ClaimStatus:
    """The status table of the module docstring, from the standings of the supporting origins."""
    standings = list(support)
    if has_support and has_contradiction:
        return ClaimStatus.CONTESTED
    counting = sum(1 for s in standings if s is not Standing.WEAK)
    if counting >= thresholds.corroboration_origins:
        return ClaimStatus.CORROBORATED
    if Standing.WEAK in standings and Standing.CREDIBLE not in standings:
        return ClaimStatus.WEAKLY_SOURCED
    if counting >= 2:
        return ClaimStatus.UNCORROBORATED
    return ClaimStatus.SINGLE_SOURCE if counting == 1 else ClaimStatus.UNSUPPORTED


@dataclass(slots=True)
class _Bearing:
    """Links bearing on one claim, gathered in one pass over the board's links."""

    support: list[Link]
    contra: list[Link]


def gather_bearings(board: Board) -> dict[str, _Bearing]:
    """Corroborating and contradicting links by the claim they point to."""
    bearings: dict[str, _Bearing] = {
        c.id: _Bearing([], []) for c in board.cards.values() if c.kind is CardKind.CLAIM
    }
    seen: set[tuple[str, str, LinkKind]] = set()
    for link in sorted(board.links.values(), key=lambda item: item.id):
        bearing = bearings.get(link.target)
        # A person, an organisation, a place or an event is what evidence is about, not
        # evidence: the report naming them is. Links from them (and between them, which
        # never reach a claim) are never counted, whatever their kind.
        if bearing is None or not board.cards[link.source].kind.is_evidence:
            continue
        ends = (link.source, link.target, link.kind)
        if ends in seen:
            continue
        seen.add(ends)
        if link.kind is LinkKind.CORROBORATES:
            bearing.support.append(link)
        elif link.kind is LinkKind.CONTRADICTS:
            bearing.contra.append(link)
    return bearings


def _direct(board: Board, links: list[Link], provenance: Provenance) -> list[EvidenceEntry]:
    entries = []
    for link in links:
        source = board.cards[link.source]
        if source.kind is CardKind.CLAIM:
            continue
        entries.append(
            EvidenceEntry(
                card_id=source.id,
                link_id=link.id,
                origin_ids=tuple(sorted(provenance.origins_of(source.id))),
                weight=round(link.strength.weight * grade_factor(source), 4),
            )
        )
    return entries


def _origins(entries: list[EvidenceEntry]) -> tuple[str, ...]:
    return tuple(sorted({o for e in entries for o in e.origin_ids}))


def assess_claims(
    board: Board, provenance: Provenance, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> tuple[ClaimAssessment, ...]:
    """Assess every claim of the board, in id order, against the board's thresholds."""
    bearings = gather_bearings(board)
    direct_support: dict[str, list[EvidenceEntry]] = {}
    direct_contra: dict[str, list[EvidenceEntry]] = {}
    for claim_id, bearing in bearings.items():
        direct_support[claim_id] = _direct(board, bearing.support, provenance)
        direct_contra[claim_id] = _direct(board, bearing.contra, provenance)

    def inferred(links: list[Link]) -> list[EvidenceEntry]:
        return [
            EvidenceEntry(
                card_id=link.source,
                link_id=link.id,
                origin_ids=_origins(direct_support[link.source]),
                weight=round(link.strength.weight * INFERENCE_FACTOR, 4),
                inferred=True,
            )
            for link in links
            if link.source in direct_support
        ]

    results = []
    for claim_id in sorted(bearings):
        support, contra = direct_support[claim_id], direct_contra[claim_id]
        in_support = inferred(bearings[claim_id].support)
        in_contra = inferred(bearings[claim_id].contra)
        support_origins, contra_origins = _origins(support), _origins(contra)
        standings = {
            o: standing_of(board.cards[o], thresholds) for o in support_origins + contra_origins
        }
        status = decide_status(
            bool(support), bool(contra), (standings[o] for o in support_origins), thresholds
        )
        claim = board.cards[claim_id]
        support_weight = round(sum(e.weight for e in support + in_support), 4)
        contra_weight = round(sum(e.weight for e in contra + in_contra), 4)
        results.append(
            ClaimAssessment(
                claim_id=claim_id,
                status=status,
                supporting=tuple(support),
                contradicting=tuple(contra),
                inferred_support=tuple(in_support),
                inferred_contradiction=tuple(in_contra),
                support_origins=support_origins,
                contradiction_origins=contra_origins,
                support_weight=support_weight,
                contradiction_weight=contra_weight,
                reasons=tuple(
                    _reasons(
                        board,
                        (status, thresholds),
                        standings,
                        (support, contra),
                        (in_support, in_contra),
                    )
                ),
                is_hypothesis=bool(getattr(claim.content, "is_hypothesis", False)),
                standings=standings,
            )
        )
    return tuple(results)


def _evidence_sentence(board: Board, verb: str, entries: list[EvidenceEntry]) -> str:
    cards = [board.cards[e.card_id] for e in entries]
    one, many = items_noun(cards)
    origins = _origins(entries)
    origin_names = [name_card(board.cards[o]) for o in origins]
    n, k = len(entries), len(origins)
    if n == 1:
        sentence = f"{verb} 1 {one}: {name_card(cards[0])}"
        if origins != (cards[0].id,):
            sentence += f", which traces back to {join_names(origin_names)}"
        return sentence + "."
    if k == 1:
        return f"{verb} {n} {many} that all trace back to 1 origin: {origin_names[0]}."
    if k == n:
        return f"{verb} {n} {many} from {n} independent origins: {join_names(origin_names)}."
    return f"{verb} {n} {many} that trace back to only {k} origins: {join_names(origin_names)}."


def _inferred_sentence(
    board: Board, verb: str, entry: EvidenceEntry, direct_origins: set[str]
) -> str:
    claim = quoted_title(board.cards[entry.card_id])
    if not entry.origin_ids:
        return f"{verb} the claim {claim}, which has no supporting evidence of its own."
    names = join_names([name_card(board.cards[o]) for o in entry.origin_ids])
    sentence = (
        f"{verb} the claim {claim}, which rests on {plural(len(entry.origin_ids), 'origin')} "
        f"({names}); an inference is weighed but not counted as corroboration."
    )
    shared = direct_origins.intersection(entry.origin_ids)
    if shared:
        sentence += (
            f" It shares {plural(len(shared), 'origin')} with the direct evidence, "
            "so it adds nothing independent."
        )
    return sentence


def _named_grades(board: Board, origins: Iterable[str]) -> str:
    return join_names(
        [f"{name_card(board.cards[o])}, {grade_words(board.cards[o])}" for o in origins]
    )


def _standing_sentence(
    board: Board, verb: str, origins: tuple[str, ...], standings: dict[str, Standing]
) -> str:
    """``Supporting origins by grade: 1 credible (…, A1); 1 weak (…, E5).``"""
    if len(origins) == 1:
        # The evidence sentence before this one already names the origin.
        only = origins[0]
        return (
            f"{verb} origin by grade: {standings[only].value} ({grade_words(board.cards[only])})."
        )
    groups: dict[Standing, list[str]] = {s: [] for s in Standing}
    for origin in origins:
        groups[standings[origin]].append(origin)
    parts = [
        f"{len(ids)} {standing.value} ({_named_grades(board, ids)})"
        for standing, ids in groups.items()
        if ids
    ]
    return f"{verb} origins by grade: " + "; ".join(parts) + "."


def _headline(status: ClaimStatus, standings: list[Standing], thresholds: Thresholds) -> str:
    c, w = standings.count(Standing.CREDIBLE), standings.count(Standing.WEAK)
    u = standings.count(Standing.UNASSESSED)
    weak_note = (
        f"; {plural(w, 'weak origin does', 'weak origins do')} not count towards it" if w else ""
    )
    match status:
        case ClaimStatus.CONTESTED:
            return "Contested: the evidence on the board points both ways."
        case ClaimStatus.CORROBORATED:
            n = c + u
            if u == 0:
                graded = "all credible"
            elif c == 0:
                graded = "neither graded" if n == 2 else "none graded"
            else:
                graded = f"{c} credible, {u} not graded or not judged"
            counted = plural(n, "independent origin")
            return f"Corroborated by {counted}, {graded}{weak_note}."
        case ClaimStatus.WEAKLY_SOURCED:
            graded = plural(w, "origin is", "origins are")
            unjudged = f", and only {plural(u, 'origin is')} not graded or not judged" if u else ""
            return (
                f"Weakly sourced: {graded} graded unreliable or improbable, none credible"
                f"{unjudged}."
            )
        case ClaimStatus.UNCORROBORATED:
            return (
                f"Uncorroborated: it rests on {c + u} independent origins that count, fewer "
                f"than the {thresholds.corroboration_origins} this board asks for{weak_note}."
            )
        case ClaimStatus.SINGLE_SOURCE:
            which = "credible" if c else "not graded or not judged"
            return f"Single source: it rests on one independent origin, {which}{weak_note}."
        case ClaimStatus.UNSUPPORTED:
            return "Unsupported: no evidence on the board supports it."


def _reasons(
    board: Board,
    judged: tuple[ClaimStatus, Thresholds],
    standings: dict[str, Standing],
    direct: tuple[list[EvidenceEntry], list[EvidenceEntry]],
    inferred: tuple[list[EvidenceEntry], list[EvidenceEntry]],
) -> list[str]:
    (support, contra), (in_support, in_contra) = direct, inferred
    support_origins = _origins(support)
    status, thresholds = judged
    reasons = [_headline(status, [standings[o] for o in support_origins], thresholds)]
    if support:
        reasons.append(_evidence_sentence(board, "Supported by", support))
        reasons.append(_standing_sentence(board, "Supporting", support_origins, standings))
    if contra:
        reasons.append(_evidence_sentence(board, "Contradicted by", contra))
        reasons.append(_standing_sentence(board, "Contradicting", _origins(contra), standings))
    direct_support = {o for e in support for o in e.origin_ids}
    direct_contra = {o for e in contra for o in e.origin_ids}
    reasons += [
        _inferred_sentence(board, "Also inferred from", e, direct_support) for e in in_support
    ]
    reasons += [_inferred_sentence(board, "Also disputed by", e, direct_contra) for e in in_contra]
    return reasons
