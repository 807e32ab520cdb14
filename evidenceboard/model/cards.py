"""Cards: the items pinned on a board.

A :class:`Card` holds what every card has (id, title, tags, colour, geometry, grading,
authorship) and a kind-specific ``content``: an article, a document, a claim, a note, or
an entity (a person, an organisation, a location or an event). Entity fields follow the
FollowTheMoney model that Aleph and OpenSanctions use, so they export to it one to one;
the card's title is the entity's name.
Cards are immutable values; an edit replaces a card with a changed copy, which makes
undo a matter of keeping the old value.
"""

import re
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from evidenceboard.model.clock import normalize_partial_date
from evidenceboard.model.errors import InvalidValueError
from evidenceboard.model.grading import Grading
from evidenceboard.model.ids import is_valid_id
from evidenceboard.model.judgement import check_likelihood
from evidenceboard.model.markdown_text import first_line

#: Longest title kept; longer ones are refused rather than silently cut.
MAX_TITLE_LENGTH = 1_000
#: Longest single text field (article body, extracted document text...).
MAX_TEXT_LENGTH = 20_000_000
MAX_TAG_LENGTH = 100
DEFAULT_WIDTH = 240.0
DEFAULT_HEIGHT = 140.0
MIN_SIZE = 60.0
MAX_SIZE = 5_000.0
#: Cards live within +-10 million units: far beyond any real board, and safe for Qt.
MAX_COORDINATE = 10_000_000.0

#: Most aliases one entity keeps: a hostile board could hold millions.
MAX_ALIASES = 100

_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class CardKind(StrEnum):
    ARTICLE = "article"
    DOCUMENT = "document"
    CLAIM = "claim"
    NOTE = "note"
    PERSON = "person"
    ORGANISATION = "organisation"
    LOCATION = "location"
    EVENT = "event"
    FRAME = "frame"

    @property
    def is_entity(self) -> bool:
        """People, organisations, places and events: what the evidence is about."""
        return self in ENTITY_KINDS

    @property
    def is_evidence(self) -> bool:
        """Whether a link from a card of this kind can bear on a claim.

        Entities are what the evidence is about and frames only hold cards: neither
        ever supports or contradicts anything, whatever a link says.
        """
        return self not in ENTITY_KINDS and self is not CardKind.FRAME


class Confidence(StrEnum):
    """The analyst's own confidence in a claim, kept apart from the computed assessment."""

    UNASSESSED = "unassessed"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


def clean_text(value: str) -> str:
    """Drop control characters other than tab and newline, and normalise line endings."""
    return _CONTROL_RE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def clean_line(value: str) -> str:
    """Like :func:`clean_text`, for single-line fields: newlines become spaces."""
    return clean_text(value).replace("\n", " ").replace("\t", " ").strip()


def normalize_tags(tags: Any) -> tuple[str, ...]:
    """Return tags stripped, without empties or duplicates, in their first order."""
    seen: dict[str, None] = {}
    for tag in tags:
        if not isinstance(tag, str):
            raise InvalidValueError("Tags must be text.")
        clean = clean_line(tag)
        if len(clean) > MAX_TAG_LENGTH:
            raise InvalidValueError(f"A tag is longer than {MAX_TAG_LENGTH} characters.")
        if clean:
            seen.setdefault(clean, None)
    return tuple(seen)


def _check_text(name: str, value: str, limit: int = MAX_TEXT_LENGTH) -> None:
    if not isinstance(value, str):
        raise InvalidValueError(f"The {name} must be text.")
    if len(value) > limit:
        raise InvalidValueError(f"The {name} is longer than {limit:,} characters.")


def _check_attachment_ref(value: str | None) -> None:
    if value is not None and (not isinstance(value, str) or not _SHA_RE.match(value)):
        raise InvalidValueError("An attachment reference must be a SHA-256 hex digest.")


