"""``settings``, ``mark`` and the judgement options of ``add`` and ``edit``, read by ``analyze``."""

import json
from pathlib import Path

import pytest

from evidenceboard.storage import open_board
from tests.cli.test_cli import run


@pytest.fixture
def case(board_dir: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    path = str(board_dir / "case.evboard")
    assert run(capsys, "new", path, "--title", "Convoy")[0] == 0
    ids = {"path": path}

    def add(name: str, *args: str) -> None:
        code, out, err = run(capsys, "add", path, *args)
        assert code == 0, err
        ids[name] = out.strip()

    add("h1", "claim", "They left by road", "--hypothesis")
    add("h2", "claim", "They left by air", "--hypothesis")
    add("claim", "claim", "The convoy left at dawn", "--likelihood", "highly likely")
    add("r1", "article", "Border post log", "--grade", "A1", "--link-to", ids["claim"])
    add("r2", "article", "Driver interview", "--grade", "B2", "--link-to", ids["claim"])
    return ids


def _analysis(capsys: pytest.CaptureFixture[str], path: str) -> dict[str, object]:
    code, out, _ = run(capsys, "analyze", path, "--json")
    assert code == 0
    data: dict[str, object] = json.loads(out)
    return data


def _claim(data: dict[str, object], claim_id: str) -> dict[str, object]:
    claims = data["claims"]
    assert isinstance(claims, list)
    found: dict[str, object] = next(c for c in claims if c["claim_id"] == claim_id)
    return found


def test_settings_show_set_and_reset_a_threshold(
    case: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = case["path"]
    code, out, _ = run(capsys, "settings", path)
    assert code == 0 and "analysis.corroboration_origins = 2:" in out
    assert _claim(_analysis(capsys, path), case["claim"])["status"] == "corroborated"

    assert run(capsys, "settings", path, "analysis.corroboration_origins", "3")[0] == 0
    data = _analysis(capsys, path)
    assert _claim(data, case["claim"])["status"] == "uncorroborated"
    assert data["threshold_values"] == {
        "corroboration_origins": 3,
        "weak_reliability": "D",
        "weak_information": "5",
        "is_default": False,
    }
    code, out, _ = run(capsys, "settings", path)
    assert "analysis.corroboration_origins = 3 (default 2)" in out

    code, _out, err = run(capsys, "settings", path, "analysis.corroboration_origins", "9")
    assert code == 2 and "takes one of: 1, 2, 3, 4, 5" in err
    code, _out, err = run(capsys, "settings", path, "analysis.colour", "red")
    assert code == 2 and "is not a setting" in err

    assert run(capsys, "settings", path, "analysis.corroboration_origins", "--default")[0] == 0
    with open_board(Path(path), read_only=True) as document:
        assert document.board.info.settings == ()
    code, out, _ = run(capsys, "analyze", path)
    assert "Corroborated: 2 or more independent origins" in out


def test_likelihood_and_flags_from_the_command_line(
    case: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = case["path"]
    claim = _claim(_analysis(capsys, path), case["claim"])
    assert claim["likelihood"] == "phia.highly_likely"
    assert claim["likelihood_words"] == "highly likely"
    assert run(capsys, "settings", path, "judgement.yardstick", "icd203")[0] == 0
    code, _out, _err = run(
        capsys,
        "edit",
        path,
        case["claim"],
        "--likelihood",
        "very likely",
        "--confidence",
        "moderate",
        "--key-judgement",
        "--assumption",
    )
    assert code == 0
    data = _analysis(capsys, path)
    claim = _claim(data, case["claim"])
    assert claim["likelihood"] == "icd203.very_likely"
    assert claim["is_key_judgement"] and claim["is_assumption"]
    sentence = (
        "“The convoy left at dawn”: the analyst judges it very likely, with moderate "
        "confidence; sourcing status: Corroborated (2 independent origins)."
    )
    assert claim["judgement_sentence"] == sentence
    assert data["key_judgements"] == {
        "claim_ids": [case["claim"]],
        "marked_by_analyst": True,
        "sentences": [sentence],
    }
    assert data["key_assumptions"] == {"claim_ids": [case["claim"]], "sentences": [sentence]}
    code, out, _ = run(capsys, "analyze", path)
    assert f"Key judgements (marked by the analyst)\n  * {sentence}" in out
    assert f"Key assumptions (1)\n  * {sentence}" in out
    code, _out, err = run(capsys, "edit", path, case["r1"], "--likelihood", "likely")
    assert code == 2 and "applies to claim cards only" in err
    code, _out, err = run(capsys, "edit", path, case["claim"], "--likelihood", "probably")
    assert code == 2 and "almost no chance" in err


def test_mark_sets_a_cell_and_analyze_shows_it(
    case: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = case["path"]
    assert run(capsys, "link", path, case["r1"], case["h1"], "--kind", "corroborates")[0] == 0
    code, out, _ = run(capsys, "mark", path, case["r1"], case["h1"], "inconsistent")
    assert code == 0 and "inconsistent" in out
    assert run(capsys, "mark", path, case["r2"], case["h2"], "not-applicable")[0] == 0
    data = _analysis(capsys, path)
    ach = data["ach"]
    assert isinstance(ach, dict)
    cells = {
        (row["evidence_id"], ach["hypothesis_ids"][i]): cell
        for row in ach["rows"]
        for i, cell in enumerate(row["cells"])
    }
    assert cells[(case["r1"], case["h1"])]["consistency"] == "inconsistent"
    assert cells[(case["r1"], case["h1"])]["marked"] is True
    assert cells[(case["r2"], case["h2"])]["code"] == "NA"
    code, out, _ = run(capsys, "analyze", path)
    assert "I*" in out and "NA*" in out
    assert run(capsys, "mark", path, case["r1"], case["h1"], "clear")[0] == 0
    with open_board(Path(path), read_only=True) as document:
        assert list(document.board.ach_marks) == [(case["r2"], case["h2"])]
    code, _out, err = run(capsys, "mark", path, case["r1"], case["claim"], "neutral")
    assert code == 2 and "not a hypothesis" in err
