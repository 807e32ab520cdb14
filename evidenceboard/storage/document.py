"""An open board: the in-memory Board, its file, and the one path every edit takes.

:meth:`BoardDocument.apply` writes a change to the file in one transaction and only
then applies it to the in-memory board, whose signals update the views. A write that
fails (full disk, I/O error, read-only or locked file) raises :class:`WriteFailedError`
and leaves both the file and the board as they were, so the window can keep the user's
edit on screen to retry. There is no separate "save": every change is on disk when
``apply`` returns.
"""

import contextlib
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from evidenceboard.model.attachments import sha256_hex
from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.changes import Change
from evidenceboard.model.clock import utc_now
from evidenceboard.model.collector_pause import collector_paused
from evidenceboard.model.errors import ChangeError
from evidenceboard.model.history import HistoryEntry
from evidenceboard.storage.conflict import save_conflict_copy
from evidenceboard.storage.errors import (
    BoardFileError,
    BoardLockedError,
    DamagedBoardError,
    ReadOnlyBoardError,
    WriteFailedError,
)
from evidenceboard.storage.file_guard import FileGuard
from evidenceboard.storage.hardening import Watchdog, vacuum_allowed
from evidenceboard.storage.lock import BoardLock, LockUnavailableError, current_user
from evidenceboard.storage.mapping import (
    RowMemo,
    history_text,
    info_to_row,
    row_to_attachment,
    row_to_card,
    row_to_history,
    row_to_info,
    row_to_link,
    row_to_mark,
    rows_to_settings,
    search_text,
    short_reason,
    value_kind,
)
from evidenceboard.storage.migrations import upgrade
from evidenceboard.storage.schema import APPLICATION_ID, SCHEMA_VERSION, SCHEMAS
from evidenceboard.storage.search import (
    SEARCH_SECONDS,
    SearchHit,
    index_problems,
    mentions,
    search,
)
from evidenceboard.storage.sidecars import (
    Sidecar,
    discard_own_journal,
    find_leftovers,
    register_writer,
    release_writer,
    settle,
)
from evidenceboard.storage.transaction import WriteChannel, Writes
from evidenceboard.storage.vetting import VETTING_SECONDS, connect, read_header, vet

if TYPE_CHECKING:
    from evidenceboard.storage.sketch import BoardSketch

#: Seconds a single change may take to write before it is abandoned.
WRITE_SECONDS = 60.0


def _write_error(exc: BaseException, name: str) -> WriteFailedError:
    message = str(getattr(exc, "orig", exc))
    if "full" in message:
        reason = "the disk is full"
    elif "readonly" in message or "read-only" in message:
        reason = "the file or its folder is read-only"
    elif "locked" in message or "busy" in message:
        reason = "another program is using the file"
    elif "interrupted" in message:
        reason = "writing took too long"
    else:
        reason = f"the disk reported an error ({message})"
    return WriteFailedError(f"The change could not be saved to {name}: {reason}. Nothing changed.")


@dataclass(frozen=True, slots=True)
class _HeldFile:
    """A vetted board file's connection and what keeps other writers out of it.

    The opening makes one and the document takes it over, so that whichever of them
    ends last releases the same things.
    """

    path: Path
    connection: sqlite3.Connection
    watchdog: Watchdog
    author: str
    #: Why the board is read-only, in words for the user; None when it is writable.
    read_only_reason: str | None
    lock: BoardLock | None
    #: What the user must be told about the opening (a leftover file set aside).
    notices: tuple[str, ...]
    writer: tuple[int, int] | None

    def release(self) -> None:
        self.connection.close()
        release_writer(self.writer)
        if self.lock is not None:
            self.lock.release()


