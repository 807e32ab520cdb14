"""Which claims, cards and sources a brief covers, decided once from the options.

Claims come in reading order: hypotheses first, then the other claims, each group by
title. The sources appendix holds every article and document that the chosen claims
cite (directly or through ``derived_from`` chains), plus any chosen card of those kinds,
so every internal reference in a claim section has a destination.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from evidenceboard.analysis import BoardAnalysis, assess_board
from evidenceboard.analysis.hypotheses import AchMatrix
from evidenceboard.export.brief.options import BriefError, BriefOptions
from evidenceboard.model.board import Board
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.clock import partial_date_sort_key
from evidenceboard.model.errors import ChangeError
from evidenceboard.model.frames import is_frame, members, with_members
from evidenceboard.model.links import LinkKind
from evidenceboard.model.markings import Marking

_SOURCE_KINDS = (CardKind.ARTICLE, CardKind.DOCUMENT)


@dataclass(frozen=True, slots=True)
class BriefScope:
    board: Board
    analysis: BoardAnalysis
    claims: tuple[Card, ...]
    diagram_ids: tuple[str, ...]
    sources: tuple[Card, ...]
    #: Ids of the sources that get an entry (and so an anchor) in the appendix.
    anchored_sources: frozenset[str]
    #: Ids of the claims that get a section (and so an anchor).
    anchored_claims: frozenset[str]
    #: Card id → portion mark ("(S)") of every marked card the brief holds.
    portions: Mapping[str, str] = field(default_factory=dict)
    #: Card id → marking, read in the board's scheme (empty when markings do not compare).
    markings: Mapping[str, Marking] = field(default_factory=dict)
    #: The cards a brief of some claims or of one frame may name; None for the whole
    #: board. The board-wide parts (what to look at next, the ACH matrix) keep to them,
    #: so a brief of one frame never names a card from outside it.
    within: frozenset[str] | None = None

    def names_only_cards_within(self, ids: Iterable[str]) -> bool:
        return self.within is None or all(i in self.within for i in ids)


def resolve_ids(board: Board, ids: tuple[str, ...]) -> list[str]:
    resolved = []
    for prefix in ids:
        # Whole ids (the dialog's choices) are looked up directly: resolving a prefix
        # scans the board, and doing it per claim grows with the square of the board.
        if prefix in board.cards:
            resolved.append(prefix)
            continue
        try:
            resolved.append(board.resolve_id(prefix))
        except ChangeError as exc:
            raise BriefError(str(exc)) from None
    return list(dict.fromkeys(resolved))


def _claim_order(card: Card) -> tuple[int, str]:
    hypothesis = bool(getattr(card.content, "is_hypothesis", False))
    return (0 if hypothesis else 1, card.display_title.casefold())


def _source_order(card: Card) -> tuple[str, str]:
    content = card.content
    date = getattr(content, "published", "") or getattr(content, "date", "")
    return (partial_date_sort_key(date), card.display_title.casefold())


def _frame_options(board: Board, options: BriefOptions, frame_ref: str) -> BriefOptions:
    """A brief of one frame: the claims it holds, and its cards in the diagram."""
    (frame_id,) = resolve_ids(board, (frame_ref,))
    frame = board.cards.get(frame_id)
    if frame is None or not is_frame(frame):
        raise BriefError(f"{frame_ref[:8]} is not a frame on this board.")
    held = members(board, frame)
    claims = tuple(i for i in held if board.cards[i].kind is CardKind.CLAIM)
    chosen = options.claim_ids if options.claim_ids is not None else claims
    return replace(options, frame_id=None, claim_ids=chosen, card_ids=held)


def decide_scope(
    board: Board,
    options: BriefOptions,
    *,
    claims_section: bool,
    sources_section: bool,
) -> BriefScope:
    """Work out what the brief covers; raises :class:`BriefError` for unknown ids."""
    if options.frame_id is not None:
        options = _frame_options(board, options, options.frame_id)
    if options.claim_ids is not None:
        claim_ids = resolve_ids(board, options.claim_ids)
        not_claims = [i for i in claim_ids if board.cards.get(i, None) is None]
        not_claims += [
            i for i in claim_ids if i in board.cards and board.cards[i].kind is not CardKind.CLAIM
        ]
        if not_claims:
            raise BriefError(f"{not_claims[0][:8]} is not a claim card on this board.")
        claims = [board.cards[i] for i in claim_ids]
    else:
        claims = list(board.cards_of_kind(CardKind.CLAIM))
    claims.sort(key=_claim_order)

    cited: dict[str, None] = {}
    for claim in claims:
        for link in board.links_of(claim.id):
            if link.target == claim.id and link.kind in (
                LinkKind.CORROBORATES,
                LinkKind.CONTRADICTS,
            ):
                cited[link.source] = None
    # Follow derived_from chains so the origin of a repeated report is cited too.
    frontier = list(cited)
    while frontier:
        card_id = frontier.pop()
        for link in board.links_of(card_id):
            if (
                link.source == card_id
                and link.kind is LinkKind.DERIVED_FROM
                and link.target not in cited
            ):
                cited[link.target] = None
                frontier.append(link.target)

    if options.card_ids is not None:
        # A frame chosen stands for the cards it holds: a brief of one frame.
        picked = [i for i in resolve_ids(board, options.card_ids) if i in board.cards]
        chosen = with_members(board, picked)
        diagram_ids = list(dict.fromkeys([*chosen]))
    elif options.claim_ids is not None:
        chosen = []
        diagram_ids = list(dict.fromkeys([*(c.id for c in claims), *cited]))
    else:
        chosen = list(board.cards)
        diagram_ids = list(board.cards)
    # A frame is a region of the canvas, not an item the diagram draws.
    diagram_ids = [i for i in diagram_ids if not is_frame(board.cards[i])]

    source_ids = dict.fromkeys([*cited, *chosen])
    sources = sorted(
        (board.cards[i] for i in source_ids if board.cards[i].kind in _SOURCE_KINDS),
        key=_source_order,
    )
    scoped = options.card_ids is not None or options.claim_ids is not None
    within = frozenset([*(c.id for c in claims), *cited, *chosen, *diagram_ids]) if scoped else None
    analysis = assess_board(board)
    if within is not None:
        analysis = replace(analysis, ach=_ach_within(analysis.ach, within))
    return BriefScope(
        board=board,
        analysis=analysis,
        within=within,
        claims=tuple(claims),
        diagram_ids=tuple(diagram_ids),
        sources=tuple(sources),
        anchored_sources=frozenset(c.id for c in sources) if sources_section else frozenset(),
        anchored_claims=frozenset(c.id for c in claims) if claims_section else frozenset(),
    )


def _ach_within(matrix: AchMatrix, within: frozenset[str]) -> AchMatrix:
    """The matrix of the hypotheses and the evidence a scoped brief covers.

    Ranks and cells are those of the whole board's analysis, only fewer of them: a
    hypothesis does not rank better in a brief because its rivals were left out. The
    counts beside each hypothesis are of the rows shown, so they add up on the page.
    """
    columns = [i for i, h in enumerate(matrix.hypothesis_ids) if h in within]
    kept = {matrix.hypothesis_ids[i] for i in columns}
    rows = []
    for row in matrix.rows:
        evidence = tuple(i for i in row.evidence_ids if i in within)
        if not evidence:
            continue
        lead = row.evidence_id if row.evidence_id in within else evidence[0]
        cells = tuple(row.cells[i] for i in columns)
        rows.append(replace(row, evidence_id=lead, evidence_ids=evidence, cells=cells))
    hypothesis_ids = tuple(h for h in matrix.hypothesis_ids if h in kept)
    column = {h: i for i, h in enumerate(hypothesis_ids)}
    ranking = tuple(
        replace(
            score,
            inconsistent_count=sum(
                1 for r in rows if r.cells[column[score.hypothesis_id]].weight < 0
            ),
            unassessed=sum(1 for r in rows if not r.cells[column[score.hypothesis_id]].assessed),
        )
        for score in matrix.ranking
        if score.hypothesis_id in kept
    )
    return replace(
        matrix,
        hypothesis_ids=hypothesis_ids,
        rows=tuple(rows),
        ranking=ranking,
        labels={h: label for h, label in matrix.labels.items() if h in kept},
    )
