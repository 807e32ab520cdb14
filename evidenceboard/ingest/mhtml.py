"""The page inside a single-file web archive (``.mhtml``/``.mht``), via the stdlib.

Browsers save "Webpage, single file" as a MIME ``multipart/related`` message: the HTML
part first, then images and styles. We take the first ``text/html`` part (the page the
user saw), the ``Snapshot-Content-Location`` header Chrome writes, which is the
address the page was saved from, and the ``Date`` header, which is when it was saved.
Other parts are ignored: the archive itself is kept as the attachment.

The stdlib parser builds every part before we can look at one, and recurses once per
level of nesting, so a hostile archive of 300,000 tiny parts takes minutes and one
nested thousands deep ends in a ``RecursionError``. A linear pre-scan of the delimiter
lines counts the parts and the nesting first and refuses an archive past either cap,
naming it; only an archive within both is handed to the parser.
"""

import re
from dataclasses import dataclass
from email import message_from_bytes, policy

from evidenceboard.ingest.items import IngestError
from evidenceboard.model.cancel import CancelCheck, Checkpoint

#: A page archive holding thousands of parts is not a saved page; refuse it unread.
MAX_PARTS = 5_000
#: Browsers nest one or two multiparts (frames); far deeper is an attack on the parser.
MAX_DEPTH = 32

_BOUNDARY = re.compile(rb'boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))', re.IGNORECASE)
_DELIMITER = re.compile(rb"^--([^\r\n]*)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class ArchivedPage:
    html: bytes
    charset: str | None
    #: The address the archive says the page came from, if it says.
    location: str
    #: The archive's ``Date`` header: when the browser saved it (RFC 2822), or "".
    date: str


def _too_many_parts() -> IngestError:
    return IngestError(f"the web archive holds more than {MAX_PARTS:,} parts")


def check_structure(data: bytes, cancel: CancelCheck | None = None) -> None:
    """Refuse an archive with more than :data:`MAX_PARTS` parts or :data:`MAX_DEPTH` levels.

    Every boundary any header declares is collected, then each line that is one of
    them opening (``--b``) or closing (``--b--``) a part is followed on a stack of open
    multiparts. A body line that happens to look like a delimiter can only count as
    one more part, so the counts are never below what the parser will find.
    """
    checkpoint = Checkpoint(cancel)
    boundaries: set[bytes] = set()
    for match in _BOUNDARY.finditer(data):
        checkpoint.tick()
        boundaries.add(match.group(1) or match.group(2))
        if len(boundaries) > MAX_PARTS:
            raise _too_many_parts()
    open_parts: list[bytes] = []
    parts = 0
    for match in _DELIMITER.finditer(data):
        checkpoint.tick()
        line = match.group(1).rstrip(b" \t")
        if line in boundaries:
            if line in open_parts:
                del open_parts[open_parts.index(line) + 1 :]  # inner multiparts end here
            else:
                open_parts.append(line)
                if len(open_parts) > MAX_DEPTH:
                    raise IngestError(
                        f"the web archive's parts are nested more than {MAX_DEPTH} deep"
                    )
            parts += 1
            if parts > MAX_PARTS:
                raise _too_many_parts()
        elif line.endswith(b"--") and line[:-2] in open_parts:
            del open_parts[open_parts.index(line[:-2]) :]


def read_mhtml(data: bytes, cancel: CancelCheck | None = None) -> ArchivedPage:
    """The first HTML page of an archive; :class:`IngestError` past a cap or without one."""
    check_structure(data, cancel)
    try:
        return _first_page(data)
    except RecursionError as exc:  # The pre-scan's depth cap should make this unreachable.
        raise IngestError("the web archive is nested too deeply to read") from exc


def _first_page(data: bytes) -> ArchivedPage:
    message = message_from_bytes(data, policy=policy.default)
    location = str(message.get("Snapshot-Content-Location", "") or "")
    saved = str(message.get("Date", "") or "")
    for part in message.walk():
        if part.get_content_type() != "text/html" or part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload.strip():
            continue
        location = location or str(part.get("Content-Location", "") or "")
        return ArchivedPage(payload, part.get_content_charset(), location, saved)
    raise IngestError("the web archive holds no HTML page")