class BoardDocument:
    """An open board file and its in-memory board."""

    def __init__(
        self,
        file: _HeldFile,
        channel: WriteChannel | None,
        board: Board,
        guard: FileGuard | None = None,
    ) -> None:
        self.path = file.path
        self.board = board
        self.author = file.author
        self.read_only_reason = file.read_only_reason
        self.notices = file.notices
        self._file = file
        self._connection = file.connection
        self._watchdog = file.watchdog
        #: What writes run on; None for a board opened read-only, which never writes.
        self._channel = channel
        #: Notices a board file replaced or rewritten under us (sync folders, shared drives).
        self._guard = guard
        self._closed = False

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @property
    def closed(self) -> bool:
        return self._closed

    # -- editing ---------------------------------------------------------------------

    def apply(
        self,
        change: Change,
        *,
        sync_state: Mapping[str, str] | None = None,
        history: Sequence[tuple[HistoryEntry, str]] = (),
    ) -> None:
        """Write ``change`` to the file, then apply it to the board.

        ``sync_state`` (a team server's bookkeeping, see :meth:`write_sync_state`) is
        written in the same transaction, its history mark set to the change's own row,
        so a sync's pull and its record go together. ``history``: rows recorded
        elsewhere (the changes a pull brings, with their words), written just before the
        change's own row and so under the same mark.
        Raises :class:`ChangeError` if the change does not fit the board,
        :class:`ReadOnlyBoardError` if the board is read-only and :class:`WriteFailedError`
        if the file could not be written; in each case nothing changed.
        """
        self._check_open()
        if self.read_only_reason is not None:
            raise ReadOnlyBoardError(
                f"{self.path.name} is open read-only ({self.read_only_reason}); "
                "the change was not made."
            )
        if change.is_empty() and not history:
            if sync_state is not None:
                self.write_sync_state(sync_state, mark_history=True)
            return
        change.check(self.board)
        if self._guard is not None and self._guard.changed_elsewhere():
            raise save_conflict_copy(
                self.path,
                self.board,
                change,
                self.attachment_data,
                self.author,
                create_board=create_board,
            )
        from evidenceboard.storage.team_state import write_sync_rows
        from evidenceboard.storage.writer import (
            write_change,
            write_foreign_history,
            write_history,
        )

        with self._transaction() as conn:
            write_foreign_history(conn, history)
            if not change.is_empty():
                write_change(conn, change)
                write_history(conn, change, self.board, self.author)
            if sync_state is not None:
                write_sync_rows(conn, sync_state, mark_history=True)
        # Checked above, before the write, against this same board.
        if not change.is_empty():
            self.board.apply(change, checked=True)

    def write_sync_state(self, state: Mapping[str, str], *, mark_history: bool = False) -> None:
        """Replace the team server bookkeeping with ``state`` (see :mod:`team_state`).

        With ``mark_history`` its key ``history_seq`` becomes, in the same transaction,
        the seq of the board's last history row.
        """
        self._check_open()
        if self.read_only_reason is not None:
            raise ReadOnlyBoardError(f"{self.path.name} is open read-only.")
        from evidenceboard.storage.team_state import write_sync_rows

        with self._transaction() as conn:
            write_sync_rows(conn, state, mark_history=mark_history)

    def sync_state(self) -> dict[str, str]:
        """The team server bookkeeping as stored; empty for a board never shared that way."""
        from evidenceboard.storage.team_state import read_sync_rows

        self._check_open()
        return read_sync_rows(self._connection)

    # -- reading ---------------------------------------------------------------------

    def attachment_data(self, sha256: str) -> bytes:
        """The bytes of an attachment, checked against their SHA-256."""
        self._check_open()
        row = self._connection.execute(
            "SELECT data FROM attachments WHERE sha256 = ?", (sha256,)
        ).fetchone()
        data = None if row is None else row[0]
        if data is None:
            raise ChangeError(f"The board holds no attachment {sha256[:12]}.")
        if not isinstance(data, bytes) or sha256_hex(data) != sha256:
            raise DamagedBoardError(
                f"The attachment {sha256[:12]} in {self.path.name} does not match its "
                "fingerprint: the file was altered or damaged."
            )
        return data

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Cards matching ``query``, best first, with highlighted snippets (FTS5)."""
        self._check_open()
        # Outside any write transaction: a read must not take the write lock.
        try:
            with self._watchdog.limit(SEARCH_SECONDS):
                return search(self._connection, query, limit, self._search_text)
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            # The index is data like any other: a hostile file can hold garbage or
            # undecodable text in it, which no check before loading reads.
            if "interrupted" in str(exc):
                raise  # the watchdog's time limit, not damage
            raise DamagedBoardError(
                f"The search index of {self.path.name} is damaged ({short_reason(exc)}); "
                "salvage the board to rebuild it."
            ) from exc

    def mentioned_in(self, card_id: str) -> list[str]:
        """Ids of the other cards whose text names this entity (by name or alias), sorted."""
        self._check_open()
        card = self.board.cards.get(card_id)
        if card is None or not card.kind.is_entity:
            return []
        try:
            with self._watchdog.limit(SEARCH_SECONDS):
                found = mentions(self._connection, [card.title, *card.aliases])
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            if "interrupted" in str(exc):
                raise
            raise DamagedBoardError(
                f"The search index of {self.path.name} is damaged ({short_reason(exc)}); "
                "salvage the board to rebuild it."
            ) from exc
        return sorted({i for i in found if i != card_id and i in self.board.cards})

    def _search_text(self, card_id: str) -> dict[str, str] | None:
        card = self.board.cards.get(card_id)
        return search_text(card) if card is not None else None

    def history(self, limit: int = 100) -> list[dict[str, Any]]:
        """The latest entries of the board's history, newest first.

        Every value but ``seq`` is text: the history is not loaded with the board, so
        a value of another type (a BLOB, a number) is shown as what it is, not passed on.
        """
        self._check_open()
        rows = _rows(
            self._connection,
            "SELECT seq, at, author, action, change_type FROM history ORDER BY seq DESC LIMIT ?",
            (limit,),
        )
        return [
            {key: value if key == "seq" else history_text(value) for key, value in r.items()}
            for r in rows
        ]

    def change_log(self, after: int | None = None) -> list[HistoryEntry]:
        """Every history row (or those after seq ``after``), oldest first, as merge reads it."""
        self._check_open()
        # Plain tuples from the raw connection: ten times faster than mapped rows, and a
        # board may hold 100,000 history rows.
        rows = self._connection.execute(
            "SELECT seq, at, author, change_type, item_ids FROM history "
            "WHERE ? IS NULL OR seq > ? ORDER BY seq",
            (after, after),
        )
        return [row_to_history(*row) for row in rows]

    def integrity_report(self) -> list[str]:
        """A full check: SQLite integrity, references, attachment hashes, the search index.

        Returns the problems found, in words; an empty list means the board is sound.
        """
        self._check_open()
        try:
            return self._integrity_problems()
        except sqlite3.DatabaseError as exc:
            # Pages the load never read can still be damaged, and SQLite may stop the
            # check itself on them ("database disk image is malformed"): that is the
            # finding, not a crash.
            if "interrupted" in str(exc):
                return ["SQLite integrity: the check took too long and was stopped."]
            return [f"SQLite integrity: the file is damaged and could not be checked ({exc})."]

    def _integrity_problems(self) -> list[str]:
        problems: list[str] = []
        with self._watchdog.limit(VETTING_SECONDS * 10):
            rows = self._connection.execute("PRAGMA integrity_check").fetchall()
            if rows != [("ok",)]:
                problems += [f"SQLite integrity: {r[0]}" for r in rows[:10]]
            for row in self._connection.execute("PRAGMA foreign_key_check").fetchall()[:10]:
                problems.append(f"Broken reference in table {row[0]} (row {row[1]}).")
            for sha, data in self._connection.execute("SELECT sha256, data FROM attachments"):
                # SQLite keeps whatever type a hostile file stored: text, a number, NULL.
                if not isinstance(data, bytes):
                    problems.append(
                        f"Attachment {str(sha)[:12]} holds {value_kind(data)}, not the bytes "
                        "of a file."
                    )
                elif sha256_hex(data) != sha:
                    problems.append(f"Attachment {str(sha)[:12]} does not match its fingerprint.")
            problems += index_problems(self._connection)
        return problems

    # -- copying ---------------------------------------------------------------------

    def backup_to(self, target: Path) -> None:
        """Copy the board, consistently, into a new file with SQLite's backup API.

        ``target`` must not exist. The copy is in rollback-journal mode like every board.
        Used for snapshots, restores and "Save a copy"; never copy an open board file
        with a file copy.
        """
        self._check_open()
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.close(fd)
        destination = sqlite3.connect(str(target), isolation_level=None)
        try:
            self._connection.backup(destination)
            destination.execute("PRAGMA journal_mode = DELETE")
        finally:
            destination.close()

    def vacuum_into(self, target: Path) -> None:
        """Write a compact copy without the remnants of deleted content (``VACUUM INTO``).

        ``target`` must not exist. This is what a board shared with someone else is made
        from: freed pages, where deleted evidence could linger, are not copied.
        """
        self._check_open()
        if target.exists():
            raise FileExistsError(f"{target} already exists")
        name = str(target)
        with self._watchdog.limit(WRITE_SECONDS * 10), vacuum_allowed(self._connection, name):
            self._connection.execute("VACUUM INTO ?", (name,))

    # -- closing ---------------------------------------------------------------------

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._file.release()

    def __enter__(self) -> "BoardDocument":
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise BoardFileError("The board is closed.")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Writes]:
        """One write transaction; any failure of the file is a WriteFailedError."""
        try:
            with self._watchdog.limit(WRITE_SECONDS), self._writable().begin() as conn:
                yield conn
        except (sqlite3.Error, OSError) as exc:
            raise _write_error(exc, self.path.name) from exc
        finally:
            # Our own write (even a rolled-back one) is not someone else's change.
            if self._guard is not None:
                self._guard.record()

    def _writable(self) -> WriteChannel:
        # Every caller has refused a read-only board before; only those lack a channel.
        assert self._channel is not None, "a read-only board has no write channel"
        return self._channel


def _load(connection: sqlite3.Connection) -> Board:
    # Tens of thousands of new objects make the cycle collector run again and again
    # while nothing can be garbage yet: pausing it cuts a large board's load by a fifth.
    with collector_paused():
        return _load_rows(connection)


def _rows(
    connection: sqlite3.Connection, sql: str, parameters: tuple[Any, ...] = ()
) -> list[dict[str, Any]]:
    """The rows of a query on the raw connection, each a dict by column name."""
    cursor = connection.execute(sql, parameters)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _each_row(connection: sqlite3.Connection, sql: str) -> Iterator[dict[str, Any]]:
    """The rows of a query one by one, each a dict by column name.

    The load makes each row into its model object before the next is read: holding
    every row of a large board at once (300,000 dicts of up to 39 values) took more
    memory than the board it becomes, and the process kept most of it after.
    """
    cursor = connection.execute(sql)
    names = [column[0] for column in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def _load_rows(connection: sqlite3.Connection) -> Board:
    # Plain sqlite3 on the vetted connection, in one read transaction (a consistent view,
    # and no write lock). The schema allowlist has checked that each table is exactly
    # its format's DDL, so "*" is that format's columns: a board of an older format
    # opened read-only has only those.
    connection.execute("BEGIN")
    try:
        info_rows = _rows(connection, "SELECT * FROM board")
        if len(info_rows) != 1:
            raise DamagedBoardError("The board's details are missing.")
        info = row_to_info(info_rows[0])
        found = connection.execute("PRAGMA user_version").fetchone()[0]
        version = found if isinstance(found, int) else 1
        memo = RowMemo(utc_now())
        now = memo.now
        marks = []
        if version >= 2:
            settings = connection.execute("SELECT key, value FROM board_settings")
            info = replace(info, settings=rows_to_settings(settings.fetchall()))
            marks = [row_to_mark(r, now) for r in _rows(connection, "SELECT * FROM ach_marks")]
        cards = [row_to_card(r, now, memo) for r in _each_row(connection, "SELECT * FROM cards")]
        links = [row_to_link(r, now, memo) for r in _each_row(connection, "SELECT * FROM links")]
        attachments = [
            row_to_attachment(r)
            for r in _rows(
                connection,
                "SELECT sha256, file_name, media_type, size, added_at FROM attachments",
            )
        ]
    finally:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
    try:
        return Board.from_parts(info, cards, links, attachments, marks)
    except ChangeError as exc:
        raise DamagedBoardError(f"The board is inconsistent: {exc}") from exc


def _naming(error: DamagedBoardError, path: Path) -> DamagedBoardError:
    """The error of a damaged row, saying which file it is in (a merge opens two)."""
    message = str(error)
    return error if path.name in message else DamagedBoardError(f"{path.name}: {message}")


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[None]:
    """Errors of reading the file's rows raised as DamagedBoardError naming the file."""
    try:
        yield
    except DamagedBoardError as exc:
        raise _naming(exc, path) from exc
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        raise DamagedBoardError(f"{path.name} cannot be read ({exc}).") from exc


