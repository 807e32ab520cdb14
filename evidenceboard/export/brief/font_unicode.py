"""The ToUnicode map of the brief's embedded fonts: what text search and copy see.

reportlab writes one ``<code> <unicode>`` line per glyph of a font subset, with the code
point as four hex digits. Two things go wrong with that for the brief:

* characters beyond the Basic Multilingual Plane (emoji, rare CJK) come out as five hex
  digits, which is not UTF-16, so viewers drop them from the text layer; they must be
  written as a surrogate pair;
* Arabic is drawn with the joined letter forms of the Presentation Forms blocks (see
  :mod:`evidenceboard.export.brief.bidi_text`), so a search for a word as typed (in the basic
  Arabic block) found nothing; each presentation form maps to the letters it stands for
  (its compatibility decomposition: the lam-alef ligature to lam and alef, in display
  order, since extraction reverses right-to-left text).

:func:`install_unicode_map` puts :func:`to_unicode_cmap` in the place reportlab looks it
up (a module attribute of ``reportlab.pdfbase.ttfonts``); it changes nothing else.
"""

import unicodedata

from reportlab.pdfbase import ttfonts

_PRESENTATION_FORMS = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def _text_of(code: int) -> str:
    char = chr(code)
    if any(low <= code <= high for low, high in _PRESENTATION_FORMS):
        decomposed = unicodedata.normalize("NFKC", char).strip()
        # Text extraction reverses right-to-left runs character by character, a
        # ligature's letters included: a lam-alef drawn in display order must map to
        # alef then lam to be read back as lam then alef.
        return decomposed[::-1] or char
    return char


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _bfchar_blocks(subset: list[int]) -> list[str]:
    # The CMap format allows at most 100 mappings per bfchar block.
    lines: list[str] = []
    for start in range(0, len(subset), 100):
        block = subset[start : start + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines += (f"<{start + i:02X}> <{_utf16_hex(_text_of(v))}>" for i, v in enumerate(block))
        lines.append("endbfchar")
    return lines


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """The ToUnicode CMap of one font subset (code ``i`` draws ``subset[i]``)."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        *_bfchar_blocks(subset),
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


def install_unicode_map() -> None:
    """Make reportlab write :func:`to_unicode_cmap` for every TrueType subset."""
    ttfonts.makeToUnicodeCMap = to_unicode_cmap
