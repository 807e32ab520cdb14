"""Attachment bytes beside a JSON dump or canvas: written with it, found again on import.

A JSON dump and a JSON Canvas describe attachments by SHA-256 and never inline them
(a dump is for diffing). So that an export carries its evidence to another board, the
files are written into a folder beside the export, ``NAME_files`` for ``NAME.json`` or
``NAME.canvas`` (the folder browsers make for "Web page, complete"), under names made
of the hash (:func:`evidenceboard.formats.canvas.default_file_name`), which a canvas's
``file`` nodes then name.

Importing looks for the bytes of each described attachment in that folder and in the
export's own folder (where ``--format attachments`` may have put them, under their own
names). No path written in the file is ever opened: only regular files in those two
folders are looked at, only those of a size some attachment has are read, and only
bytes whose SHA-256 and size match the description are kept, so a file can only ever
bring in the attachment it describes.
"""

import os
import stat
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from evidenceboard.model.attachments import MAX_ATTACHMENT_SIZE, Attachment, sha256_hex
from evidenceboard.model.board import Board
from evidenceboard.model.cancel import CancelCheck, Checkpoint

#: Entries looked at in one folder; a Downloads folder can hold many, all skipped by size.
MAX_ENTRIES = 20_000


def attachments_folder(export: Path) -> Path:
    """The folder beside ``export`` that holds its attachments (``NAME_files``)."""
    return export.with_name(f"{export.stem}_files")


def write_attachment_files(
    board: Board, read: Callable[[str], bytes], export: Path
) -> dict[str, str]:
    """Write every attachment into :func:`attachments_folder`; SHA-256 → relative path.

    Names are the hash plus a cleaned extension, so they are safe anywhere and the same
    attachment always gets the same name; a file already there with the right bytes is
    kept, one with other bytes is replaced.
    """
    from evidenceboard.durable import write_atomically
    from evidenceboard.formats.canvas import default_file_name

    if not board.attachments:
        return {}
    folder = attachments_folder(export)
    folder.mkdir(exist_ok=True)
    names: dict[str, str] = {}
    for sha in sorted(board.attachments):
        name = default_file_name(sha, board.attachments[sha].file_name)
        target = folder / name
        if not (target.is_file() and not target.is_symlink() and _sha_of(target) == sha):
            write_atomically(target, read(sha))
        names[sha] = f"{folder.name}/{name}"
    return names


def _sha_of(path: Path) -> str | None:
    try:
        return sha256_hex(path.read_bytes())
    except OSError:
        return None


def find_attachment_bytes(
    export: Path, wanted: Iterable[Attachment], cancel: CancelCheck | None = None
) -> dict[str, bytes]:
    """The bytes of those ``wanted`` attachments found beside ``export``, by SHA-256."""
    missing: dict[int, dict[str, Attachment]] = {}
    for attachment in wanted:
        missing.setdefault(attachment.size, {})[attachment.sha256] = attachment
    found: dict[str, bytes] = {}
    checkpoint = Checkpoint(cancel)
    for folder in (attachments_folder(export), export.parent):
        if not missing:
            break
        _search(folder, missing, found, checkpoint)
    return found


def _search(
    folder: Path,
    missing: dict[int, dict[str, Attachment]],
    found: dict[str, bytes],
    checkpoint: Checkpoint,
) -> None:
    try:
        entries = os.scandir(folder)
    except OSError:
        return
    with entries:
        for index, entry in enumerate(entries):
            if index >= MAX_ENTRIES or not missing:
                return
            checkpoint.tick()
            data = _read_if_wanted(entry, missing)
            if data is None:
                continue
            sha = sha256_hex(data)
            by_size = missing.get(len(data), {})
            if sha in by_size:
                found[sha] = data
                del by_size[sha]
                if not by_size:
                    del missing[len(data)]


def _read_if_wanted(entry: os.DirEntry[str], missing: Mapping[int, object]) -> bytes | None:
    try:
        # Not following links: a planted link must not read a device or a FIFO.
        info = entry.stat(follow_symlinks=False)
        if not stat.S_ISREG(info.st_mode) or info.st_size not in missing:
            return None
        if info.st_size > MAX_ATTACHMENT_SIZE:
            return None
        # Nor when the entry was swapped for one since: no FIFO may block the import.
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        handle = os.open(entry.path, flags | getattr(os, "O_BINARY", 0))
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                return None
            return stream.read(info.st_size + 1)
    except OSError:
        return None