def _refold(channel: WriteChannel, board: Board) -> None:
    from evidenceboard.storage.search_index import refold_index

    # A failed rewrite (a full disk) leaves the old index, which still answers every
    # search it answered before; the board opens either way.
    with contextlib.suppress(sqlite3.Error):
        refold_index(channel, board.cards.values())


def _writable_reason(path: Path) -> str | None:
    if not os.access(path, os.W_OK):
        return "the file is read-only"
    # Through a symbolic link, the journal and the lock file go beside the real file.
    if not os.access(path.resolve().parent, os.W_OK):
        return "its folder is read-only"
    return None


class BoardOpening:
    """A board file vetted and connected, before its model is loaded.

    :func:`begin_open` makes one; then either :meth:`finish` (the document) or
    :meth:`abandon` (nothing stays open, the lock is released). In between,
    :meth:`sketch` reads what the canvas needs to draw the board, so a window can show
    it while the rest loads.
    """

    def __init__(self, file: _HeldFile) -> None:
        self.path = file.path
        self.read_only_reason = file.read_only_reason
        self._file = file
        self._done = False

    def sketch(self) -> "BoardSketch":
        """Each card's kind and box and each link's ends; raises DamagedBoardError."""
        # The sketch is numpy arrays, for the window; the command line never needs them.
        from evidenceboard.storage.sketch import read_sketch

        self._check_pending()
        with _reading(self.path), self._file.watchdog.limit(VETTING_SECONDS * 3):
            return read_sketch(self._file.connection)

    def finish(self) -> BoardDocument:
        """Load the whole board; on any failure the opening is abandoned."""
        self._check_pending()
        connection = self._file.connection
        try:
            try:
                with _reading(self.path):
                    with self._file.watchdog.limit(VETTING_SECONDS * 3):
                        board = _load(connection)
                    channel = (
                        None if self.read_only_reason is not None else WriteChannel(connection)
                    )
            except (RecursionError, OverflowError) as exc:
                # The converters refuse every hostile value they know of; should one slip
                # past them, it is still this file's damage, not a crash of the caller.
                raise DamagedBoardError(
                    f"{self.path.name} holds a value that cannot be read ({exc})."
                ) from exc
        except BaseException:
            self.abandon()
            raise
        self._done = True
        if channel is not None:
            _refold(channel, board)
        guard = FileGuard(self.path) if self.read_only_reason is None else None
        return BoardDocument(self._file, channel, board, guard)

    def abandon(self) -> None:
        """Close the file and release its lock, without loading it (idempotent)."""
        if self._done:
            return
        self._done = True
        self._file.release()

    def _check_pending(self) -> None:
        if self._done:
            raise BoardFileError("The board is no longer being opened.")


