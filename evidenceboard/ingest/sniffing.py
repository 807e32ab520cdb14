"""Which importer reads a file: decided by its first bytes, with the name as a hint only.

A file from someone else may carry any name. Binary formats are recognised by their
magic bytes, whatever the extension; a file whose name promises a binary format that its
bytes do not have (a ``.pdf`` holding text, a ``.png`` holding HTML) is refused, because
a mislabelled file in evidence is itself worth the user's attention. Text-like formats
(HTML, MHTML, plain text, Markdown) are told apart by extension, then by content.
"""

from enum import StrEnum
from pathlib import Path

from evidenceboard.ingest.items import IngestError


class FileType(StrEnum):
    PDF = "pdf"
    PNG = "png"
    JPEG = "jpeg"
    GIF = "gif"
    WEBP = "webp"
    HTML = "html"
    MHTML = "mhtml"
    MARKDOWN = "markdown"
    TEXT = "text"


IMAGE_TYPES = frozenset({FileType.PNG, FileType.JPEG, FileType.GIF, FileType.WEBP})

_BINARY_EXTENSIONS: dict[str, FileType] = {
    ".pdf": FileType.PDF,
    ".png": FileType.PNG,
    ".jpg": FileType.JPEG,
    ".jpeg": FileType.JPEG,
    ".jfif": FileType.JPEG,
    ".gif": FileType.GIF,
    ".webp": FileType.WEBP,
}
_TEXT_EXTENSIONS: dict[str, FileType] = {
    ".html": FileType.HTML,
    ".htm": FileType.HTML,
    ".xhtml": FileType.HTML,
    ".mhtml": FileType.MHTML,
    ".mht": FileType.MHTML,
    ".md": FileType.MARKDOWN,
    ".markdown": FileType.MARKDOWN,
    ".txt": FileType.TEXT,
    ".text": FileType.TEXT,
}
_LABELS = {
    FileType.PDF: "a PDF",
    FileType.PNG: "a PNG image",
    FileType.JPEG: "a JPEG image",
    FileType.GIF: "a GIF image",
    FileType.WEBP: "a WebP image",
}
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: PDF readers accept the header a little way into the file; so do we.
_PDF_HEADER_WINDOW = 1024


def _magic(head: bytes) -> FileType | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return FileType.JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return FileType.GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FileType.WEBP
    if b"%PDF-" in head[:_PDF_HEADER_WINDOW]:
        return FileType.PDF
    return None


def _looks_like_mhtml(head: bytes) -> bool:
    lowered = head[:4096].lower()
    return b"mime-version:" in lowered and b"multipart/related" in lowered


def _looks_like_html(head: bytes) -> bool:
    start = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<!-- saved from url")) or (
        b"<html" in start and b"<body" in head[:65536].lower()
    )


def _describe(head: bytes) -> str:
    found = _magic(head)
    if found is not None:
        return _LABELS[found]
    if _looks_like_html(head):
        return "HTML"
    if b"\x00" in head[:4096]:
        return "binary data"
    return "text"


def sniff(path: Path, head: bytes) -> FileType:
    """The type of a file from its name and its first bytes (a few KiB are enough).

    Raises :class:`IngestError` with a sentence for the user when the file is not
    something we import or is not what its name says.
    """
    extension = path.suffix.lower()
    found = _magic(head)
    if found is not None:
        return found
    claimed = _BINARY_EXTENSIONS.get(extension)
    if claimed is not None:
        raise IngestError(
            f"it is named {extension} but is not {_LABELS[claimed]} (it looks like "
            f"{_describe(head)})"
        )
    if extension in _TEXT_EXTENSIONS:
        kind = _TEXT_EXTENSIONS[extension]
        if kind is FileType.MHTML and not _looks_like_mhtml(head):
            return FileType.HTML if _looks_like_html(head) else FileType.TEXT
        return kind
    if _looks_like_mhtml(head):
        return FileType.MHTML
    if _looks_like_html(head):
        return FileType.HTML
    if b"\x00" in head[:4096] and not head.startswith(_UTF16_BOMS):
        raise IngestError("it is not a saved web page, PDF, image or text file")
    return FileType.TEXT
