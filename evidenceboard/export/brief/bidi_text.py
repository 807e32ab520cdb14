"""Right-to-left text (Arabic, Hebrew) for reportlab, which draws glyphs left to right.

The order of work is the Unicode Bidirectional Algorithm's (UAX #9): a paragraph is
shaped and broken into lines in *logical* (typed) order, and only then is each line put
in display order. Reordering a whole paragraph first put the end of a long sentence on
its first line. So the brief's paragraphs (:class:`~evidenceboard.export.brief.flowables.
BriefParagraph`) keep their lines logical and call :func:`visual_order` per line when
they draw.

Shaping: ``arabic-reshaper`` (MIT) picks the joined letter forms in logical order; the
forms come from the Presentation Forms blocks, which the brief's ToUnicode map turns back
into the letters typed (:mod:`font_unicode`), so the PDF is searchable as typed.

Reordering: :func:`embedding_levels` is a compact implementation of the algorithm's
rules for isolates (FSI/LRI/RLI…PDI, which the brief puts around every inserted field so
that a Hebrew title does not capture the number after it), weak and neutral types and
implicit levels; L1 and L2 order a line and L4 mirrors brackets in right-to-left runs.
Explicit embeddings and overrides (LRE, RLE, LRO, RLO, PDF) from board text are ignored:
a hostile board must not be able to make the brief display text in another order than
it stores (the "Trojan Source" trick). Levels are resolved per line, with the
paragraph's direction, which differs from whole-paragraph resolution only for neutral
characters at a line's very ends. Bracket pairs (rule N0) are matched on the common
brackets (parentheses, square and curly brackets, and the CJK ones).
"""

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import arabic_reshaper

_RTL_RE = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u2066-\u2069\u202a-\u202e]")
_CONTROLS_RE = re.compile(r"[\u2066-\u2069\u202a-\u202e]")
_ARABIC_RE = re.compile(r"[\u0600-\u08ff]")
FSI, PDI = "\u2068", "\u2069"
_ISOLATE_OPENERS = frozenset("\u2066\u2067\u2068")
_DROPPED = frozenset("\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e")
_STRONG_R = frozenset({"R", "AL"})
_NEUTRAL = frozenset({"B", "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"})
_MAX_DEPTH = 125
#: Bidi_Mirroring_Glyph pairs of the brackets and signs board text is likely to hold.
_MIRROR_PAIRS = (
    "()[]{}<>\u00ab\u00bb\u2039\u203a\u2045\u2046\u207d\u207e\u208d\u208e"
    "\u2264\u2265\u2266\u2267\u226a\u226b\u2208\u220b\u2282\u2283\u27e8\u27e9"
    "\u27e6\u27e7\u2983\u2984\u300c\u300d\u300e\u300f\u3010\u3011\u3008\u3009"
    "\u300a\u300b\u3014\u3015"
)
_MIRROR = {
    **dict(zip(_MIRROR_PAIRS[::2], _MIRROR_PAIRS[1::2], strict=True)),
    **dict(zip(_MIRROR_PAIRS[1::2], _MIRROR_PAIRS[::2], strict=True)),
}
_OPENING = {
    "(": ")",
    "[": "]",
    "{": "}",
    "\u2045": "\u2046",
    "\u207d": "\u207e",
    "\u208d": "\u208e",
    "\u27e8": "\u27e9",
    "\u27e6": "\u27e7",
    "\u2983": "\u2984",
    "\u3008": "\u3009",
    "\u300a": "\u300b",
    "\u300c": "\u300d",
    "\u300e": "\u300f",
    "\u3010": "\u3011",
    "\u3014": "\u3015",
}
_CLOSING = frozenset(_OPENING.values())
_BRACKET_DEPTH = 63


