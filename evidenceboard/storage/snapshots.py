"""Automatic snapshots of an open board, and restoring one after damage.

Every change is already on disk when ``apply`` returns, so snapshots guard against what
SQLite cannot: a disk or USB stick that lies about fsync, a file damaged or deleted
outside the app, a bad sync. The window takes one on a timer while the board has
changed (:class:`AutoSnapshots`) and offers "restore the last snapshot" when a board
fails to open as damaged.

Non-obvious choices:

* A snapshot is made with SQLite's backup API, which reads a consistent state even while
  the board is open; the open file on disk is never copied byte for byte (a copy taken
  mid-transaction can be torn). :func:`take_snapshot` copies through the document's own
  connection, on the caller's thread; :func:`snapshot_of_file` copies the board file
  through a read-only connection of its own, in steps (see
  :mod:`evidenceboard.storage.snapshot_copy`), so the window can run it on a worker
  thread while the user edits.
* Snapshots live in the user's data folder, ``snapshots/<board uuid>/``, so they survive
  the loss of the drive or folder that held the board. The uuid comes from the board
  and is checked to be 32 hex digits before it becomes a folder name.
* Each snapshot is written under a temporary name, switched to journal mode ``delete``,
  fsynced, verified through the vetted procedure with a full integrity check and a count
  of its cards and links by SQL (no model load), and only then renamed to its final
  name; a failure at any step leaves no file behind and the board untouched. The newest
  ``keep`` are kept.
* Listing snapshots vets each one and counts by SQL; whether a board has any at all is
  told by file names alone, since the window asks on every open.
* ``origin.json`` in the folder records the board's last path, so the snapshots of a
  board can be found even when the damaged file no longer says which board it was.
* Restoring never overwrites anything: the damaged file (and any ``-journal``/``-wal``
  beside it, which belongs to it) is renamed ``NAME (damaged YYYY-MM-DD HHMM).evboard``
  and the verified restore takes the board's own name, so the user's recent-files
  entry opens the restored board and the damaged one stays for a salvage.
"""

import contextlib
import json
import os
import re
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from evidenceboard.durable import free_path, fsync_folder, fsync_path
from evidenceboard.model.ids import is_valid_id
from evidenceboard.storage.document import BoardDocument, open_board
from evidenceboard.storage.errors import (
    BoardFileError,
    DamagedBoardError,
    NotABoardError,
    WriteFailedError,
)
from evidenceboard.storage.lock import BoardLock, current_user
from evidenceboard.storage.snapshot_copy import (
    STEP_PAGES,
    STEP_PAUSE,
    check_copy,
    copy_board_file,
    read_counts,
)

#: How many snapshots of one board are kept.
DEFAULT_KEEP = 10

_SUFFIX = ".evboard"
_NAME = re.compile(r"^(\d{8}T\d{6}\.\d{6}Z)(?:-(\d+))?\.evboard$")
_STAMP = "%Y%m%dT%H%M%S.%fZ"
_COMPANIONS = ("-journal", "-wal", "-shm")


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    """One snapshot on disk, newest first in listings."""

    path: Path
    taken_at: datetime
    cards: int
    links: int
    #: Why the snapshot cannot be used, in words; None when it opened and checked out.
    problem: str | None = None

    @property
    def usable(self) -> bool:
        return self.problem is None


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """Where a restored board was written and where the damaged file was put aside."""

    path: Path
    damaged_moved_to: Path | None
    cards: int
    links: int


def snapshots_root() -> Path:
    """The folder holding every board's snapshot folder."""
    return Path(platformdirs.user_data_dir("EvidenceBoard", appauthor=False)) / "snapshots"


def snapshot_folder(board_id: str, root: Path | None = None) -> Path:
    """The folder of one board's snapshots (not created here)."""
    if not is_valid_id(board_id):
        # The id comes from a board file; it must never steer a path elsewhere.
        raise NotABoardError("The board's id is not valid, so it has no snapshot folder.")
    return (root or snapshots_root()) / board_id


def _remove_with_companions(path: Path) -> None:
    for leftover in (path, *(path.with_name(path.name + c) for c in _COMPANIONS)):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _write_origin(folder: Path, board_path: Path, title: str) -> None:
    origin = folder / "origin.json"
    temp = folder / f".origin.{secrets.token_hex(6)}.tmp"
    payload = json.dumps({"board_path": str(board_path.resolve()), "title": title})
    try:
        with open(temp, "x", encoding="utf-8") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, origin)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


def _parse_name(path: Path) -> datetime | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    return datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)


def _snapshot_files(folder: Path) -> list[tuple[datetime, Path]]:
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    found = [(taken, p) for p in entries if (taken := _parse_name(p)) is not None]
    return sorted(found, key=lambda item: (item[0], item[1].name), reverse=True)


