"""The page inside a single-file web archive (``.mhtml``/``.mht``), via the stdlib.

Browsers save "Webpage, single file" as a MIME ``multipart/related`` message: the HTML
part first, then images and styles. We take the first ``text/html`` part (the page the
user saw), the ``Snapshot-Content-Location`` header Chrome writes, which is the
address the page was saved from, and the ``Date`` header, which is when it was saved.
Other parts are ignored: the archive itself is kept as the attachment.

The archive's own header block is unfolded here before the stdlib sees it (RFC 5322
§2.2.3: a line starting with white space continues the header above). Two reasons: a
folded address must lose the white space the fold left in it (an address holds none,
RFC 3986 appendix C), and a file whose folds lost their indent (a tool that trims
lines) must still be read: the stdlib takes such a continuation, e.g. the
``boundary=`` line of ``Content-Type``, for the start of the body and then finds no
parts at all. So any line of the block that is not ``Name: value`` is taken as a
continuation too. The ``Date`` is read as written: the stdlib turns ``GMT-0700``, which
some browsers write, into UTC; here it becomes ``-0700``.

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
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_HEADER_LINE = re.compile(rb"^([!-9;-~]+):[ \t]*(.*)$")
_NAMED_ZONE = re.compile(r"\b(?:GMT|UTC|UT)\s*([+-]\d{4})\s*$", re.IGNORECASE)


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


def unfold_headers(data: bytes) -> tuple[list[tuple[str, str]], bytes]:
    """The top header block as (name, value) pairs, unfolded, and the bytes after it.

    A line that is not ``Name: value`` continues the header above, whether it starts
    with white space (an RFC 5322 fold) or lost it; lines before any header are dropped.
    """
    end = _HEADER_END.search(data)
    block, rest = (data[: end.start()], data[end.end() :]) if end else (data, b"")
    headers: list[list[bytes]] = []
    for line in block.splitlines():
        match = _HEADER_LINE.match(line)
        if match:
            headers.append([match.group(1), match.group(2).rstrip()])
        elif headers and line.strip():
            headers[-1][1] += b" " + line.strip()
    return [(n.decode("ascii"), v.decode("utf-8", "replace")) for n, v in headers], rest


def _header(headers: list[tuple[str, str]], name: str) -> str:
    return next((v for n, v in headers if n.lower() == name.lower()), "")


def _date(value: str) -> str:
    # "GMT-0700" means seven hours behind UTC; the stdlib would read it as "GMT".
    return _NAMED_ZONE.sub(r"\1", value.strip())


def _first_page(data: bytes) -> ArchivedPage:
    headers, rest = unfold_headers(data)
    block = b"".join(
        f"{name}: {value}\r\n".encode("utf-8", "surrogateescape") for name, value in headers
    )
    message = message_from_bytes(block + b"\r\n" + rest, policy=policy.default)
    location = "".join(_header(headers, "Snapshot-Content-Location").split())
    saved = _date(_header(headers, "Date"))
    for part in message.walk():
        if part.get_content_type() != "text/html" or part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload.strip():
            continue
        location = location or "".join(str(part.get("Content-Location", "") or "").split())
        return ArchivedPage(payload, part.get_content_charset(), location, saved)
    raise IngestError("the web archive holds no HTML page")
