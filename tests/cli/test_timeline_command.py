"""``evidenceboard timeline``: the chronology in words and as JSON."""

import json
from pathlib import Path

import pytest

from evidenceboard.cli import main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


@pytest.fixture
def case(board_dir: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = board_dir / "case.evboard"
    assert _run(capsys, "new", str(path), "--title", "Ferry")[0] == 0
    additions = (
        ("claim", "The ferry left late", "--by", "Harbour master", "--date", "2024-03-05"),
        ("article", "Ferry report", "--outlet", "Gazette", "--date", "2024"),
        ("claim", "Nobody knows when", "--by", "Rumour"),
        ("note", "check the log"),
    )
    for addition in additions:
        assert _run(capsys, "add", str(path), *addition)[0] == 0
    return path


def test_text_lists_dated_cards_in_order_with_precision(
    case: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(capsys, "timeline", str(case))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Chronology of “Ferry”: 2 dated items, 2 without a date"
    year = next(i for i, line in enumerate(lines) if "Ferry report" in line)
    day = next(i for i, line in enumerate(lines) if "The ferry left late" in line)
    assert year < day
    assert lines[year].split()[:3] == ["2024", "year", "article"]
    assert lines[day].split()[:3] == ["2024-03-05", "day", "claim"]
    assert "(Harbour master)" in lines[day]


def test_json_gives_spans_and_the_undated_count(
    case: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(capsys, "timeline", str(case), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == 1
    assert data["undated_count"] == 2
    assert len(data["undated"]) == 2
    year, day = data["entries"]
    assert (year["date"], year["precision"], year["field"]) == ("2024", "year", "published")
    assert (year["start"], year["end"]) == ("2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z")
    assert (day["precision"], day["field"], day["source"]) == (
        "day",
        "date_claimed",
        "Harbour master",
    )
    assert day["end"] == "2024-03-06T00:00:00Z"
