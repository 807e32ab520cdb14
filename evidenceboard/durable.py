"""Making a written file durable: fsync a file, and the folder that names it.

Board copies, snapshots and exports are written under a temporary name and renamed into
place; the rename survives a power cut only once the folder itself is synced. Shared
by storage and the exporters, so it lives outside the layers and uses the stdlib only.
"""

import contextlib
import os
from pathlib import Path


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
