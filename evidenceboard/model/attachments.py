"""Attachments: files embedded in the board, addressed by the SHA-256 of their bytes.

The in-memory board keeps only the description of each attachment; the bytes stay in
the board file and are read when needed, so a board full of PDFs opens as fast as one
without.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from evidenceboard.model.errors import InvalidValueError

#: Largest file accepted as an attachment.
MAX_ATTACHMENT_SIZE = 256 * 1024 * 1024

_SHA_RE = re.compile(r"^[0-9a-f]{64}$")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Attachment:
    """The description of an embedded file."""

    sha256: str
    file_name: str
    media_type: str
    size: int
    added_at: datetime

    def __post_init__(self) -> None:
        if not _SHA_RE.match(self.sha256):
            raise InvalidValueError("An attachment needs a SHA-256 hex digest.")
        if not (0 <= self.size <= MAX_ATTACHMENT_SIZE):
            raise InvalidValueError(
                f"Attachments are limited to {MAX_ATTACHMENT_SIZE // (1024 * 1024)} MiB."
            )
        if len(self.file_name) > 1000 or len(self.media_type) > 200:
            raise InvalidValueError("The attachment's name or media type is too long.")
