"""How much an origin's grading lets it count: the thresholds of the analysis, in one place.

Every origin (the card at the end of a derived_from chain, see
:mod:`evidenceboard.analysis.provenance`) is given a *standing* from its own grading. A
report that repeats an origin does not lend it its own grade: an E5 forum post repeated
by an A1 agency is still an E5 origin.

========================  ===============================================================
Standing                  The origin's grading
========================  ===============================================================
``weak``                  a judged source grade of rank 3 or worse (NATO/Admiralty D, E;
                          UK 5x5x5 D), or a judged information grade of rank 4 or worse
                          (NATO 5 "Improbable"; 5x5x5 5 "Suspected to be false")
``credible``              at least one judged grade and none of them weak (A1 to C4, and
                          F1 to F4 or A6 to C6 where one half cannot be judged)
``unassessed``            no grading, or only "cannot be judged" grades (NATO F6,
                          5x5x5 E4)
========================  ===============================================================

The ranks are the scheme's own (0 = best), so both schemes share one rule. The
thresholds are constants here for now; :func:`threshold_lines` says them in words for
``analyze``, the Analysis dock and the brief.
"""

from enum import StrEnum

from evidenceboard.model.cards import Card

#: A source grade of this rank or worse marks the origin as unreliable.
WEAK_SOURCE_RANK = 3
#: An information grade of this rank or worse marks the item as improbable.
WEAK_INFORMATION_RANK = 4
#: Independent origins (credible or unassessed) needed to call a claim corroborated.
CORROBORATION_ORIGINS = 2


class Standing(StrEnum):
    CREDIBLE = "credible"
    WEAK = "weak"
    UNASSESSED = "unassessed"


def standing_of(card: Card) -> Standing:
    """The standing the card's own grading gives it (the table of the module docstring)."""
    grading = card.grading
    if grading is None:
        return Standing.UNASSESSED
    source, information = grading.source_rank, grading.information_rank
    if (source is not None and source >= WEAK_SOURCE_RANK) or (
        information is not None and information >= WEAK_INFORMATION_RANK
    ):
        return Standing.WEAK
    if source is None and information is None:
        return Standing.UNASSESSED
    return Standing.CREDIBLE


def grade_words(card: Card) -> str:
    """``A1``, ``F6, cannot be judged`` or ``not graded``: the origin's grade in a sentence."""
    grading = card.grading
    if grading is None:
        return "not graded"
    if grading.source_rank is None and grading.information_rank is None:
        return f"{grading.code}, cannot be judged"
    return grading.code


def threshold_lines() -> tuple[str, ...]:
    """The rules above as sentences a reader can check a verdict against."""
    return (
        "Each independent origin counts by its own grade; a report that repeats it "
        "does not raise it.",
        "Credible: graded, and neither reliability D or E (NATO/Admiralty; D in UK 5x5x5) "
        "nor information 5.",
        "Weak: reliability D or E, or information 5; weak origins never corroborate a claim.",
        "Unassessed: not graded, or graded “cannot be judged” (F6; E4 in UK 5x5x5); "
        "they still count, and the verdict says so.",
        f"Corroborated: {CORROBORATION_ORIGINS} or more independent origins that are "
        "credible or unassessed. Weakly sourced: no credible origin, at least one weak "
        "one, and too few unassessed ones to corroborate.",
    )