@dataclass(frozen=True, slots=True)
class ArticleContent:
    """A published report: a news article, a blog post, a wire story."""

    outlet: str = ""
    author: str = ""
    url: str = ""
    #: Partial ISO date of publication.
    published: str = ""
    #: When the investigator captured it (kept apart from publication).
    captured_at: datetime | None = None
    language: str = ""
    body: str = ""
    #: SHA-256 of the attachment holding the saved page, if it was imported from a file.
    attachment: str | None = None

    kind = CardKind.ARTICLE

    def __post_init__(self) -> None:
        for name in ("outlet", "author", "url", "language"):
            _check_text(name, getattr(self, name), MAX_TITLE_LENGTH)
        _check_text("body", self.body)
        _check_attachment_ref(self.attachment)
        normalize_partial_date(self.published)

    @property
    def text(self) -> str:
        return self.body

    @property
    def source_line(self) -> str:
        return " · ".join(p for p in (self.outlet, self.author, self.published) if p)


@dataclass(frozen=True, slots=True)
class DocumentContent:
    """A file: a report, a scan, a photo, a spreadsheet, kept as an attachment."""

    file_name: str = ""
    media_type: str = ""
    #: SHA-256 of the attachment holding the file, if it is embedded.
    attachment: str | None = None
    page_count: int | None = None
    extracted_text: str = ""
    #: Where the file came from (who handed it over, which site, which device).
    origin: str = ""
    #: Partial ISO date of the document itself.
    date: str = ""
    #: Where the file lies in the folder the card was imported from (a canvas file
    #: node's vault path, with its ``#subpath``): text kept for the round trip, never
    #: opened.
    file_path: str = ""

    kind = CardKind.DOCUMENT

    def __post_init__(self) -> None:
        for name in ("file_name", "media_type", "origin", "file_path"):
            _check_text(name, getattr(self, name), MAX_TITLE_LENGTH)
        _check_text("extracted text", self.extracted_text)
        _check_attachment_ref(self.attachment)
        if self.page_count is not None and not (0 <= self.page_count <= 1_000_000):
            raise InvalidValueError("The page count must be between 0 and 1,000,000.")
        normalize_partial_date(self.date)

    @property
    def text(self) -> str:
        return self.extracted_text

    @property
    def source_line(self) -> str:
        return " · ".join(p for p in (self.origin, self.file_name, self.date) if p)


@dataclass(frozen=True, slots=True)
class ClaimContent:
    """An assertion that the evidence supports or refutes."""

    statement: str = ""
    attributed_to: str = ""
    #: Partial ISO date on which the claim was made.
    date_claimed: str = ""
    confidence: Confidence = Confidence.UNASSESSED
    #: A hypothesis takes part in the analysis of competing hypotheses.
    is_hypothesis: bool = False
    #: The analyst's likelihood, a yardstick term (see :mod:`evidenceboard.model.judgement`).
    likelihood: str = ""
    #: A key assumption: something the analysis takes as given, listed for review.
    is_assumption: bool = False
    #: A key judgement: opens the brief.
    is_key_judgement: bool = False
    #: The id of the person or organisation card that makes the claim, or "". The text
    #: of ``attributed_to`` stays as the source worded it ("a Kremlin spokesman"); an id
    #: whose card has gone is kept (undo may bring it back) and read as unset.
    claimed_by: str = ""

    kind = CardKind.CLAIM

    def __post_init__(self) -> None:
        _check_text("statement", self.statement)
        _check_text("attribution", self.attributed_to, MAX_TITLE_LENGTH)
        normalize_partial_date(self.date_claimed)
        if not isinstance(self.confidence, Confidence):
            raise InvalidValueError("Unknown confidence level.")
        if not isinstance(self.likelihood, str):
            raise InvalidValueError("The likelihood must be text.")
        check_likelihood(self.likelihood)
        if not isinstance(self.claimed_by, str) or (
            self.claimed_by and not is_valid_id(self.claimed_by)
        ):
            raise InvalidValueError("“Claimed by” must name a card by its id.")

    @property
    def text(self) -> str:
        return self.statement

    @property
    def source_line(self) -> str:
        return " · ".join(p for p in (self.attributed_to, self.date_claimed) if p)


