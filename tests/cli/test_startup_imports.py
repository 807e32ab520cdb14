"""The command line starts light: a command imports only the libraries it needs.

A script running fifteen commands would otherwise spend most of its time loading Qt,
reportlab, networkx, numpy and trafilatura it never uses. Each case runs the command in
a fresh interpreter and looks at ``sys.modules`` afterwards (module presence, not time).
A board is read and written with plain sqlite3, so no command on a board file loads
SQLAlchemy: it is for the team server alone.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from evidenceboard.storage import open_board
from evidenceboard.storage.demo_file import create_demo_board

HEAVY = ("PySide6", "reportlab", "networkx", "numpy", "trafilatura")
#: --help and --version open no board, so even the storage libraries stay out.
NOT_FOR_HELP = (*HEAVY, "lxml", "sqlalchemy", "psycopg")
#: Every library some command loads. Each command below names those it needs; all the
#: others must stay out, so an import made eager again anywhere fails its case.
LIBRARIES = frozenset(
    {
        "PySide6",
        "shiboken6",
        "reportlab",
        "networkx",
        "numpy",
        "trafilatura",
        "htmldate",
        "justext",
        "lxml",
        "sqlalchemy",
        "psycopg",
        "jsonschema",
        "PIL",
        "arabic_reshaper",
        "charset_normalizer",
    }
)
#: What a web page's reader needs.
_PAGE_READER = {"trafilatura", "htmldate", "justext", "lxml", "charset_normalizer"}

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


def test_show_imports_no_library(demo: Path) -> None:
    with open_board(demo, read_only=True) as doc:
        card_id = next(iter(doc.board.cards))
    code, modules = _loaded(["show", str(demo), card_id])
    assert code == 0
    assert modules.isdisjoint(LIBRARIES), sorted(modules & LIBRARIES)


def test_opening_read_only_imports_no_sqlalchemy(demo: Path) -> None:
    # The window's opening is the same begin_open().finish().
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


_BRIEF_NEEDS = {"reportlab", "PIL", "arabic_reshaper"}  # reportlab loads Pillow itself;
# the demo board quotes Arabic, which the brief joins into its letter forms.

#: (argv, libraries the command needs); {board} is the demo board, {copy} a copy of it
#: for the commands that write, {card} one of its cards, {out} a path to write to, {page}
#: a saved web page and {text} a text file.
COMMANDS: list[tuple[list[str], set[str]]] = [
    (["--help"], set()),
    (["--version"], set()),
    (["list", "{board}"], set()),
    (["check", "{board}"], set()),
    (["history", "{board}"], set()),
    (["search", "{board}", "flight"], set()),
    (["timeline", "{board}"], set()),
    # The claim analysis needs neither networkx nor numpy; only the centrality in the
    # JSON (PageRank over numpy arrays) loads numpy.
    (["analyze", "{board}"], set()),
    (["analyze", "{board}", "--json"], {"numpy"}),
    # Writing a dump needs no schema validation: jsonschema is for reading one.
    (["export", "{board}", "--format", "json", "-o", "{out}"], set()),
    (["export", "{board}", "--format", "canvas", "-o", "{out}"], set()),
    (["export", "{board}", "--format", "csv", "-o", "{out}"], set()),
    (["export", "{board}", "--format", "graphml", "-o", "{out}"], {"networkx", "lxml", "numpy"}),
    (["brief", "{board}", "-o", "{out}"], _BRIEF_NEEDS),
    (["--user", "tester", "add", "{copy}", "note", "ferry times"], set()),
    (["--user", "tester", "edit", "{copy}", "{card}", "--title", "Ferry times"], set()),
    (["--user", "tester", "remove", "{copy}", "{card}"], set()),
    (["--user", "tester", "import", "{copy}", "{text}"], {"charset_normalizer"}),
    (["--user", "tester", "import", "{copy}", "{page}"], _PAGE_READER),
]


@pytest.mark.parametrize(
    ("argv", "needs"),
    COMMANDS,
    ids=[" ".join(a for a in argv if a[0] != "{") for argv, _ in COMMANDS],
)
def test_each_command_loads_only_the_libraries_it_needs(
    demo: Path, tmp_path: Path, argv: list[str], needs: set[str]
) -> None:
    copy = tmp_path / "copy.evboard"
    copy.write_bytes(demo.read_bytes())
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><article><p>The ferry was delayed by two hours.</p></article></body></html>",
        encoding="utf-8",
    )
    text = tmp_path / "notes.txt"
    text.write_text("The harbourmaster saw the Aurora leave.", encoding="utf-8")
    with open_board(demo, read_only=True) as doc:
        card = next(iter(doc.board.cards))
    places = {
        "{card}": card,
        "{board}": str(demo),
        "{copy}": str(copy),
        "{out}": str(tmp_path / "out"),
        "{page}": str(page),
        "{text}": str(text),
    }
    code, modules = _loaded([places.get(a, a) for a in argv])
    assert code == 0
    forbidden = LIBRARIES - needs
    assert modules.isdisjoint(forbidden), sorted(modules & forbidden)
    # A case that needs a library it no longer loads should say so, not pass silently.
    assert needs <= modules, sorted(needs - modules)
