"""Writing files so that a crash, a full disk or a cancel never leaves half of one.

Board copies, snapshots and exports are written under a temporary name in the
destination's own folder (so the rename stays on one file system), fsynced, and renamed
into place; the rename survives a power cut only once the folder itself is synced. If
anything fails, the temporary file is removed and an earlier file of the same name is
left untouched. Shared by storage, the exporters and the exchange formats, so it lives
outside the layers and uses the stdlib only.
"""

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def fsync_path(path: Path) -> None:
    """Flush a file (or, on POSIX, a folder) to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries, so a rename in it is durable; best effort."""
    # Windows cannot open a folder; there the rename is durable enough on its own.
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fsync_path(folder)


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """Yield a binary file to write; on a clean exit it becomes ``path`` in one step."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    temp = Path(temp_name)
    try:
        # mkstemp makes the file private (0600); a replaced file keeps its own mode.
        os.chmod(temp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    fsync_folder(folder)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` so that ``path`` is either its old content or all of ``data``."""
    with atomic_output(path) as stream:
        stream.write(data)


def free_path(folder: Path, stem: str, suffix: str, *, first: int = 2, joiner: str = " ") -> Path:
    """``stem`` + ``suffix`` in ``folder``, else the first numbered name not yet taken.

    The numbered names read ``stem`` + ``joiner`` + a number from ``first`` on: so
    ``case 2.evboard`` after ``case.evboard``. A name taken between this call and the
    write is the writer's to refuse (``O_EXCL`` or a rename that checks).
    """
    candidate = folder / f"{stem}{suffix}"
    number = first
    while candidate.exists():
        candidate = folder / f"{stem}{joiner}{number}{suffix}"
        number += 1
    return candidate
