"""``team init``, ``grant`` and ``revoke`` on a real PostgreSQL server."""

import psycopg
import pytest

from evidenceboard.team.admin import init_server
from evidenceboard.team.server import TeamError
from tests.team.conftest import TeamDb


def test_init_prepares_an_empty_database_and_is_idempotent(blank_db: TeamDb) -> None:
    assert "ready" in init_server(blank_db.url())
    assert "already" in init_server(blank_db.url())
    with psycopg.connect(blank_db.url()) as conn:
        row = conn.execute("SELECT value FROM evidenceboard.meta WHERE key = 'format'")
        assert row.fetchone() == ("2",)


def test_init_upgrades_a_format_1_store_to_keep_line_styles(blank_db: TeamDb) -> None:
    init_server(blank_db.url())
    with psycopg.connect(blank_db.url(), autocommit=True) as conn:
        # A store as the previous version prepared it: no column for a line's style.
        conn.execute("ALTER TABLE evidenceboard.links DROP COLUMN properties")
        conn.execute("UPDATE evidenceboard.meta SET value = '1' WHERE key = 'format'")
    assert "upgraded from format 1 to 2" in init_server(blank_db.url())
    with psycopg.connect(blank_db.url()) as conn:
        columns = conn.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'evidenceboard' AND table_name = 'links'"
        ).fetchall()
        assert ("properties",) in columns
        row = conn.execute("SELECT value FROM evidenceboard.meta WHERE key = 'format'")
        assert row.fetchone() == ("2",)
    assert "already" in init_server(blank_db.url())


def test_init_refuses_a_database_that_holds_something_else(blank_db: TeamDb) -> None:
    with psycopg.connect(blank_db.url(), autocommit=True) as conn:
        conn.execute("CREATE TABLE payroll (id int)")
    with pytest.raises(TeamError, match="other tables"):
        init_server(blank_db.url())
    with psycopg.connect(blank_db.url()) as conn:
        found = conn.execute("SELECT to_regnamespace('evidenceboard')").fetchone()
        assert found == (None,)