def prune_snapshots(folder: Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` snapshots in ``folder``; return what was deleted."""
    removed = []
    for _taken, path in _snapshot_files(folder)[max(keep, 1) :]:
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


@dataclass(frozen=True, slots=True)
class SnapshotSource:
    """What a snapshot taken from a board's file needs, read from its document beforehand.

    Plain values, so a worker thread never touches the document or its board.
    """

    path: Path
    board_id: str
    title: str

    @classmethod
    def of(cls, document: BoardDocument) -> "SnapshotSource":
        info = document.board.info
        return cls(document.path, info.id, info.title)


def _write_snapshot(
    source: SnapshotSource, copy: Callable[[Path], tuple[int, int]], keep: int, root: Path | None
) -> Path:
    folder = snapshot_folder(source.board_id, root)
    taken_at = datetime.now(UTC)
    temp = folder / f".{taken_at.strftime(_STAMP)}.{secrets.token_hex(6)}.partial"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Written first: if it fails no snapshot exists yet, so a failure never leaves
        # a snapshot behind while reporting an error.
        _write_origin(folder, source.path, source.title)
        cards, links = copy(temp)
        fsync_path(temp)
        check_copy(temp, cards, links)
        final = free_path(folder, taken_at.strftime(_STAMP), _SUFFIX, first=1, joiner="-")
        os.replace(temp, final)
        fsync_folder(folder)
    except (sqlite3.Error, OSError, BoardFileError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise WriteFailedError(
            f"A snapshot of {source.path.name} could not be written ({reason}). "
            "The board itself is unchanged."
        ) from exc
    finally:
        _remove_with_companions(temp)
    prune_snapshots(folder, keep)
    return final


def take_snapshot(
    document: BoardDocument, *, keep: int = DEFAULT_KEEP, root: Path | None = None
) -> Path:
    """Write a verified snapshot of the open board and return its path.

    Copies through the document's connection, so call it on the thread that edits the
    board. Raises :class:`WriteFailedError` (the board and earlier snapshots untouched,
    no partial file left) when the snapshot cannot be written or does not verify.
    """
    if document.closed:
        raise BoardFileError("The board is closed.")
    board = document.board

    def copy(temp: Path) -> tuple[int, int]:
        document.backup_to(temp)
        return len(board.cards), len(board.links)

    return _write_snapshot(SnapshotSource.of(document), copy, keep, root)


def snapshot_of_file(
    source: SnapshotSource,
    *,
    keep: int = DEFAULT_KEEP,
    root: Path | None = None,
    pages: int = STEP_PAGES,
    pause: float = STEP_PAUSE,
) -> Path:
    """Write a verified snapshot of the board file ``source.path`` and return its path.

    Reads the file through a connection of its own, ``pages`` pages at a time with
    ``pause`` seconds between steps: safe on a worker thread while the board is open and
    edited in the window, and for a board already closed. Raises what
    :func:`take_snapshot` raises.
    """
    return _write_snapshot(
        source,
        lambda temp: copy_board_file(source.path, temp, pages=pages, pause=pause),
        keep,
        root,
    )


def _describe(path: Path, taken_at: datetime) -> SnapshotInfo:
    try:
        cards, links = read_counts(path)
    except BoardFileError as exc:
        return SnapshotInfo(path, taken_at, 0, 0, problem=str(exc))
    return SnapshotInfo(path, taken_at, cards, links)


def has_snapshots(board_id: str, root: Path | None = None) -> bool:
    """Whether the board has any snapshot, told from file names alone (nothing is opened)."""
    folder = snapshot_folder(board_id, root)
    try:
        with os.scandir(folder) as entries:
            return any(_parse_name(Path(entry.name)) is not None for entry in entries)
    except OSError:
        return False


def list_snapshots(board_id: str, root: Path | None = None) -> list[SnapshotInfo]:
    """The snapshots of a board, newest first, each vetted and counted to describe it."""
    folder = snapshot_folder(board_id, root)
    return [_describe(path, taken) for taken, path in _snapshot_files(folder)]


def _origin_of(folder: Path) -> Path | None:
    try:
        raw = (folder / "origin.json").read_bytes()[:65536]
        value = json.loads(raw.decode("utf-8"))["board_path"]
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    return Path(value) if isinstance(value, str) else None


def _folders(root: Path) -> Iterator[Path]:
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return
    yield from (p for p in entries if p.is_dir() and is_valid_id(p.name))


def board_ids_for_path(board_path: Path, root: Path | None = None) -> list[str]:
    """The ids of boards whose last snapshot was taken from ``board_path``."""
    wanted = board_path.resolve()
    return [f.name for f in _folders(root or snapshots_root()) if _origin_of(f) == wanted]


def snapshots_for_file(
    board_path: Path, board_id: str | None = None, root: Path | None = None
) -> list[SnapshotInfo]:
    """Snapshots that can stand in for a board file that no longer opens, newest first.

    ``board_id`` (read from the damaged file when possible, see
    :func:`evidenceboard.storage.salvage.read_board_id`) is used first; snapshots taken
    from the same path are added, since a file damaged at page 1 no longer says which
    board it was.
    """
    ids = [board_id] if board_id and is_valid_id(board_id) else []
    ids += [i for i in board_ids_for_path(board_path, root) if i not in ids]
    found = [info for i in ids for info in list_snapshots(i, root)]
    return sorted(found, key=lambda s: s.taken_at, reverse=True)


def damaged_name(target: Path, when: datetime | None = None) -> Path:
    """A free name beside ``target`` for a damaged board put aside."""
    when = (when or datetime.now()).astimezone()
    stem = target.name[: -len(_SUFFIX)] if target.name.endswith(_SUFFIX) else target.stem
    base = f"{stem} (damaged {when:%Y-%m-%d %H%M})"
    candidate = target.with_name(f"{base}{_SUFFIX}")
    counter = 2
    while candidate.exists() or any(
        candidate.with_name(candidate.name + c).exists() for c in _COMPANIONS
    ):
        candidate = target.with_name(f"{base} {counter}{_SUFFIX}")
        counter += 1
    return candidate


def _put_aside(target: Path) -> Path:
    aside = damaged_name(target)
    # A hot journal belongs to its database: moving one without the other corrupts it.
    for companion in _COMPANIONS:
        source = target.with_name(target.name + companion)
        if source.exists():
            os.rename(source, aside.with_name(aside.name + companion))
    os.rename(target, aside)
    return aside


def restore_snapshot(snapshot: Path, target: Path, *, author: str | None = None) -> RestoreResult:
    """Write a checked copy of ``snapshot`` to ``target``.

    An existing ``target`` is never overwritten: it is renamed to
    ``NAME (damaged YYYY-MM-DD HHMM).evboard`` first. Raises :class:`DamagedBoardError`
    if the snapshot itself fails its checks, :class:`BoardLockedError` if another
    EvidenceBoard has ``target`` open, :class:`WriteFailedError` if writing fails (the
    target then stays as it was).
    """
    snapshot, target = Path(snapshot), Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    temp = folder / f".{target.name}.{secrets.token_hex(6)}.restoring"
    lock = BoardLock.acquire(target, author or current_user())
    try:
        with open_board(snapshot, read_only=True) as source:
            problems = source.integrity_report()
            if problems:
                raise DamagedBoardError(f"The snapshot {snapshot.name} is damaged: {problems[0]}")
            cards, links = len(source.board.cards), len(source.board.links)
            try:
                source.backup_to(temp)
                fsync_path(temp)
            except (sqlite3.Error, OSError) as exc:
                raise WriteFailedError(
                    f"The snapshot could not be restored to {target.name} ({exc}). "
                    "Nothing was changed."
                ) from exc
        try:
            check_copy(temp, cards, links)
        except DamagedBoardError as exc:
            raise WriteFailedError(
                f"The restored copy of {snapshot.name} did not check out ({exc}). "
                "Nothing was changed."
            ) from exc
        aside: Path | None = None
        try:
            if target.exists():
                aside = _put_aside(target)
            os.replace(temp, target)
            fsync_folder(folder)
        except OSError as exc:
            raise WriteFailedError(
                f"The snapshot could not be restored to {target.name} ({exc.strerror})."
                + (f" The damaged board is now {aside.name}." if aside else "")
            ) from exc
    finally:
        _remove_with_companions(temp)
        lock.release()
    return RestoreResult(target, aside, cards, links)


class AutoSnapshots:
    """Takes a snapshot of a board only when it changed since the last one.

    The window calls :meth:`take_if_changed` from a timer (e.g. every 10 minutes) and
    when the board is closed; an idle board does not push older snapshots out.
    """

    def __init__(
        self, document: BoardDocument, *, keep: int = DEFAULT_KEEP, root: Path | None = None
    ) -> None:
        self.document = document
        self.keep = keep
        self.root = root
        self.last: Path | None = None
        self._dirty = False
        document.board.changed.connect(self._mark)

    def _mark(self, _change: object) -> None:
        self._dirty = True

    @property
    def pending(self) -> bool:
        """True when the board changed since the last snapshot."""
        return self._dirty

    def claim(self) -> bool:
        """True, and no longer pending, if the board changed since the last snapshot.

        For a caller that takes the snapshot itself (on a worker thread): the snapshot
        copies the board as it is then or later, so changes made after the claim are
        either in it or pending again.
        """
        dirty, self._dirty = self._dirty, False
        return dirty

    def mark_changed(self) -> None:
        """Make a snapshot pending again (the one that was claimed failed)."""
        self._dirty = True

    def take_if_changed(self) -> Path | None:
        """Take a snapshot if the board changed; None when there was nothing new."""
        if not self._dirty or self.document.closed:
            return None
        self.last = take_snapshot(self.document, keep=self.keep, root=self.root)
        self._dirty = False
        return self.last

    def stop(self) -> None:
        self.document.board.changed.disconnect(self._mark)