def without_controls(text: str) -> str:
    """Board text without bidi isolates, embeddings and overrides.

    The brief places its own isolates; ones from a board could reorder what the brief
    shows (and tens of thousands of them, all of zero width on one line, would make the
    line's reordering quadratic). Marks (LRM, RLM) stay: they only act as letters.
    """
    if _CONTROLS_RE.search(text) is None:
        return text
    return _CONTROLS_RE.sub("", text)


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds a Hebrew or Arabic letter or a bidi control to honour."""
    return _RTL_RE.search(text) is not None


def base_is_rtl(text: str) -> bool:
    """The paragraph direction (rules P2, P3): that of its first strong letter outside isolates."""
    depth = 0
    for char in text:
        if char in _ISOLATE_OPENERS:
            depth += 1
        elif char == PDI:
            depth = max(0, depth - 1)
        elif depth == 0:
            direction = unicodedata.bidirectional(char)
            if direction in _STRONG_R:
                return True
            if direction == "L":
                return False
    return False


def has_strong(text: str) -> bool:
    """Whether ``text`` has a letter with a direction of its own (outside isolates or not)."""
    return any(unicodedata.bidirectional(c) in ("L", "R", "AL") for c in text)


def shape(text: str) -> str:
    """``text`` with Arabic letters in their joined forms, still in logical order."""
    if _ARABIC_RE.search(text) is None:
        return text
    return str(_reshaper().reshape(text))


@cache
def _reshaper() -> "arabic_reshaper.ArabicReshaper":
    # Loaded with the first Arabic text: most briefs have none.
    import arabic_reshaper

    return arabic_reshaper.ArabicReshaper({"delete_harakat": False})


def isolate(text: str) -> str:
    """An inserted field wrapped in first-strong isolates, if it has right-to-left text."""
    return f"{FSI}{text}{PDI}" if has_rtl(text) else text


def _first_strong_rtl(types: Sequence[str], start: int, end: int) -> bool:
    depth = 0
    for i in range(start, end):
        kind = types[i]
        if kind in ("LRI", "RLI", "FSI"):
            depth += 1
        elif kind == "PDI":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and kind in ("L", "R", "AL"):
            return kind != "L"
    return False


def _explicit_levels(types: list[str], base: int) -> tuple[list[int], dict[int, int]]:
    """Rules X1-X8 for isolates; returns levels and the matching PDI of each opener."""
    levels = [base] * len(types)
    stack: list[tuple[int, int]] = []  # (level before the isolate, opener index)
    matches: dict[int, int] = {}
    level = base
    for i, kind in enumerate(types):
        if kind in ("LRI", "RLI", "FSI"):
            levels[i] = level
            rtl = kind == "RLI" or (kind == "FSI" and _first_strong_rtl(types, i + 1, len(types)))
            new = level + 1 + (level % 2 == 1 if rtl else level % 2 == 0)
            if new <= _MAX_DEPTH:
                stack.append((level, i))
                level = new
            else:
                types[i] = "ON"
        elif kind == "PDI":
            if stack:
                level, opener = stack.pop()
                matches[opener] = i
            else:
                types[i] = "ON"
            levels[i] = level
        else:
            levels[i] = level
    return levels, matches


def _sequences(levels: list[int], matches: dict[int, int]) -> list[list[int]]:
    """Isolating run sequences (BD13): level runs chained from an opener to its PDI."""
    runs: list[list[int]] = []
    for i, level in enumerate(levels):
        if runs and levels[runs[-1][-1]] == level and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    run_of_start = {run[0]: run for run in runs}
    closers = set(matches.values())
    sequences: list[list[int]] = []
    for run in runs:
        if run[0] in closers:
            continue
        sequence = list(run)
        while sequence[-1] in matches:
            nxt = run_of_start.get(matches[sequence[-1]])
            if nxt is None:
                break
            sequence += nxt
        sequences.append(sequence)
    return sequences


def _strong(kind: str) -> str | None:
    if kind == "L":
        return "L"
    if kind in ("R", "EN", "AN"):
        return "R"
    return None


def _bracket_pairs(chars: list[str], kinds: list[str]) -> list[tuple[int, int]]:
    """Rule BD16: matching bracket pairs among the neutral brackets, by opener position."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for k, char in enumerate(chars):
        if kinds[k] != "ON":
            continue
        if char in _OPENING:
            if len(stack) == _BRACKET_DEPTH:
                break
            stack.append((_OPENING[char], k))
        elif char in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == char:
                    pairs.append((stack[depth][1], k))
                    del stack[depth:]
                    break
    return sorted(pairs)


def _resolve_brackets(chars: list[str], kinds: list[str], embedding: str, sos: str) -> None:
    """Rule N0: a bracket pair takes the direction of what it encloses and precedes it."""
    for opener, closer in _bracket_pairs(chars, kinds):
        inside = {_strong(kind) for kind in kinds[opener + 1 : closer]} - {None}
        if not inside:
            continue
        if embedding in inside:
            chosen = embedding
        else:
            before = sos
            for k in range(opener - 1, -1, -1):
                strong = _strong(kinds[k])
                if strong is not None:
                    before = strong
                    break
            # Only the opposite direction inside: the pair follows the text before it.
            chosen = before
        for k in (opener, closer):
            kinds[k] = chosen
            # Marks on a bracket follow it.
            j = k + 1
            while j < len(kinds) and unicodedata.category(chars[j]) == "Mn":
                kinds[j] = chosen
                j += 1


