"""Reaching the team server: a libpq URL, an SQLAlchemy engine, errors in words.

The URL is handed to libpq as it is (through psycopg), so everything libpq reads works:
``PGPASSWORD``, ``~/.pgpass``, service files, ``sslmode`` and client certificates. The
board file remembers the URL with any password taken out (:func:`without_password`).
Connections are made lazily, with a connect timeout, so a laptop without network fails
in seconds with "could not reach the server", never with a hang.
"""

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from evidenceboard.storage.errors import BoardFileError

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

#: Seconds to wait for the server to answer a connection.
CONNECT_SECONDS = 10
#: Longest a single statement may run on the server before it is abandoned.
STATEMENT_MS = 120_000


class TeamError(BoardFileError):
    """The team server refused, could not be reached, or sent what cannot be used."""


def check_url(url: str) -> str:
    """``url`` if it is a PostgreSQL URL, else :class:`TeamError`."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise TeamError(
            "A team server is named by a PostgreSQL URL such as "
            "postgresql://me@server.example/cases?sslmode=verify-full."
        )
    return url


def without_password(url: str) -> str:
    """The URL with any password removed: passwords come from libpq, never the board."""
    parts = urlsplit(check_url(url))
    if parts.password is None and "password=" not in parts.query:
        return url
    netloc = parts.netloc.rpartition("@")
    user = netloc[0].partition(":")[0]
    host = f"{user}@{netloc[2]}" if netloc[1] else parts.netloc
    query = "&".join(
        q for q in parts.query.split("&") if q and not q.lower().startswith("password=")
    )
    return urlunsplit((parts.scheme, host, parts.path, query, parts.fragment))


def missing_driver() -> str | None:
    """Why this installation cannot reach a team server, or None when it can.

    Both the pip-installed and the frozen app carry the driver; an installation made
    without its dependencies (or a build that lost them) says so instead of failing on
    an import.
    """
    import importlib.util

    for module in ("psycopg", "sqlalchemy.dialects.postgresql"):
        try:
            found = importlib.util.find_spec(module) is not None
        except ImportError:
            found = False
        if not found:
            return (
                "Team boards need the PostgreSQL driver (psycopg), which this installation "
                "of EvidenceBoard lacks; reinstall it with its dependencies "
                "(pip install evidenceboard) to publish, clone or sync."
            )
    return None


def make_engine(url: str) -> "Engine":
    """An engine on the server at ``url``; nothing connects until it is used."""
    reason = missing_driver()
    if reason is not None:
        raise TeamError(reason)
    import psycopg
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    conninfo = check_url(url)

    def _connect() -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            conninfo,
            connect_timeout=CONNECT_SECONDS,
            options=f"-c statement_timeout={STATEMENT_MS}",
            application_name="evidenceboard",
        )

    # One short-lived connection per operation: a laptop syncs now and then.
    return create_engine("postgresql+psycopg://", creator=_connect, poolclass=NullPool)


def describe_error(exc: BaseException) -> str:
    """A server error in words, without the SQL it came from."""
    orig = getattr(exc, "orig", exc)
    text = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    return text[:300]


@contextlib.contextmanager
def server_errors(what: str) -> Iterator[None]:
    """Turn a database or network failure into a :class:`TeamError` naming ``what``."""
    import psycopg
    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except (SQLAlchemyError, psycopg.Error, OSError) as exc:
        if _out_of_room(exc):
            raise TeamError(
                f"{what} failed: the server is out of disk space or memory, so it kept "
                "nothing of this step. Everything stays on this board; sync again once the "
                f"server's administrator has made room ({describe_error(exc)})."
            ) from exc
        raise TeamError(f"{what} failed: {describe_error(exc)}.") from exc


def _out_of_room(exc: BaseException) -> bool:
    # SQLSTATE class 53, "insufficient resources": disk_full, out_of_memory and the like.
    state = getattr(getattr(exc, "orig", exc), "sqlstate", None)
    return isinstance(state, str) and state.startswith("53")


@contextlib.contextmanager
def snapshot(engine: "Engine") -> Iterator["Connection"]:
    """A read-only transaction that sees one consistent state of the server."""
    with engine.connect() as conn:
        reading = conn.execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )
        with reading.begin():
            yield reading
