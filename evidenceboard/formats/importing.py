"""Import another file's cards into a board: JSON dumps, JSON Canvas and GraphML.

:func:`import_board_file` reads the file by its extension into a new board, then
builds one undoable change that adds its cards and links to the board. Items keep
their ids unless the board already has an item with that id; then they get a fresh id
and their links follow (an import never edits or replaces what is on the board; use
merge for that). Created and modified stamps later than now (beyond a day of clock drift)
come in as now. These formats carry no attachment bytes, so a document card whose
attachment the board does not already hold keeps its file name and loses the
reference.
"""

from dataclasses import replace
from pathlib import Path

from evidenceboard.formats.files import read_json
from evidenceboard.model.board import Board
from evidenceboard.model.cancel import CancelCheck
from evidenceboard.model.cards import Card, DocumentContent
from evidenceboard.model.changes import AddCards, Batch, Change
from evidenceboard.model.clock import utc_now
from evidenceboard.model.errors import InvalidValueError
from evidenceboard.model.factory import without_future_stamps
from evidenceboard.model.ids import new_id

IMPORT_SUFFIXES = (".json", ".canvas", ".graphml")


def read_board_file(path: Path, by: str, cancel: CancelCheck | None = None) -> Board:
    """Read a ``.json`` dump, ``.canvas`` or ``.graphml`` file into a new board.

    Every refusal is an :class:`InvalidValueError` naming the file's problem, a file
    nested deeper than the readers can follow included. ``cancel`` is asked every few
    hundred items; when it says stop, :class:`~evidenceboard.model.cancel.Cancelled`
    is raised and nothing of the file is kept.
    """
    # Each reader loads with its format: GraphML brings its reader, the JSON dump
    # jsonschema, and a command that imports or exports one format needs only its own.
    suffix = path.suffix.lower()
    try:
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


def _without_missing_attachment(card: Card, board: Board) -> Card:
    content = card.content
    if (
        isinstance(content, DocumentContent)
        and content.attachment
        and content.attachment not in board.attachments
    ):
        return replace(card, content=replace(content, attachment=None))
    return card


def import_change(incoming: Board, board: Board, source_name: str) -> Change:
    """The change that adds ``incoming``'s cards and links to ``board``."""
    now = utc_now()
    card_ids = {i: (new_id() if board.holds_id(i) else i) for i in incoming.cards}
    cards = tuple(
        _without_missing_attachment(
            without_future_stamps(replace(incoming.cards[i], id=card_ids[i]), now), board
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
    return Batch((AddCards(cards, links),), f"Import {len(cards)} cards from “{source_name}”")


def import_board_file(path: Path, board: Board, by: str) -> Change:
    """Read ``path`` and return the one undoable change that adds its content to ``board``."""
    return import_change(read_board_file(Path(path), by), board, Path(path).name)
