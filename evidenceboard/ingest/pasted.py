"""Cards from the clipboard: a pasted web address, a piece of text or a picture.

A pasted address becomes an article card holding the address, its site as outlet and
the paste time as capture time; nothing is fetched, since the app works offline and the
investigator may not want the site to see a visit. Only http(s) addresses count: a
``javascript:`` or ``file:`` string is pasted text, never a link. Pasted text becomes a
note, or a claim when the user asks for one; text that is nothing but a web address is
treated as that address.

A pasted picture (a screenshot) is read by the same image reader as a dropped image
file, from the PNG the window makes of it, and becomes the same document card: the
PNG attached, a thumbnail, its size in the text. A screenshot has no EXIF date and no
file time, so its capture time is the moment of the paste: the card's date, and the
exact time in its text, with "Pasted from the clipboard" as its origin.
"""

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from evidenceboard.ingest.images import read_image
from evidenceboard.ingest.items import ImportedItem
from evidenceboard.ingest.sniffing import FileType
from evidenceboard.model.board import Board
from evidenceboard.model.cards import MAX_TITLE_LENGTH, Card, CardKind, clean_text
from evidenceboard.model.clock import utc_now
from evidenceboard.model.errors import InvalidValueError
from evidenceboard.model.factory import make_card
from evidenceboard.model.placement import free_position

#: A claim's title is its first line, cut to this length; the statement keeps it all.
CLAIM_TITLE_CHARS = 120
PASTED_ORIGIN = "Pasted from the clipboard"


def web_address(text: str) -> str | None:
    """``text`` as an http(s) address if it is exactly one, else None."""
    candidate = text.strip()
    if not candidate or len(candidate) > MAX_TITLE_LENGTH or any(c.isspace() for c in candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return candidate


def card_from_url(url: str, by: str, *, position: tuple[float, float] = (0.0, 0.0)) -> Card:
    """An article card for a pasted address; raises InvalidValueError if it is not one."""
    address = web_address(url)
    if address is None:
        raise InvalidValueError("Only http:// and https:// addresses can become articles.")
    parts = urlsplit(address)
    site = (parts.hostname or "").removeprefix("www.")
    path = parts.path.rstrip("/")
    title = f"{site}{path}" if path else site
    return make_card(
        CardKind.ARTICLE,
        title[:MAX_TITLE_LENGTH],
        by,
        x=position[0],
        y=position[1],
        outlet=site,
        url=address,
        captured_at=utc_now(),
    )


def card_from_pasted_text(text: str, board: Board, by: str, as_claim: bool = False) -> Card:
    """A note (or claim) for pasted text, placed in the board's next free slot.

    The caller adds it with ``AddCards((card,))`` through the document. Raises
    InvalidValueError for empty text.
    """
    x, y = free_position(board)
    if not as_claim and web_address(text) is not None:
        return card_from_url(text, by, position=(x, y))
    body = clean_text(text).strip()
    if not body:
        raise InvalidValueError("There is no text to paste.")
    if as_claim:
        first = body.split("\n", 1)[0].strip()
        title = first if len(first) <= CLAIM_TITLE_CHARS else first[: CLAIM_TITLE_CHARS - 1] + "…"
        return make_card(CardKind.CLAIM, title, by, x=x, y=y, statement=body)
    return make_card(CardKind.NOTE, "", by, x=x, y=y, text=body)


def item_from_pasted_image(png: bytes, at: datetime) -> ImportedItem:
    """The document item for a picture pasted at ``at`` (UTC), given as PNG bytes.

    Raises :class:`~evidenceboard.ingest.items.IngestError` as the image reader does
    (too many pixels, damaged data).
    """
    stamp = at.astimezone(UTC)
    name = f"Pasted image {stamp:%Y-%m-%d %H.%M.%S}.png"
    item = read_image(Path(name), png, FileType.PNG)
    values = dict(item.values)
    values["date"] = stamp.date().isoformat()
    values["origin"] = PASTED_ORIGIN
    captured = f"Captured {stamp:%Y-%m-%d %H:%M:%S} UTC, pasted from the clipboard."
    values["extracted_text"] = f"{values.get('extracted_text', '')}\n{captured}".strip()
    return replace(item, values=values)
