"""What reading one file yields: an :class:`ImportedItem`, before it is put on a board.

Reading a file (parsing HTML, running the PDF worker, decoding an image) is slow and
must not touch the board, so the window can run it in a worker thread. The result is a
plain value: the card's kind, title and content fields, plus the files to embed (the
original and, for PDFs and images, a PNG thumbnail). :mod:`evidenceboard.ingest.importer`
turns items into one undoable change on the GUI thread.

Thumbnails are kept as ordinary attachments named :func:`thumbnail_name` of the
original's SHA-256, so a board carries its previews and opens without re-rendering any
PDF; :func:`find_thumbnail` is how the window finds one for a document card.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from evidenceboard.model.attachments import MAX_ATTACHMENT_SIZE, Attachment, sha256_hex
from evidenceboard.model.board import Board
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.factory import make_card

#: Largest file read at all; larger ones are refused before any byte is parsed.
MAX_FILE_SIZE = MAX_ATTACHMENT_SIZE
#: Longest text kept from one file (about 2,500 pages of dense prose).
MAX_EXTRACTED_CHARS = 5_000_000
#: Thumbnails fit in this box (pixels), enough for a card and a preview tooltip.
THUMBNAIL_BOX = (320, 320)

THUMBNAIL_MEDIA_TYPE = "image/png"


class IngestError(Exception):
    """A file cannot be imported; the message is one line for the user."""


def unexpected_failure(exc: Exception) -> str:
    """The reason to show for a file whose reader raised what it did not foresee.

    Imports catch these per file, so that one stranger's file that trips a reader
    (deep nesting, an overflow, a bug) fails alone and the files beside it go in.
    """
    detail = " ".join(str(exc).split())[:200] or type(exc).__name__
    return f"the file cannot be read ({detail})"


@dataclass(frozen=True, slots=True)
class EmbeddedFile:
    """Bytes to keep in the board as an attachment."""

    file_name: str
    media_type: str
    data: bytes = field(repr=False)

    @property
    def sha256(self) -> str:
        return sha256_hex(self.data)

    def attachment(self, added_at: datetime) -> Attachment:
        return Attachment(
            sha256=self.sha256,
            file_name=self.file_name,
            media_type=self.media_type,
            size=len(self.data),
            added_at=added_at,
        )


def thumbnail_name(original_sha256: str) -> str:
    """The attachment file name under which the thumbnail of an attachment is kept."""
    return f"thumbnail-{original_sha256}.png"


def find_thumbnail(board: Board, original_sha256: str) -> str | None:
    """The SHA-256 of the thumbnail attachment of an attachment, if the board has one."""
    wanted = thumbnail_name(original_sha256)
    for attachment in board.attachments.values():
        if attachment.file_name == wanted and attachment.media_type == THUMBNAIL_MEDIA_TYPE:
            return attachment.sha256
    return None


@dataclass(frozen=True, slots=True)
class ImportedItem:
    """One file read and understood, ready to become a card."""

    source: Path
    kind: CardKind
    title: str
    #: Content fields of the card kind (see :mod:`evidenceboard.model.cards`).
    values: Mapping[str, Any]
    #: The original file, embedded so the evidence travels with the board.
    original: EmbeddedFile | None = None
    #: A PNG preview (first page of a PDF, a reduced image).
    thumbnail: bytes | None = field(default=None, repr=False)
    #: Width and height in pixels of an image (or of the first PDF page, in points).
    dimensions: tuple[int, int] | None = None

    def files(self) -> list[EmbeddedFile]:
        """The attachments this item needs: the original, then its thumbnail."""
        found: list[EmbeddedFile] = []
        if self.original is not None:
            found.append(self.original)
            if self.thumbnail is not None:
                found.append(
                    EmbeddedFile(
                        thumbnail_name(self.original.sha256), THUMBNAIL_MEDIA_TYPE, self.thumbnail
                    )
                )
        return found

    def to_card(self, by: str, x: float, y: float, at: datetime | None = None) -> Card:
        return make_card(self.kind, self.title, by, x=x, y=y, at=at, **self.values)
