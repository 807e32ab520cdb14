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
of magnitude faster than pure-Python parsers, and reading the Info dictionary through
it spares a second parser (pypdf) for metadata.
"""

import base64
import io
import json
import sys
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


def parse(data: bytes) -> dict[str, Any]:
    """Everything the importer needs from a PDF; runs inside the worker only."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            return {"error": "the PDF is encrypted with a password"}
        return {"error": f"the PDF cannot be read ({message})"}
    try:
        page_count = len(pdf)
        metadata = {k: str(v) for k, v in pdf.get_metadata_dict(skip_empty=True).items()}
        pages: list[str] = []
        total = 0
        thumbnail: str | None = None
        size: tuple[float, float] | None = None
        for index in range(min(page_count, MAX_PAGES_READ)):
            page = pdf[index]
            try:
                if index == 0:
                    size = page.get_size()
                    thumbnail = _thumbnail(page)
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                textpage.close()
            finally:
                page.close()
            text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
            pages.append(text[: max(0, MAX_TEXT_CHARS - total)])
            total += len(text)
            if total >= MAX_TEXT_CHARS:
                break
    finally:
        pdf.close()
    return {
        "page_count": page_count,
        "pages": pages,
        "truncated": len(pages) < page_count,
        "metadata": metadata,
        "thumbnail": thumbnail,
        "size": list(size) if size else None,
    }


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
