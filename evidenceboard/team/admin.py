"""Preparing a server database and giving access: ``team init``, ``grant`` and ``revoke``.

``init`` runs as the database's owner, in one transaction: the tables, the policies and
the meta row marking the database as a team store. Run again it changes nothing (tables
are created only where missing, functions and policies replaced by the same text). It
refuses a database holding tables of anything else, or an ``evidenceboard`` schema it
did not make, so it never writes into someone's other data.

Grants are rows, read by the policies: ``publishers`` (who may publish cases, given by
the owner) and ``access`` (per case, given by the case's publisher or the owner).
Members are PostgreSQL roles; creating them and their passwords is the server's own
business (``createuser``), not ours.
"""

from dataclasses import dataclass

from sqlalchemy import Connection, delete, select, text, update
from sqlalchemy.dialects.postgresql import insert

from evidenceboard.team.policies import FUNCTIONS, POLICIES
from evidenceboard.team.server import TeamError, make_engine, server_errors
from evidenceboard.team.tables import (
    ACCESS,
    CASES,
    META,
    METADATA,
    PUBLISHERS,
    SCHEMA,
    SERVER_FORMAT,
    SERVER_UPGRADES,
)

_FOREIGN_TABLES = text(
    "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname <> :ours "
    "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
    "AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1, 2 LIMIT 3"
)


def _check_database(conn: Connection) -> str | None:
    """The format of a prepared database, None for an empty one; TeamError for others."""
    foreign = conn.execute(_FOREIGN_TABLES, {"ours": SCHEMA}).all()
    if foreign:
        names = ", ".join(f"{schema}.{name}" for schema, name in foreign)
        raise TeamError(
            f"The database holds other tables ({names}); a team store needs a database of "
            "its own (createdb), so nothing was changed."
        )
    has_schema = conn.execute(
        text("SELECT count(*) FROM pg_namespace WHERE nspname = :s"), {"s": SCHEMA}
    ).scalar_one()
    if not has_schema:
        return None
    has_meta = conn.execute(
        text("SELECT to_regclass(:t) IS NOT NULL"), {"t": f"{SCHEMA}.meta"}
    ).scalar_one()
    version = (
        conn.execute(select(META.c.value).where(META.c.key == "format")).scalar_one_or_none()
        if has_meta
        else None
    )
    if version != SERVER_FORMAT and version not in SERVER_UPGRADES:
        raise TeamError(
            f"The database has a schema “{SCHEMA}” that this version did not make "
            f"(format {version or 'unknown'}); nothing was changed."
        )
    return str(version)


def init_server(url: str) -> str:
    """Prepare the database at ``url``; returns what was done, in words."""
    engine = make_engine(url)
    try:
        with server_errors("Preparing the team database"), engine.begin() as conn:
            # Two owners running init at once must not both create the schema.
            conn.execute(text("SELECT pg_advisory_xact_lock(4554564244)"))
            found = _check_database(conn)
            for statement in SERVER_UPGRADES.get(found or "", ()):
                conn.execute(text(statement))
            if found is not None and found != SERVER_FORMAT:
                conn.execute(update(META).where(META.c.key == "format").values(value=SERVER_FORMAT))
            conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
            METADATA.create_all(conn, checkfirst=True)
            for statement in (*FUNCTIONS, *POLICIES):
                conn.execute(text(statement))
            # Functions are owned by whoever ran init; no one else may rewrite them.
            conn.execute(
                insert(META)
                .values(key="format", value=SERVER_FORMAT)
                .on_conflict_do_nothing(index_elements=["key"])
            )
    finally:
        engine.dispose()
    if found == SERVER_FORMAT:
        return "The database was already a team store; nothing needed changing."
    if found is not None:
        return f"The team store was upgraded from format {found} to {SERVER_FORMAT}."
    return (
        "The database is ready: grant roles the right to publish with "
        "'evidenceboard team grant URL --member ROLE'."
    )


@dataclass(frozen=True, slots=True)
class CaseRef:
    id: str
    title: str
    publisher: str


def find_case(conn: Connection, case: str) -> CaseRef:
    """The case named by id or title, among those the role may see."""
    rows = conn.execute(
        select(CASES.c.id, CASES.c.title, CASES.c.publisher)
        .where((CASES.c.id == case) | (CASES.c.title == case))
        .limit(3)
    ).all()
    by_id = [r for r in rows if r.id == case]
    if by_id:
        rows = by_id
    if not rows:
        raise TeamError(f"No case “{case[:80]}” on the server that you may open.")
    if len(rows) > 1:
        raise TeamError(f"Several cases are titled “{case[:80]}”; name the case by its id.")
    return CaseRef(str(rows[0].id), str(rows[0].title), str(rows[0].publisher))


def _role_exists(conn: Connection, role: str) -> None:
    found = conn.execute(
        text("SELECT count(*) FROM pg_roles WHERE rolname = :r"), {"r": role}
    ).scalar_one()
    if not found:
        raise TeamError(f"The server has no role “{role[:80]}”; create it first (createuser).")


def grant(url: str, member: str, case: str | None = None, *, read_only: bool = False) -> str:
    """Let ``member`` publish cases, or (with ``case``) open one case."""
    engine = make_engine(url)
    try:
        with server_errors("Granting access"), engine.begin() as conn:
            _role_exists(conn, member)
            if case is None:
                conn.execute(insert(PUBLISHERS).values(member=member).on_conflict_do_nothing())
                return f"{member} may now publish cases."
            ref = find_case(conn, case)
            conn.execute(
                insert(ACCESS)
                .values(case_id=ref.id, member=member, read_only=read_only)
                .on_conflict_do_update(
                    index_elements=["case_id", "member"], set_={"read_only": read_only}
                )
            )
            how = "read" if read_only else "read and change"
            return f"{member} may now {how} the case “{ref.title}”."
    finally:
        engine.dispose()


def revoke(url: str, member: str, case: str | None = None) -> str:
    """Take the right to publish from ``member``, or (with ``case``) its access to one case."""
    engine = make_engine(url)
    try:
        with server_errors("Revoking access"), engine.begin() as conn:
            if case is None:
                gone = conn.execute(
                    delete(PUBLISHERS).where(PUBLISHERS.c.member == member)
                ).rowcount
                if not gone:
                    raise TeamError(
                        f"{member} could not publish cases, or you may not change that."
                    )
                return f"{member} may no longer publish cases (the cases published stay)."
            ref = find_case(conn, case)
            gone = conn.execute(
                delete(ACCESS).where((ACCESS.c.case_id == ref.id) & (ACCESS.c.member == member))
            ).rowcount
            if not gone:
                raise TeamError(
                    f"{member} had no access to “{ref.title}”, or you may not change it."
                )
            return f"{member} no longer has access to the case “{ref.title}”."
    finally:
        engine.dispose()
