"""The lossless, stably ordered JSON dump of a board, and reading it back.

Made for diffing and merging with ordinary tools: a top-level ``format``, ``version``
and ``generator``; sections sorted by id (attachments by SHA-256); object keys sorted,
two-space indent, a trailing newline; text in Unicode NFC; timestamps ISO 8601 UTC
with ``Z``; attachments described by SHA-256 and never inlined. Layout is kept apart
from content (a ``layout`` map of id to ``[x, y, width, height]``), so moving a card
never shows as a change to its text. Coordinates are kept exactly (not rounded) so
that a dump read back gives the same board. The shapes of cards, links, attachments
and the board are those of :mod:`evidenceboard.model.codec`; the JSON Schema is
``resources/schemas/evidenceboard-board-1.schema.json``. Reading validates against it
first and then through the codec, which checks every value.
"""

import json
import unicodedata
from functools import cache
from typing import Any

from evidenceboard import __version__
from evidenceboard.model import codec
from evidenceboard.model.board import Board
from evidenceboard.model.cancel import CancelCheck, Checkpoint
from evidenceboard.model.errors import ChangeError, InvalidValueError
from evidenceboard.resources_path import resource

FORMAT = "evidenceboard-board"
VERSION = 1
SCHEMA_NAME = "evidenceboard-board-1.schema.json"


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


def board_to_data(board: Board) -> dict[str, Any]:
    """The dump as plain data."""
    cards = []
    layout: dict[str, list[float]] = {}
    for card_id in sorted(board.cards):
        data = codec.card_to_dict(board.cards[card_id])
        g = data.pop("geometry")
        layout[card_id] = [g["x"], g["y"], g["width"], g["height"]]
        cards.append(data)
    dump: dict[str, Any] = _nfc(
        {
            "format": FORMAT,
            "version": VERSION,
            "generator": f"EvidenceBoard {__version__}",
            "board": codec.info_to_dict(board.info),
            "cards": cards,
            "links": [codec.link_to_dict(board.links[i]) for i in sorted(board.links)],
            "attachments": [
                codec.attachment_to_dict(board.attachments[s]) for s in sorted(board.attachments)
            ],
            "layout": layout,
            # Left out when there are none, as the board's settings are.
            **(
                {
                    "ach_marks": [
                        codec.mark_to_dict(board.ach_marks[k]) for k in sorted(board.ach_marks)
                    ]
                }
                if board.ach_marks
                else {}
            ),
        }
    )
    return dump


def dumps_board(board: Board) -> str:
    """The dump as text, ready to write as UTF-8."""
    return json.dumps(board_to_data(board), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


@cache
def board_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(resource("schemas", SCHEMA_NAME).read_text("utf-8"))
    return schema


def validate_dump(data: Any) -> None:
    """Raise :class:`InvalidValueError` naming the first place the data breaks the schema."""
    # Only reading a dump validates it: writing one (`export`) need not load jsonschema.
    import jsonschema

    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(board_schema()).iter_errors(data)
    )
    if error is not None:
        where = _clip("/".join(str(p) for p in error.absolute_path)) or "the top level"
        raise InvalidValueError(
            f"Not a valid EvidenceBoard JSON dump at {where}: {_clip(error.message)}"
        )


def _clip(text: str, limit: int = 300) -> str:
    # A message quotes the offending value; a hostile one can be megabytes of brackets.
    return text if len(text) <= limit else text[:limit] + "…"


def board_from_data(data: Any, cancel: CancelCheck | None = None) -> Board:
    """Read a dump (already parsed JSON) back into a board, checking everything.

    ``cancel`` is asked every few hundred cards; when it says stop,
    :class:`~evidenceboard.model.cancel.Cancelled` is raised.
    """
    checkpoint = Checkpoint(cancel)
    validate_dump(data)
    checkpoint.check()
    layout = data["layout"]
    cards = []
    for raw in data["cards"]:
        checkpoint.tick()
        place = layout.get(raw["id"])
        if place is None:
            raise InvalidValueError(f"Card {raw['id'][:8]} has no layout entry.")
        x, y, width, height = place
        cards.append(
            codec.card_from_dict(
                {**raw, "geometry": {"x": x, "y": y, "width": width, "height": height}}
            )
        )
    try:
        return Board.from_parts(
            codec.info_from_dict(data["board"]),
            cards,
            [codec.link_from_dict(x) for x in data["links"]],
            [codec.attachment_from_dict(a) for a in data["attachments"]],
            [codec.mark_from_dict(m) for m in data.get("ach_marks", [])],
        )
    except ChangeError as exc:
        raise InvalidValueError(f"The dump is inconsistent: {exc}") from exc
