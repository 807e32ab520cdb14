import json
from pathlib import Path

import pytest

from evidenceboard.cli import analyze
from evidenceboard.cli.app import main
from evidenceboard.demo import demo_id
from tests.cli.registered import run_registered


def _run(argv: list[str]) -> int:
    return run_registered(analyze.register, argv)


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.evboard"
    assert main(["demo", str(path)]) == 0
    return path


def test_analyze_prints_statuses_reasons_and_findings(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert _run(["analyze", str(demo_file)]) == 0
    out = capsys.readouterr().out
    assert "status: Contested, independent origins: 1" in out
    assert "trace back to 1 origin" in out
    assert "[warning] Circular reporting" in out


def test_analyze_json_is_the_documented_shape(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert _run(["analyze", str(demo_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == 2
    deal = next(c for c in data["claims"] if c["claim_id"] == demo_id("claim-deal"))
    assert deal["support_origins"] == [demo_id("hurriyet")]
