"""PDF files to document cards, parsed by a separate worker process under limits.

:func:`read_pdf` sends the bytes to ``python -P -m evidenceboard.ingest.pdf_worker``
(``-P`` keeps the current folder, which may hold untrusted files, off the child's
import path) and waits at most ``timeout`` seconds. On timeout the child is killed and
reaped (no zombie) and the file gets a one-line reason; so does a child that crashes or
is stopped by its memory limit. A frozen build must route ``-m`` to the worker's
``main`` (see the report to the lead).

The card: title from the PDF's Info ``Title``, else the first line of the first page,
else the file name; author from ``Author`` into the document's origin; date from
``CreationDate``. The worker's text is cleaned here, in the app, whichever parser gave
it (hyphenated words joined, noncharacters dropped: :mod:`evidenceboard.ingest.pdf_text`).
Every page's text starts with a line ``[Page N]``, and
:func:`split_pages` cuts the text back into pages for a reader. A form feed between
pages would be neater, but the model strips control characters from every text field
(and the marker also shows page numbers in search snippets, the brief and the CLI,
which investigators need to cite a page). The first page's
PNG thumbnail is embedded as a second attachment (see
:func:`evidenceboard.ingest.items.find_thumbnail`).
"""

import base64
import binascii
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from evidenceboard.ingest.items import EmbeddedFile, ImportedItem, IngestError
from evidenceboard.ingest.pdf_text import clean_metadata_value, clean_page_text
from evidenceboard.model.cards import MAX_TITLE_LENGTH, CardKind
from evidenceboard.model.clock import normalize_partial_date
from evidenceboard.model.errors import InvalidValueError

#: Wall-clock seconds a PDF may take to parse before the worker is killed.
PDF_TIMEOUT_SECONDS = 30.0
#: The line that opens each page's text; numbers run 1, 2, 3... in order.
PAGE_MARKER = "[Page {number}]"
_MARKER_LINE = re.compile(r"^\[Page (\d+)\]$", re.MULTILINE)
#: Titles taken from the first page are cut at this length.
_TITLE_FROM_TEXT = 200
#: Placeholder titles that PDF producers write when the author gave none.
_EMPTY_TITLES = {"untitled", "unspecified", "anonymous", "none", "microsoft word"}


def _run_worker(data: bytes, timeout: float) -> dict[str, Any]:
    command = [sys.executable, "-P", "-m", "evidenceboard.ingest.pdf_worker"]
    try:
        # subprocess.run kills the child on timeout and waits for it, so none is left.
        completed = subprocess.run(
            command, input=data, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise IngestError(
            f"reading the PDF took longer than {timeout:g} seconds and was stopped"
        ) from None
    except OSError as exc:
        raise IngestError(f"the PDF reader could not be started ({exc.strerror})") from exc
    try:
        result = json.loads(completed.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        result = None
    if not isinstance(result, dict):
        if completed.returncode < 0 or completed.returncode in (1, 137, 139):
            raise IngestError("the PDF reader crashed or ran out of memory on this file")
        raise IngestError("the PDF reader gave no answer for this file")
    if "error" in result:
        raise IngestError(str(result["error"]))
    return result


def _indent(match: re.Match[str]) -> str:
    return " " + match.group(0)


def join_pages(pages: list[str]) -> str:
    """The text of a document with each page opened by its ``[Page N]`` line.

    A page's own line that looks like a marker is indented by a space, so it can never
    be taken for a page boundary.
    """
    safe = [_MARKER_LINE.sub(_indent, text.strip()) for text in pages]
    return "\n\n".join(f"{PAGE_MARKER.format(number=n)}\n{text}" for n, text in enumerate(safe, 1))


def split_pages(text: str) -> list[str]:
    """The pages of a text written by :func:`join_pages` (the whole text if it has none).

    Only markers numbered 1, 2, 3... in sequence count.
    """
    starts: list[tuple[int, int]] = []
    for match in _MARKER_LINE.finditer(text):
        if int(match.group(1)) == len(starts) + 1:
            starts.append((match.start(), match.end()))
    if not starts:
        return [text]
    ends = [start for start, _ in starts[1:]] + [len(text)]
    return [text[body:end].strip("\n") for (_, body), end in zip(starts, ends, strict=True)]


def pdf_date(value: str) -> str:
    """The partial ISO date of a PDF date string such as ``D:20240305120000+01'00'``."""
    digits = value.strip().removeprefix("D:")
    for length in (8, 6, 4):
        chunk = digits[:length]
        if len(chunk) == length and chunk.isdigit():
            candidate = "-".join(x for x in (chunk[:4], chunk[4:6], chunk[6:8]) if x)
            try:
                return normalize_partial_date(candidate)
            except InvalidValueError:
                continue
    return ""


def _line(value: Any) -> str:
    return " ".join(str(value or "").split())[:MAX_TITLE_LENGTH]


def _title(metadata: dict[str, Any], pages: list[str], path: Path) -> str:
    title = _line(metadata.get("Title"))
    if title and title.casefold() not in _EMPTY_TITLES:
        return title
    first_page = pages[0] if pages else ""
    for line in first_page.splitlines():
        line = " ".join(line.split())
        if len(line) >= 3:
            return line[:_TITLE_FROM_TEXT]
    return path.stem


def read_pdf(path: Path, data: bytes, timeout: float | None = None) -> ImportedItem:
    """Read a PDF's text, metadata and thumbnail in the worker process.

    ``timeout`` defaults to :data:`PDF_TIMEOUT_SECONDS`, read at call time.
    """
    result = _run_worker(data, PDF_TIMEOUT_SECONDS if timeout is None else timeout)
    raw_metadata = result.get("metadata")
    metadata = (
        {str(k): clean_metadata_value(v) for k, v in raw_metadata.items()}
        if isinstance(raw_metadata, dict)
        else {}
    )
    pages = [clean_page_text(str(p)) for p in result.get("pages") or []]
    page_count = result.get("page_count")
    if not isinstance(page_count, int) or page_count < 0:
        raise IngestError("the PDF reader gave an unusable answer for this file")
    thumbnail: bytes | None = None
    if isinstance(result.get("thumbnail"), str):
        try:
            thumbnail = base64.b64decode(result["thumbnail"], validate=True)
        except (binascii.Error, ValueError):
            thumbnail = None
    size = result.get("size")
    dimensions = (
        (round(size[0]), round(size[1]))
        if isinstance(size, list)
        and len(size) == 2
        and all(isinstance(v, float | int) for v in size)
        else None
    )
    original = EmbeddedFile(path.name, "application/pdf", data)
    values = {
        "file_name": path.name,
        "media_type": "application/pdf",
        "attachment": original.sha256,
        "page_count": page_count,
        "extracted_text": join_pages(pages),
        "origin": _line(metadata.get("Author")),
        "date": pdf_date(str(metadata.get("CreationDate") or "")),
    }
    return ImportedItem(
        source=path,
        kind=CardKind.DOCUMENT,
        title=_title(metadata, pages, path),
        values=values,
        original=original,
        thumbnail=thumbnail,
        dimensions=dimensions,
    )
