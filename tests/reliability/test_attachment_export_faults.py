"""Disk full and I/O errors at every file step of saving attachments out of a board.

"Export attachments to a folder" and "Save attachment as…" write into a folder the
user already keeps files in, and a board's file names come from whoever made it. For a
fault (``ENOSPC`` or ``EIO``) at every os-level step (creating the temporary file,
writing, flushing, fsync, claiming the name, moving the file into place, creating the
folder) the promise is: the error is an ``OSError`` carrying the injected errno and the
system's words for it (the window shows it as "could not all be saved: …"); every file
that was in the folder is byte-identical, planted symlinks still point where they did
and their targets were neither created nor changed; no temporary or partial file is
left; nothing outside the folder changed; and the same export, retried, succeeds.
"""

import builtins
import errno
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from evidenceboard.export.attachments import export_attachments, write_new_file
from evidenceboard.model import AddAttachment, AddCards, Batch, CardKind
from evidenceboard.model.attachments import Attachment, sha256_hex
from evidenceboard.model.clock import utc_now
from evidenceboard.model.factory import make_card
from evidenceboard.storage import BoardDocument, open_board
from tests.reliability.helpers import digest, make_demo, record

ERRNOS = [errno.ENOSPC, errno.EIO]
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT
_OS_STEPS = ("fsync", "replace", "rename", "link", "symlink", "mkdir", "chmod", "truncate")

#: Attachments of the test board: names that clash with what the folder holds, a
#: traversal attempt, and an ordinary file. The bytes are distinct and non-empty.
ATTACHMENTS = {
    "notes.txt": b"notes from the board\n" * 50,
    "report.pdf": b"%PDF-1.4 report from the board\n" * 400,
    "../../outside/victim.txt": b"would escape the folder\n" * 20,
    "scan.png": os.urandom(70_000),
}


class ExportFaults:
    """Fail the Nth os-level step of writing files with ``OSError(code)``.

    Steps are the calls that create or change files: ``os.open`` and ``open`` for
    writing, each ``write`` and ``flush`` on a stream from ``os.fdopen``, and
    ``fsync``, ``replace``, ``rename``, ``link``, ``mkdir``, ``chmod``... Reads and
    clean-up (``unlink``) are not failed: a failing clean-up would be a second fault.
    With ``fail_at=None`` it only counts, and remembers each step's name.
    """

    def __init__(self, fail_at: int | None, code: int = errno.ENOSPC) -> None:
        self.fail_at = fail_at
        self.code = code
        self.steps: list[str] = []
        self.failed: str | None = None

    def step(self, name: str) -> None:
        self.steps.append(name)
        if len(self.steps) == self.fail_at:
            self.failed = name
            raise OSError(self.code, os.strerror(self.code))

    def _wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.step(name)
            return real(*args, **kwargs)

        return wrapper

    @contextmanager
    def on(self) -> Iterator["ExportFaults"]:
        saved: dict[str, Any] = {name: getattr(os, name) for name in (*_OS_STEPS, "open", "fdopen")}
        real_open = builtins.open
        real_os_open, real_fdopen = saved["open"], saved["fdopen"]

        def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if flags & _WRITE_FLAGS:
                self.step("os.open")
            return int(real_os_open(path, flags, *args, **kwargs))

        def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            stream = real_fdopen(fd, mode, *args, **kwargs)
            return _FaultyStream(stream, self) if any(c in mode for c in "wxa+") else stream

        def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if any(c in mode for c in "wxa+"):
                self.step("open")
            return real_open(file, mode, *args, **kwargs)

        try:
            for name in _OS_STEPS:
                setattr(os, name, self._wrap(name, saved[name]))
            os.open = os_open
            os.fdopen = fdopen
            builtins.open = open_
            yield self
        finally:
            for name, real in saved.items():
                setattr(os, name, real)
            builtins.open = real_open


class _FaultyStream:
    """A written stream whose ``write`` and ``flush`` are steps that can fail."""

    def __init__(self, real: Any, faults: ExportFaults) -> None:
        self._real = real
        self._faults = faults

    def write(self, data: bytes) -> int:
        self._faults.step("write")
        return int(self._real.write(data))

    def flush(self) -> None:
        self._faults.step("flush")
        self._real.flush()

    def fileno(self) -> int:
        return int(self._real.fileno())

    def close(self) -> None:
        self._real.close()

    def __enter__(self) -> "_FaultyStream":
        return self

    def __exit__(self, *_exc: object) -> None:
        self._real.close()


