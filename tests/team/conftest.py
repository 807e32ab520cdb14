"""A throwaway PostgreSQL server for the team tests: one per session, a database per test.

The server (:mod:`tests.team.pg_process`) runs from Debian's ``postgresql`` binaries on
a Unix socket in a temporary folder, with trust authentication, so the tests connect as
any role without passwords, as members of a real server do through libpq; under root
(CI) it runs as the unprivileged account ``nobody``, since initdb refuses root.

Each test gets its own database, copied from a template already prepared by ``team
init`` (``CREATE DATABASE ... TEMPLATE``: milliseconds, where init takes a second), and
three roles: ``owner`` (owns the database and ran init), ``alice`` and ``bob``.
The tests are skipped only where no PostgreSQL binaries exist; CI installs them and sets
``EVIDENCEBOARD_REQUIRE_POSTGRES``, which turns that skip into a failure.
"""

import contextlib
import itertools
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.team.helpers import opened, small_case
from tests.team.pg_process import PgServer, bin_dir, start_server

ROLES = ("owner", "alice", "bob", "carol")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    binaries = bin_dir()
    if binaries is None:
        if os.environ.get("EVIDENCEBOARD_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL is required here (EVIDENCEBOARD_REQUIRE_POSTGRES) but missing")
        pytest.skip("no PostgreSQL binaries (initdb, pg_ctl) on this machine")
    server = start_server(binaries)
    try:
        for role in ROLES:
            server.sql(f"CREATE ROLE {role} LOGIN")
        server.sql("CREATE DATABASE blank_template OWNER owner")
        server.sql("CREATE DATABASE ready_template OWNER owner")
        from evidenceboard.team.admin import init_server

        init_server(server.url("owner", "ready_template"))
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.stop("immediate")
        server.remove()


_numbers = itertools.count()


def _database(server: PgServer, template: str) -> str:
    name = f"case_{next(_numbers)}"
    server.sql(f"CREATE DATABASE {name} TEMPLATE {template} OWNER owner")
    return name


@dataclass
class TeamDb:
    server: PgServer
    name: str

    def url(self, role: str = "owner") -> str:
        return self.server.url(role, self.name)


@pytest.fixture
def blank_db(pg_server: PgServer) -> TeamDb:
    """An empty database owned by ``owner``, not yet prepared."""
    return TeamDb(pg_server, _database(pg_server, "blank_template"))


@pytest.fixture
def team_db(pg_server: PgServer) -> TeamDb:
    """A database prepared by ``team init``, where alice and bob may publish."""
    db = TeamDb(pg_server, _database(pg_server, "ready_template"))
    from evidenceboard.team.admin import grant

    for role in ("alice", "bob"):
        grant(db.url("owner"), role)
    return db


@pytest.fixture
def laptops(team_db: TeamDb, tmp_path: Path) -> tuple[Path, Path]:
    """Alice's published board and Bob's clone of it."""
    from evidenceboard.team.admin import grant
    from evidenceboard.team.publish import clone, publish

    a = small_case(tmp_path / "alice.evboard")
    with opened(a, "alice") as doc:
        report = publish(doc, team_db.url("alice"))
    grant(team_db.url("alice"), "bob", report.case_id)
    b = tmp_path / "bob.evboard"
    doc, refused = clone(team_db.url("bob"), "Harbour deal", b, author="bob")
    doc.close()
    assert refused == []
    return a, b