def _resolve(
    text: str, types: list[str], levels: list[int], seq: list[int], sos: str, eos: str
) -> None:
    kinds = [types[i] for i in seq]
    n = len(kinds)
    # W1: non-spacing marks take the type before them (ON after an isolate boundary).
    for k in range(n):
        if kinds[k] == "NSM":
            before = kinds[k - 1] if k else sos
            kinds[k] = "ON" if before in ("LRI", "RLI", "FSI", "PDI") else before
    # W2, W3: European numbers after Arabic letters are Arabic numbers; AL is R.
    last = sos
    for k in range(n):
        kind = kinds[k]
        if kind in ("L", "R", "AL"):
            last = kind
        elif kind == "EN" and last == "AL":
            kinds[k] = "AN"
    kinds = ["R" if kind == "AL" else kind for kind in kinds]
    # W4: one separator between two numbers of a kind joins them.
    for k in range(1, n - 1):
        if kinds[k] == "ES" and kinds[k - 1] == kinds[k + 1] == "EN":
            kinds[k] = "EN"
        elif kinds[k] == "CS" and kinds[k - 1] == kinds[k + 1] and kinds[k - 1] in ("EN", "AN"):
            kinds[k] = kinds[k - 1]
    # W5: terminators (currency, percent) next to European numbers are numbers.
    for k in range(n):
        if kinds[k] == "EN":
            j = k - 1
            while j >= 0 and kinds[j] == "ET":
                kinds[j] = "EN"
                j -= 1
            j = k + 1
            while j < n and kinds[j] == "ET":
                kinds[j] = "EN"
                j += 1
    # W6, W7.
    kinds = ["ON" if kind in ("ES", "ET", "CS", "BN") else kind for kind in kinds]
    last = sos
    for k in range(n):
        if kinds[k] in ("L", "R"):
            last = kinds[k]
        elif kinds[k] == "EN" and last == "L":
            kinds[k] = "L"
    embedding = "R" if levels[seq[0]] % 2 else "L"
    _resolve_brackets([text[i] for i in seq], kinds, embedding, sos)
    # N1, N2: neutrals between two like directions take it, others the embedding's.
    k = 0
    while k < n:
        if kinds[k] not in _NEUTRAL:
            k += 1
            continue
        j = k
        while j < n and kinds[j] in _NEUTRAL:
            j += 1
        before = sos if k == 0 else ("R" if kinds[k - 1] in ("R", "EN", "AN") else "L")
        after = eos if j == n else ("R" if kinds[j] in ("R", "EN", "AN") else "L")
        chosen = before if before == after else embedding
        for m in range(k, j):
            kinds[m] = chosen
        k = j
    # I1, I2.
    for k, i in enumerate(seq):
        level = levels[i]
        kind = kinds[k]
        if level % 2 == 0:
            levels[i] = level + (1 if kind == "R" else 2 if kind in ("AN", "EN") else 0)
        elif kind in ("L", "EN", "AN"):
            levels[i] = level + 1


def embedding_levels(text: str, rtl_base: bool) -> list[int]:
    """The resolved level of each character of one line (even: left to right)."""
    base = 1 if rtl_base else 0
    types = [
        "BN" if char in "\u202a\u202b\u202c\u202d\u202e" else unicodedata.bidirectional(char)
        for char in text
    ]
    types = [kind or "L" for kind in types]
    levels, matches = _explicit_levels(types, base)
    for seq in _sequences(levels, matches):
        first, last = seq[0], seq[-1]
        level = levels[first]
        before = levels[first - 1] if first > 0 else base
        after = base if last in matches or last + 1 >= len(text) else levels[last + 1]
        sos = "R" if max(level, before) % 2 else "L"
        eos = "R" if max(level, after) % 2 else "L"
        _resolve(text, types, levels, seq, sos, eos)
    # L1: trailing white space and isolates go back to the paragraph level.
    for i in range(len(text) - 1, -1, -1):
        if types[i] in ("WS", "LRI", "RLI", "FSI", "PDI", "BN") or text[i].isspace():
            levels[i] = base
        else:
            break
    for i, char in enumerate(text):
        if char in ("\t",) or types[i] in ("S", "B"):
            levels[i] = base
    return levels


def visual_order(text: str, rtl_base: bool) -> list[int]:
    """The indices of ``text``'s characters in display order (rule L2)."""
    levels = embedding_levels(text, rtl_base)
    order = list(range(len(text)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min((lv for lv in levels if lv % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


def mirrored(char: str, level: int) -> str:
    """Rule L4: a bracket in a right-to-left run is drawn as its mirror image."""
    if level % 2 and char in _MIRROR:
        return _MIRROR[char]
    return char


def is_dropped(char: str) -> bool:
    """Bidi controls: they order the line and are not drawn."""
    return char in _DROPPED


def visual_line(text: str, rtl_base: bool | None = None) -> str:
    """One line of text, shaped and put in display (left-to-right drawing) order."""
    if not has_rtl(text):
        return text
    shaped = shape(text)
    if rtl_base is None:
        rtl_base = base_is_rtl(shaped)
    levels = embedding_levels(shaped, rtl_base)
    return "".join(
        mirrored(shaped[i], levels[i])
        for i in visual_order(shaped, rtl_base)
        if not is_dropped(shaped[i])
    )
