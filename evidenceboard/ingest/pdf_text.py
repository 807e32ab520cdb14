"""A PDF parser's page text made fit for a card, for search and for every export.

PDFium writes U+FFFE where a word was hyphenated at the end of a line and drops the line
break ("inter\\uFFFEnational"): one book held 1,688 of them. Left in, the word is two
words to the full-text index, so a phrase search misses it, and U+FFFE is a Unicode
noncharacter that XML cannot carry, so a GraphML export of the card failed. pypdf keeps
the hyphen and the line break instead ("inter-\\nnational").

Both become one word when the next part starts with a lower-case letter, the mark of a
word broken to fit the line; otherwise ("Anglo-\\nSaxon", "page 12-\\n14") the hyphen
stays, since it was written. A compound broken at its own hyphen ("well-\\nknown") is
joined too: the text cannot tell it apart, and both halves stay searchable as a prefix.
Soft hyphens (U+00AD) are invisible and split words for the index, so they go. Then
every character XML 1.0 forbids (noncharacters, lone surrogates, C0 controls other than
tab and line breaks) is dropped, whatever parser the text came from.
"""

import re

from evidenceboard.model.xml_text import xml_safe

_PDFIUM_BREAK = re.compile("\ufffe(.?)", re.DOTALL)
# pypdf: a hyphen, the end of the line, and a letter (the callback checks the one before:
# a lookbehind here makes the search several times slower on every page).
_HYPHEN_AT_LINE_END = re.compile(r"-[ \t]*\n[ \t]*(?=[^\W\d_])")
_SOFT_HYPHEN = "\u00ad"


def _pdfium_break(match: re.Match[str]) -> str:
    following = match.group(1)
    return following if following.islower() else "-" + following


def _line_end_hyphen(match: re.Match[str]) -> str:
    before = match.string[match.start() - 1] if match.start() else ""
    if not (before.isalpha() and match.string[match.end()].islower()):
        return match.group()
    return ""


def clean_page_text(text: str) -> str:
    """``text`` with hyphenated words joined, line ends as ``\\n`` and no unsafe characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    if "\ufffe" in text:
        text = _PDFIUM_BREAK.sub(_pdfium_break, text)
    if "-" in text:
        text = _HYPHEN_AT_LINE_END.sub(_line_end_hyphen, text)
    if text.isascii():
        # The model drops the C0 controls from every text field; nothing else is unsafe.
        return text
    return xml_safe(text.replace(_SOFT_HYPHEN, ""), "")


def clean_metadata_value(value: object) -> str:
    """One Info dictionary value as text; bytes a parser could not decode are read leniently."""
    if isinstance(value, bytes):
        if value.startswith((b"\xfe\xff", b"\xff\xfe")):
            text = value.decode("utf-16", errors="replace")
        else:
            text = value.decode("latin-1")
    else:
        text = str(value if value is not None else "")
    return xml_safe(text.replace("\ufffe", ""), "")
