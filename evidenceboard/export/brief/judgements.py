"""The brief's opening: key judgements, key assumptions and the information cut-off.

A reader who reads one page reads this one. Each key judgement is one sentence in the
words of ``analyze`` and the Analysis dock (:func:`~evidenceboard.analysis.judgements.
judgement_sentence`): the analyst's likelihood and confidence first, then the computed
sourcing status, each named for what it is, so the two are never read as one. When the
analyst marked no claim as key, the top claims by sourcing stand in, and the section
says so. The thresholds the statuses follow are stated here in one sentence, and in
full on the cover.

Every board string reaches reportlab through :class:`BriefText`.
"""

from datetime import datetime

from reportlab.platypus import Flowable, Spacer

from evidenceboard.analysis.standing import threshold_sentence
from evidenceboard.export.brief.markup import escape_text
from evidenceboard.export.brief.page import chapter_heading
from evidenceboard.export.brief.scope import BriefScope
from evidenceboard.export.brief.styles import FRAME_WIDTH
from evidenceboard.export.brief.text import BriefText


def information_cut_off(scope: BriefScope) -> datetime | None:
    """The latest change to any card or link the brief draws on (None for an empty brief)."""
    board = scope.board
    cards = {c.id: c for c in (*scope.claims, *scope.sources)}
    stamps = [c.modified_at for c in cards.values()]
    stamps += [
        link.modified_at
        for link in board.links.values()
        if link.source in cards and link.target in cards
    ]
    return max(stamps, default=None)


def key_judgements(scope: BriefScope, text: BriefText) -> list[Flowable]:
    """The Key judgements section, then the key assumptions and the cut-off date."""
    styles = text.styles
    analysis = scope.analysis
    in_brief = {c.id for c in scope.claims}
    chosen = [i for i in analysis.key_judgements.claim_ids if i in in_brief]
    flowables: list[Flowable] = [chapter_heading("Key judgements", styles, "key-judgements")]
    if analysis.key_judgements.marked:
        lead = "The claims the analyst marked as key judgements."
    else:
        lead = (
            "No claim is marked as a key judgement; these are the best-sourced claims of the brief."
        )
    flowables.append(text.parsed(escape_text(lead), styles.meta))
    for number, claim_id in enumerate(chosen, start=1):
        flowables += text.paragraphs(
            analysis.judgement_sentences[claim_id],
            styles.body,
            FRAME_WIDTH,
            prefix=f"<b>{number}.</b> ",
        )
    if not chosen:
        flowables.append(
            text.parsed("No claim in this brief has supporting evidence.", styles.body)
        )
    assumptions = [i for i in analysis.assumptions if i in in_brief]
    if assumptions:
        flowables.append(text.parsed("Key assumptions", styles.h3))
        for claim_id in assumptions:
            flowables += text.paragraphs(
                analysis.judgement_sentences[claim_id], styles.body, FRAME_WIDTH, prefix="• "
            )
    cut_off = information_cut_off(scope)
    when = cut_off.strftime("%d %B %Y, %H:%M UTC") if cut_off else "no information"
    flowables += [
        Spacer(1, 4),
        text.parsed(
            escape_text(
                f"Information cut-off: {when} (the latest change to the cards and links "
                "this brief draws on). Likelihood and confidence are the analyst's; the "
                f"sourcing status is computed. {threshold_sentence(analysis.thresholds)}"
            ),
            styles.meta,
        ),
        Spacer(1, 10),
    ]
    return flowables
