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
        assert row.fetchone() == ("1",)


def test_init_refuses_a_database_that_holds_something_else(blank_db: TeamDb) -> None:
    with psycopg.connect(blank_db.url(), autocommit=True) as conn:
        conn.execute("CREATE TABLE payroll (id int)")
    with pytest.raises(TeamError, match="other tables"):
        init_server(blank_db.url())
    with psycopg.connect(blank_db.url()) as conn:
        found = conn.execute("SELECT to_regnamespace('evidenceboard')").fetchone()
        assert found == (None,)
