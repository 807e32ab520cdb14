"""One import for the command line and the window: read the files, then plan one change.

An import is two steps, and both front ends take the same two:

1. :func:`read_sources` reads every file given, in order, touching no board: evidence
   (saved pages, web archives, PDFs, images, text) through :mod:`evidenceboard.ingest`,
   other boards' exports (JSON dumps, JSON Canvas, GraphML) through
   :func:`~evidenceboard.formats.importing.read_board_file`. A file that cannot be read
   is a failure with a one-line reason in the :class:`ImportBatch`, never an exception;
   only a stop asked for through ``cancel`` escapes, as
   :class:`~evidenceboard.model.cancel.Cancelled`. This is the slow step: the window
   runs it on a worker thread, the command line in line.
2. :func:`plan_import` turns the batch into one :class:`~evidenceboard.model.changes.Batch`
   for the whole import, so an import is one history entry and one undo step however
   many files it brought. Evidence cards come first, placed by the board's placer or
   in a grid around the point where files were dropped (a file already on the board is
   not imported twice unless asked: its card is named instead); then each board file's cards
   and links, whose ids are checked against the board as the earlier parts leave it,
   so two files sharing ids cannot collide. A file whose part cannot be built fails
   alone.

The module lives in ``formats`` because that is the lowest layer that may use both
``ingest`` and the board-file readers.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from evidenceboard.formats.importing import IMPORT_SUFFIXES, import_change, read_board_file
from evidenceboard.ingest import ImportedItem, IngestError, changes_for_items, read_file
from evidenceboard.ingest.items import unexpected_failure
from evidenceboard.model.board import Board
from evidenceboard.model.cancel import CancelCheck, Cancelled, Checkpoint
from evidenceboard.model.cards import DEFAULT_HEIGHT, DEFAULT_WIDTH, Card
from evidenceboard.model.changes import Batch, Change
from evidenceboard.model.errors import ModelError
from evidenceboard.model.short_text import plural

#: Told (files read, files in all) after each file.
ProgressReport = Callable[[int, int], None]


@dataclass(slots=True)
class ImportBatch:
    """What reading a set of files gave, in the order the files were given."""

    #: Evidence files read into items (pages, PDFs, images, text).
    items: list[ImportedItem] = field(default_factory=list)
    #: Board files read into boards of their own, to be added to the open board.
    boards: list[tuple[Path, Board]] = field(default_factory=list)
    #: Files that could not be read, with a one-line reason for the user.
    failures: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def files_read(self) -> int:
        return len(self.items) + len(self.boards)


@dataclass(slots=True)
class ImportPlan:
    """The one change an import makes, and what became of each file."""

    #: One Batch adding everything that could be imported; None when nothing could.
    change: Change | None = None
    #: Each evidence file with its new card, in the order given.
    cards: list[tuple[Path, Card]] = field(default_factory=list)
    #: Each board file with its part of ``change``, in the order given.
    boards: list[tuple[Path, Change]] = field(default_factory=list)
    #: Every file that failed, when read or when planned, with its reason.
    failures: list[tuple[Path, str]] = field(default_factory=list)
    #: Evidence files already on the board (the same SHA-256), with the card holding
    #: them: not imported a second time unless asked (``again``).
    already: list[tuple[Path, Card]] = field(default_factory=list)


def is_board_file(path: Path) -> bool:
    """Is ``path`` another board's export (read with the formats package, not ingest)?"""
    return path.suffix.lower() in IMPORT_SUFFIXES


def read_one(path: Path, by: str, batch: ImportBatch, cancel: CancelCheck | None = None) -> None:
    """Read ``path`` into ``batch``: an item, a board, or a failure with its reason.

    Raises :class:`Cancelled` when ``cancel`` says stop while the file is read.
    """
    try:
        if is_board_file(path):
            batch.boards.append((path, read_board_file(path, by, cancel)))
        else:
            batch.items.append(read_file(path, cancel))
    except Cancelled:
        raise  # a stop, not this file's failure
    except IngestError as exc:
        batch.failures.append((path, str(exc)))
    except ModelError as exc:
        batch.failures.append((path, str(exc).removeprefix(f"{path.name}: ")))
    except (OSError, ValueError) as exc:
        # Board-file readers let plain I/O and parse errors through; they are still
        # one file's failure, never the whole import's.
        batch.failures.append((path, f"the file cannot be read ({exc})"))
    except Exception as exc:
        # Anything else a reader raises fails this file alone: were it to escape, the
        # import would never finish and the batch's good files would be dropped.
        batch.failures.append((path, unexpected_failure(exc)))


