"""The team commands from the command line, end to end on a real server."""

import json
from pathlib import Path

import pytest

from evidenceboard.__main__ import main
from evidenceboard.team.trust import trust_file
from tests.team.conftest import TeamDb
from tests.team.helpers import opened, retitle, small_case


def test_init_grant_publish_clone_and_sync(
    blank_db: TeamDb, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["team", "init", blank_db.url()]) == 0
    assert main(["team", "init", blank_db.url()]) == 0
    assert "already" in capsys.readouterr().out
    assert main(["team", "grant", blank_db.url(), "--member", "alice"]) == 0
    board = small_case(tmp_path / "a.evboard")
    assert main(["--user", "alice", "publish", str(board), blank_db.url("alice")]) == 0
    assert "Published “Harbour deal”" in capsys.readouterr().out
    out = tmp_path / "b.evboard"
    assert main(["clone", blank_db.url("bob"), "Harbour deal", str(out)]) == 3
    assert "No case" in capsys.readouterr().err
    assert not out.exists()
    grant = ["team", "grant", blank_db.url("alice"), "--case", "Harbour deal", "--member", "bob"]
    assert main(grant) == 0
    assert main(["--user", "bob", "clone", blank_db.url("bob"), "Harbour deal", str(out)]) == 0
    assert "3 cards, 2 links, 1 attachments" in capsys.readouterr().out
    with opened(out, "bob") as doc:
        retitle(doc, "Memo", "Memo, read")
    assert main(["--user", "bob", "sync", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["pushed"] == 1 and report["conflicts"] == []
    assert main(["--user", "alice", "sync", str(board)]) == 0
    assert "1 changed" in capsys.readouterr().out
    revoke = ["team", "revoke", blank_db.url("alice"), "--case", "Harbour deal", "--member", "bob"]
    assert main(revoke) == 0
    assert main(["sync", str(out)]) == 3
    assert "no longer have access" in capsys.readouterr().err


def test_sync_of_a_board_never_published_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    board = small_case(tmp_path / "a.evboard")
    assert main(["sync", str(board)]) == 3
    assert "not linked to a team server" in capsys.readouterr().err


def test_a_url_that_is_not_postgresql_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["team", "init", "mysql://x@y/z"]) == 3
    assert "PostgreSQL URL" in capsys.readouterr().err


def test_an_installation_without_the_postgresql_driver_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec

    def without_psycopg(name: str, *args: object) -> object:
        return None if name == "psycopg" else real(name)

    monkeypatch.setattr(importlib.util, "find_spec", without_psycopg)
    board = small_case(tmp_path / "a.evboard")
    assert main(["publish", str(board), "postgresql://me@server/cases"]) == 3
    assert "reinstall it with its dependencies" in capsys.readouterr().err


def test_a_board_naming_a_server_never_chosen_here_is_not_synced_until_confirmed(
    team_db: TeamDb, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    board = small_case(tmp_path / "a.evboard")
    assert main(["--user", "alice", "publish", str(board), team_db.url("alice")]) == 0
    capsys.readouterr()
    # The board goes to someone else, whose computer never chose that server for it: a
    # stranger's board naming the stranger's server looks exactly like this.
    trust_file().unlink()
    with opened(board, "alice") as doc:
        retitle(doc, "Memo", "Memo, typed on the other computer")
    assert main(["--user", "alice", "sync", str(board)]) == 3
    err = capsys.readouterr().err
    assert "never published it to, cloned it from or chose for it" in err
    assert "Nothing was sent" in err and "--trust-server" in err
    # Nothing reached the server: a clone from it still has the old title.
    copy = tmp_path / "copy.evboard"
    assert main(["--user", "alice", "clone", team_db.url("alice"), "Harbour deal", str(copy)]) == 0
    with opened(copy, "alice") as doc:
        assert any(c.title == "Memo" for c in doc.board.cards.values())
    capsys.readouterr()
    assert main(["--user", "alice", "sync", str(board), "--trust-server"]) == 0
    assert "pushed 1 change;" in capsys.readouterr().out
    # Chosen once, it stays chosen.
    assert main(["--user", "alice", "sync", str(board)]) == 0
