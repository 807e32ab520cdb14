"""Adding people, organisations, places and events, and related links with words, from the CLI."""

import json
from pathlib import Path

import pytest

from evidenceboard.model.cards import EventContent, LocationContent, PersonContent
from evidenceboard.storage import open_board
from tests.cli.test_cli import run


def test_entities_and_link_words_from_the_command_line(
    board_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(board_dir / "case.evboard")
    assert run(capsys, "new", path, "--title", "Assad")[0] == 0
    code, out, _ = run(
        capsys, "add", path, "person", "Abdulkadir Selvi", "--alias", "A. Selvi",
        "--alias", "Abdülkadir Selvi", "--position", "columnist", "--country", "Turkey",
        "--date", "1964",
    )  # fmt: skip
    assert code == 0
    selvi = out.strip()
    code, out, _ = run(capsys, "add", path, "organisation", "Hurriyet", "--country", "tr")
    hurriyet = out.strip()
    code, out, _ = run(
        capsys, "add", path, "location", "Khmeimim airbase", "--lat", "35.4", "--lon", "35.95",
        "--country", "Syria", "--alias", "Hmeimim",
    )  # fmt: skip
    assert code == 0
    base = out.strip()
    code, out, _ = run(
        capsys, "add", path, "event", "Doha talks", "--date", "2024-12-07", "--end-date",
        "2024-12-08", "--place", "Doha", "--involved", selvi[:8], "--involved", hurriyet,
    )  # fmt: skip
    assert code == 0
    talks = out.strip()
    code, out, _ = run(
        capsys, "link", path, selvi, hurriyet, "--kind", "related", "--label", "columnist at"
    )
    assert code == 0
    link_id = out.strip()
    with open_board(path, read_only=True) as doc:
        board = doc.board
        person, place, event = (board.cards[i].content for i in (selvi, base, talks))
        assert isinstance(person, PersonContent)
        assert (person.aliases, person.nationality, person.birth_date) == (
            ("A. Selvi", "Abdülkadir Selvi"),
            "Turkey",
            "1964",
        )
        assert isinstance(place, LocationContent) and place.latitude == 35.4
        assert isinstance(event, EventContent) and event.involved == (selvi, hurriyet)
        assert board.links[link_id].label == "columnist at"
    code, out, _ = run(capsys, "show", path, selvi, "--json")
    data = json.loads(out)
    assert data["kind"] == "person"
    assert data["content"]["aliases"] == ["A. Selvi", "Abdülkadir Selvi"]
    assert data["links"][0]["label"] == "columnist at"
    code, out, _ = run(capsys, "show", path, selvi)
    assert "Aliases: A. Selvi; Abdülkadir Selvi" in out
    assert "(related: columnist at)" in out


@pytest.mark.parametrize(
    "args",
    [
        ("location", "Nowhere", "--lat", "91", "--lon", "0"),
        ("location", "Half", "--lat", "10"),
        ("person", "Someone", "--lat", "1", "--lon", "1"),
        ("claim", "Said", "--alias", "x"),
        ("event", "Talks", "--involved", "ffffffff"),
    ],
)
def test_bad_entity_options_are_refused(
    board_dir: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    path = str(board_dir / "case.evboard")
    assert run(capsys, "new", path, "--title", "Case")[0] == 0
    code, _, err = run(capsys, "add", path, *args)
    assert code != 0 and err
    with open_board(path, read_only=True) as doc:
        assert not doc.board.cards


def test_words_only_on_related_links(board_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(board_dir / "case.evboard")
    run(capsys, "new", path, "--title", "Case")
    a = run(capsys, "add", path, "note", "a")[1].strip()
    b = run(capsys, "add", path, "claim", "b")[1].strip()
    code, _, err = run(capsys, "link", path, a, b, "--kind", "corroborates", "--label", "owns")
    assert code != 0 and "related link" in err


def test_a_claim_names_the_card_that_makes_it(
    board_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(board_dir / "case.evboard")
    assert run(capsys, "new", path, "--title", "Assad")[0] == 0
    tass = run(capsys, "add", path, "organisation", "Tass", "--alias", "TASS")[1].strip()
    base = run(capsys, "add", path, "location", "Khmeimim airbase")[1].strip()
    code, out, _ = run(
        capsys,
        "add",
        path,
        "claim",
        "Assad is in Moscow",
        "--by-card",
        tass[:8],
        "--by",
        "the agency",
    )
    assert code == 0
    claim = out.strip()
    # Two words, one actor: text that is the card's alias counts for it.
    second = run(capsys, "add", path, "claim", "Assad was granted asylum", "--by", "TASS")[
        1
    ].strip()
    code, _, err = run(capsys, "edit", path, second, "--by-card", base)
    assert code != 0 and "not a person or organisation" in err
    code, _, err = run(capsys, "edit", path, tass, "--by-card", tass)
    assert code != 0 and "claim cards only" in err
    data = json.loads(run(capsys, "show", path, tass, "--json")[1])
    assert data["claims_made"] == [claim, second]
    code, out, _ = run(capsys, "show", path, claim)
    assert f"Claimed by: Tass ({tass[:8]})" in out
    analysis = json.loads(run(capsys, "analyze", path, "--json")[1])
    assert analysis["actors"][0]["card_id"] == tass
    assert any(f["kind"] == "one_actor" for f in analysis["findings"])
    assert run(capsys, "edit", path, claim, "--by-card", "")[0] == 0
    with open_board(path, read_only=True) as doc:
        assert doc.board.cards[claim].content.claimed_by == ""  # type: ignore[union-attr]
