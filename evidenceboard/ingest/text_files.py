"""Plain-text and Markdown files to note or document cards.

The rule: a short text (at most :data:`NOTE_MAX_CHARS` characters and
:data:`NOTE_MAX_LINES` lines) is the analyst's own jotting and becomes a note titled
with the file name; nothing is attached, since the note holds the whole file. Anything
longer, and any Markdown file that opens with a ``# Title`` heading, is a document in
its own right: a document card with the full text, the file embedded as its
attachment, and the heading (or the file name) as title.
"""

import re
from pathlib import Path

from evidenceboard.ingest.decoding import decode_text
from evidenceboard.ingest.items import MAX_EXTRACTED_CHARS, EmbeddedFile, ImportedItem, IngestError
from evidenceboard.model.cards import MAX_TITLE_LENGTH, CardKind, clean_text

NOTE_MAX_CHARS = 2_000
NOTE_MAX_LINES = 30

_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")
#: YAML front matter some note apps write before the first heading.
_FRONT_MATTER = re.compile(r"^---\n.*?\n---\n", re.DOTALL)


def markdown_title(text: str) -> str:
    """The text of a Markdown file's leading ``# Title``, or "" if it has none."""
    body = _FRONT_MATTER.sub("", text, count=1)
    for line in body.splitlines():
        if not line.strip():
            continue
        match = _HEADING.match(line.strip())
        return match.group(1).strip()[:MAX_TITLE_LENGTH] if match else ""
    return ""


def read_text_file(path: Path, data: bytes, *, markdown: bool) -> ImportedItem:
    text = clean_text(decode_text(data)).strip()
    if not text:
        raise IngestError("the file holds no text")
    text = text[:MAX_EXTRACTED_CHARS]
    heading = markdown_title(text) if markdown else ""
    short = len(text) <= NOTE_MAX_CHARS and text.count("\n") < NOTE_MAX_LINES
    if short and not heading:
        return ImportedItem(source=path, kind=CardKind.NOTE, title=path.stem, values={"text": text})
    media_type = "text/markdown" if markdown else "text/plain"
    original = EmbeddedFile(path.name, media_type, data)
    values = {
        "file_name": path.name,
        "media_type": media_type,
        "attachment": original.sha256,
        "extracted_text": text,
    }
    return ImportedItem(
        source=path,
        kind=CardKind.DOCUMENT,
        title=heading or path.stem,
        values=values,
        original=original,
    )
