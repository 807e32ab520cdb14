"""The board file's identity and stamp, to notice it was replaced or changed under us.

See :mod:`evidenceboard.storage.conflict` for what happens then. Kept apart from it:
noticing needs only ``os.stat``, saving the copy needs a whole new board.
"""

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What identifies one version of a file on disk."""

    device: int
    inode: int
    size: int
    mtime_ns: int


def stamp_of(path: Path) -> FileStamp | None:
    """The file's current stamp, or None when it is gone or unreadable."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return FileStamp(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


class FileGuard:
    """Remembers the board file as we last left it."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._seen = stamp_of(self.path)

    @property
    def seen(self) -> FileStamp | None:
        return self._seen

    def record(self) -> None:
        """Call after each of our own writes: this is now the expected file."""
        self._seen = stamp_of(self.path)

    def changed_elsewhere(self) -> bool:
        """True when the file was replaced, rewritten, touched or removed by someone else."""
        return stamp_of(self.path) != self._seen


__all__ = ["FileGuard", "FileStamp", "stamp_of"]
