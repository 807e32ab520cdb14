"""The recovery commands: snapshots FILE, restore SNAPSHOT OUT, salvage DAMAGED OUT."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidenceboard.cli import app, registry, reliability_commands
from evidenceboard.storage import open_board
from evidenceboard.storage.snapshots import take_snapshot
from tests.reliability.helpers import digest, file_state, make_demo


@pytest.fixture(autouse=True)
def _commands(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Until the lead lists the module in cli/registry.py, add it for these tests only.
    modules = registry.COMMAND_MODULES
    if reliability_commands not in modules:
        monkeypatch.setattr(app, "COMMAND_MODULES", (*modules, reliability_commands))
    yield


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = app.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 2, 4096 * 2 + 16):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def test_snapshots_then_restore(board_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_demo(board_dir)
    with open_board(path) as doc:
        snap = take_snapshot(doc)
    expected = file_state(path)
    _damage(path)
    code, _out, err = run(capsys, "check", str(path))
    assert code == 4 and "damaged" in err
    code, out, _ = run(capsys, "snapshots", str(path), "--json")
    assert code == 0
    [listed] = json.loads(out)
    assert listed["path"] == str(snap) and listed["cards"] == 21 and listed["problem"] is None
    code, out, _ = run(capsys, "restore", str(snap), str(path))
    assert code == 0
    assert "was kept as demo (damaged " in out
    assert file_state(path) == expected


def test_no_snapshots_is_said_plainly(board_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_demo(board_dir)
    code, out, _ = run(capsys, "snapshots", str(path))
    assert code == 1 and "No snapshots of demo.evboard" in out


def test_salvage_command(board_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_demo(board_dir)
    _damage(path)
    before = digest(path)
    out_path = board_dir / "salvaged.evboard"
    code, out, _ = run(capsys, "salvage", str(path), str(out_path), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["cards"] == 21 and report["links"] == 25
    assert digest(path) == before
    code, out, _ = run(capsys, "check", str(out_path))
    assert code == 0 and "OK" in out


def test_salvage_refusal_is_one_clear_line(
    board_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = board_dir / "junk.evboard"
    path.write_bytes(b"\x00" * 5000)
    code, _out, err = run(capsys, "salvage", str(path), str(board_dir / "out.evboard"))
    assert code == 3
    assert err.count("\n") == 1 and "not a board file" in err
    assert not (board_dir / "out.evboard").exists()
