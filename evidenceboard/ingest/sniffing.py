"""Which importer reads a file: decided by its first bytes, with the name as a hint only.

A file from someone else may carry any name. Binary formats are recognised by their
magic bytes, whatever the extension; a file whose name promises a binary format that its
bytes do not have (a ``.pdf`` holding text, a ``.png`` holding HTML) is refused, because
a mislabelled file in evidence is itself worth the user's attention. Text-like formats
(HTML, MHTML, plain text, Markdown) are told apart by extension, then by content. A
binary file of a kind we know but do not import (BMP, JPEG 2000, an Office document...)
is refused by name, so the user knows to convert it rather than suspect the file.
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
    TIFF = "tiff"
    HEIF = "heif"
    AVIF = "avif"
    HTML = "html"
    MHTML = "mhtml"
    MARKDOWN = "markdown"
    TEXT = "text"


IMAGE_TYPES = frozenset(
    {
        FileType.PNG,
        FileType.JPEG,
        FileType.GIF,
        FileType.WEBP,
        FileType.TIFF,
        FileType.HEIF,
        FileType.AVIF,
    }
)

_BINARY_EXTENSIONS: dict[str, FileType] = {
    ".pdf": FileType.PDF,
    ".png": FileType.PNG,
    ".jpg": FileType.JPEG,
    ".jpeg": FileType.JPEG,
    ".jfif": FileType.JPEG,
    ".gif": FileType.GIF,
    ".webp": FileType.WEBP,
    ".tif": FileType.TIFF,
    ".tiff": FileType.TIFF,
    ".heic": FileType.HEIF,
    ".heif": FileType.HEIF,
    ".hif": FileType.HEIF,
    ".avif": FileType.AVIF,
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
    FileType.TIFF: "a TIFF image",
    FileType.HEIF: "a HEIF image",
    FileType.AVIF: "an AVIF image",
}
# ISO base media files (HEIF, AVIF, MP4...) open with a "ftyp" box naming a major brand.
_HEIF_BRANDS = frozenset(
    {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1"}
)
_AVIF_BRANDS = frozenset({b"avif", b"avis"})
#: Binary formats we know but do not import, named in the refusal.
_UNSUPPORTED: tuple[tuple[bytes, int, str], ...] = (
    (b"BM", 0, "a BMP image"),
    (b"8BPS", 0, "a Photoshop document"),
    (b"\x00\x00\x01\x00", 0, "an icon file"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", 0, "a JPEG 2000 image"),
    (b"\xff\x0a", 0, "a JPEG XL image"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", 0, "a JPEG XL image"),
    (b"PK\x03\x04", 0, "a ZIP archive (or an Office document)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "an old Office document"),
    (b"ftyp", 4, "a video or other media file"),
)
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
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return FileType.TIFF
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _AVIF_BRANDS:
            return FileType.AVIF
        if brand in _HEIF_BRANDS:
            return FileType.HEIF
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
        known = [label for magic, at, label in _UNSUPPORTED if head[at:].startswith(magic)]
        if known:
            raise IngestError(f"it is {known[0]}, which cannot be imported yet")
        raise IngestError("it is not a saved web page, PDF, image or text file")
    return FileType.TEXT