def begin_open(
    path: str | os.PathLike[str],
    *,
    read_only: bool = False,
    author: str | None = None,
) -> BoardOpening:
    """Vet and connect to a board file; the model is loaded by :meth:`BoardOpening.finish`.

    Raises what :func:`open_board` raises for a file that fails before loading (locked,
    not a board, damaged, unsafe, newer); the caller then has nothing to close.
    """
    board_path = Path(path)
    # Looked for before the lock is taken: taking it replaces a dead process's record,
    # which is what tells our own crash journal from one that came with the file.
    leftovers = find_leftovers(board_path)
    mid_change = Sidecar.JOURNAL in leftovers.present
    header = read_header(board_path, mid_change=mid_change)
    reason = "opened read-only" if read_only else _writable_reason(board_path)
    author = author or current_user()
    lock: BoardLock | None = None
    if reason is None:
        try:
            lock = BoardLock.acquire(board_path, author)
        except LockUnavailableError as exc:
            # Without a lock no one else could be kept out: only reading is safe.
            reason = exc.reason
    writer: tuple[int, int] | None = None
    try:
        settlement = settle(leftovers, writable=reason is None, wal_mode=header.wal)
        if reason is None and settlement.read_only_reason is not None:
            reason = settlement.read_only_reason
            if lock is not None:
                lock.release()
                lock = None
        notices = settlement.notices
        connection, watchdog = connect(board_path, writable=reason is None, settlement=settlement)
        try:
            vet(connection, watchdog, header, board_path.name)
            if mid_change:
                read_header(board_path)  # the journal is played back or set aside by now
            if reason is None:
                # A board received in WAL mode is switched back to a single self-contained
                # file; synchronous=FULL makes each change durable when apply() returns.
                connection.execute("PRAGMA journal_mode = DELETE")
                connection.execute("PRAGMA synchronous = FULL")
                if settlement.own_journal:
                    discard_own_journal(leftovers.board)
                try:
                    upgraded = upgrade(connection, header.user_version, board_path.name)
                except WriteFailedError as exc:
                    # A full disk must not keep the user from reading their case: the
                    # board opens read-only, in its old format, with the reason.
                    connection.close()
                    if lock is not None:
                        lock.release()
                        lock = None
                    reason = "it could not be upgraded to the current board format"
                    notices = (*notices, str(exc))
                    connection, watchdog = connect(
                        board_path, writable=False, settlement=settlement
                    )
                    vet(connection, watchdog, header, board_path.name)
                else:
                    if upgraded is not None:
                        notices = (*notices, upgraded)
        except BoardFileError:
            connection.close()
            raise
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            connection.close()
            raise DamagedBoardError(f"{board_path.name} cannot be read ({exc}).") from exc
        if reason is None:
            writer = register_writer(board_path)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    return BoardOpening(
        _HeldFile(board_path, connection, watchdog, author, reason, lock, notices, writer)
    )


