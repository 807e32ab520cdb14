"""Hostile values in rows of a sound file: every command says what is wrong, nothing crashes.

SQLite lets a file hold any type in any column, and JSON text nested 200,000 deep;
the file still passes every integrity check. Each case here is a good board with rows
altered by plain SQL (see :func:`tests.reliability.corpus.retype`): the command line
answers with one line and the README's exit code (4: damaged), and salvage carries
every other row, and the damaged row itself when only its tags or authors are bad.
"""

import json
import sqlite3
from pathlib import Path

import pytest

from evidenceboard.cli import main
from evidenceboard.model import CardKind
from evidenceboard.model.cards import DocumentContent
from evidenceboard.model.changes import SetAchMark
from evidenceboard.model.clock import utc_now
from evidenceboard.model.codec import card_to_dict, info_to_dict
from evidenceboard.model.judgement import AchMark, CellMark
from evidenceboard.storage import BoardFileError, DamagedBoardError, open_board
from evidenceboard.storage.salvage import salvage_board
from evidenceboard.storage.tables import ACH_MARKS, ATTACHMENTS, BOARD, CARDS, HISTORY, LINKS
from tests.reliability.corpus import DEEP_JSON, retype
from tests.reliability.helpers import add_scan, file_state, make_demo, record

DAMAGED = 4
FIRST_CARD = "rowid = (SELECT min(rowid) FROM cards)"


def _one_line_error(captured: pytest.CaptureFixture[str], *words: str) -> str:
    err = captured.readouterr().err
    assert err.count("\n") == 1 and err.startswith("evidenceboard: "), err[:500]
    assert "Traceback" not in err
    for word in words:
        assert word in err
    return err


def _first_card_id(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        (card_id,) = connection.execute(f"SELECT id FROM cards WHERE {FIRST_CARD}").fetchone()
        return str(card_id)
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("table", "column"), [("cards", "tags"), ("board", "authors")], ids=["tags", "authors"]
)
def test_deeply_nested_json_is_refused_as_damage_by_every_command(
    board_dir: Path, capsys: pytest.CaptureFixture[str], table: str, column: str
) -> None:
    path = make_demo(board_dir)
    card_id = _first_card_id(path)
    retype(path, table, column, DEEP_JSON, "1")
    commands = [
        ["list", str(path)],
        ["list", str(path), "--json"],
        ["check", str(path)],
        ["show", str(path), card_id[:8]],
        ["add", str(path), "note", "A note"],
        ["history", str(path)],
    ]
    for command in commands:
        assert main(command) == DAMAGED, command
        _one_line_error(capsys, "demo.evboard", "nested too deeply")
    with pytest.raises(DamagedBoardError, match="nested too deeply"):
        open_board(path, read_only=True)


def test_salvage_keeps_a_card_whose_tags_are_nested_too_deeply(board_dir: Path) -> None:
    path = make_demo(board_dir)
    before = file_state(path)
    card_id = _first_card_id(path)
    retype(path, "cards", "tags", DEEP_JSON)
    report = salvage_board(path, board_dir / "out.evboard")
    salvaged = file_state(report.path)
    assert set(salvaged["cards"]) == set(before["cards"])
    assert set(salvaged["links"]) == set(before["links"])
    assert salvaged["cards"][card_id].tags == ()
    assert salvaged["cards"][card_id].title == before["cards"][card_id].title
    assert any(card_id in line and "tags were left out" in line for line in report.lost)


