"""Row-level security: PostgreSQL itself decides which rows of which case a role sees.

Every table of :mod:`tables` has row-level security enabled. Its privileges go to
PUBLIC, because the policies, not the grants, are what keep cases apart: a role that can
connect but holds no ``access`` row (and published nothing) sees no case, no card and no
member list, whether it connects with EvidenceBoard or with ``psql``. The owner who ran
``team init`` owns the tables and so bypasses the policies; that is the administrator.

The policies ask three questions through ``SECURITY DEFINER`` functions owned by the
owner. They must: a policy on ``cases`` reading ``access`` and one on ``access`` reading
``cases`` would recurse, which PostgreSQL refuses. The functions take the role as an
argument (inside them ``current_user`` is the owner) and fix their ``search_path``.
"""

from evidenceboard.team.tables import (
    CONTENT_TABLES,
    SCHEMA,
    SERVER_HISTORY,
)

_S = SCHEMA

FUNCTIONS: tuple[str, ...] = (
    f"""CREATE OR REPLACE FUNCTION {_S}.may_read(c text, who text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM {_S}.access a WHERE a.case_id = c AND a.member = who)
      OR EXISTS (SELECT 1 FROM {_S}.cases k WHERE k.id = c AND k.publisher = who)
$$""",
    f"""CREATE OR REPLACE FUNCTION {_S}.may_write(c text, who text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (
           SELECT 1 FROM {_S}.access a
           WHERE a.case_id = c AND a.member = who AND NOT a.read_only)
      OR EXISTS (SELECT 1 FROM {_S}.cases k WHERE k.id = c AND k.publisher = who)
$$""",
    f"""CREATE OR REPLACE FUNCTION {_S}.publishes(c text, who text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM {_S}.cases k WHERE k.id = c AND k.publisher = who)
$$""",
    f"""CREATE OR REPLACE FUNCTION {_S}.may_publish(who text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM {_S}.publishers p WHERE p.member = who)
$$""",
)


def _policies() -> tuple[str, ...]:
    out: list[str] = [
        f"GRANT USAGE ON SCHEMA {_S} TO PUBLIC",
        f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {_S} TO PUBLIC",
        f"GRANT SELECT ON {_S}.meta TO PUBLIC",
        f"GRANT SELECT ON {_S}.publishers TO PUBLIC",
        f"GRANT SELECT, INSERT ON {_S}.cases TO PUBLIC",
        f"GRANT UPDATE (head_rev) ON {_S}.cases TO PUBLIC",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {_S}.access TO PUBLIC",
        f"GRANT SELECT, INSERT ON {_S}.history TO PUBLIC",
    ]
    policy: dict[str, list[tuple[str, str, str | None, str | None]]] = {
        "meta": [("read", "SELECT", "true", None)],
        "publishers": [("read", "SELECT", "member = current_user", None)],
        "cases": [
            ("read", "SELECT", f"{_S}.may_read(id, current_user)", None),
            (
                "publish",
                "INSERT",
                None,
                f"publisher = current_user AND {_S}.may_publish(current_user)",
            ),
            (
                "advance",
                "UPDATE",
                f"{_S}.may_write(id, current_user)",
                f"{_S}.may_write(id, current_user)",
            ),
        ],
        "access": [
            (
                "read",
                "SELECT",
                f"member = current_user OR {_S}.publishes(case_id, current_user)",
                None,
            ),
            ("give", "INSERT", None, f"{_S}.publishes(case_id, current_user)"),
            (
                "change",
                "UPDATE",
                f"{_S}.publishes(case_id, current_user)",
                f"{_S}.publishes(case_id, current_user)",
            ),
            ("take", "DELETE", f"{_S}.publishes(case_id, current_user)", None),
        ],
        SERVER_HISTORY.name: [
            ("read", "SELECT", f"{_S}.may_read(case_id, current_user)", None),
            ("write", "INSERT", None, f"{_S}.may_write(case_id, current_user)"),
        ],
    }
    for table in CONTENT_TABLES:
        out.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {_S}.{table.name} TO PUBLIC")
        readable = f"{_S}.may_read(case_id, current_user)"
        writable = f"{_S}.may_write(case_id, current_user)"
        policy[table.name] = [
            ("read", "SELECT", readable, None),
            ("add", "INSERT", None, writable),
            ("change", "UPDATE", writable, writable),
            ("take", "DELETE", writable, None),
        ]
    for table_name, rules in policy.items():
        out.append(f"ALTER TABLE {_S}.{table_name} ENABLE ROW LEVEL SECURITY")
        for name, command, using, check in rules:
            out.append(f"DROP POLICY IF EXISTS {name} ON {_S}.{table_name}")
            text = f"CREATE POLICY {name} ON {_S}.{table_name} FOR {command} TO PUBLIC"
            if using is not None:
                text += f" USING ({using})"
            if check is not None:
                text += f" WITH CHECK ({check})"
            out.append(text)
    return tuple(out)


#: Run in order by ``team init``, after the tables exist; each can be run again.
POLICIES: tuple[str, ...] = _policies()
