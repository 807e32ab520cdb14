"""Board text made fit for an XML document (GraphML, SVG), whatever it holds.

A board keeps what its author typed or pasted, and a board from someone else may hold
anything its maker wrote into the file: terminal escapes, NUL bytes, C1 controls. XML 1.0
cannot carry most C0 control characters, lone surrogates or U+FFFE/U+FFFF at all, not even
as character references, so a writer either fails or produces a file no parser accepts.

:func:`xml_safe` replaces each character that XML 1.0 forbids (§2.2 ``Char``) or
discourages (C1 controls, DEL and the Unicode noncharacters) with :data:`STAND_IN`,
U+FFFD REPLACEMENT CHARACTER: one visible character for one removed, so the rest of the
text, and a layout measured on the original text, stays as it was. Tab, line feed and
carriage return are kept; so are bidi controls and every other character XML allows. The
board itself is never changed; the JSON dump keeps the exact text.
"""

import re

#: What an unsafe character becomes in XML output.
STAND_IN = "\ufffd"

_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
# U+1FFFE, U+1FFFF ... U+10FFFF. A class of these 32 characters makes the search ten times
# slower on every text, so it runs only on texts that hold a character from that far up.
_FAR_UP = re.compile("[\U0001fffe-\U0010ffff]")
_FAR_NONCHARACTERS = re.compile(
    "["
    + "".join(f"{chr(p * 0x10000 + 0xFFFE)}-{chr(p * 0x10000 + 0xFFFF)}" for p in range(1, 17))
    + "]"
)


def xml_safe(text: str, stand_in: str = STAND_IN) -> str:
    """``text`` with every character XML 1.0 forbids or discourages replaced by ``stand_in``.

    The PDF brief passes ``""``: reportlab has no glyph for these characters either, and a
    brief is read, not compared with the board.
    """
    text = _UNSAFE.sub(stand_in, text)
    if _FAR_UP.search(text):
        text = _FAR_NONCHARACTERS.sub(stand_in, text)
    return text
