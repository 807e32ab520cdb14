"""Access per case, enforced by PostgreSQL itself: plain SQL by another member sees nothing."""

from pathlib import Path

import psycopg
import pytest

from evidenceboard.team.admin import grant, revoke
from evidenceboard.team.publish import clone, publish
from evidenceboard.team.server import TeamError
from evidenceboard.team.sync import sync
from tests.team.conftest import TeamDb
from tests.team.helpers import opened, retitle, small_case


@pytest.fixture
def case_id(team_db: TeamDb, tmp_path: Path) -> str:
    path = small_case(tmp_path / "alice.evboard")
    with opened(path, "alice") as doc:
        return publish(doc, team_db.url("alice")).case_id


def _count(url: str, table: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(f"SELECT count(*) FROM evidenceboard.{table}").fetchone()
        assert row is not None
        return int(row[0])


@pytest.mark.parametrize("table", ["cases", "cards", "links", "attachments", "board", "history"])
def test_a_member_without_access_reads_no_row_with_plain_sql(
    team_db: TeamDb, case_id: str, table: str
) -> None:
    assert _count(team_db.url("alice"), table) > 0
    assert _count(team_db.url("bob"), table) == 0
    assert _count(team_db.url("carol"), table) == 0


def test_a_member_without_access_cannot_write_into_the_case(team_db: TeamDb, case_id: str) -> None:
    with psycopg.connect(team_db.url("bob")) as conn:
        assert (
            conn.execute(
                "UPDATE evidenceboard.cards SET title = 'pwned' WHERE case_id = %s", (case_id,)
            ).rowcount
            == 0
        )
        assert (
            conn.execute(
                "UPDATE evidenceboard.cases SET head_rev = 0 WHERE id = %s", (case_id,)
            ).rowcount
            == 0
        )
        assert conn.execute("DELETE FROM evidenceboard.access").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO evidenceboard.access (case_id, member, read_only) "
                "VALUES (%s, 'bob', false)",
                (case_id,),
            )
    with (
        psycopg.connect(team_db.url("carol")) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        # Carol may not publish: she was never granted it.
        conn.execute(
            "INSERT INTO evidenceboard.cases (id, title, publisher, head_rev) "
            "VALUES ('x', 'x', 'carol', 0)"
        )


def test_only_the_owner_lets_a_role_publish(team_db: TeamDb, case_id: str) -> None:
    with pytest.raises(TeamError, match="permission denied"):
        grant(team_db.url("alice"), "carol")
    assert "may now publish" in grant(team_db.url("owner"), "carol")
    assert "no longer publish" in revoke(team_db.url("owner"), "carol")


def test_grant_and_revoke_one_case(team_db: TeamDb, case_id: str, tmp_path: Path) -> None:
    with pytest.raises(TeamError):
        grant(team_db.url("bob"), "carol", case_id)  # not bob's case
    grant(team_db.url("alice"), "carol", "Harbour deal", read_only=True)
    grant(team_db.url("alice"), "bob", "Harbour deal")
    assert _count(team_db.url("carol"), "cards") == 3
    assert _count(team_db.url("carol"), "access") == 1  # her own row, not bob's
    assert _count(team_db.url("alice"), "access") == 2
    doc, _ = clone(team_db.url("carol"), case_id, tmp_path / "carol.evboard", author="carol")
    with doc:
        retitle(doc, "Memo", "Carol's memo")
        report = sync(doc)
        assert report.pushed == 0
        assert "only read" in report.notes[0]
    with psycopg.connect(team_db.url("carol")) as conn:
        assert conn.execute("UPDATE evidenceboard.cards SET title = 'x'").rowcount == 0
    revoke(team_db.url("owner"), "carol", case_id)
    assert _count(team_db.url("carol"), "cards") == 0
    with opened(tmp_path / "carol.evboard", "carol") as doc, pytest.raises(TeamError):
        sync(doc)
