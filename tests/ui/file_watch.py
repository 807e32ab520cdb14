"""Knowing whether any code, Qt's C++ included, opened a file: Linux inotify.

Qt reads the images of rich text through its own C++ file access, which Python's audit
hooks never see, so a test that must prove a file was never opened asks the kernel.
"""

import ctypes
import os
import struct
import sys
from pathlib import Path
from types import TracebackType

import pytest

_IN_OPEN = 0x20
_IN_NONBLOCK = 0o4000
_IN_CLOEXEC = 0o2000000
#: wd, mask, cookie, len: the fixed head of every inotify event.
_HEAD = struct.Struct("iIII")


class OpenWatch:
    """Counts the times ``path`` is opened, by this process or any other."""

    def __init__(self, path: Path) -> None:
        if not sys.platform.startswith("linux"):
            pytest.skip("watching file opens needs Linux inotify")
        self._libc = ctypes.CDLL(None, use_errno=True)
        fd: int = self._libc.inotify_init1(_IN_NONBLOCK | _IN_CLOEXEC)
        if fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        self._fd = fd
        watch: int = self._libc.inotify_add_watch(fd, os.fsencode(path), _IN_OPEN)
        if watch < 0:
            os.close(fd)
            raise OSError(ctypes.get_errno(), f"cannot watch {path}")

    def opens(self) -> int:
        """How many opens happened since the last call."""
        count = 0
        while True:
            try:
                data = os.read(self._fd, 64 * 1024)
            except BlockingIOError:
                return count
            offset = 0
            while offset < len(data):
                _wd, mask, _cookie, length = _HEAD.unpack_from(data, offset)
                offset += _HEAD.size + length
                count += bool(mask & _IN_OPEN)

    def close(self) -> None:
        os.close(self._fd)

    def __enter__(self) -> "OpenWatch":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
