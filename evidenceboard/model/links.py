"""Links between cards: how one piece of evidence bears on another.

A link points from the evidence (or from the report that repeats another) to the claim
it bears on (or to the origin it derives from). ``derived_from`` links are the
provenance edges the analysis follows to find where a report really comes from.
A ``related`` link may carry words ("columnist at", "owns", "flew on"): how two entities
stand to each other. Such links are not evidence, so the analysis never counts them.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from evidenceboard.model.cards import MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, clean_line
from evidenceboard.model.errors import InvalidValueError
from evidenceboard.model.ids import is_valid_id


class LinkKind(StrEnum):
    CORROBORATES = "corroborates"
    CONTRADICTS = "contradicts"
    #: "This report repeats or cites that one": the provenance edge, pointing to the origin.
    DERIVED_FROM = "derived_from"
    RELATED = "related"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


#: Longest words a related link carries: a phrase on a line, not a paragraph.
MAX_LABEL_LENGTH = 200


class Side(StrEnum):
    """The side of a card a line leaves or enters, as JSON Canvas names them."""

    TOP = "top"
    RIGHT = "right"
    BOTTOM = "bottom"
    LEFT = "left"


class End(StrEnum):
    """What a line's end looks like, as JSON Canvas names it."""

    NONE = "none"
    ARROW = "arrow"


#: A JSON Canvas colour: a preset "1" to "6" (the viewer's theme picks the shade) or
#: ``#rrggbb``.
_CANVAS_COLOUR = re.compile(r"^(?:[1-6]|#[0-9a-fA-F]{6})$")


@dataclass(frozen=True, slots=True)
class LinkStyle:
    """How another canvas app drew a line, kept so exporting it gives the same drawing.

    Nothing here means anything to the analysis: a red line is not a contradiction. The
    board draws a link by its kind; these are written back to JSON Canvas as they came.
    """

    colour: str | None = None
    from_side: Side | None = None
    to_side: Side | None = None
    from_end: End | None = None
    to_end: End | None = None

    def __post_init__(self) -> None:
        if self.colour is not None and (
            not isinstance(self.colour, str) or not _CANVAS_COLOUR.match(self.colour)
        ):
            raise InvalidValueError("A line's colour must be a preset 1 to 6 or #rrggbb.")
        for name, kind in (
            ("from_side", Side),
            ("to_side", Side),
            ("from_end", End),
            ("to_end", End),
        ):
            value = getattr(self, name)
            if value is not None and not isinstance(value, kind):
                raise InvalidValueError(f"Unknown line {name.replace('_', ' ')}.")

    @property
    def is_plain(self) -> bool:
        return self == PLAIN_STYLE


#: The style of a line no other app drew: one shared value.
PLAIN_STYLE = LinkStyle()


class Strength(StrEnum):
    WEAK = "weak"
    MODERATE = "moderate"
    STRONG = "strong"

    @property
    def weight(self) -> float:
        return {Strength.WEAK: 0.5, Strength.MODERATE: 1.0, Strength.STRONG: 1.5}[self]


@dataclass(frozen=True, slots=True)
class Link:
    """A directed link from ``source`` (the evidence) to ``target`` (what it bears on)."""

    id: str
    source: str
    target: str
    kind: LinkKind
    created_by: str
    created_at: datetime
    modified_by: str
    modified_at: datetime
    strength: Strength = Strength.MODERATE
    rationale: str = ""
    #: The passage of the source that the link rests on.
    quote: str = ""
    #: The page of that passage, where the source has pages.
    page: int | None = None
    #: The words of a ``related`` link, shown on its line ("owns", "met").
    label: str = ""
    #: How a canvas app drew the line (colour, sides, ends), kept for the round trip.
    style: LinkStyle = PLAIN_STYLE

    def __post_init__(self) -> None:
        for value in (self.id, self.source, self.target):
            if not is_valid_id(value):
                raise InvalidValueError(f"“{value}” is not an id.")
        if self.source == self.target:
            raise InvalidValueError("A card cannot be linked to itself.")
        if not isinstance(self.kind, LinkKind):
            raise InvalidValueError("Unknown link kind.")
        if not isinstance(self.strength, Strength):
            raise InvalidValueError("Unknown link strength.")
        if len(self.rationale) > MAX_TITLE_LENGTH * 20 or len(self.quote) > MAX_TEXT_LENGTH:
            raise InvalidValueError("The link's rationale or quote is too long.")
        if self.page is not None and not (1 <= self.page <= 1_000_000):
            raise InvalidValueError("A page number must be between 1 and 1,000,000.")
        # Most links carry no words, and "" is one line already.
        if not isinstance(self.label, str) or (self.label and self.label != clean_line(self.label)):
            raise InvalidValueError("A link's words must be one line of text.")
        if len(self.label) > MAX_LABEL_LENGTH:
            raise InvalidValueError(
                f"A link's words are longer than {MAX_LABEL_LENGTH} characters."
            )
        if self.label and self.kind is not LinkKind.RELATED:
            raise InvalidValueError("Only a related link carries words.")
        if not isinstance(self.style, LinkStyle):
            raise InvalidValueError("A link's style must be a line style.")
