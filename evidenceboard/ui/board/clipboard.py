"""Copy and paste of cards with the links among them, within a board and between boards.

The clipboard holds a JSON document under our own MIME type (cards and links in the
documented codec shapes, plus any embedded files base64-encoded so a document card
pasted into another board keeps its file) and a plain-text rendering for other
programs. Pasting reads the JSON back through the codec, which validates every value,
gives every card and link a fresh id, offsets the positions, and builds one change.

A picture on the clipboard (a screenshot, an image copied from a browser) is taken as
PNG by :func:`clipboard_image_png`, whatever format the source program offered, so
that the import reads it as it reads a dropped PNG file; one over the image reader's
pixel cap is refused before it is encoded.
"""

import base64
import binascii
import json
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData
from PySide6.QtGui import QImage, QImageWriter, QPixmap

from evidenceboard.model.attachments import MAX_ATTACHMENT_SIZE, sha256_hex
from evidenceboard.model.board import Board
from evidenceboard.model.changes import AddAttachment, AddCards, Batch, Change
from evidenceboard.model.clock import utc_now
from evidenceboard.model.codec import (
    attachment_from_dict,
    attachment_to_dict,
    card_from_dict,
    card_to_dict,
    link_from_dict,
    link_to_dict,
)
from evidenceboard.model.errors import InvalidValueError
from evidenceboard.model.ids import new_id
from evidenceboard.storage.document import BoardDocument

MIME_TYPE = "application/x-evidenceboard-cards+json"
#: Largest clipboard payload read back (the attachments dominate).
MAX_PAYLOAD = 64 * 1024 * 1024


def cards_to_mime(document: BoardDocument, card_ids: list[str]) -> QMimeData:
    """The selected cards, the links among them and their files, as clipboard data."""
    board = document.board
    cards = [board.cards[i] for i in card_ids if i in board.cards]
    links = board.links_between(c.id for c in cards)
    attachments = []
    for card in cards:
        sha = getattr(card.content, "attachment", None)
        if sha is not None and sha in board.attachments:
            data = document.attachment_data(sha)
            attachments.append(
                {
                    "attachment": attachment_to_dict(board.attachments[sha]),
                    "data": base64.b64encode(data).decode("ascii"),
                }
            )
    payload = {
        "format": MIME_TYPE,
        "cards": [card_to_dict(c) for c in cards],
        "links": [link_to_dict(link) for link in links],
        "attachments": attachments,
    }
    mime = QMimeData()
    mime.setData(MIME_TYPE, json.dumps(payload).encode("utf-8"))
    mime.setText("\n\n".join(_plain(c.display_title, c.source_line, c.text) for c in cards))
    return mime


def _plain(title: str, source: str, text: str) -> str:
    return "\n".join(part for part in (title, source, text) if part)


def has_cards(mime: QMimeData | None) -> bool:
    return mime is not None and mime.hasFormat(MIME_TYPE)


def clipboard_image_png(mime: QMimeData | None) -> bytes | None:
    """The clipboard's picture as PNG bytes; None when it holds none.

    Raises :class:`~evidenceboard.ingest.items.IngestError` for a picture larger than
    the image reader accepts.
    """
    # Loaded here: the image reader brings Pillow, which copying cards never needs.
    from evidenceboard.ingest.images import MAX_PIXELS
    from evidenceboard.ingest.items import IngestError

    if mime is None or not mime.hasImage():
        return None
    data = mime.imageData()
    image = data.toImage() if isinstance(data, QPixmap) else data
    if not isinstance(image, QImage) or image.isNull():
        return None
    if image.width() * image.height() > MAX_PIXELS:
        raise IngestError(
            f"the picture is {image.width():,} x {image.height():,} pixels, more than the "
            f"{MAX_PIXELS // 1_000_000} megapixels allowed"
        )
    encoded = QByteArray()
    buffer = QBuffer(encoded)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not QImageWriter(buffer, QByteArray(b"png")).write(image):
        return None
    buffer.close()
    return bytes(encoded.data())


def paste_change(
    mime: QMimeData,
    board: Board,
    author: str,
    offset: tuple[float, float],
    anchor: tuple[float, float] | None = None,
) -> tuple[Change, list[str]]:
    """The change that pastes the clipboard's cards, and the new card ids.

    With ``anchor`` (a scene point, such as the mouse pointer) the cards keep their
    arrangement and their top-left corner lands there; otherwise they shift by ``offset``.

    Raises :class:`InvalidValueError` if the clipboard holds something malformed.
    """
    raw = bytes(mime.data(MIME_TYPE).data())
    if len(raw) > MAX_PAYLOAD:
        raise InvalidValueError("The clipboard holds too much to paste.")
    try:
        payload: Any = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        # Any program can put data of our type on the clipboard, nested 200,000 deep.
        raise InvalidValueError("The clipboard does not hold cards.") from None
    if not isinstance(payload, dict):
        raise InvalidValueError("The clipboard does not hold cards.")
    cards = [card_from_dict(c) for c in _list(payload, "cards")]
    links = [link_from_dict(link) for link in _list(payload, "links")]
    now = utc_now()
    ids = {card.id: new_id() for card in cards}
    dx, dy = offset
    if anchor is not None and cards:
        dx = anchor[0] - min(card.geometry.x for card in cards)
        dy = anchor[1] - min(card.geometry.y for card in cards)
    new_cards = tuple(
        replace(
            card,
            id=ids[card.id],
            geometry=card.geometry.moved_to(card.geometry.x + dx, card.geometry.y + dy),
            created_by=author,
            created_at=now,
            modified_by=author,
            modified_at=now,
        )
        for card in cards
    )
    new_links = tuple(
        replace(
            link,
            id=new_id(),
            source=ids[link.source],
            target=ids[link.target],
            created_by=author,
            created_at=now,
            modified_by=author,
            modified_at=now,
        )
        for link in links
        if link.source in ids and link.target in ids
    )
    changes: list[Change] = []
    for entry in _list(payload, "attachments"):
        if not isinstance(entry, dict):
            raise InvalidValueError("The clipboard holds a malformed file.")
        attachment = attachment_from_dict(entry.get("attachment"))
        if attachment.sha256 in board.attachments:
            continue
        try:
            data = base64.b64decode(str(entry.get("data", "")), validate=True)
        except (binascii.Error, ValueError):
            raise InvalidValueError("The clipboard holds a malformed file.") from None
        if len(data) > MAX_ATTACHMENT_SIZE or sha256_hex(data) != attachment.sha256:
            raise InvalidValueError("A file on the clipboard does not match its fingerprint.")
        changes.append(AddAttachment(attachment, data))
    add = AddCards(new_cards, new_links)
    words = add.describe(board).replace("Add", "Paste", 1)
    change: Change = Batch((*changes, add), words) if changes else Batch((add,), words)
    return change, [c.id for c in new_cards]


def _list(payload: dict[str, Any], key: str) -> list[Any]:
    value = payload.get(key, [])
    if not isinstance(value, list):
        raise InvalidValueError("The clipboard does not hold cards.")
    return value
