"""A sync cut off anywhere loses nothing and can be run again; a hostile server is vetted.

The kill tests run the sync in a child process that kills itself with SIGKILL at one
step (after reading the server, after writing the pull, inside the server transaction
before it commits, after the server committed but before the board recorded it); then
the sync runs again here and both laptops must end up with every change exactly once.
"""

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from evidenceboard.model.attachments import Attachment, sha256_hex
from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddAttachment, AddCards, Batch
from evidenceboard.model.clock import utc_now
from evidenceboard.model.factory import make_card
from evidenceboard.storage.errors import WriteFailedError
from evidenceboard.team import wire
from evidenceboard.team.admin import grant
from evidenceboard.team.publish import clone
from evidenceboard.team.server import TeamError
from evidenceboard.team.sync import sync
from tests.team.conftest import TeamDb
from tests.team.helpers import (
    as_server_owner,
    card_titled,
    doubled_history,
    opened,
    retitle,
    retitle_and_sync,
)
from tests.team.pg_process import PgServer

_REPOSITORY = Path(__file__).resolve().parents[2]

_CHILD = """
import os, signal, sys
from evidenceboard.storage import open_board
from evidenceboard.team import sync as sync_module, wire
path, stage = sys.argv[1], sys.argv[2]

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def after(module, name):
    original = getattr(module, name)
    def wrapped(*args, **kwargs):
        result = original(*args, **kwargs)
        die()
    setattr(module, name, wrapped)

if stage == "fetched":
    after(sync_module, "fetch")
elif stage == "pulled":
    after(sync_module, "apply_pull")
elif stage == "pushing":
    # The rows are written, the transaction not committed.
    after(wire, "write_push")
elif stage == "pushed":
    sync_module.finish_push = lambda *a, **k: die()
with open_board(path, author="alice") as doc:
    sync_module.sync(doc)
"""


def _titles(path: Path, author: str) -> list[str]:
    with opened(path, author) as doc:
        return sorted(c.title for c in doc.board.cards.values())


@pytest.mark.parametrize("stage", ["fetched", "pulled", "pushing", "pushed"])
def test_a_sync_killed_at_any_step_loses_nothing(
    laptops: tuple[Path, Path], stage: str, team_db: TeamDb
) -> None:
    a, b = laptops
    retitle_and_sync(b, "bob", {"Memo": "Memo from Bob"})
    with opened(a, "alice") as doc:
        retitle(doc, "Call the clerk", "Clerk from Alice")
        doc.apply(AddCards((make_card(CardKind.NOTE, "New from Alice", "alice", text="t"),)))
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(a), stage], cwd=_REPOSITORY, capture_output=True
    )
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()[-2000:]
    with opened(a, "alice") as doc:
        assert doc.integrity_report() == []
        report = sync(doc)
        assert report.conflicts == []
    with opened(b, "bob") as doc:
        sync(doc)
    expected = ["Clerk from Alice", "Memo from Bob", "New from Alice", "The mayor knew"]
    assert _titles(a, "alice") == expected
    assert _titles(b, "bob") == expected
    with opened(a, "alice") as doc:
        again = sync(doc)
        assert (again.added, again.changed, again.pushed) == (0, 0, 0)
    # The push sent again after a kill that followed the server's commit adds no history.
    assert doubled_history(team_db.url("owner")) == []


