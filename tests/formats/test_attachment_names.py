"""Exported attachments get safe names inside the folder and never overwrite anything."""

import os
from pathlib import Path

import pytest

from evidenceboard.export.attachments import (
    export_attachments,
    is_executable,
    safe_name,
    write_new_file,
)
from evidenceboard.model.board import Board
from tests.formats.conftest import SCAN

P_LIST = [
    ("../../../../home/user/.bashrc", ".bashrc"),
    (
        "..\\..\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\evil.bat",
        "evil.bat",
    ),
    ("/etc/cron.d/evil", "evil"),
    ("C:\\Windows\\System32\\drivers\\etc\\hosts", "hosts"),
    ("C:evil.txt", "evil.txt"),
    ("\\\\attacker.example\\share\\x.pdf", "x.pdf"),
    ("\\\\?\\C:\\x.txt", "x.txt"),
    ("CON", "_CON"),
    ("con.txt", "_con.txt"),
    ("NUL", "_NUL"),
    ("COM1.pdf", "_COM1.pdf"),
    ("LPT9", "_LPT9"),
    ("report.pdf ", "report.pdf"),
    ("evidence.txt:hidden", "evidence.txt_hidden"),
    ("invoice\u202efdp.exe", "invoicefdp.exe"),
    ("a\x00b.pdf", "a_b.pdf"),
    ("photo.jpg\n.exe", "photo.jpg_.exe"),
    ("", "attachment"),
    (".", "attachment"),
    ("..", "attachment"),
    ("A" * 300 + ".pdf", "A" * 146 + ".pdf"),
]


@pytest.mark.parametrize(("name", "expected"), P_LIST)
def test_p_list_names(name: str, expected: str, tmp_path: Path) -> None:
    assert safe_name(name) == expected
    dest = tmp_path / "out"
    dest.mkdir()
    path = write_new_file(dest, name, b"data")
    assert path.parent == dest.resolve()
    assert path.name == expected
    assert [p.name for p in dest.iterdir()] == [expected]
    assert len(list(tmp_path.rglob("*"))) == 2  # the folder and the one file


def test_trailing_dot_clashes_with_trailing_space(tmp_path: Path) -> None:
    first = write_new_file(tmp_path, "report.pdf ", b"1")
    second = write_new_file(tmp_path, "report.pdf.", b"2")
    assert (first.name, second.name) == ("report.pdf", "report (1).pdf")
    assert first.read_bytes() == b"1" and second.read_bytes() == b"2"


def test_executables_are_flagged() -> None:
    assert is_executable(safe_name("invoice\u202efdp.exe"))
    assert is_executable("evil.bat") and not is_executable("x.pdf")


RUNNABLE = [
    ".hta",
    ".py",
    ".pyw",
    ".ps1",
    ".psm1",
    ".jar",
    ".lnk",
    ".scr",
    ".msi",
    ".msp",
    ".desktop",
    ".vbs",
    ".vbe",
    ".js",
    ".jse",
    ".wsf",
    ".wsh",
    ".cpl",
    ".com",
    ".pif",
    ".reg",
    ".app",
    ".command",
    ".sh",
    ".bash",
    ".appimage",
    ".deb",
    ".rpm",
    ".apk",
    ".dmg",
    ".pkg",
    ".iso",
    ".img",
    ".url",
    ".webloc",
    ".xll",
    ".docm",
    ".xlsm",
    ".pptm",
    ".chm",
    ".msc",
    ".dll",
]


@pytest.mark.parametrize("suffix", RUNNABLE)
def test_every_runnable_type_is_flagged_in_any_case(suffix: str) -> None:
    assert is_executable(f"evidence{suffix}")
    assert is_executable(f"Evidence{suffix.upper()}")
    assert is_executable(f"invoice.pdf{suffix}")


@pytest.mark.parametrize(
    "name",
    [
        "run.exe.",
        "run.exe ",
        "run.hta . .",
        "run.PY\u202e",
        "invoice.pdf.scr",
        "folder/../report.pdf.lnk",
        ".exe",
    ],
)
def test_executable_type_hidden_behind_dots_spaces_or_a_decoy_is_flagged(name: str) -> None:
    # Windows drops trailing dots and spaces, and so does safe_name: the file saved is runnable.
    assert is_executable(name)


@pytest.mark.parametrize("name", ["report.exe.pdf", "notes.txt", "photo.jpeg", "archive", "a."])
def test_documents_are_not_flagged(name: str) -> None:
    assert not is_executable(name)


def test_planted_symlink_is_never_followed(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    dest.mkdir()
    victim = tmp_path / "victim"
    os.symlink(victim, dest / "notes.txt")
    path = write_new_file(dest, "notes.txt", b"evidence")
    assert path.name == "notes (1).txt"
    assert not victim.exists()
    assert (dest / "notes.txt").is_symlink()


def test_export_attachments_writes_every_file(board: Board, tmp_path: Path) -> None:
    [sha] = board.attachments
    (tmp_path / "port log.pdf").write_bytes(b"older file")
    saved = export_attachments(board, {sha: SCAN}.__getitem__, tmp_path)
    assert [s.path.name for s in saved] == ["port log (1).pdf"]
    assert saved[0].path.read_bytes() == SCAN
    assert (tmp_path / "port log.pdf").read_bytes() == b"older file"
    assert not list(tmp_path.glob(".attachment.*"))
