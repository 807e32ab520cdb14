"""The colours of card kinds and link kinds on the (light) canvas, as ``#rrggbb`` text.

One table for the window and the printed brief: the brief's diagram and its legend use
the colours the investigator sees on the canvas, so a legend swatch is never another
colour than the card it explains. Qt-free so that the export can read it.
"""

from evidenceboard.model.cards import CardKind
from evidenceboard.model.links import LinkKind

KIND_HEX: dict[CardKind, str] = {
    CardKind.ARTICLE: "#2f6bd8",
    CardKind.DOCUMENT: "#b4690e",
    CardKind.CLAIM: "#7b48c8",
    CardKind.NOTE: "#c79a12",
    CardKind.PERSON: "#0f8b8d",
    CardKind.ORGANISATION: "#4d8a2c",
    CardKind.LOCATION: "#c0446a",
    CardKind.EVENT: "#3b5b8a",
    CardKind.FRAME: "#66717f",
}
LINK_HEX: dict[LinkKind, str] = {
    LinkKind.CORROBORATES: "#23915a",
    LinkKind.CONTRADICTS: "#d33b3b",
    LinkKind.DERIVED_FROM: "#7d8593",
    LinkKind.RELATED: "#6d8fb3",
}


def tint(hex_colour: str, share: float) -> str:
    """``hex_colour`` mixed with white, keeping ``share`` (0..1) of the colour."""
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    mixed = [round(255 - (255 - c) * share) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in mixed)