@dataclass(frozen=True, slots=True)
class NoteContent:
    """Free text: the analyst's own working notes."""

    text: str = ""
    #: The text is Markdown (as a canvas's text node is) and is shown formatted; else
    #: it is shown exactly as typed.
    markdown: bool = False

    kind = CardKind.NOTE

    def __post_init__(self) -> None:
        _check_text("note", self.text)
        if not isinstance(self.markdown, bool):
            raise InvalidValueError("A note's Markdown flag must be true or false.")

    @property
    def source_line(self) -> str:
        return ""


def normalize_names(values: Any, what: str = "alias") -> tuple[str, ...]:
    """Aliases (or ids) trimmed to one line each, without empties or duplicates."""
    if isinstance(values, str):
        raise InvalidValueError(f"The {what}es must be a list of text.")
    seen: dict[str, None] = {}
    for value in values:
        if not isinstance(value, str):
            raise InvalidValueError(f"An {what} must be text.")
        clean = clean_line(value)
        _check_text(what, clean, MAX_TITLE_LENGTH)
        if clean:
            seen.setdefault(clean, None)
    if len(seen) > MAX_ALIASES:
        raise InvalidValueError(f"An entity keeps at most {MAX_ALIASES} {what}es.")
    return tuple(seen)


def _check_entity(content: Any, line_fields: tuple[str, ...], dates: tuple[str, ...]) -> None:
    if content.aliases != normalize_names(content.aliases):
        raise InvalidValueError("Aliases must be unique, trimmed and non-empty.")
    for name in line_fields:
        _check_text(name.replace("_", " "), getattr(content, name), MAX_TITLE_LENGTH)
    for name in dates:
        normalize_partial_date(getattr(content, name))
    _check_text("description", content.description)


def _entity_line(*parts: str) -> str:
    return " · ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class PersonContent:
    """A person (FollowTheMoney ``Person``)."""

    aliases: tuple[str, ...] = ()
    #: Partial ISO date of birth.
    birth_date: str = ""
    nationality: str = ""
    #: Office or role held ("columnist", "Minister of Defence").
    position: str = ""
    description: str = ""

    kind = CardKind.PERSON

    def __post_init__(self) -> None:
        _check_entity(self, ("nationality", "position"), ("birth_date",))

    @property
    def text(self) -> str:
        return self.description

    @property
    def source_line(self) -> str:
        return _entity_line(self.position, self.nationality, self.birth_date)


@dataclass(frozen=True, slots=True)
class OrganisationContent:
    """A company, newspaper, agency, armed force... (FollowTheMoney ``Organization``)."""

    aliases: tuple[str, ...] = ()
    jurisdiction: str = ""
    registration_number: str = ""
    description: str = ""

    kind = CardKind.ORGANISATION

    def __post_init__(self) -> None:
        _check_entity(self, ("jurisdiction", "registration_number"), ())

    @property
    def text(self) -> str:
        return self.description

    @property
    def source_line(self) -> str:
        return _entity_line(self.jurisdiction, self.registration_number)


@dataclass(frozen=True, slots=True)
class LocationContent:
    """A place: an address, a base, a city (FollowTheMoney ``Address``)."""

    aliases: tuple[str, ...] = ()
    address: str = ""
    country: str = ""
    latitude: float | None = None
    longitude: float | None = None
    description: str = ""

    kind = CardKind.LOCATION

    def __post_init__(self) -> None:
        _check_entity(self, ("address", "country"), ())
        if (self.latitude is None) != (self.longitude is None):
            raise InvalidValueError("A location needs both latitude and longitude, or neither.")
        for name, limit in (("latitude", 90.0), ("longitude", 180.0)):
            value = getattr(self, name)
            if value is None:
                continue
            # bool is an int; NaN fails every comparison and so the range check too.
            if not isinstance(value, float | int) or isinstance(value, bool):
                raise InvalidValueError(f"The {name} must be a number.")
            if not (-limit <= value <= limit):
                raise InvalidValueError(f"The {name} must be between -{limit:g} and {limit:g}.")

    @property
    def text(self) -> str:
        return self.description

    @property
    def coordinates(self) -> tuple[float | None, float | None]:
        return (self.latitude, self.longitude)

    @property
    def source_line(self) -> str:
        where = ""
        if self.latitude is not None and self.longitude is not None:
            where = f"{self.latitude:.4f}, {self.longitude:.4f}"
        return _entity_line(self.address, self.country, where)