def test_salvage_keeps_the_board_details_when_its_authors_are_nested_too_deeply(
    board_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_demo(board_dir)
    before = file_state(path)
    retype(path, "board", "authors", DEEP_JSON, "1")
    out = board_dir / "out.evboard"
    assert main(["salvage", str(path), str(out), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert any("authors was left out" in line for line in printed["lost"])
    salvaged = file_state(out)
    assert salvaged["info"].title == before["info"].title
    assert salvaged["info"].id == before["info"].id
    assert set(salvaged["cards"]) == set(before["cards"])


# One hostile value in one row: salvage must still carry every other row.
ONE_BAD_ROW = [
    ("cards", "tags", DEEP_JSON),
    ("cards", "tags", b"\xff\xfe"),
    ("cards", "title", b"\x00binary title"),
    ("cards", "x", "far left"),
    ("cards", "width", float("inf")),
    ("cards", "created_at", "0001-01-01T00:00:00+01:00"),
    ("cards", "kind", 3),
    ("cards", "colour", 16711680),
    ("cards", "pinned", "yes"),
    ("cards", "page_count", "many"),
]


@pytest.mark.parametrize(
    ("table", "column", "value"),
    ONE_BAD_ROW,
    ids=[f"{c} as {type(v).__name__}" for _t, c, v in ONE_BAD_ROW],
)
def test_a_hostile_value_in_one_card_does_not_stop_salvage_of_the_others(
    board_dir: Path, table: str, column: str, value: object
) -> None:
    path = make_demo(board_dir)
    before = file_state(path)
    bad = _first_card_id(path)
    retype(path, table, column, value)
    try:
        with open_board(path, read_only=True) as doc:
            card_to_dict(doc.board.cards[bad])  # read as a harmless value
    except DamagedBoardError:
        pass
    report = salvage_board(path, board_dir / "out.evboard")
    salvaged = file_state(report.path)
    others = set(before["cards"]) - {bad}
    assert others <= set(salvaged["cards"])
    for card_id in others:
        assert salvaged["cards"][card_id] == before["cards"][card_id]
    kept_links = {i for i, link in before["links"].items() if bad not in (link.source, link.target)}
    assert kept_links <= set(salvaged["links"])
    with open_board(report.path) as doc:
        assert doc.integrity_report() == []
    record("hostile row values salvaged around", 1)


# Every column a board reads, with a value of each type SQLite can hold but the column
# should not: the board either opens (and every card prints as JSON) or is refused as
# damaged; no other exception may escape.
# The default run stores a BLOB, text and a REAL (infinity) in each column, and the deep
# JSON in the JSON columns; the soak stores every value in every column.
_WRONG_VALUES: tuple[object, ...] = (b"\xc0\xff", "not what belongs here", float("inf"))
_SOAK_VALUES: tuple[object, ...] = (*_WRONG_VALUES, -(2**63), 2**63 - 1, -0.5, DEEP_JSON)
_JSON_COLUMNS = {"tags", "authors", "item_ids", "properties"}
_COLUMNS = [
    (table.name, column.name, column.primary_key)
    for table in (BOARD, CARDS, LINKS, ATTACHMENTS, HISTORY, ACH_MARKS)
    for column in table.c
    if (table.name, column.name) not in {("board", "id"), ("history", "seq")}
]


def _with_attachment(folder: Path) -> tuple[Path, str]:
    path = make_demo(folder)
    with open_board(path) as doc:
        card, sha = add_scan(doc, 3_000)
        # A mark, so that the marks table has a row for hostile values too.
        claim = next(c for c in doc.board.cards.values() if c.kind is CardKind.CLAIM)
        mark = AchMark(card.id, claim.id, CellMark.NEUTRAL, "ana", utc_now())
        doc.apply(SetAchMark(mark.key, None, mark))
    return path, sha


@pytest.mark.parametrize(
    "values",
    [
        pytest.param(_WRONG_VALUES, id="default"),
        pytest.param(_SOAK_VALUES, id="soak", marks=pytest.mark.soak),
    ],
)
def test_every_column_with_a_value_of_the_wrong_type_opens_or_is_refused(
    tmp_path: Path, values: tuple[object, ...]
) -> None:
    seed, _sha = _with_attachment(tmp_path)
    cases = 0
    for table, column, key in _COLUMNS:
        extra = (DEEP_JSON,) if column in _JSON_COLUMNS and DEEP_JSON not in values else ()
        for value in (*values, *extra):
            path = tmp_path / "case.evboard"
            path.write_bytes(seed.read_bytes())
            # Every row, so that each card kind reads the value in its own columns;
            # a key only in one row, as keys are unique.
            if key:
                retype(path, table, column, value)
            else:
                retype(path, table, column, value, "1")
            try:
                with open_board(path, read_only=True) as doc:
                    json.dumps([card_to_dict(c) for c in doc.board.cards.values()])
                    json.dumps(info_to_dict(doc.board.info))
                    doc.integrity_report()
                    json.dumps(doc.history())
                    for sha in doc.board.attachments:
                        doc.attachment_data(sha)
            except BoardFileError as exc:
                assert str(exc).endswith(".") and len(str(exc)) < 400, (table, column)
            cases += 1
            path.unlink()
    record("wrong-type column values opened or refused", cases)


@pytest.mark.parametrize("value", ["abc", 3], ids=["TEXT", "INTEGER"])
def test_attachment_data_that_is_not_bytes_is_a_problem_not_a_crash(
    board_dir: Path, capsys: pytest.CaptureFixture[str], value: object
) -> None:
    path, sha = _with_attachment(board_dir)
    retype(path, "attachments", "data", value, "1")
    assert main(["check", str(path)]) == DAMAGED
    out = capsys.readouterr().out
    assert f"PROBLEM: Attachment {sha[:12]} holds" in out and "1 problem(s) found." in out
    with open_board(path, read_only=True) as doc:
        with pytest.raises(DamagedBoardError, match="fingerprint"):
            doc.attachment_data(sha)
        assert doc.integrity_report() == [
            f"Attachment {sha[:12]} holds {'text' if value == 'abc' else 'a number'}, "
            "not the bytes of a file."
        ]
    report = salvage_board(path, board_dir / "out.evboard")
    assert report.attachments == 0 and report.cards == 22
    scans = [c for c in file_state(report.path)["cards"].values() if c.title == "Scan"]
    assert len(scans) == 1 and isinstance(scans[0].content, DocumentContent)
    assert scans[0].content.attachment is None
    assert any("scan.png" in line for line in report.lost)


def test_binary_history_values_print_safely(
    board_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_demo(board_dir)
    # A BLOB passes every integrity check in a TEXT column (a number would not).
    retype(path, "history", "author", b"\xff\xfe\x00", "1")
    retype(path, "history", "action", b"\x1b[31m", "1")
    retype(path, "history", "change_type", b"", "1")
    assert main(["history", str(path), "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert entries[-1]["author"] == "(binary, 3 bytes)"
    assert entries[-1]["action"] == "(binary, 5 bytes)"
    assert entries[-1]["change_type"] == "(binary, 0 bytes)"
    assert main(["history", str(path)]) == 0
    out = capsys.readouterr().out
    assert "(binary, 3 bytes): (binary, 5 bytes)" in out
    assert "b'" not in out and "\x1b" not in out


def test_a_number_where_text_belongs_is_refused_when_the_board_is_checked(
    board_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_demo(board_dir)
    retype(path, "history", "at", 2**62, "1")
    assert main(["history", str(path), "--json"]) == DAMAGED
    _one_line_error(capsys, "demo.evboard is damaged", "history.at")


def test_a_shared_copy_is_written_past_deeply_nested_history_ids(
    board_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_demo(board_dir)
    retype(path, "history", "item_ids", DEEP_JSON, "1")
    out = board_dir / "shared.evboard"
    assert main(["copy", str(path), str(out)]) == 0, capsys.readouterr().err
    assert file_state(out)["cards"] == file_state(path)["cards"]


# The full-text index is data in the file too; nothing before loading reads it.
HOSTILE_INDEX = {
    "undecodable text": "INSERT INTO card_fts (card_id, title, body, details) "
    "VALUES (x'ff', x'c0ff204173736164', 'Assad', '')",
    "garbage segments": "UPDATE card_fts_data SET block = randomblob(200) WHERE id > 10",
    "garbage structure": "UPDATE card_fts_data SET block = x'ffffffffffffffff'",
}


@pytest.mark.parametrize("statement", HOSTILE_INDEX.values(), ids=HOSTILE_INDEX.keys())
def test_a_hostile_search_index_is_reported_and_salvage_rebuilds_it(
    board_dir: Path, capsys: pytest.CaptureFixture[str], statement: str
) -> None:
    path = make_demo(board_dir)
    before = file_state(path)
    connection = sqlite3.connect(path)
    connection.execute(statement)
    connection.commit()
    connection.close()
    assert main(["search", str(path), "Assad"]) == DAMAGED
    _one_line_error(capsys, "search index of demo.evboard is damaged")
    assert main(["check", str(path)]) == DAMAGED
    assert "PROBLEM: The search index" in capsys.readouterr().out
    out = board_dir / "out.evboard"
    assert main(["salvage", str(path), str(out)]) == 0
    assert file_state(out)["cards"] == before["cards"]
    capsys.readouterr()
    assert main(["search", str(out), "Assad", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["hits"]
