"""Import another file's cards into a board: JSON dumps, JSON Canvas, GraphML, FtM.

:func:`import_board_file` reads the file by its extension into a new board, then
builds one undoable change that adds its cards and links to the board. Items keep
their ids unless the board already has an item with that id; then they get a fresh id
and their links follow (an import never edits or replaces what is on the board; use
merge for that). Created and modified stamps later than now (beyond a day of clock drift)
come in as now.

These formats carry no attachment bytes. Those found beside the file
(:mod:`evidenceboard.formats.attachment_files`, where the exports write them) come in
with the cards, checked against their SHA-256 and size; a card of any kind (a saved
web page, a PDF, an image) whose attachment is neither found nor already on the board
keeps its other fields and loses the reference. The bytes travel on the board that
:func:`read_board_file` returns, a :class:`BoardFile`, so the window's worker can read
them off the interface thread and :func:`import_change` turn them into the change.
"""

from dataclasses import replace
from pathlib import Path
from typing import cast

from evidenceboard.formats.attachment_files import find_attachment_bytes
from evidenceboard.formats.files import read_json
from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.cancel import CancelCheck
from evidenceboard.model.cards import ArticleContent, Card, DocumentContent
from evidenceboard.model.changes import AddAttachment, AddCards, Batch, Change
from evidenceboard.model.clock import utc_now
from evidenceboard.model.errors import InvalidValueError
from evidenceboard.model.factory import without_future_stamps
from evidenceboard.model.ids import new_id
from evidenceboard.model.short_text import plural

IMPORT_SUFFIXES = (".json", ".canvas", ".graphml", ".ftm", ".ijson", ".ftm.json")


class BoardFile(Board):
    """A board read from another board's export, with the attachment bytes found for it."""

    def __init__(self, info: BoardInfo | None = None) -> None:
        super().__init__(info)
        #: SHA-256 → bytes, each checked against its description.
        self.attachment_data: dict[str, bytes] = {}


def read_board_file(path: Path, by: str, cancel: CancelCheck | None = None) -> Board:
    """Read a ``.json`` dump, ``.canvas``, ``.graphml`` or FollowTheMoney file into a board.

    The board is a :class:`BoardFile` holding the bytes of those of its attachments
    found beside ``path``. Every refusal is an :class:`InvalidValueError` naming the
    file's problem, a file nested deeper than the readers can follow included.
    ``cancel`` is asked every few hundred items; when it says stop,
    :class:`~evidenceboard.model.cancel.Cancelled` is raised and nothing of the file
    is kept.
    """
    board = _read(path, by, cancel)
    found = cast(
        "BoardFile",
        BoardFile.from_parts(
            board.info, board.cards.values(), board.links.values(), board.attachments.values()
        ),
    )
    found.attachment_data = find_attachment_bytes(path, board.attachments.values(), cancel)
    return found


def _read(path: Path, by: str, cancel: CancelCheck | None) -> Board:
    # Each reader loads with its format: GraphML brings its reader, the JSON dump
    # jsonschema, and a command that imports or exports one format needs only its own.
    suffix = path.suffix.lower()
    try:
        # Before ".json": "case.ftm.json" is FollowTheMoney, not a board dump.
        if path.name.lower().endswith((".ftm", ".ijson", ".ftm.json")):
            from evidenceboard.formats.ftm import read_ftm_board

            return read_ftm_board(path, by, cancel)
        if suffix == ".json":
            from evidenceboard.formats.json_dump import board_from_data

            return board_from_data(read_json(path), cancel)
        if suffix == ".canvas":
            from evidenceboard.formats.canvas import canvas_to_board

            return canvas_to_board(read_json(path), by, cancel)
        if suffix == ".graphml":
            from evidenceboard.formats.graphml import read_graphml_board

            return read_graphml_board(path, by, cancel)
    except RecursionError as exc:  # e.g. the schema check walking a deeply nested value
        raise InvalidValueError(f"{path.name} is nested too deeply to import.") from exc
    raise InvalidValueError(
        f"{path.name}: only {', '.join(IMPORT_SUFFIXES)} files can be imported this way."
    )


def _without_missing_attachment(card: Card, present: set[str]) -> Card:
    # Articles (a saved page) and documents (a PDF, an image) both refer to one.
    content = card.content
    if (
        isinstance(content, ArticleContent | DocumentContent)
        and content.attachment is not None
        and content.attachment not in present
    ):
        return replace(card, content=replace(content, attachment=None))
    return card


def _attachment_additions(incoming: Board, board: Board) -> list[AddAttachment]:
    data = incoming.attachment_data if isinstance(incoming, BoardFile) else {}
    return [
        AddAttachment(incoming.attachments[sha], data[sha])
        for sha in sorted(data)
        if sha in incoming.attachments and sha not in board.attachments
    ]


def import_change(incoming: Board, board: Board, source_name: str) -> Change:
    """The change that adds ``incoming``'s cards and links to ``board``.

    The attachments whose bytes ``incoming`` carries (a :class:`BoardFile`) and
    ``board`` lacks are added first, in the same change.
    """
    now = utc_now()
    additions = _attachment_additions(incoming, board)
    present = set(board.attachments) | {a.attachment.sha256 for a in additions}
    card_ids = {i: (new_id() if board.holds_id(i) else i) for i in incoming.cards}
    cards = tuple(
        _without_missing_attachment(
            without_future_stamps(replace(incoming.cards[i], id=card_ids[i]), now), present
        )
        for i in sorted(incoming.cards)
    )
    links = tuple(
        replace(
            without_future_stamps(link, now),
            id=new_id() if board.holds_id(link.id) else link.id,
            source=card_ids[link.source],
            target=card_ids[link.target],
        )
        for link in (incoming.links[i] for i in sorted(incoming.links))
    )
    return Batch(
        (*additions, AddCards(cards, links)),
        f"Import {plural(len(cards), 'card')} from “{source_name}”",
    )


def import_board_file(path: Path, board: Board, by: str) -> Change:
    """Read ``path`` and return the one undoable change that adds its content to ``board``."""
    return import_change(read_board_file(Path(path), by), board, Path(path).name)