@dataclass(frozen=True, slots=True)
class EventContent:
    """Something that happened at a time and place (FollowTheMoney ``Event``).

    Dates are partial ISO dates, so their precision is kept: "2024", "2024-12" or
    "2024-12-07". ``involved`` holds the ids of the entity cards taking part; an id whose
    card has gone is kept (undo may bring it back) and skipped where it is shown.
    """

    aliases: tuple[str, ...] = ()
    start_date: str = ""
    end_date: str = ""
    place: str = ""
    involved: tuple[str, ...] = ()
    description: str = ""

    kind = CardKind.EVENT

    def __post_init__(self) -> None:
        _check_entity(self, ("place",), ("start_date", "end_date"))
        # Partial dates compare on the precision both have: 2024 may end in 2024-03.
        common = min(len(self.start_date), len(self.end_date))
        if common and self.end_date[:common] < self.start_date[:common]:
            raise InvalidValueError("An event cannot end before it starts.")
        if self.involved != normalize_names(self.involved, "involved entity"):
            raise InvalidValueError("Involved entities must be unique card ids.")
        if not all(is_valid_id(i) for i in self.involved):
            raise InvalidValueError("Involved entities must be card ids.")

    @property
    def text(self) -> str:
        return self.description

    @property
    def source_line(self) -> str:
        ends = (self.start_date, self.end_date if self.end_date != self.start_date else "")
        span = " to ".join(d for d in ends if d)
        return _entity_line(span, self.place)


#: Most cards one frame holds: a hostile board could list millions of ids.
MAX_FRAME_MEMBERS = 100_000


@dataclass(frozen=True, slots=True)
class FrameContent:
    """A named region of the canvas that holds cards (JSON Canvas calls it a group).

    The frame's title is its name and its geometry the region. ``members`` holds the ids
    of the cards it holds, so membership is what the analyst chose, not whatever happens
    to lie under the rectangle; an id whose card has gone is kept (undo may bring it
    back) and skipped where it is shown. A frame holds no frames. A collapsed frame shows
    only its title, and its cards are hidden on the canvas.
    """

    members: tuple[str, ...] = ()
    collapsed: bool = False
    description: str = ""

    kind = CardKind.FRAME

    def __post_init__(self) -> None:
        if isinstance(self.members, str) or not isinstance(self.members, tuple):
            raise InvalidValueError("A frame's cards must be a list of card ids.")
        if len(self.members) > MAX_FRAME_MEMBERS:
            raise InvalidValueError(f"A frame holds at most {MAX_FRAME_MEMBERS:,} cards.")
        if not all(isinstance(i, str) and is_valid_id(i) for i in self.members):
            raise InvalidValueError("A frame's cards must be card ids.")
        if len(set(self.members)) != len(self.members):
            raise InvalidValueError("A frame lists each of its cards once.")
        if not isinstance(self.collapsed, bool):
            raise InvalidValueError("A frame is collapsed or not.")
        _check_text("description", self.description)

    @property
    def text(self) -> str:
        return self.description

    @property
    def source_line(self) -> str:
        count = len(self.members)
        return f"{count} card" if count == 1 else f"{count} cards"


EntityContent = PersonContent | OrganisationContent | LocationContent | EventContent

