"""What the caller asks of a brief, and how an export is stopped or fails.

The window's export dialog and the ``brief`` command both fill a :class:`BriefOptions`;
``None`` for the title means "take it from the board"; for the author, "not stated"
(the board's authors are often only account names); for the marking, "the highest
marking of what the brief holds". The progress
callback and the cancel check are plain callables so the dialog can wire them to a
progress bar and a Cancel button without this package knowing about Qt.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from evidenceboard.export.brief.text import DEFAULT_MAX_TEXT_CHARS
from evidenceboard.model.history import HistoryEntry

if TYPE_CHECKING:
    from evidenceboard.export.brief.signing import SigningRequest

#: ``progress(done, total)``; ``total`` may grow once, when the page layout starts.
ProgressCallback = Callable[[int, int], None]
#: Called often during the export; returning True stops it with :class:`BriefCancelled`.
CancelCheck = Callable[[], bool]


class BriefSection(StrEnum):
    """The optional parts of a brief (the cover and the page furniture are always there)."""

    SUMMARY = "summary"
    DIAGRAM = "diagram"
    CLAIMS = "claims"
    ACH = "ach"
    CHRONOLOGY = "chronology"
    SOURCES = "sources"


ALL_SECTIONS = frozenset(BriefSection)


class BriefError(Exception):
    """The brief cannot be written; the message is meant for the user."""


class BriefCancelled(Exception):
    """The user cancelled the export; no file was written or changed."""


@dataclass(frozen=True, slots=True)
class BriefOptions:
    """What to put in the brief."""

    title: str | None = None
    author: str | None = None
    #: Handling marking asked for, e.g. "OFFICIAL-SENSITIVE"; None means the highest
    #: marking of what the brief holds. A marking lower than that is refused.
    marking: str | None = None
    #: Leave out the cards marked above ``marking`` instead of refusing the brief.
    leave_out_above: bool = False
    #: Claims to cover (ids); None means every claim on the board.
    claim_ids: tuple[str, ...] | None = None
    #: Cards to draw in the diagram and cite (ids); None means those the claims need,
    #: or the whole board when no claims were chosen either.
    card_ids: tuple[str, ...] | None = None
    #: A frame (id or unique prefix) whose cards alone the brief covers: its claims and
    #: the cards it holds. None: no frame chosen.
    frame_id: str | None = None
    sections: frozenset[BriefSection] = field(default=ALL_SECTIONS)
    #: The date printed on the cover; None means now.
    date: datetime | None = None
    #: Longest text field shown in full; longer ones are cut with a note.
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
    #: Attach a manifest (every cited item with its SHA-256) inside the PDF.
    manifest: bool = False
    #: Sign the PDF with this certificate (see :mod:`evidenceboard.export.brief.signing`).
    signing: "SigningRequest | None" = None
    #: The board's change history, oldest first, for the chain-of-custody appendix;
    #: None leaves the appendix out.
    history: tuple[HistoryEntry, ...] | None = None
