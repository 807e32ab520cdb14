"""Put the lines of a laid-out paragraph in display order, just before it is drawn.

reportlab breaks a paragraph into lines on its logical text (which is what the
bidirectional algorithm asks for); :func:`visual_lines` then reorders each line with
:mod:`evidenceboard.export.brief.bidi_text` and returns a copy of the paragraph's line list,
so splitting a paragraph across pages (which re-wraps its logical fragments) never sees
reordered text. A line of several fragments (bold, a link, a fallback font) is cut where
the display order leaves a fragment, and each piece is a copy of its fragment with the
piece's text: fonts, colours and links go with the characters they belong to.
"""

from typing import Any

from evidenceboard.export.brief.bidi_text import (
    base_is_rtl,
    embedding_levels,
    has_rtl,
    has_strong,
    is_dropped,
    mirrored,
    visual_order,
)


def _display(text: str, rtl_base: bool) -> str:
    levels = embedding_levels(text, rtl_base)
    return "".join(
        mirrored(text[i], levels[i])
        for i in visual_order(text, rtl_base)
        if not is_dropped(text[i])
    )


def _frag_line(line: Any, rtl_base: bool) -> Any:
    text_frags = [f for f in line.words if not hasattr(f, "cbDefn")]
    others = [f for f in line.words if hasattr(f, "cbDefn")]
    text = "".join(f.text for f in text_frags)
    owner = [index for index, f in enumerate(text_frags) for _char in f.text]
    levels = embedding_levels(text, rtl_base)
    pieces: list[Any] = list(others)
    current = -1
    chars: list[str] = []
    for i in visual_order(text, rtl_base):
        if owner[i] != current and chars:
            pieces.append(text_frags[current].clone(text="".join(chars)))
            chars = []
        current = owner[i]
        if not is_dropped(text[i]):
            chars.append(mirrored(text[i], levels[i]))
    if chars:
        pieces.append(text_frags[current].clone(text="".join(chars)))
    return line.clone(words=pieces)


def line_texts(bl_para: Any) -> list[str]:
    """The text of each line of a paragraph's ``blPara``, in logical order."""
    if bl_para.kind == 0:
        return [" ".join(words) for _extra, words in bl_para.lines]
    return ["".join(getattr(f, "text", "") for f in line.words) for line in bl_para.lines]


def needs_reordering(bl_para: Any) -> bool:
    """Whether any line holds right-to-left text or bidi controls."""
    return any(has_rtl(text) for text in line_texts(bl_para))


def visual_lines(bl_para: Any) -> Any:
    """A copy of a paragraph's ``blPara`` with every line in display order."""
    rtl_base = base_is_rtl(" ".join(line_texts(bl_para)))
    if bl_para.kind == 0:
        lines = [
            (extra, _display(" ".join(words), rtl_base).split(" "))
            for extra, words in bl_para.lines
        ]
        return bl_para.clone(lines=lines)
    # Each line break of the markup ends a paragraph of the board text, and each such
    # paragraph takes its own direction from its first strong letter (rules P1-P3).
    lines = []
    group: list[Any] = []
    for line in bl_para.lines:
        group.append(line)
        if getattr(line, "lineBreak", False) or line is bl_para.lines[-1]:
            text = "".join(getattr(f, "text", "") for g in group for f in g.words)
            base = base_is_rtl(text) if has_strong(text) else rtl_base
            lines += [_frag_line(g, base) for g in group]
            group = []
    return bl_para.clone(lines=lines)
