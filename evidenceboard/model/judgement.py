"""The analyst's own judgements: likelihood words from a published yardstick, ACH marks.

Likelihood
    A claim may carry the analyst's likelihood as one term of a published probability
    yardstick. The term is stored with its yardstick (``phia.likely``,
    ``icd203.very_likely``), so a board that switches yardstick never relabels a
    judgement someone made with the other one: the two scales cut the range in
    different places, and translating would put words in the analyst's mouth. The
    board's ``judgement.yardstick`` setting only chooses which terms are offered.
    The words are never mixed with the computed sourcing status, and no number is
    shown beside them: the ranges belong to the yardstick's own documentation.

ACH marks
    An analyst's reading of one cell of the matrix of competing hypotheses: the
    evidence card and the hypothesis, and whether the evidence is consistent,
    inconsistent, neutral or not applicable. A mark wins over what the links say. Marks
    are keyed by (evidence id, hypothesis id); a mark whose card is no longer on the
    board is kept (an undo may bring the card back) and the analysis ignores it.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from evidenceboard.model.errors import InvalidValueError
from evidenceboard.model.ids import is_valid_id

#: The board setting naming the yardstick new likelihoods are taken from.
YARDSTICK_SETTING = "judgement.yardstick"
DEFAULT_YARDSTICK = "phia"

#: Each yardstick's terms, least to most likely: (key, words).
YARDSTICKS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "phia": (
        "UK PHIA probability yardstick",
        (
            ("remote_chance", "remote chance"),
            ("highly_unlikely", "highly unlikely"),
            ("unlikely", "unlikely"),
            ("realistic_possibility", "realistic possibility"),
            ("likely", "likely"),
            ("highly_likely", "highly likely"),
            ("almost_certain", "almost certain"),
        ),
    ),
    "icd203": (
        "US ICD 203 likelihood terms",
        (
            ("almost_no_chance", "almost no chance"),
            ("very_unlikely", "very unlikely"),
            ("unlikely", "unlikely"),
            ("roughly_even_chance", "roughly even chance"),
            ("likely", "likely"),
            ("very_likely", "very likely"),
            ("almost_certain", "almost certain"),
        ),
    ),
}


def yardstick_of(setting: str | None) -> str:
    """The yardstick a board setting names, or the default for an unknown or unset one."""
    return setting if setting in YARDSTICKS else DEFAULT_YARDSTICK


def likelihood_terms(yardstick: str) -> tuple[tuple[str, str], ...]:
    """``(stored value, words)`` of each term of the yardstick, least likely first."""
    return tuple((f"{yardstick}.{key}", words) for key, words in YARDSTICKS[yardstick][1])


_ALL_TERMS = {value: words for name in YARDSTICKS for value, words in likelihood_terms(name)}


def check_likelihood(value: str) -> None:
    if value and value not in _ALL_TERMS:
        raise InvalidValueError(f"“{value[:60]}” is not a likelihood term of a known yardstick.")


def likelihood_words(value: str) -> str:
    """``highly likely``; empty when the analyst gave no likelihood."""
    return _ALL_TERMS.get(value, "")


def parse_likelihood(text: str, yardstick: str) -> str:
    """The stored value for words typed by a user (``highly likely``, ``highly_likely``).

    The board's yardstick is tried first, then the others, so ``phia.likely`` and
    ``likely`` both work; an empty text clears the likelihood.
    """
    wanted = text.strip().casefold().replace("-", " ").replace("_", " ")
    if not wanted:
        return ""
    if text.strip() in _ALL_TERMS:
        return text.strip()
    for name in (yardstick, *sorted(YARDSTICKS)):
        for value, words in likelihood_terms(name):
            if words == wanted:
                return value
    offered = ", ".join(words for _value, words in likelihood_terms(yardstick))
    raise InvalidValueError(f"“{text[:60]}” is not a likelihood term; use one of: {offered}.")


class CellMark(StrEnum):
    """An analyst's reading of one ACH cell."""

    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    NEUTRAL = "neutral"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True, slots=True)
class AchMark:
    evidence_id: str
    hypothesis_id: str
    consistency: CellMark
    marked_by: str
    marked_at: datetime

    def __post_init__(self) -> None:
        if not (is_valid_id(self.evidence_id) and is_valid_id(self.hypothesis_id)):
            raise InvalidValueError("An ACH mark names an evidence card and a hypothesis by id.")
        if self.evidence_id == self.hypothesis_id:
            raise InvalidValueError("An ACH mark cannot be set on a hypothesis against itself.")
        if not isinstance(self.consistency, CellMark):
            raise InvalidValueError("Unknown ACH mark.")
        if not isinstance(self.marked_by, str) or len(self.marked_by) > 1000:
            raise InvalidValueError("The author of an ACH mark is not valid.")

    @property
    def key(self) -> tuple[str, str]:
        return (self.evidence_id, self.hypothesis_id)