def test_a_server_restart_during_the_push_loses_nothing(
    laptops: tuple[Path, Path], pg_server: PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = laptops
    original = wire.write_push

    def restarting(*args: object, **kwargs: object) -> int:
        rev = original(*args, **kwargs)  # type: ignore[arg-type]
        pg_server.stop("immediate")
        pg_server.start()
        return rev

    monkeypatch.setattr(wire, "write_push", restarting)
    with opened(a, "alice") as doc:
        retitle(doc, "Memo", "Memo, restarted")
        with pytest.raises(TeamError):
            sync(doc)
        monkeypatch.setattr(wire, "write_push", original)
        assert sync(doc).pushed == 1
    with opened(b, "bob") as doc:
        sync(doc)
        card_titled(doc, "Memo, restarted")


def test_no_server_means_a_clear_error_and_an_untouched_board(
    laptops: tuple[Path, Path], tmp_path: Path
) -> None:
    a, _ = laptops
    with opened(a, "alice") as doc:
        retitle(doc, "Memo", "Offline edit")
        state = doc.sync_state()
        doc.write_sync_state({**state, "url": f"postgresql://alice@/x?host={tmp_path}&port=1"})
        # The user confirms the (moved) server; there is none there.
        with pytest.raises(TeamError, match="failed"):
            sync(doc, trust_server=True)
        card_titled(doc, "Offline edit")
        assert doc.integrity_report() == []


def test_a_hostile_server_row_cannot_damage_the_board(
    laptops: tuple[Path, Path], team_db: TeamDb
) -> None:
    a, b = laptops
    retitle_and_sync(a, "alice", {"Memo": "Memo v2", "The mayor knew": "The mayor knew it"})
    # The server's owner (or an attacker holding the server) rewrites what was pushed.
    as_server_owner(
        team_db.url("owner"),
        "UPDATE evidenceboard.cards SET kind = 'virus', tags = '[[[[' WHERE title = 'Memo v2'",
        (
            "UPDATE evidenceboard.cards SET title = repeat('A', 100000) "
            "WHERE title = 'The mayor knew it'"
        ),
        (
            "INSERT INTO evidenceboard.links SELECT case_id, md5('x'), id, md5('nowhere'), "
            "'related', 'moderate', '', '', NULL, 'x', created_at, 'x', modified_at, NULL, NULL, "
            "(SELECT head_rev FROM evidenceboard.cases) FROM evidenceboard.cards LIMIT 1"
        ),
        (
            "UPDATE evidenceboard.attachments SET data = 'forged'::bytea, "
            "rev = (SELECT head_rev FROM evidenceboard.cases)"
        ),
    )
    with opened(b, "bob") as doc:
        before = dict(doc.board.cards)
        report = sync(doc)
        assert len(report.refused) >= 3, report.refused
        assert doc.board.cards == before
        assert doc.integrity_report() == []
    with opened(b, "bob") as doc:
        assert doc.board.cards == before


def test_attachment_bytes_that_do_not_match_their_fingerprint_are_refused(
    laptops: tuple[Path, Path], team_db: TeamDb, tmp_path: Path
) -> None:
    # As many bytes as declared, so they are fetched; they are not the memo's.
    as_server_owner(
        team_db.url("owner"),
        "UPDATE evidenceboard.attachments SET data = decode(repeat('00', size::int), 'hex')",
    )
    grant(team_db.url("alice"), "carol", "Harbour deal")
    doc, refused = clone(team_db.url("carol"), "Harbour deal", tmp_path / "c.evboard")
    with doc:
        assert any("fingerprint" in line for line in refused), refused
        assert doc.board.attachments == {}
        assert sorted(c.title for c in doc.board.cards.values()) == [
            "Call the clerk",
            "The mayor knew",
        ]
        assert doc.integrity_report() == []


def test_a_full_disk_during_the_pull_changes_nothing_and_the_sync_runs_again(
    laptops: tuple[Path, Path],
) -> None:
    a, b = laptops
    data = b"a large scan " * 20_000
    attachment = Attachment(sha256_hex(data), "scan.png", "image/png", len(data), utc_now())
    scan = make_card(
        CardKind.DOCUMENT, "Scan", "alice", attachment=attachment.sha256, file_name="scan.png"
    )
    with opened(a, "alice") as doc:
        doc.apply(Batch((AddAttachment(attachment, data), AddCards((scan,))), "Add scan"))
        sync(doc)
    with opened(b, "bob") as doc:
        state = doc.sync_state()
        pages = doc._connection.execute("PRAGMA page_count").fetchone()[0]
        doc._connection.execute(f"PRAGMA max_page_count = {pages + 2}")
        with pytest.raises(WriteFailedError, match="disk is full"):
            sync(doc)
        assert scan.id not in doc.board.cards
        assert doc.sync_state() == state
        doc._connection.execute("PRAGMA max_page_count = 1073741823")
        assert sync(doc).added == 1
        assert doc.attachment_data(attachment.sha256) == data


_HEAD = "(SELECT head_rev FROM evidenceboard.cases)"


def test_a_row_larger_than_any_card_is_refused_on_the_server(
    laptops: tuple[Path, Path], team_db: TeamDb, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, b = laptops
    monkeypatch.setattr(wire, "MAX_ROW_BYTES", 200_000)
    as_server_owner(
        team_db.url("owner"),
        "UPDATE evidenceboard.cases SET head_rev = head_rev + 1",
        (
            "UPDATE evidenceboard.cards SET body = repeat('x', 300000), "
            f"rev = {_HEAD} WHERE title = 'Call the clerk'"
        ),
    )
    with opened(b, "bob") as doc:
        before = dict(doc.board.cards)
        report = sync(doc)
        assert any("bytes, more than any card may be" in line for line in report.refused), (
            report.refused
        )
        assert doc.board.cards == before
        assert doc.integrity_report() == []


def test_a_case_past_what_a_sync_can_take_changes_nothing(
    laptops: tuple[Path, Path], team_db: TeamDb, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    a, b = laptops
    with opened(a, "alice") as doc:
        for n in range(3):
            doc.apply(AddCards((make_card(CardKind.NOTE, f"Note {n}", "alice", text="t"),)))
        sync(doc)
    monkeypatch.setattr(wire, "MAX_DELTA_ROWS", 2)
    with opened(b, "bob") as doc:
        before = dict(doc.board.cards)
        state = doc.sync_state()
        with pytest.raises(TeamError, match="more than one sync can take"):
            sync(doc)
        assert doc.board.cards == before
        assert doc.sync_state() == state
    grant(team_db.url("alice"), "carol", "Harbour deal")
    with pytest.raises(TeamError, match="more than one sync can take"):
        clone(team_db.url("carol"), "Harbour deal", tmp_path / "c.evboard")
    assert not (tmp_path / "c.evboard").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_attachment_bytes_longer_than_declared_are_never_fetched(
    laptops: tuple[Path, Path], team_db: TeamDb, tmp_path: Path
) -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    # The row still declares the memo's size; the server holds 4 MB for it.
    as_server_owner(
        team_db.url("owner"),
        "UPDATE evidenceboard.attachments SET data = decode(repeat('00', 4000000), 'hex')",
    )
    fetched: list[str] = []

    def watch(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "attachments.data" in statement and "octet_length" not in statement:
            fetched.append(statement)

    grant(team_db.url("alice"), "carol", "Harbour deal")
    event.listen(Engine, "before_cursor_execute", watch)
    try:
        doc, refused = clone(team_db.url("carol"), "Harbour deal", tmp_path / "c.evboard")
    finally:
        event.remove(Engine, "before_cursor_execute", watch)
    with doc:
        assert fetched == []
        assert any("it holds 4,000,000 bytes for it" in line for line in refused), refused
        assert doc.board.attachments == {}
        assert doc.integrity_report() == []


def test_a_full_disk_on_the_server_keeps_every_change_here_for_the_next_sync(
    laptops: tuple[Path, Path], team_db: TeamDb
) -> None:
    a, b = laptops
    full = (
        "CREATE FUNCTION evidenceboard.full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION 'could not extend file: No space left on device' "
        "USING ERRCODE = 'disk_full'; END $$; "
        "CREATE TRIGGER disk_full BEFORE INSERT OR UPDATE ON evidenceboard.cards "
        "FOR EACH ROW EXECUTE FUNCTION evidenceboard.full()"
    )
    as_server_owner(team_db.url("owner"), full)
    with opened(a, "alice") as doc:
        retitle(doc, "Memo", "Memo, written on a full server")
        with pytest.raises(TeamError, match="out of disk space"):
            sync(doc)
        card_titled(doc, "Memo, written on a full server")
        assert doc.integrity_report() == []
    as_server_owner(
        team_db.url("owner"),
        "DROP TRIGGER disk_full ON evidenceboard.cards",
    )
    with opened(a, "alice") as doc:
        assert sync(doc).pushed == 1
    with opened(b, "bob") as doc:
        sync(doc)
        card_titled(doc, "Memo, written on a full server")
    assert doubled_history(team_db.url("owner")) == []