CardContent = (
    ArticleContent
    | DocumentContent
    | ClaimContent
    | NoteContent
    | PersonContent
    | OrganisationContent
    | LocationContent
    | EventContent
    | FrameContent
)

ENTITY_KINDS = frozenset(
    {CardKind.PERSON, CardKind.ORGANISATION, CardKind.LOCATION, CardKind.EVENT}
)

CONTENT_TYPES: dict[CardKind, type[CardContent]] = {
    CardKind.ARTICLE: ArticleContent,
    CardKind.DOCUMENT: DocumentContent,
    CardKind.CLAIM: ClaimContent,
    CardKind.NOTE: NoteContent,
    CardKind.PERSON: PersonContent,
    CardKind.ORGANISATION: OrganisationContent,
    CardKind.LOCATION: LocationContent,
    CardKind.EVENT: EventContent,
    CardKind.FRAME: FrameContent,
}


@dataclass(frozen=True, slots=True)
class Geometry:
    """Position (top-left corner) and size of a card on the canvas, in scene units."""

    x: float
    y: float
    width: float = DEFAULT_WIDTH
    height: float = DEFAULT_HEIGHT

    def __post_init__(self) -> None:
        for name in ("x", "y"):
            value = getattr(self, name)
            if not (-MAX_COORDINATE <= value <= MAX_COORDINATE):
                raise InvalidValueError(f"The card's {name} position is out of range.")
        for name in ("width", "height"):
            value = getattr(self, name)
            if not (MIN_SIZE <= value <= MAX_SIZE):
                raise InvalidValueError(
                    f"The card's {name} must be between {MIN_SIZE:g} and {MAX_SIZE:g}."
                )

    def moved_to(self, x: float, y: float) -> "Geometry":
        return replace(self, x=x, y=y)


@dataclass(frozen=True, slots=True)
class Card:
    """A card on the board."""

    id: str
    title: str
    content: CardContent
    geometry: Geometry
    created_by: str
    created_at: datetime
    modified_by: str
    modified_at: datetime
    tags: tuple[str, ...] = ()
    #: ``#rrggbb``, or None for the kind's own colour.
    colour: str | None = None
    grading: Grading | None = None
    #: Handling marking of this item (e.g. "OFFICIAL-SENSITIVE"), used for redaction.
    handling: str = ""
    #: Pinned cards stay where they are when the board is laid out automatically.
    pinned: bool = False

    def __post_init__(self) -> None:
        if not is_valid_id(self.id):
            raise InvalidValueError(f"“{self.id}” is not a card id.")
        _check_text("title", self.title, MAX_TITLE_LENGTH)
        if not isinstance(self.content, CardContent):
            raise InvalidValueError("A card needs the content of a known kind.")
        if self.colour is not None and not _COLOUR_RE.match(self.colour):
            raise InvalidValueError(f"“{self.colour}” is not a colour (use #rrggbb).")
        if self.tags != normalize_tags(self.tags):
            raise InvalidValueError("Tags must be unique, trimmed and non-empty.")
        _check_text("handling marking", self.handling, MAX_TAG_LENGTH)

    @property
    def kind(self) -> CardKind:
        return self.content.kind

    @property
    def text(self) -> str:
        """The card's main text: body, extracted text, statement, note or description."""
        return self.content.text

    @property
    def source_line(self) -> str:
        """Outlet, attribution or origin with the date, for display."""
        return self.content.source_line

    @property
    def aliases(self) -> tuple[str, ...]:
        """An entity's other names; nothing for other kinds."""
        return self.content.aliases if isinstance(self.content, EntityContent) else ()

    @property
    def display_title(self) -> str:
        """The title, or the start of the text when the card has no title."""
        if self.title:
            return self.title
        if isinstance(self.content, NoteContent) and self.content.markdown:
            # The words of a Markdown note's first line, not its "# **" syntax.
            first = first_line(self.text)
        else:
            first = self.text.strip().split("\n", 1)[0]
        return (first[:80] + "…") if len(first) > 80 else (first or f"Untitled {self.kind}")
