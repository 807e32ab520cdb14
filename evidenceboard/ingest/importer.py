"""Files to cards: read each file on its own, then put all that worked on the board at once.

:func:`read_file` is pure (no board, no Qt) so the window can run it in a worker thread,
one file at a time; :func:`changes_for_items` then builds the single undoable change on
the GUI thread. Both front ends call them through :mod:`evidenceboard.formats.pipeline`;
:func:`import_files` does both steps for evidence files alone.

A file that cannot be imported (unreadable, empty, too large, mislabelled, hostile) is
reported with a one-line reason and leaves no trace: nothing of it goes into the change.
Files already attached to the board (same SHA-256) are not attached twice; their new
card refers to the existing attachment.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from evidenceboard.ingest.items import (
    MAX_FILE_SIZE,
    ImportedItem,
    IngestError,
    unexpected_failure,
)
from evidenceboard.ingest.sniffing import IMAGE_TYPES, FileType, sniff
from evidenceboard.model.board import Board
from evidenceboard.model.cancel import CancelCheck
from evidenceboard.model.cards import DEFAULT_HEIGHT, DEFAULT_WIDTH, Card
from evidenceboard.model.changes import AddAttachment, AddCards, Batch, Change
from evidenceboard.model.clock import utc_now
from evidenceboard.model.errors import InvalidValueError
from evidenceboard.model.placement import Placer

#: Space between cards placed around a drop point.
_DROP_GAP = 40.0
#: How much of a file is enough to recognise its type.
_SNIFF_BYTES = 65_536


@dataclass(slots=True)
class ImportResult:
    """What an import did: one change to apply, and each file's outcome."""

    #: A Batch adding attachments and cards; None when no file could be imported.
    change: Change | None = None
    #: Each imported file with the id of its new card, in the order given.
    imported: list[tuple[Path, str]] = field(default_factory=list)
    #: Each file that failed, with a one-line reason for the user.
    failures: list[tuple[Path, str]] = field(default_factory=list)
    #: The cards added by ``change``, in the order of ``imported``.
    cards: list[Card] = field(default_factory=list)


def _read_bytes(path: Path) -> bytes:
    try:
        if not path.is_file():
            raise IngestError("it is not a file" if path.exists() else "the file does not exist")
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_SIZE + 1)
    except OSError as exc:
        raise IngestError(f"the file cannot be read ({exc.strerror or exc})") from exc
    if not data:
        raise IngestError("the file is empty")
    if len(data) > MAX_FILE_SIZE:
        raise IngestError(f"the file is larger than {MAX_FILE_SIZE // (1024 * 1024)} MiB")
    return data


def read_file(path: Path, cancel: CancelCheck | None = None) -> ImportedItem:
    """Read one file into an item; raises :class:`IngestError` with a one-line reason.

    ``cancel`` is asked now and then while a web archive is scanned; when it says
    stop, :class:`~evidenceboard.model.cancel.Cancelled` is raised.
    """
    data = _read_bytes(path)
    file_type = sniff(path, data[:_SNIFF_BYTES])
    # Each reader loads with the first file of its kind: a web page needs trafilatura
    # and lxml, an image Pillow, and a command importing one page should load only that.
    if file_type is FileType.PDF:
        from evidenceboard.ingest.pdf_document import read_pdf

        return read_pdf(path, data)
    if file_type in IMAGE_TYPES:
        from evidenceboard.ingest.images import read_image

        return read_image(path, data, file_type)
    if file_type in (FileType.HTML, FileType.MHTML):
        from evidenceboard.ingest.html_article import read_html_article

        return read_html_article(path, data, archive=file_type is FileType.MHTML, cancel=cancel)
    from evidenceboard.ingest.text_files import read_text_file

    return read_text_file(path, data, markdown=file_type is FileType.MARKDOWN)


def _positions(
    board: Board, count: int, at: tuple[float, float] | None
) -> list[tuple[float, float]]:
    if at is None:
        placer = Placer(board)
        return [placer.next() for _ in range(count)]
    # Around a drop point: a near-square grid whose first card sits at the point.
    columns = max(1, math.ceil(math.sqrt(count)))
    return [
        (
            at[0] + (i % columns) * (DEFAULT_WIDTH + _DROP_GAP),
            at[1] + (i // columns) * (DEFAULT_HEIGHT + _DROP_GAP),
        )
        for i in range(count)
    ]


def changes_for_items(
    items: Sequence[ImportedItem],
    board: Board,
    by: str,
    at: tuple[float, float] | None = None,
) -> ImportResult:
    """Build the one change that adds ``items`` to ``board`` (applied by the caller)."""
    result = ImportResult()
    now = utc_now()
    positions = _positions(board, len(items), at)
    attached: set[str] = set(board.attachments)
    parts: list[Change] = []
    for item, (x, y) in zip(items, positions, strict=True):
        try:
            card = item.to_card(by, x, y, at=now)
            additions = [
                AddAttachment(f.attachment(now), f.data)
                for f in item.files()
                if f.sha256 not in attached
            ]
        except InvalidValueError as exc:
            result.failures.append((item.source, str(exc)))
            continue
        attached.update(a.attachment.sha256 for a in additions)
        parts.extend(additions)
        result.cards.append(card)
        result.imported.append((item.source, card.id))
    if result.cards:
        label = (
            f"Import “{result.imported[0][0].name}”"
            if len(result.cards) == 1
            else f"Import {len(result.cards)} files"
        )
        result.change = Batch((*parts, AddCards(tuple(result.cards))), label)
    return result


def import_files(
    paths: Sequence[Path],
    board: Board,
    by: str,
    at: tuple[float, float] | None = None,
) -> ImportResult:
    """Read every file and build one change adding those that could be read."""
    items: list[ImportedItem] = []
    failures: list[tuple[Path, str]] = []
    for path in paths:
        try:
            items.append(read_file(path))
        except IngestError as exc:
            failures.append((path, str(exc)))
        except Exception as exc:
            failures.append((path, unexpected_failure(exc)))
    result = changes_for_items(items, board, by, at)
    result.failures[:0] = failures
    return result
