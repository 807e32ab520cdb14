"""Fuzzing the open procedure: any bytes either open as a board or give a BoardFileError.

Random bytes (with and without a SQLite header) and byte mutations of a real board are
written to a file and opened; any other exception, or a hang, is a bug.
"""

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidenceboard.storage import BoardFileError, open_board
from evidenceboard.storage.schema import APPLICATION_ID
from tests.reliability.helpers import make_demo, record

EXAMPLES = int(os.environ.get("EVIDENCEBOARD_FUZZ_EXAMPLES", 50))
_SEED = Path(tempfile.mkdtemp(prefix="evb-fuzz-"))
SEED_BYTES = make_demo(_SEED).read_bytes()
_HEADER = bytearray(SEED_BYTES[:100])
_COUNTS = {"opened": 0, "refused": 0}


def _try_open(data: bytes) -> None:
    with tempfile.TemporaryDirectory(prefix="evb-fuzz-") as folder:
        path = Path(folder) / "fuzz.evboard"
        path.write_bytes(data)
        try:
            with open_board(path) as doc:
                doc.integrity_report()
                len(doc.board.cards)
            _COUNTS["opened"] += 1
        except BoardFileError as exc:
            assert str(exc), "a refusal must say why"
            _COUNTS["refused"] += 1


@pytest.fixture(scope="module", autouse=True)
def _figures() -> Iterator[None]:
    yield
    record("fuzzed files opened or refused cleanly", _COUNTS["opened"] + _COUNTS["refused"])
    shutil.rmtree(_SEED, ignore_errors=True)


fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@fuzz
@given(st.binary(max_size=8192))
def test_random_bytes(data: bytes) -> None:
    _try_open(data)


@fuzz
@given(st.binary(min_size=0, max_size=12288))
def test_random_bytes_behind_a_board_header(body: bytes) -> None:
    # Past the cheap header checks, so SQLite itself has to cope with the rest.
    assert int.from_bytes(_HEADER[68:72], "big") == APPLICATION_ID
    _try_open(bytes(_HEADER) + body)


@fuzz
@given(
    st.lists(
        st.tuples(st.integers(0, len(SEED_BYTES) - 1), st.integers(0, 255)),
        min_size=1,
        max_size=40,
    ),
    st.one_of(st.none(), st.integers(0, len(SEED_BYTES))),
)
def test_mutated_board(edits: list[tuple[int, int]], cut: int | None) -> None:
    data = bytearray(SEED_BYTES)
    for offset, value in edits:
        data[offset] = value
    if cut is not None:
        del data[cut:]
    _try_open(bytes(data))


def test_invalid_utf8_in_the_schema_is_refused(board_dir: Path) -> None:
    data = bytearray(SEED_BYTES)
    data[data.find(b"CREATE TABLE links") + 5] = 0x80
    path = board_dir / "bad-utf8.evboard"
    path.write_bytes(bytes(data))
    with pytest.raises(BoardFileError):
        open_board(path)


class _MalformedOnCheck:
    """The board's connection, but SQLite's integrity check stops on a malformed page.

    What a file does whose damage lies in pages the open never read (the fuzzing found
    one: a byte zeroed near the end of an index page of the demo).
    """

    def __init__(self, connection: sqlite3.Connection, message: str) -> None:
        self._connection = connection
        self._message = message

    def execute(self, sql: str, parameters: tuple[object, ...] = ()) -> sqlite3.Cursor:
        if sql.startswith("PRAGMA integrity_check"):
            raise sqlite3.DatabaseError(self._message)
        return self._connection.execute(sql, parameters)

    def __getattr__(self, name: str) -> object:
        return getattr(self._connection, name)


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("database disk image is malformed", "damaged and could not be checked"),
        ("interrupted", "took too long"),
    ],
)
def test_a_check_that_sqlite_stops_is_a_finding_not_a_crash(
    board_dir: Path, message: str, said: str
) -> None:
    path = board_dir / "case.evboard"
    path.write_bytes(SEED_BYTES)
    with open_board(path) as doc:
        real = doc._connection
        doc._connection = _MalformedOnCheck(real, message)  # type: ignore[assignment]
        try:
            problems = doc.integrity_report()
        finally:
            doc._connection = real
    assert len(problems) == 1 and said in problems[0]
