"""Write an export so that the destination is either the old file or the complete new one.

The data goes to a temporary file in the destination's own folder (so the final rename
stays on one file system), is flushed and fsynced, and only then replaces the
destination with ``os.replace``. If anything fails or the export is cancelled, the
temporary file is removed and an earlier file of the same name is left untouched. The
folder is fsynced after the rename where the platform allows it, so the rename itself
survives a power cut.
"""

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


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
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    # Windows cannot open a folder for fsync; there the rename is already durable enough.
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
