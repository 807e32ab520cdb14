"""Start and stop a throwaway PostgreSQL server on a Unix socket in a temporary folder.

Used by the team tests' fixture and by ``benchmarks/team_sync.py``. The binaries are
Debian's (``/usr/lib/postgresql/NN/bin``, outside PATH) or any on PATH. initdb refuses
to run as root, so under root the server runs as the account ``nobody`` via ``setpriv``
(util-linux); the folder is made traversable for it. Authentication is ``trust`` on the
socket only (no TCP port is opened), so any role connects without a password.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def bin_dir() -> Path | None:
    # Debian keeps the server binaries out of PATH, one folder per major version.
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
    if versions:
        return versions[0].parent
    found = shutil.which("pg_ctl")
    return Path(found).resolve().parent if found else None


@dataclass
class PgServer:
    bin_dir: Path
    root: Path
    as_user: list[str]
    port: int = 5432

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket(self) -> Path:
        return self.root / "socket"

    def url(self, role: str, database: str) -> str:
        return f"postgresql://{role}@/{database}?host={self.socket}&port={self.port}"

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin_dir / program), *args],
            check=True,
            capture_output=True,
            cwd=self.root,
            env={**os.environ, "TZ": "UTC"},
        )

    def start(self) -> None:
        options = f"-k {self.socket} -p {self.port} -c listen_addresses='' -F"
        log = str(self.root / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-w", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", mode, "stop")

    def sql(self, statement: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url("postgres", database), autocommit=True) as conn:
            conn.execute(statement.encode())

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _unprivileged() -> tuple[list[str], int, int]:
    if os.geteuid() != 0:
        return [], os.getuid(), os.getgid()
    nobody = pwd.getpwnam("nobody")
    prefix = ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups"]
    return prefix, nobody.pw_uid, nobody.pw_gid


def start_server(binaries: Path) -> PgServer:
    """initdb a new cluster in a temporary folder and start it; the caller stops it."""
    as_user, uid, gid = _unprivileged()
    root = Path(tempfile.mkdtemp(prefix="evb-pg-"))
    root.chmod(0o755)
    server = PgServer(binaries, root, as_user)
    server.socket.mkdir()
    os.chown(root, uid, gid)
    os.chown(server.socket, uid, gid)
    try:
        server._run(
            "initdb",
            "-D",
            str(server.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        server.start()
    except BaseException:
        server.remove()
        raise
    return server
