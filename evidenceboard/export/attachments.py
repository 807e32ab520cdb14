"""Saving a board's attachments as files, under names that cannot escape the folder.

A file name stored in a board comes from whoever made the board, so it is never used
as a path (reliability notes §4, after PEP 706 and Microsoft's naming rules):
:func:`safe_name` keeps only the last component under both separator styles,
normalises to NFC, removes bidi and control characters, replaces characters Windows
forbids, strips trailing dots and spaces, prefixes reserved device names (``CON``,
``COM1.pdf``...), and caps the length at 150 characters. The file is then created
with ``open(path, "xb")`` (O_EXCL: never overwrite, never follow a planted symlink);
on a clash `` (1)``, `` (2)``… is added. Each file is written to a temporary name in the
folder and linked into place only when complete. Executable types (programs, scripts,
installers, shortcuts, disk images, macro documents: :data:`EXECUTABLE_SUFFIXES`) are
flagged so the caller can warn; nothing is ever opened automatically.
"""

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from evidenceboard.model.board import Board

MAX_NAME_LENGTH = 150
FALLBACK_NAME = "attachment"
#: File types that run code (or mount, install or link to something that does) when
#: opened, on Windows, macOS, Linux or Android, or through Office macros and add-ins.
EXECUTABLE_SUFFIXES = frozenset(
    {
        # Windows programs, installers, shortcuts and script hosts
        ".exe",
        ".com",
        ".scr",
        ".pif",
        ".cpl",
        ".dll",
        ".msi",
        ".msp",
        ".mst",
        ".msu",
        ".msc",
        ".lnk",
        ".url",
        ".reg",
        ".inf",
        ".scf",
        ".application",
        ".appref-ms",
        ".settingcontent-ms",
        ".gadget",
        ".bat",
        ".cmd",
        ".hta",
        ".chm",
        ".hlp",
        ".js",
        ".jse",
        ".vb",
        ".vbe",
        ".vbs",
        ".wsf",
        ".wsh",
        ".ws",
        ".wsc",
        ".sct",
        ".jnlp",
        ".jar",
        ".ps1",
        ".psm1",
        ".psd1",
        ".ps1xml",
        ".ps2",
        ".ps2xml",
        ".psc1",
        ".psc2",
        ".msh",
        ".msh1",
        ".msh2",
        # Disk images, which mount and may start their own programs
        ".iso",
        ".img",
        ".vhd",
        ".vhdx",
        ".dmg",
        # macOS and Linux
        ".app",
        ".pkg",
        ".command",
        ".terminal",
        ".workflow",
        ".scpt",
        ".webloc",
        ".desktop",
        ".appimage",
        ".run",
        ".sh",
        ".bash",
        ".zsh",
        ".csh",
        ".ksh",
        ".deb",
        ".rpm",
        ".snap",
        ".flatpakref",
        ".apk",
        # Python
        ".py",
        ".pyw",
        ".pyc",
        ".pyo",
        ".pyz",
        ".pyzw",
        # Office documents and add-ins with macros
        ".docm",
        ".dotm",
        ".xlsm",
        ".xltm",
        ".xlam",
        ".xll",
        ".pptm",
        ".potm",
        ".ppam",
        ".ppsm",
        ".sldm",
    }
)
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\..*)?$", re.IGNORECASE)
_MAX_CLASH = 10_000


def safe_name(name: str) -> str:
    """A file name made from an untrusted one, safe on Windows, macOS and Linux."""
    last = re.split(r"[\\/]", name)[-1]
    # "C:evil.txt" names a file relative to drive C's current folder on Windows.
    last = re.sub(r"^[A-Za-z]:", "", last)
    last = unicodedata.normalize("NFC", last)
    last = _BIDI.sub("", last)
    last = _CONTROL.sub("_", last)
    last = _FORBIDDEN.sub("_", last)
    last = last.rstrip(" .").lstrip(" ")
    if last in ("", ".", ".."):
        return FALLBACK_NAME
    if _RESERVED.match(last):
        last = "_" + last
    if len(last) > MAX_NAME_LENGTH:
        stem, dot, suffix = last.rpartition(".")
        if dot and 0 < len(suffix) <= 10:
            last = stem[: MAX_NAME_LENGTH - len(suffix) - 1] + "." + suffix
        else:
            last = last[:MAX_NAME_LENGTH]
    return last


def is_executable(name: str) -> bool:
    """Whether the file saved under ``name`` would be a type that runs when opened.

    The test is on :func:`safe_name` of ``name``, the name the file really gets: Windows
    and :func:`safe_name` drop trailing dots and spaces, so ``run.exe.`` is ``run.exe``.
    Only the last extension counts (``invoice.pdf.exe`` runs, ``report.exe.pdf`` opens
    as a PDF); a name that is only an extension (``.exe``) counts as one.
    """
    _stem, dot, suffix = safe_name(name).rpartition(".")
    return bool(dot) and f".{suffix.lower()}" in EXECUTABLE_SUFFIXES


def _candidates(name: str) -> list[str]:
    path = Path(name)
    stem, suffix = (path.stem, path.suffix) if path.stem else (name, "")
    return [name] + [f"{stem} ({n}){suffix}" for n in range(1, _MAX_CLASH)]


def write_new_file(folder: Path, name: str, data: bytes) -> Path:
    """Create a new file in ``folder`` under ``safe_name(name)`` or a numbered variant."""
    folder_real = folder.resolve()
    handle, temp_name = tempfile.mkstemp(prefix=".attachment.", suffix=".tmp", dir=folder_real)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        for candidate_name in _candidates(safe_name(name)):
            candidate = folder_real / candidate_name
            if candidate.parent.resolve() != folder_real:
                raise ValueError(f"“{candidate_name}” would leave the folder.")
            try:
                # O_EXCL claims the name; an existing file or planted symlink is skipped.
                with open(candidate, "xb"):
                    pass
            except FileExistsError:
                continue
            try:
                os.replace(temp, candidate)
            except BaseException:
                # Give the claimed name back: an empty file must not pass for the export.
                with contextlib.suppress(FileNotFoundError):
                    candidate.unlink()
                raise
            return candidate
        raise FileExistsError(f"No free name for {name!r} in {folder}.")
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


@dataclass(frozen=True, slots=True)
class SavedAttachment:
    sha256: str
    stored_name: str
    path: Path
    executable: bool


def export_attachments(
    board: Board, read: Callable[[str], bytes], folder: Path
) -> list[SavedAttachment]:
    """Save every attachment of ``board`` into ``folder``; ``read`` gives the bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for sha in sorted(board.attachments):
        attachment = board.attachments[sha]
        path = write_new_file(folder, attachment.file_name, read(sha))
        saved.append(SavedAttachment(sha, attachment.file_name, path, is_executable(path.name)))
    return saved
