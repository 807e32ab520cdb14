"""The SQLAlchemy tables mirror the frozen DDL that boards are checked against."""

import sqlite3

from evidenceboard.storage.schema import SCHEMA_VERSION, SCHEMAS
from evidenceboard.storage.tables import METADATA


def test_table_columns_match_the_ddl() -> None:
    connection = sqlite3.connect(":memory:")
    for statement in SCHEMAS[SCHEMA_VERSION]:
        connection.execute(statement)
    for table in METADATA.sorted_tables:
        ddl_columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table.name})")]
        assert ddl_columns == [c.name for c in table.columns], table.name
    connection.close()