# -- the scene: a folder with files and planted symlinks, and a victim outside ----------


def _plant(root: Path) -> Path:
    """The destination folder with an existing file, a planted symlink to a file that
    does not exist yet outside, and one to an existing file outside."""
    folder, outside = root / "exported", root / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "existing-victim.pdf").write_bytes(b"the user's own file outside\n")
    folder.mkdir()
    (folder / "notes.txt").write_bytes(b"the user's notes, typed before the export\n")
    (folder / "report.pdf").symlink_to(outside / "existing-victim.pdf")
    (folder / "victim.txt").symlink_to(outside / "victim.txt")  # target does not exist
    (folder / "scan.png").symlink_to(outside / "planted-scan.png")  # target does not exist
    return folder


def _tree(root: Path) -> dict[str, str]:
    """Every entry under ``root``: a symlink's target or a file's SHA-256."""
    entries: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        name = str(path.relative_to(root))
        if path.is_symlink():
            entries[name] = "-> " + os.readlink(path)
        elif path.is_file():
            entries[name] = digest(path)
        else:
            entries[name] = "dir"
    return entries


def _outside(root: Path, folder: Path) -> dict[str, str]:
    return {k: v for k, v in _tree(root).items() if not k.startswith(folder.name + os.sep)}


def _check_after_fault(
    root: Path, folder: Path, before: dict[str, str], wanted: set[bytes], what: str
) -> None:
    after = _tree(root)
    for name, value in before.items():
        assert after.get(name) == value, f"{what}: {name} changed"
    for name in sorted(set(after) - set(before)):
        path = root / name
        assert name.startswith(folder.name + os.sep), f"{what}: {name} written outside"
        assert not path.is_symlink() and path.is_file(), f"{what}: {name} is not a file"
        assert not path.name.endswith(".tmp"), f"{what}: temporary {name} left"
        # A file finished before the fault may stay; nothing partial or empty may.
        assert path.read_bytes() in wanted, f"{what}: {name} is partial or empty"
    assert not (root / "outside" / "victim.txt").exists(), f"{what}: symlink followed"
    assert not (root / "outside" / "planted-scan.png").exists(), f"{what}: symlink followed"


def _board_with_attachments(board_dir: Path) -> BoardDocument:
    doc = open_board(make_demo(board_dir))
    parts: list[AddAttachment | AddCards] = []
    for name, data in ATTACHMENTS.items():
        sha = sha256_hex(data)
        attachment = Attachment(sha, name, "application/octet-stream", len(data), utc_now())
        parts.append(AddAttachment(attachment, data))
        card = make_card(CardKind.DOCUMENT, name, "ana", attachment=sha, file_name=name)
        parts.append(AddCards((card,)))
    doc.apply(Batch(tuple(parts), "Add files"))
    return doc


#: An operation writes into the folder and returns the paths it wrote.
Operation = Callable[[BoardDocument, Path], list[Path]]


def export_folder(doc: BoardDocument, folder: Path) -> list[Path]:
    """File > Export > Attachments (folder): every attachment of the board."""
    return [s.path for s in export_attachments(doc.board, doc.attachment_data, folder)]


#: "Save attachment as…" onto names the folder already holds: a file, a symlink to a
#: file outside that exists, and one to a file outside that does not exist yet.
SAVE_AS = ["notes.txt", "report.pdf", "victim.txt"]


def save_as(doc: BoardDocument, folder: Path) -> list[Path]:
    """Save attachment as… three times, each onto a name that is already taken."""
    by_name = {a.file_name: a.sha256 for a in doc.board.attachments.values()}
    names = {"victim.txt": "../../outside/victim.txt"}
    return [
        write_new_file(folder, name, doc.attachment_data(by_name[names.get(name, name)]))
        for name in SAVE_AS
    ]


