"""The ``brief`` command, driven through its own argparse registration."""

from pathlib import Path

import pytest

from evidenceboard.cli import brief
from evidenceboard.demo import demo_id
from evidenceboard.storage.demo_file import create_demo_board
from tests.cli.registered import run_registered
from tests.export.conftest import pdf_text


def _run(argv: list[str]) -> int:
    return run_registered(brief.register, argv)


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.evboard"
    create_demo_board(path).close()
    return path


def test_brief_command_writes_the_pdf_and_prints_its_path(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "brief.pdf"
    prefix = demo_id("claim-deal")[:8]
    code = _run(
        [
            "brief", str(demo_file), "-o", str(out), "--title", "For the editor",
            "--marking", "UNCLASSIFIED // DEMO // EYES ONLY", "--claims", prefix,
        ]
    )  # fmt: skip
    assert code == 0
    assert capsys.readouterr().out.strip() == str(out)
    text = pdf_text(out)
    assert "For the editor" in text and "EYES ONLY" in text
    assert "This brief covers 1 claim" in " ".join(text.split())


def test_unknown_claim_is_one_line_on_stderr(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "brief.pdf"
    code = _run(["brief", str(demo_file), "-o", str(out), "--claims", "ffffffff"])
    assert code != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ffffffff" in err and "Traceback" not in err
    assert not out.exists()


def test_refuses_to_overwrite_the_board(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = demo_file.read_bytes()
    assert _run(["brief", str(demo_file), "-o", str(demo_file)]) != 0
    assert demo_file.read_bytes() == before
    assert "overwrite the board" in capsys.readouterr().err
