"""The child process that opens a PDF: ``python -m evidenceboard.ingest.pdf_worker``.

PDF parsers have a long record of hangs and memory blow-ups on crafted files (see the
pypdf and PDFium advisories), so the app never parses a PDF in its own process. This
worker reads the PDF bytes from stdin, caps its own address space (RLIMIT_AS on POSIX)
before touching them, and writes one JSON object to stdout: page texts, metadata, page
count and a first-page PNG thumbnail (base64). The parent
(:mod:`evidenceboard.ingest.pdf_document`) enforces the wall-clock timeout and kills
the worker when it passes. On any failure the worker prints ``{"error": "..."}`` and
exits with status 2; a crash or a kill by the memory limit shows as another status.

pypdfium2 (PDFium, Apache-2.0/BSD-3) does text, metadata and rendering: it is an order
of magnitude faster than pure-Python parsers. pypdf (BSD-3) is the second parser, in this
same process under the same limits, for the files PDFium refuses that other readers open
(a page tree with a null or missing kid, a root that points at the page tree) and for an
Info dictionary PDFium cannot hand over; it gives text and metadata but no thumbnail.
The worker sends the parsers' text as they gave it; the parent cleans it
(:mod:`evidenceboard.ingest.pdf_text`).
"""

import base64
import io
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

#: Address space the worker may use: PDFium plus one rendered thumbnail fit easily.
MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024
#: Text beyond this many characters is dropped (the card's text stays usable).
MAX_TEXT_CHARS = 5_000_000
#: Pages beyond this are counted but not read.
MAX_PAGES_READ = 5_000
#: The thumbnail fits in this box, in pixels.
THUMBNAIL_BOX = (320, 320)


def _limit_memory() -> None:
    try:
        import resource
    except ImportError:  # Windows: the parent's timeout is the only guard there.
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_LIMIT_BYTES if hard == resource.RLIM_INFINITY else min(hard, MEMORY_LIMIT_BYTES)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _thumbnail(page: Any) -> str | None:
    width, height = page.get_size()
    if width <= 0 or height <= 0:
        return None
    scale = min(THUMBNAIL_BOX[0] / width, THUMBNAIL_BOX[1] / height, 2.0)
    image = page.render(scale=scale).to_pil()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return base64.b64encode(out.getvalue()).decode("ascii")


def _read_pages(count: int, read: Callable[[int], str]) -> list[str]:
    pages: list[str] = []
    total = 0
    for index in range(min(count, MAX_PAGES_READ)):
        text = read(index)
        pages.append(text[: max(0, MAX_TEXT_CHARS - total)])
        total += len(text)
        if total >= MAX_TEXT_CHARS:
            break
    return pages


def _parsed(
    page_count: int,
    pages: list[str],
    metadata: dict[str, str],
    thumbnail: str | None,
    size: Sequence[float] | None,
) -> dict[str, Any]:
    """What the worker hands back for a file, whichever library read it."""
    return {
        "page_count": page_count,
        "pages": pages,
        "truncated": len(pages) < page_count,
        "metadata": metadata,
        "thumbnail": thumbnail,
        "size": list(size) if size else None,
    }


def _pypdf_reader(data: bytes) -> Any:
    import logging

    import pypdf

    # pypdf logs every repair it makes; the parent reads stdout only.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    return pypdf.PdfReader(io.BytesIO(data), strict=False)


def _pypdf_metadata(reader: Any) -> dict[str, str]:
    """The Info dictionary as pypdf reads it, or {} when it cannot."""
    from evidenceboard.ingest.pdf_text import clean_metadata_value

    metadata: dict[str, str] = {}
    try:
        for key, value in (reader.metadata or {}).items():
            text = clean_metadata_value(value)
            if isinstance(key, str) and text:
                metadata[key.removeprefix("/")] = text
    # A broken Info dictionary costs the metadata, not the file.
    except Exception:
        return {}
    return metadata


def _parse_pdfium(data: bytes) -> dict[str, Any]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        page_count = len(pdf)
        try:
            metadata = {k: str(v) for k, v in pdf.get_metadata_dict(skip_empty=True).items()}
        except UnicodeDecodeError:
            # PDFium hands back the raw UTF-16 of the Info strings; a lone surrogate in
            # one (seen in the wild) makes pypdfium2 raise, while pypdf reads the rest.
            try:
                metadata = _pypdf_metadata(_pypdf_reader(data))
            except Exception:
                metadata = {}
        thumbnail: str | None = None
        size: tuple[float, float] | None = None

        def read(index: int) -> str:
            nonlocal size, thumbnail
            page = pdf[index]
            try:
                if index == 0:
                    size = page.get_size()
                    thumbnail = _thumbnail(page)
                textpage = page.get_textpage()
                text = str(textpage.get_text_range())
                textpage.close()
            finally:
                page.close()
            return text

        pages = _read_pages(page_count, read)
    finally:
        pdf.close()
    return _parsed(page_count, pages, metadata, thumbnail, size)


def _parse_pypdf(data: bytes) -> dict[str, Any]:
    reader = _pypdf_reader(data)
    metadata = _pypdf_metadata(reader)
    page_count = len(reader.pages)
    size: list[float] | None = None
    if page_count:
        box = reader.pages[0].mediabox
        size = [float(box.width), float(box.height)]
    pages = _read_pages(page_count, lambda index: str(reader.pages[index].extract_text()))
    return {**_parsed(page_count, pages, metadata, None, size), "parser": "pypdf"}


def parse(data: bytes) -> dict[str, Any]:
    """Everything the importer needs from a PDF; runs inside the worker only.

    PDFium first; when it refuses the file or one of its pages, pypdf reads it, so a
    file that other readers open (an odd page tree, a root that points to the pages)
    is not lost. PDFium's reason is the one given when pypdf cannot read it either.
    """
    import pypdfium2

    try:
        return _parse_pdfium(data)
    except pypdfium2.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            return {"error": "the PDF is encrypted with a password"}
        reason = message
    except MemoryError:
        raise
    except Exception as exc:  # PDFium's damage comes as many exception types
        reason = f"{type(exc).__name__}: {exc}"
    try:
        return _parse_pypdf(data)
    except MemoryError:
        raise
    # pypdf's many exception types for damage, as for PDFium above.
    except Exception:
        return {"error": f"the PDF cannot be read ({reason})"}


def main() -> int:
    _limit_memory()
    data = sys.stdin.buffer.read()
    try:
        result = parse(data)
    except MemoryError:
        result = {"error": "the PDF needs more memory than allowed"}
    # PDFium reports damage through many exception types; whatever it is, the parent
    # gets one line instead of a traceback.
    except Exception as exc:
        result = {"error": f"the PDF cannot be read ({type(exc).__name__}: {exc})"}
    sys.stdout.write(json.dumps(result))
    sys.stdout.flush()
    return 2 if "error" in result else 0


if __name__ == "__main__":
    raise SystemExit(main())
