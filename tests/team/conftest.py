"""A throwaway PostgreSQL server for the team tests: one per session, a database per test.

The server runs from Debian's ``postgresql`` binaries on a Unix socket in a temporary
folder, with trust authentication, so the tests connect as any role without passwords,
exactly as members of a real server do through libpq. initdb refuses to run as root, so
under root (CI) the server runs as the unprivileged account ``nobody`` via ``setpriv``.

Each test gets its own database, copied from a template already prepared by ``team
init`` (``CREATE DATABASE ... TEMPLATE``: milliseconds, where init takes a second), and
three roles: ``owner`` (owns the database and ran init), ``alice`` and ``bob``.
The tests are skipped only where no PostgreSQL binaries exist; CI installs them and sets
``EVIDENCEBOARD_REQUIRE_POSTGRES``, which turns that skip into a failure.
"""

import contextlib
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROLES = ("owner", "alice", "bob", "carol")


def _bin_dir() -> Path | None:
    # Debian keeps the server binaries out of PATH, one folder per major version.
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
    if versions:
        return versions[0].parent
    found = shutil.which("pg_ctl")
    return Path(found).resolve().parent if found else None


@dataclass
class PgServer:
    bin_dir: Path
    data: Path
    socket: Path
    port: int
    as_user: list[str]
    log: Path

    def url(self, role: str, database: str) -> str:
        return f"postgresql://{role}@/{database}?host={self.socket}&port={self.port}"

    def ctl(self, *args: str) -> None:
        subprocess.run(
            [
                *self.as_user,
                str(self.bin_dir / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-w",
                *args,
            ],
            check=True,
            capture_output=True,
            cwd=self.data.parent,
        )

    def start(self) -> None:
        self.ctl("-o", f"-k {self.socket} -p {self.port} -c listen_addresses='' -F", "start")

    def stop(self, mode: str = "fast") -> None:
        self.ctl("-m", mode, "stop")

    def sql(self, statement: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url("postgres", database), autocommit=True) as conn:
            conn.execute(statement)


def _unprivileged() -> tuple[list[str], int, int]:
    if os.geteuid() != 0:
        return [], os.getuid(), os.getgid()
    nobody = pwd.getpwnam("nobody")
    prefix = [
        "setpriv",
        f"--reuid={nobody.pw_uid}",
        f"--regid={nobody.pw_gid}",
        "--clear-groups",
    ]
    return prefix, nobody.pw_uid, nobody.pw_gid


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    bin_dir = _bin_dir()
    if bin_dir is None:
        if os.environ.get("EVIDENCEBOARD_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL is required here (EVIDENCEBOARD_REQUIRE_POSTGRES) but missing")
        pytest.skip("no PostgreSQL binaries (initdb, pg_ctl) on this machine")
    as_user, uid, gid = _unprivileged()
    root = Path(tempfile.mkdtemp(prefix="evb-pg-"))
    root.chmod(0o755)
    data, socket = root / "data", root / "socket"
    socket.mkdir()
    os.chown(root, uid, gid)
    os.chown(socket, uid, gid)
    subprocess.run(
        [
            *as_user,
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ],
        check=True,
        capture_output=True,
        cwd=root,
        env={**os.environ, "TZ": "UTC"},
    )
    server = PgServer(bin_dir, data, socket, 5432, as_user, root / "server.log")
    server.start()
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
        shutil.rmtree(root, ignore_errors=True)


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
