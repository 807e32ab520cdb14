"""Bytes to text for saved pages and text files, whatever their encoding.

Byte-order marks and UTF-8 are tried first because they are unambiguous; anything else
goes to charset_normalizer (already a dependency of trafilatura), which guesses legacy
encodings such as windows-1254 or KOI8-R from the bytes. Text with NUL characters after
decoding is binary data under a text name and is refused.
"""

import codecs

from charset_normalizer import from_bytes

from evidenceboard.ingest.items import IngestError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: charset_normalizer looks at this much; more only costs time on large files.
_GUESS_BYTES = 1_000_000


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode ``data``; ``declared`` is a charset named by the file itself, if any."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            encoding_name = _known_codec(declared)
            if encoding_name is None:
                best = from_bytes(data[:_GUESS_BYTES]).best()
                encoding_name = _known_codec(best.encoding if best is not None else None)
            text = data.decode(encoding_name or "cp1252", errors="replace")
    if "\x00" in text:
        raise IngestError("it holds binary data, not text")
    return text
