"""Short text about the board: names cut to a length, and counts with their noun.

The analysis's sentences, the brief, and the window's lists all cut titles the same way,
so a title reads the same wherever it is cut, and say "1 card" and "2 cards" alike.
"""


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters with an ellipsis, at a word where there is one.

    White space around the text is dropped first. A name cut mid-word ("no captu…") reads as
    a typo, and so does one that ends on a comma before the ellipsis ("since deleted,…").
    """
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def plural(count: int, singular: str, many: str | None = None) -> str:
    """``count`` with its noun: "1 claim", "2 claims", "3 analyses" (``many``)."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"
