"""Time each command line command on the demo board against a bare Python start.

Usage (from the repository root): ``.venv/bin/python benchmarks/cli_startup.py [--runs N]
[--only NAME,NAME]``. Every run is a fresh ``python -m evidenceboard ...`` process, as a
script calling the CLI would start it; it alternates with a bare
``python -c "import sqlite3, json"`` so both see the same load on a shared machine. The
figures are medians of N pairs, in wall time and in processor time (user + system of
the process), each with its ratio to the baseline. The verdict against the target of 8x
reads the processor-time ratio, which other work on a shared machine disturbs far less.
Commands that write (``add``, ``import``) get a fresh copy of the demo board before each
run, outside the timed part. Bytecode is written and reused (``PYTHONDONTWRITEBYTECODE``
is dropped for the children), as in an installed copy: compiling the sources on every
start would time the compiler. Commands that need a heavy library by nature
(``brief`` reportlab, ``import`` trafilatura, ``add`` SQLAlchemy for the writer) are
listed too, whether or not they meet the target: the figures say by how much.
"""

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 8.0
BASELINE = ("-c", "import sqlite3, json")


@dataclass(frozen=True)
class Command:
    name: str
    argv: tuple[str, ...]
    #: Whether each run needs its own copy of the demo board (the command writes).
    writes: bool = False


def _commands(board: Path, work: Path, card_id: str) -> list[Command]:
    article = work / "article.html"
    article.write_text(
        "<html><head><title>Ferry delayed</title></head><body><article><h1>Ferry delayed"
        "</h1><p>The morning ferry was delayed by two hours, the harbour office said."
        "</p></article></body></html>",
        encoding="utf-8",
    )
    b = str(board)
    return [
        Command("--help", ("--help",)),
        Command("--version", ("--version",)),
        Command("list", ("list", b)),
        Command("show", ("show", b, card_id)),
        Command("check", ("check", b)),
        Command("history", ("history", b)),
        Command("search", ("search", b, "flight")),
        Command("add", ("add", b, "note", "checked the ferry times"), writes=True),
        Command("analyze", ("analyze", b)),
        Command("export json", ("export", b, "--format", "json", "-o", str(work / "out.json"))),
        Command("brief", ("brief", b, "-o", str(work / "brief.pdf"))),
        Command("import", ("import", b, str(article)), writes=True),
    ]


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float


def _run(argv: tuple[str, ...], env: dict[str, str]) -> Timing:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        (sys.executable, *argv),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu)


def _median(timings: list[Timing]) -> Timing:
    return Timing(
        statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings)
    )


def _paired(
    command: Command, runs: int, env: dict[str, str], fresh: Callable[[], None]
) -> tuple[Timing, Timing]:
    own: list[Timing] = []
    bare: list[Timing] = []
    for _ in range(runs):
        if command.writes:
            fresh()
        bare.append(_run(BASELINE, env))
        own.append(_run(("-m", "evidenceboard", *command.argv), env))
    return _median(own), _median(bare)


def _first_card_id(board: Path, env: dict[str, str]) -> str:
    listing = subprocess.run(
        (sys.executable, "-m", "evidenceboard", "list", str(board), "--json"),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    data = json.loads(listing)
    cards = data["cards"] if isinstance(data, dict) else data
    return str(cards[0]["id"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="pairs per command (default 11)")
    parser.add_argument("--only", help="comma-separated command names to time")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT), EVIDENCEBOARD_USER="benchmark")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        demo = work / "demo.evboard"
        subprocess.run(
            (sys.executable, "-m", "evidenceboard", "demo", str(demo)),
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            check=True,
        )
        copy = work / "copy.evboard"

        def fresh() -> None:
            copy.unlink(missing_ok=True)
            shutil.copyfile(demo, copy)

        fresh()
        card_id = _first_card_id(demo, env)
        wanted = set(args.only.split(",")) if args.only else None
        print(
            f"{'command':<12} {'wall s':>7} {'bare':>6} {'ratio':>6}   "
            f"{'cpu s':>6} {'bare':>6} {'ratio':>6}  (target {TARGET_RATIO:g}x on cpu)"
        )
        for command in _commands(demo, work, card_id):
            if wanted is not None and command.name not in wanted:
                continue
            if command.writes:
                command = Command(
                    command.name,
                    tuple(str(copy) if a == str(demo) else a for a in command.argv),
                    writes=True,
                )
            own, bare = _paired(command, args.runs, env, fresh)
            wall_ratio = own.wall / bare.wall
            cpu_ratio = own.cpu / max(bare.cpu, 1e-3)
            verdict = "ok" if cpu_ratio <= TARGET_RATIO else "over"
            print(
                f"{command.name:<12} {own.wall:>7.3f} {bare.wall:>6.3f} {wall_ratio:>5.1f}x   "
                f"{own.cpu:>6.3f} {bare.cpu:>6.3f} {cpu_ratio:>5.1f}x  {verdict}"
            )


if __name__ == "__main__":
    main()
