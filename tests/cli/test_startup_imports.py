"""The command line starts light: a command imports only the libraries it needs.

A script running fifteen commands would otherwise spend most of its time loading Qt,
reportlab, networkx, numpy and trafilatura it never uses. Each case runs the command in
a fresh interpreter and looks at ``sys.modules`` afterwards (module presence, not time).
A board opened read-only is read with plain sqlite3, so the commands that only read it
load no SQLAlchemy either; writing still goes through the one writer, on SQLAlchemy.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from evidenceboard.storage.demo_file import create_demo_board

HEAVY = ("PySide6", "reportlab", "networkx", "numpy", "trafilatura")
#: --help and --version open no board, so even the storage libraries stay out.
NOT_FOR_HELP = (*HEAVY, "lxml", "sqlalchemy", "psycopg")
#: A command that only reads a board opens it read-only, which runs no SQLAlchemy.
NOT_FOR_READING = (*HEAVY, "sqlalchemy")

_PROBE = """
import contextlib, io, json, sys
from evidenceboard.__main__ import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        code = main(json.loads(sys.argv[1]))
    except SystemExit as exit:
        code = exit.code
roots = sorted({name.partition(".")[0] for name in sys.modules})
print(json.dumps({"code": code, "modules": roots}))
"""


def _loaded(argv: list[str]) -> tuple[object, set[str]]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(argv)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    report = json.loads(result.stdout)
    return report["code"], set(report["modules"])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("startup") / "demo.evboard"
    create_demo_board(path).close()
    return path


@pytest.mark.parametrize(
    "argv", [["--help"], ["--version"], ["list", "--help"], ["team", "init", "--help"]]
)
def test_help_and_version_import_no_library(argv: list[str]) -> None:
    code, modules = _loaded(argv)
    assert code in (0, 2)
    assert modules.isdisjoint(NOT_FOR_HELP), sorted(modules & set(NOT_FOR_HELP))


@pytest.mark.parametrize(
    "command",
    [["list"], ["list", "--json"], ["check"], ["history"], ["search", "Assad"], ["timeline"]],
)
def test_reading_commands_import_no_heavy_library(demo: Path, command: list[str]) -> None:
    code, modules = _loaded([command[0], str(demo), *command[1:]])
    assert code == 0
    assert modules.isdisjoint(NOT_FOR_READING), sorted(modules & set(NOT_FOR_READING))


def test_show_imports_no_heavy_library(demo: Path) -> None:
    from evidenceboard.storage import open_board

    with open_board(demo, read_only=True) as doc:
        card_id = next(iter(doc.board.cards))
    code, modules = _loaded(["show", str(demo), card_id])
    assert code == 0
    assert modules.isdisjoint(NOT_FOR_READING), sorted(modules & set(NOT_FOR_READING))


def test_adding_a_card_imports_no_heavy_library(demo: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.evboard"
    copy.write_bytes(demo.read_bytes())
    code, modules = _loaded(["--user", "tester", "add", str(copy), "note", "ferry times"])
    assert code == 0
    assert modules.isdisjoint(HEAVY), sorted(modules & set(HEAVY))
    # The change is written by the one writer, whose statements are SQLAlchemy Core.
    assert "sqlalchemy" in modules


def test_opening_read_only_imports_no_sqlalchemy(demo: Path) -> None:
    # The window's opening is the same begin_open().finish(); only a writable one makes
    # the engine its changes are written on.
    probe = (
        "import json, sys\n"
        "from evidenceboard.storage import open_board\n"
        "with open_board(sys.argv[1], read_only=True) as doc:\n"
        "    doc.history(); doc.search('Assad'); doc.integrity_report()\n"
        "    assert doc.board.cards and doc.read_only\n"
        "print(json.dumps(list(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(demo)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    loaded = {name.partition(".")[0] for name in json.loads(result.stdout)}
    assert "sqlalchemy" not in loaded


def test_the_storage_document_needs_neither_numpy_nor_networkx() -> None:
    probe = "import json, sys, evidenceboard.storage.document; print(json.dumps(list(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    loaded = {name.partition(".")[0] for name in json.loads(result.stdout)}
    assert loaded.isdisjoint({"numpy", "networkx", "PySide6"})


@pytest.mark.parametrize("fmt", ["json", "canvas", "csv"])
def test_exporting_a_format_loads_only_its_writer(demo: Path, tmp_path: Path, fmt: str) -> None:
    code, modules = _loaded(["export", str(demo), "--format", fmt, "-o", str(tmp_path / "out")])
    assert code == 0
    assert modules.isdisjoint(HEAVY), sorted(modules & set(HEAVY))


def test_importing_a_web_page_loads_no_board_format_reader(demo: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.evboard"
    copy.write_bytes(demo.read_bytes())
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><article><p>The ferry was delayed by two hours.</p></article></body></html>",
        encoding="utf-8",
    )
    code, modules = _loaded(["--user", "tester", "import", str(copy), str(page)])
    assert code == 0
    # trafilatura reads the page; networkx (GraphML) and numpy have no part in it.
    assert modules.isdisjoint({"networkx", "numpy", "reportlab", "PySide6"}), sorted(modules)
