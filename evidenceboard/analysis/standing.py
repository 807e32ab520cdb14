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
thresholds are the board's own (board settings, see :class:`Thresholds`), with the
defaults above; :func:`threshold_lines` says them in words for ``analyze``, the Analysis
dock and the brief. A setting that is missing or not understood (a board from a newer
version, a hostile file) reads as its default.
"""

from dataclasses import dataclass
from enum import StrEnum

from evidenceboard.model.board import BoardInfo
from evidenceboard.model.cards import Card

#: A source grade of this rank or worse marks the origin as unreliable (D).
WEAK_SOURCE_RANK = 3
#: An information grade of this rank or worse marks the item as improbable (5).
WEAK_INFORMATION_RANK = 4
#: Independent origins (credible or unassessed) needed to call a claim corroborated.
CORROBORATION_ORIGINS = 2

#: The board settings holding the thresholds, with the values each may take.
CORROBORATION_SETTING = "analysis.corroboration_origins"
WEAK_RELIABILITY_SETTING = "analysis.weak_reliability"
WEAK_INFORMATION_SETTING = "analysis.weak_information"
CORROBORATION_CHOICES = tuple(str(n) for n in range(1, 6))
#: Reliability letters (NATO/Admiralty and 5x5x5 share A to D); A would make all weak.
RELIABILITY_CHOICES = ("B", "C", "D", "E")
#: Information digits in NATO/Admiralty numbering (5x5x5's 5 ranks as NATO's 5).
INFORMATION_CHOICES = ("2", "3", "4", "5")


@dataclass(frozen=True, slots=True)
class Thresholds:
    """How many origins corroborate, and from which grades an origin counts as weak."""

    corroboration_origins: int = CORROBORATION_ORIGINS
    weak_source_rank: int = WEAK_SOURCE_RANK
    weak_information_rank: int = WEAK_INFORMATION_RANK

    @property
    def weak_reliability(self) -> str:
        return "ABCDE"[self.weak_source_rank]

    @property
    def weak_information(self) -> str:
        return str(self.weak_information_rank + 1)

    @property
    def is_default(self) -> bool:
        return self == DEFAULT_THRESHOLDS

    def settings(self) -> dict[str, str]:
        """The board settings that hold these thresholds."""
        return {
            CORROBORATION_SETTING: str(self.corroboration_origins),
            WEAK_RELIABILITY_SETTING: self.weak_reliability,
            WEAK_INFORMATION_SETTING: self.weak_information,
        }


DEFAULT_THRESHOLDS = Thresholds()


def thresholds_of(info: BoardInfo) -> Thresholds:
    """The board's thresholds, each setting that is missing or not understood at its default."""
    origins = info.setting(CORROBORATION_SETTING)
    reliability = info.setting(WEAK_RELIABILITY_SETTING)
    information = info.setting(WEAK_INFORMATION_SETTING)
    return Thresholds(
        int(origins) if origins in CORROBORATION_CHOICES else CORROBORATION_ORIGINS,
        "ABCDE".index(reliability) if reliability in RELIABILITY_CHOICES else WEAK_SOURCE_RANK,
        int(information) - 1 if information in INFORMATION_CHOICES else WEAK_INFORMATION_RANK,
    )


def check_threshold(key: str, value: str) -> None:
    """Raise ValueError, in words, unless ``value`` is one the threshold ``key`` takes."""
    choices = {
        CORROBORATION_SETTING: CORROBORATION_CHOICES,
        WEAK_RELIABILITY_SETTING: RELIABILITY_CHOICES,
        WEAK_INFORMATION_SETTING: INFORMATION_CHOICES,
    }.get(key)
    if choices is None:
        raise ValueError(f"“{key[:60]}” is not a threshold.")
    if value not in choices:
        raise ValueError(f"{key} takes one of {', '.join(choices)}.")


class Standing(StrEnum):
    CREDIBLE = "credible"
    WEAK = "weak"
    UNASSESSED = "unassessed"


def standing_of(card: Card, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Standing:
    """The standing the card's own grading gives it (the table of the module docstring)."""
    grading = card.grading
    if grading is None:
        return Standing.UNASSESSED
    source, information = grading.source_rank, grading.information_rank
    if (source is not None and source >= thresholds.weak_source_rank) or (
        information is not None and information >= thresholds.weak_information_rank
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


def _reliability_words(rank: int) -> str:
    """``D or E (NATO/Admiralty; D in UK 5x5x5)``: the weak reliability letters."""
    nato = "ABCDE"[rank:]
    uk = "ABCD"[rank:]
    nato_words = " or ".join(nato) if len(nato) <= 2 else f"{nato[0]} to {nato[-1]}"
    uk_words = " or ".join(uk) if len(uk) <= 2 else f"{uk[0]} to {uk[-1]}"
    return f"{nato_words} (NATO/Admiralty; {uk_words or 'none'} in UK 5x5x5)"


def _information_words(rank: int) -> str:
    digits = "".join(str(d) for d in range(rank + 1, 6))
    return "information 5" if digits == "5" else f"information {digits[0]} to 5"


def threshold_lines(thresholds: Thresholds = DEFAULT_THRESHOLDS) -> tuple[str, ...]:
    """The rules above as sentences a reader can check a verdict against."""
    reliability = _reliability_words(thresholds.weak_source_rank)
    information = _information_words(thresholds.weak_information_rank)
    n = thresholds.corroboration_origins
    origins = "1 or more independent origins" if n == 1 else f"{n} or more independent origins"
    board_note = (
        "These are the defaults."
        if thresholds.is_default
        else "This board sets its own thresholds; the defaults are 2 origins, reliability D "
        "and information 5."
    )
    return (
        "Each independent origin counts by its own grade; a report that repeats it "
        "does not raise it.",
        f"Credible: graded, and neither reliability {reliability} nor {information}.",
        f"Weak: reliability {reliability.split(' (')[0]}, or {information}; weak origins "
        "never corroborate a claim.",
        "Unassessed: not graded, or graded “cannot be judged” (F6; E4 in UK 5x5x5); "
        "they still count, and the verdict says so.",
        f"Corroborated: {origins} that are credible or unassessed. Weakly sourced: no "
        "credible origin, at least one weak one, and too few unassessed ones to corroborate. "
        + board_note,
    )


def threshold_sentence(thresholds: Thresholds) -> str:
    """The thresholds in one sentence, for the brief's method and the dock's heading."""
    n = thresholds.corroboration_origins
    return (
        f"A claim is corroborated by {n} or more independent origins that are credible or "
        f"not graded; an origin graded reliability "
        f"{_reliability_words(thresholds.weak_source_rank).split(' (')[0]} or "
        f"{_information_words(thresholds.weak_information_rank)} is weak and never "
        "corroborates" + ("." if thresholds.is_default else " (thresholds set for this board).")
    )
