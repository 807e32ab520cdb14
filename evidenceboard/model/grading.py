"""Source reliability and information credibility grading.

A grading is stored as (scheme, source grade, information grade) so that boards can use
the NATO/Admiralty code (A-F, 1-6, the default), the UK 5x5x5 scheme or another one
without a schema change. Schemes are data: each grade has a code, a label and a rank
(lower is better) that the analysis uses to weigh evidence. "Cannot be judged" grades
carry no rank.
"""

import re
from dataclasses import dataclass

from evidenceboard.model.errors import InvalidValueError


@dataclass(frozen=True, slots=True)
class Grade:
    """One step of a grading scale."""

    code: str
    label: str
    #: 0 = best; None = cannot be judged (carries no weight either way).
    rank: int | None


@dataclass(frozen=True, slots=True)
class GradingScheme:
    """A named pair of scales: the reliability of the source and the credibility of the item."""

    key: str
    name: str
    source_grades: tuple[Grade, ...]
    information_grades: tuple[Grade, ...]

    def source_grade(self, code: str) -> Grade | None:
        return _grade_index(self)[0].get(code)

    def information_grade(self, code: str) -> Grade | None:
        return _grade_index(self)[1].get(code)


_GradeIndex = tuple[dict[str, Grade], dict[str, Grade]]
_INDEXES: dict[int, tuple[GradingScheme, _GradeIndex]] = {}


def _grade_index(scheme: GradingScheme) -> _GradeIndex:
    # Boards hold thousands of graded cards; look grades up by code, not by scanning.
    # Keyed by identity (hashing a scheme hashes every grade of it on each lookup); the
    # entry keeps its scheme alive, so the id cannot be reused by another object.
    entry = _INDEXES.get(id(scheme))
    if entry is None:
        index = (
            {g.code: g for g in scheme.source_grades},
            {g.code: g for g in scheme.information_grades},
        )
        entry = _INDEXES[id(scheme)] = (scheme, index)
    return entry[1]


NATO_ADMIRALTY = GradingScheme(
    key="nato",
    name="NATO / Admiralty code",
    source_grades=(
        Grade("A", "Completely reliable", 0),
        Grade("B", "Usually reliable", 1),
        Grade("C", "Fairly reliable", 2),
        Grade("D", "Not usually reliable", 3),
        Grade("E", "Unreliable", 4),
        Grade("F", "Reliability cannot be judged", None),
    ),
    information_grades=(
        Grade("1", "Confirmed by other sources", 0),
        Grade("2", "Probably true", 1),
        Grade("3", "Possibly true", 2),
        Grade("4", "Doubtful", 3),
        Grade("5", "Improbable", 4),
        Grade("6", "Truth cannot be judged", None),
    ),
)

UK_5X5X5 = GradingScheme(
    key="uk5x5x5",
    name="UK 5x5x5",
    source_grades=(
        Grade("A", "Always reliable", 0),
        Grade("B", "Mostly reliable", 1),
        Grade("C", "Sometimes reliable", 2),
        Grade("D", "Unreliable", 3),
        Grade("E", "Untested source", None),
    ),
    information_grades=(
        Grade("1", "Known to be true without reservation", 0),
        Grade("2", "Known personally to source but not to officer", 1),
        Grade("3", "Not personally known to source but corroborated", 2),
        Grade("4", "Cannot be judged", None),
        Grade("5", "Suspected to be false or malicious", 4),
    ),
)

SCHEMES: dict[str, GradingScheme] = {s.key: s for s in (NATO_ADMIRALTY, UK_5X5X5)}
DEFAULT_SCHEME = NATO_ADMIRALTY


@dataclass(frozen=True, slots=True)
class Grading:
    """A grade given to a card: scheme key, source grade code, information grade code."""

    scheme: str
    source: str
    information: str

    def __post_init__(self) -> None:
        scheme = SCHEMES.get(self.scheme)
        if scheme is None:
            raise InvalidValueError(f"Unknown grading scheme “{self.scheme}”.")
        if scheme.source_grade(self.source) is None:
            codes = ", ".join(g.code for g in scheme.source_grades)
            raise InvalidValueError(
                f"“{self.source}” is not a source grade in {scheme.name} (use one of {codes})."
            )
        if scheme.information_grade(self.information) is None:
            codes = ", ".join(g.code for g in scheme.information_grades)
            raise InvalidValueError(
                f"“{self.information}” is not an information grade in {scheme.name} "
                f"(use one of {codes})."
            )

    @property
    def code(self) -> str:
        """The short form shown on a card, such as ``B2``."""
        return f"{self.source}{self.information}"

    @property
    def grading_scheme(self) -> GradingScheme:
        return SCHEMES[self.scheme]

    @property
    def source_rank(self) -> int | None:
        grade = self.grading_scheme.source_grade(self.source)
        return grade.rank if grade else None

    @property
    def information_rank(self) -> int | None:
        grade = self.grading_scheme.information_grade(self.information)
        return grade.rank if grade else None

    def describe(self) -> str:
        """Words for the grade, such as ``B2: Usually reliable, Probably true``."""
        scheme = self.grading_scheme
        source = scheme.source_grade(self.source)
        info = scheme.information_grade(self.information)
        assert source is not None and info is not None
        return f"{self.code}: {source.label}, {info.label}"


_GRADE_RE = re.compile(r"^\s*([A-Za-z])\s*-?\s*([0-9])\s*$")


def parse_grade(text: str, scheme: str = DEFAULT_SCHEME.key) -> Grading:
    """Read a grade such as ``B2`` (or ``b-2``) in the given scheme."""
    match = _GRADE_RE.match(text)
    if match is None:
        raise InvalidValueError(
            f"“{text}” is not a grade: write the source letter and the information digit, as in B2."
        )
    return Grading(scheme, match.group(1).upper(), match.group(2))