def open_board(
    path: str | os.PathLike[str],
    *,
    read_only: bool = False,
    author: str | None = None,
) -> BoardDocument:
    """Open a board file through the vetted procedure.

    A board that is locked by another user raises :class:`BoardLockedError` unless
    ``read_only`` is set; a file or folder that cannot be written opens read-only with
    the reason in :attr:`BoardDocument.read_only_reason`.
    """
    # finish() abandons the opening itself when it fails.
    return begin_open(path, read_only=read_only, author=author).finish()


def create_board(
    path: str | os.PathLike[str],
    info: BoardInfo | None = None,
    *,
    author: str | None = None,
) -> BoardDocument:
    """Create a new, empty board file (never overwriting one) and open it."""
    board_path = Path(path)
    author = author or current_user()
    info = info or BoardInfo(authors=(author,))
    tmp = board_path.with_name(f".{board_path.name}.creating")
    try:
        fd = os.open(board_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise BoardFileError(f"{board_path.name} already exists; choose another name.") from None
    except OSError as exc:
        raise WriteFailedError(f"{board_path.name} cannot be created: {exc.strerror}.") from exc
    os.close(fd)
    try:
        connection = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute("PRAGMA journal_mode = DELETE")
            connection.execute("BEGIN")
            for statement in SCHEMAS[SCHEMA_VERSION]:
                connection.execute(statement)
            row = info_to_row(info)
            connection.execute(
                "INSERT INTO board (id, uuid, title, description, handling, created_at, authors) "
                "VALUES (:id, :uuid, :title, :description, :handling, :created_at, :authors)",
                row,
            )
            connection.executemany(
                "INSERT INTO board_settings (key, value) VALUES (?, ?)", info.settings
            )
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.execute("COMMIT")
        finally:
            connection.close()
        # The board appears under its name only once it is complete.
        os.replace(tmp, board_path)
    except (sqlite3.Error, OSError) as exc:
        for leftover in (tmp, board_path):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise _write_error(exc, board_path.name) from exc
    try:
        return open_board(board_path, author=author)
    except BoardLockedError:
        raise
