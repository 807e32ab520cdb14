"""Text folded the same way for the full-text index and for the query.

SQLite's ``unicode61 remove_diacritics 2`` tokenizer lowercases and strips Latin
diacritics (``HÜRRİYET`` finds ``Hürriyet``), but it leaves letters that are equal to a
reader as distinct tokens: Turkish dotless ``ı`` (``Yılmaz`` and ``Yilmaz``), ``ß`` and
``ss``, final sigma and Greek accents (``Αθήνα``, ``αθηνα``), Russian ``ё`` and ``е``,
Arabic alef with hamza or madda, letters with a stroke (``ł``, ``ø``, ``đ``) and ``æ``,
``œ``, and the ligatures (``ﬁ``) and full-width letters that
PDFs and East Asian text carry. :func:`fold` maps exactly those characters, one by one,
to what the tokenizer then treats alike; the tokenizer keeps doing the rest (an ASCII
letter with accents, ``ş`` or ``İ``, it folds itself, so they stay as written). The table
holds the Latin, Greek, Cyrillic ``ё``, Arabic and Hebrew letters whose full fold (NFKD,
combining marks dropped, casefold, ``ı`` as ``i``) differs from their lowercase, plus
ligatures and full-width forms. Turkish text thus changes in one letter only, ``ı``.
Letters that differ in meaning (Japanese voiced kana, Russian ``й``, Ukrainian ``ї``,
Indic nukta) are not folded. Because the fold is a substitution of single characters, a
position in folded text maps back to the original exactly (:class:`FoldMap`), so
snippets are shown in the card's own spelling. ASCII text is returned as it is: most
text, at no cost.
"""

import re
import unicodedata
from bisect import bisect_right
from functools import cache

_MARKS = re.compile("[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670]")

# (first, last) code points whose full fold goes into the table when it differs from the
# plain lowercase: the ranges where unicode61 misses letters a reader takes as equal.
_RANGES = (
    (0x00C0, 0x024F),  # Latin-1 supplement, Latin extended A and B (ß, ı, İ, ĳ, ſ...)
    (0x1E00, 0x1EFF),  # Latin extended additional (ẞ, Vietnamese)
    (0x0370, 0x03FF),  # Greek (tonos, dialytika, final sigma)
    (0x1F00, 0x1FFF),  # Greek extended (polytonic)
    (0xFB00, 0xFB06),  # Latin ligatures ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ
    (0xFB1D, 0xFB4F),  # Hebrew presentation forms
    (0xFB50, 0xFDFF),  # Arabic presentation forms A
    (0xFE70, 0xFEFC),  # Arabic presentation forms B
    (0xFF01, 0xFF5E),  # full-width ASCII
)
_EXTRA = {
    "\u0401": "\u0435",  # Ё -> е
    "\u0451": "\u0435",  # ё -> е
    "\u0622": "\u0627",  # آ -> ا
    "\u0623": "\u0627",  # أ -> ا
    "\u0625": "\u0627",  # إ -> ا
    "\u0671": "\u0627",  # ٱ -> ا
    # Letters with a stroke have no decomposition, yet every reader types them plain:
    # "Lodz" for Łódź, "Dordevic" for Đorđević, "Soren" for Søren.
    "\u0141": "l",  # Ł
    "\u0142": "l",  # ł
    "\u00d8": "o",  # Ø
    "\u00f8": "o",  # ø
    "\u0110": "d",  # Đ
    "\u0111": "d",  # đ
    "\u0126": "h",  # Ħ
    "\u0127": "h",  # ħ
    "\u0166": "t",  # Ŧ
    "\u0167": "t",  # ŧ
    "\u00c6": "ae",  # Æ
    "\u00e6": "ae",  # æ
    "\u0152": "oe",  # Œ
    "\u0153": "oe",  # œ
}


def _full_fold(char: str) -> str:
    text = unicodedata.normalize("NFKD", char.casefold())
    text = _MARKS.sub("", text).replace("\u0131", "i")
    return unicodedata.normalize("NFC", text)


def _tokenizer_folds(char: str) -> bool:
    """Whether unicode61 already folds ``char``: an ASCII letter with combining marks."""
    parts = unicodedata.normalize("NFD", char)
    return (
        len(parts) > 1
        and parts[0].isascii()
        and parts[0].isalpha()
        and all(unicodedata.combining(c) for c in parts[1:])
    )


def _build() -> dict[str, str]:
    table: dict[str, str] = {}
    for first, last in _RANGES:
        for point in range(first, last + 1):
            char = chr(point)
            folded = _full_fold(char)
            if folded and folded not in (char, char.lower()) and not _tokenizer_folds(char):
                table[char] = folded
    table.update(_EXTRA)
    # A value holding a folded character is folded again, so that fold(fold(x)) == fold(x).
    for char, value in table.items():
        table[char] = "".join(table.get(c, c) for c in value)
    return table


# Built with the first text that is not ASCII: compiling the character classes costs
# more than a command that opens a board and lists it spends on everything else of its
# own, and most commands never fold anything.
@cache
def _table() -> dict[str, str]:
    return _build()


@cache
def _keys() -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(_table())) + "]")


@cache
def _longer() -> re.Pattern[str]:
    return re.compile(
        "[" + "".join(re.escape(c) for c, v in sorted(_table().items()) if len(v) > 1) + "]"
    )


def fold(text: str) -> str:
    """``text`` with each character the index should treat as another replaced by it."""
    if text.isascii():
        return text
    # One C-speed replace per distinct character present beats a callback per match (a
    # Turkish book holds hundreds of thousands of "ı"). No value holds a key, so nothing
    # before the first key found can hold one either.
    keys, table = _keys(), _table()
    position = 0
    while (match := keys.search(text, position)) is not None:
        char = match.group()
        text = text.replace(char, table[char])
        position = match.start()
    return text


class FoldMap:
    """Positions in ``fold(original)`` mapped back to positions in ``original``."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.folded = fold(original)
        # Folded start and extra length of each character that folds to more than one.
        self._starts: list[int] = []
        self._extras: list[int] = []
        shift = 0
        if len(self.folded) != len(original):
            table = _table()
            for match in _longer().finditer(original):
                extra = len(table[match.group()]) - 1
                self._starts.append(match.start() + shift)
                self._extras.append(shift)
                shift += extra
        self._starts.append(len(self.folded) + 1)
        self._extras.append(shift)

    def to_original(self, position: int) -> int:
        """The original position of folded ``position`` (inside an expansion: its start)."""
        index = bisect_right(self._starts, position) - 1
        if index < 0:
            return position
        start = self._starts[index]
        before = self._extras[index]
        extra = self._extras[index + 1] - before
        if position < start + 1 + extra:
            return start - before
        return position - self._extras[index + 1]
