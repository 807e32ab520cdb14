"""The headless CLI: commands, JSON output and exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evidenceboard.cli import main
from evidenceboard.storage import open_board


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo(board_dir: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = board_dir / "demo.evboard"
    assert run(capsys, "demo", str(path))[0] == 0
    return path


def test_new_add_link_list_show(board_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(board_dir / "case.evboard")
    assert run(capsys, "new", path, "--title", "Flight MH17")[0] == 0
    code, out, _ = run(
        capsys,
        "add",
        path,
        "claim",
        "The launcher came from Russia",
        "--by",
        "JIT",
        "--date",
        "2016-09-28",
        "--grade",
        "b2",
        "--tag",
        "key",
    )
    assert code == 0
    claim_id = out.strip()
    code, out, _ = run(
        capsys,
        "add",
        path,
        "article",
        "JIT presentation",
        "--outlet",
        "OM",
        "--url",
        "https://example.org/jit",
        "--body",
        "Full text",
    )
    article_id = out.strip()
    code, out, _ = run(
        capsys,
        "link",
        path,
        article_id[:6],
        claim_id[:6],
        "--kind",
        "corroborates",
        "--strength",
        "strong",
        "--note",
        "official findings",
    )
    assert code == 0
    link_id = out.strip()
    code, out, _ = run(capsys, "list", path, "--json")
    data = json.loads(out)
    assert data["board"]["title"] == "Flight MH17"
    assert {c["kind"] for c in data["cards"]} == {"claim", "article"}
    claim = next(c for c in data["cards"] if c["id"] == claim_id)
    assert claim["grading"]["code"] == "B2"
    assert claim["content"]["attributed_to"] == "JIT"
    code, out, _ = run(capsys, "show", path, link_id[:8], "--json")
    assert json.loads(out)["strength"] == "strong"
    code, out, _ = run(capsys, "show", path, claim_id[:8])
    assert "Attributed to: JIT" in out and "Grade: B2" in out


def test_document_is_embedded(board_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(board_dir / "case.evboard")
    run(capsys, "new", path, "--title", "t")
    source = board_dir / "notes.txt"
    source.write_text("Witness saw a Buk launcher", encoding="utf-8")
    code, out, _ = run(capsys, "add", path, "document", str(source), "--origin", "witness")
    assert code == 0
    with open_board(path, read_only=True) as doc:
        card = doc.board.cards[out.strip()]
        assert card.text == "Witness saw a Buk launcher"
        sha = card.content.attachment  # type: ignore[union-attr]
        assert sha is not None and doc.attachment_data(sha) == source.read_bytes()


def test_edit_and_remove(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", str(demo), "--kind", "note", "--json")
    note_id = json.loads(out)["cards"][0]["id"]
    assert (
        run(capsys, "edit", str(demo), note_id[:8], "--title", "Renamed", "--add-tag", "x")[0] == 0
    )
    with open_board(demo, read_only=True) as doc:
        assert doc.board.cards[note_id].title == "Renamed"
        assert doc.board.cards[note_id].tags == ("x",)
        links_before = len(doc.board.links)
        note_links = len(doc.board.links_of(note_id))
    code, out, _ = run(capsys, "remove", str(demo), note_id[:8])
    assert code == 0 and "1 card(s)" in out
    with open_board(demo, read_only=True) as doc:
        assert note_id not in doc.board.cards
        assert len(doc.board.links) == links_before - note_links


def test_check_passes_on_the_demo_board(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(demo))
    assert code == 0 and "OK" in out


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("add", "{demo}", "claim", "x", "--grade", "Z9"), 2, "not a source grade"),
        (("add", "{demo}", "claim", "x", "--date", "yesterday"), 2, "not a date"),
        (("add", "{demo}", "note", "x", "--outlet", "o"), 2, "article cards only"),
        (("show", "{demo}", "ffffffff"), 2, "No card or link"),
        (("link", "{demo}", "aaaa", "bbbb", "--kind", "sideways"), 2, "invalid choice"),
        (("list", "{junk}"), 3, "not a board file"),
        (("list", "{missing}"), 3, "no file"),
        (("new", "{demo}", "--title", "x"), 3, "already exists"),
    ],
)
def test_bad_input_gives_one_line_and_an_exit_code(
    demo: Path,
    board_dir: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    code: int,
    words: str,
) -> None:
    junk = board_dir / "junk.evboard"
    junk.write_bytes(b"not a database at all" * 10)
    values = {"demo": str(demo), "junk": str(junk), "missing": str(board_dir / "nope.evboard")}
    argv = [a.format(**values) for a in args]
    if code == 2 and argv[0] == "link":
        with pytest.raises(SystemExit) as caught:
            main(argv)
        assert caught.value.code == 2
        err = capsys.readouterr().err
    else:
        result, _, err = run(capsys, *argv)
        assert result == code
    assert words in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_locked_board_exit_code(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with open_board(demo, author="ana"):
        code, _, err = run(capsys, "add", str(demo), "note", "x")
    assert code == 7 and "ana" in err


def test_console_script_never_prints_a_traceback(board_dir: Path) -> None:
    junk = board_dir / "junk.evboard"
    junk.write_bytes(os.urandom(4096))
    result = subprocess.run(
        [sys.executable, "-m", "evidenceboard", "list", str(junk)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 3
    assert result.stderr.startswith("evidenceboard: ")
    assert "Traceback" not in result.stderr


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith("EvidenceBoard ")


def test_terminal_control_characters_are_neutralised(
    board_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(board_dir / "case.evboard")
    run(capsys, "new", path, "--title", "t")
    run(capsys, "add", path, "claim", "evil\x1b]0;owned\x07 title")
    _, out, _ = run(capsys, "list", path)
    assert "\x1b" not in out and "\x07" not in out


def test_a_card_added_with_links_sits_next_to_what_it_links_to(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_board(demo, read_only=True) as doc:
        # H1, which has free slots around it (the demo's entities sit beside H2).
        claim = next(c for c in doc.board.cards.values() if c.title.startswith("H1"))
        before = len(doc.history())
    added = []
    for n in range(3):
        code, out, err = run(
            capsys, "add", str(demo), "article", f"Report {n}", "--link-to", claim.id[:8]
        )
        assert code == 0, err
        added.append(out.strip())
    with open_board(demo, read_only=True) as doc:
        board = doc.board
        anchor = claim.geometry
        for card_id in added:
            g = board.cards[card_id].geometry
            # In one of the slots around the claim: within two card sizes of it.
            assert abs(g.x - anchor.x) <= 2 * anchor.width + 80
            assert abs(g.y - anchor.y) <= 2 * anchor.height + 80
            (link,) = [x for x in board.links_of(card_id)]
            assert (link.source, link.target, link.kind.value) == (
                card_id,
                claim.id,
                "corroborates",
            )
        # Nothing overlaps: not the new cards, not the board's own.
        cards = list(board.cards.values())
        for card_id in added:
            g = board.cards[card_id].geometry
            for other in cards:
                if other.id == card_id:
                    continue
                o = other.geometry
                apart = (
                    g.x + g.width <= o.x
                    or o.x + o.width <= g.x
                    or g.y + g.height <= o.y
                    or o.y + o.height <= g.y
                )
                assert apart, f"{board.cards[card_id].title} overlaps {other.title}"
        after = len(doc.history())
    # One step each: the card and its link together.
    assert after == before + 3


def test_link_to_a_link_id_is_refused(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with open_board(demo, read_only=True) as doc:
        link_id = next(iter(doc.board.links))
    code, _out, err = run(capsys, "add", str(demo), "note", "x", "--link-to", link_id)
    assert code == 2
    assert "is a link, not a card" in err