def read_sources(
    paths: Sequence[Path],
    by: str,
    *,
    cancel: CancelCheck | None = None,
    progressed: ProgressReport | None = None,
) -> ImportBatch:
    """Read every file of ``paths``, one after another, into a batch.

    ``cancel`` is asked between files and, by the board-file and web-archive readers,
    every few hundred items inside one; when it says stop, :class:`Cancelled` is
    raised and nothing read is kept. Files are read one at a time: the PDF reader is a
    process of its own, and fifty dropped PDFs must not start fifty of them.
    """
    batch = ImportBatch()
    stop = Checkpoint(cancel)
    total = len(paths)
    for index, path in enumerate(paths):
        stop.check()
        read_one(Path(path), by, batch, cancel)
        if progressed is not None:
            progressed(index + 1, total)
    stop.check()
    return batch


def _board_parts(
    board: Board,
    boards: list[tuple[Path, Board]],
    earlier: Change | None,
    plan: ImportPlan,
) -> None:
    scratch = board.scratch_copy()
    try:
        if earlier is not None:
            earlier.apply_to(scratch)
    except ModelError:
        return
    for path, incoming in boards:
        try:
            change = import_change(incoming, scratch, path.name)
            change.apply_to(scratch)
        except ModelError as exc:
            plan.failures.append((path, str(exc)))
            continue
        plan.boards.append((path, change))


def _known(
    items: list[ImportedItem], board: Board
) -> tuple[list[ImportedItem], list[tuple[Path, Card]]]:
    """The items whose file is not on the board yet, and those whose file is, with
    the card that holds it."""
    fresh: list[ImportedItem] = []
    known: list[tuple[Path, Card]] = []
    wanted = {item.original.sha256 for item in items if item.original is not None}
    # One pass over the board, not one per file: a hundred files on a large board.
    holders: dict[str, Card] = {}
    if wanted & board.attachments.keys():
        for card in sorted(board.cards.values(), key=lambda c: c.created_at):
            sha = getattr(card.content, "attachment", None)
            if sha in wanted and sha not in holders:
                holders[sha] = card
    for item in items:
        holder = None if item.original is None else holders.get(item.original.sha256)
        if holder is not None:
            known.append((item.source, holder))
        else:
            fresh.append(item)
    return fresh, known


def plan_import(
    batch: ImportBatch,
    board: Board,
    by: str,
    *,
    around: tuple[float, float] | None = None,
    again: bool = False,
) -> ImportPlan:
    """The one change that adds all of ``batch`` to ``board`` (applied by the caller).

    ``around`` is the point files were dropped at: the first evidence card is centred
    on it and the others follow in a grid. Without it, cards go where the board's
    placer puts new cards. Board files keep the positions they carry. An evidence file
    already on the board (the same SHA-256) is not imported again, but listed in
    :attr:`ImportPlan.already` with its card, unless ``again`` says to.
    """
    corner = (
        None if around is None else (around[0] - DEFAULT_WIDTH / 2, around[1] - DEFAULT_HEIGHT / 2)
    )
    items, already = (batch.items, []) if again else _known(batch.items, board)
    evidence = changes_for_items(items, board, by, at=corner)
    plan = ImportPlan(failures=[*batch.failures, *evidence.failures], already=already)
    cards = {card.id: card for card in evidence.cards}
    plan.cards = [(path, cards[card_id]) for path, card_id in evidence.imported]
    if batch.boards:
        _board_parts(board, batch.boards, evidence.change, plan)
    parts = [evidence.change] if evidence.change is not None else []
    parts.extend(change for _path, change in plan.boards)
    if len(parts) == 1:
        plan.change = parts[0]
    elif parts:
        plan.change = Batch(
            tuple(parts), f"Import {plural(len(plan.cards) + len(plan.boards), 'file')}"
        )
    return plan