def _expected(operation: Operation) -> list[bytes]:
    if operation is save_as:
        names = {"victim.txt": "../../outside/victim.txt"}
        return sorted(ATTACHMENTS[names.get(n, n)] for n in SAVE_AS)
    return sorted(ATTACHMENTS.values())


def _check_complete(folder: Path, saved: list[Path], operation: Operation) -> None:
    """The operation succeeded: every file whole, inside the folder, under a new name."""
    assert sorted(p.read_bytes() for p in saved) == _expected(operation)
    for path in saved:
        assert path.parent == folder.resolve() and not path.is_symlink()
        assert path.name not in ("notes.txt", "report.pdf", "victim.txt", "scan.png")


def _steps(doc: BoardDocument, root: Path, operation: Operation) -> list[str]:
    folder = _plant(root)
    counter = ExportFaults(None)
    with counter.on():
        operation(doc, folder)
    _fresh(root)
    return counter.steps


def _fresh(root: Path) -> Path:
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_symlink() or path.is_file():
            path.unlink()
        else:
            path.rmdir()
    return _plant(root)


def _fault_loop(
    board_dir: Path, root: Path, operation: Operation, code: int, moving_into_place: bool
) -> int:
    """Fail each step in turn (only the moves into place, or all others); faults raised."""
    root.mkdir()
    with _board_with_attachments(board_dir) as doc:
        steps = _steps(doc, root, operation)
        assert len(steps) >= 7 * len(_expected(operation)), steps
        moves = ("replace", "rename", "link")
        chosen = [n for n, name in enumerate(steps, 1) if (name in moves) == moving_into_place]
        failed = 0
        for step in chosen:
            folder = _fresh(root)
            before = _tree(root)
            outside_before = _outside(root, folder)
            faults = ExportFaults(step, code)
            what = f"step {step} ({steps[step - 1]})"
            try:
                with faults.on():
                    saved = operation(doc, folder)
            except OSError as exc:
                assert exc.errno == code, f"{what}: {exc!r}"
                assert os.strerror(code) in str(exc), what
                failed += 1
            else:
                # A step that may fail harmlessly (creating the folder that is already
                # there): then the result must be whole.
                assert faults.failed == "mkdir", what
                _check_complete(folder, saved, operation)
                continue
            _check_after_fault(root, folder, before, set(ATTACHMENTS.values()), what)
            _check_complete(folder, operation(doc, folder), operation)  # the retry
            assert _outside(root, folder) == outside_before, what
        assert failed == len(chosen) - steps.count("mkdir") * (not moving_into_place)
    return failed


CODES = pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
OPERATIONS = pytest.mark.parametrize(
    "operation", [export_folder, save_as], ids=["export-folder", "save-as"]
)


@CODES
@OPERATIONS
def test_a_fault_at_every_step_of_saving_attachments(
    board_dir: Path, tmp_path: Path, operation: Operation, code: int
) -> None:
    failed = _fault_loop(board_dir, tmp_path / "case", operation, code, moving_into_place=False)
    assert failed >= 6 * len(_expected(operation))
    record("faults injected while saving attachments to a folder", failed)


@CODES
@OPERATIONS
def test_a_fault_moving_a_saved_attachment_into_place(
    board_dir: Path, tmp_path: Path, operation: Operation, code: int
) -> None:
    failed = _fault_loop(board_dir, tmp_path / "case", operation, code, moving_into_place=True)
    assert failed == len(_expected(operation))
    record("faults injected while saving attachments to a folder", failed)


def test_without_faults_the_planted_names_are_skipped(board_dir: Path, tmp_path: Path) -> None:
    """The baseline of the loops: clashes get numbered names; symlinks are not followed."""
    root = tmp_path / "case"
    root.mkdir()
    folder = _plant(root)
    before = _tree(root)
    with _board_with_attachments(board_dir) as doc:
        saved = export_folder(doc, folder)
        _check_complete(folder, saved, export_folder)
        names = sorted(p.name for p in saved)
        assert names == ["notes (1).txt", "report (1).pdf", "scan (1).png", "victim (1).txt"]
        _check_complete(folder, save_as(doc, folder), save_as)
    after = _tree(root)
    assert {k: after[k] for k in before} == before
    assert not (root / "outside" / "victim.txt").exists()
