"""The page inside a single-file web archive (``.mhtml``/``.mht``), via the stdlib.

Browsers save "Webpage, single file" as a MIME ``multipart/related`` message: the HTML
part first, then images and styles. We take the first ``text/html`` part (the page the
user saw), the ``Snapshot-Content-Location`` header Chrome writes, which is the
address the page was saved from, and the ``Date`` header, which is when it was saved.
Other parts are ignored: the archive itself is kept as the attachment.
"""

from dataclasses import dataclass
from email import message_from_bytes, policy

from evidenceboard.ingest.items import IngestError

#: A page archive holding thousands of parts is not a saved page; stop looking there.
_MAX_PARTS = 5_000


@dataclass(frozen=True, slots=True)
class ArchivedPage:
    html: bytes
    charset: str | None
    #: The address the archive says the page came from, if it says.
    location: str
    #: The archive's ``Date`` header: when the browser saved it (RFC 2822), or "".
    date: str


def read_mhtml(data: bytes) -> ArchivedPage:
    message = message_from_bytes(data, policy=policy.default)
    location = str(message.get("Snapshot-Content-Location", "") or "")
    saved = str(message.get("Date", "") or "")
    for count, part in enumerate(message.walk()):
        if count > _MAX_PARTS:
            break
        if part.get_content_type() != "text/html" or part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload.strip():
            continue
        location = location or str(part.get("Content-Location", "") or "")
        return ArchivedPage(payload, part.get_content_charset(), location, saved)
    raise IngestError("the web archive holds no HTML page")
