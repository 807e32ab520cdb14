"""Hostile imports: each case refused or imported within 5 seconds and 300 MB.

The files come from :mod:`tests.hostile_files`: a canvas whose 1,500 labelled groups
all cover the same 1,500 cards (and one whose 1,500 groups each cover a few cards), an
MHTML archive of 300,000 tiny parts, one nested 5,000 multiparts deep, a GraphML file of
300,000 nodes and one whose JSON tag list is nested 100,000 deep. Each is read the way
the window reads it (:func:`evidenceboard.ingest.read_file` for pages,
:func:`evidenceboard.formats.read_board_file` for boards) in a child process of its own,
stopped after 60 seconds, so its time and peak memory (``ru_maxrss`` of the child,
interpreter and libraries included) are its own. Prints each case's outcome, seconds
and MB against the targets; ``run()`` returns the figures. Run from the repository
root: ``.venv/bin/python benchmarks/hostile_imports.py``.
"""

import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_figures import print_against_targets

from tests import hostile_files

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 5.0
MEGABYTES = 300.0
_LIMIT = 60.0
CASES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "canvas, 1,500 nested groups over 1,500 cards":
        ("nested.canvas", hostile_files.canvas_nested_groups),
    "canvas, 1,500 local groups over 1,500 cards":
        ("local.canvas", hostile_files.canvas_local_groups),
    "MHTML, 300,000 tiny parts": ("parts.mhtml", hostile_files.mhtml_many_parts),
    "MHTML, nested 5,000 deep": ("deep.mhtml", hostile_files.mhtml_nested),
    "GraphML, 300,000 nodes": ("nodes.graphml", hostile_files.graphml_many_nodes),
    "GraphML, 25,000 nodes and 50,000 edges (the caps)":
        ("caps.graphml", lambda: hostile_files.graphml_many_nodes(25_000, 50_000)),
    "GraphML, JSON nested 100,000 deep": ("json.graphml", hostile_files.graphml_deep_json),
}  # fmt: skip


def _child(path: Path) -> None:
    """Read one file as the window would and print the outcome as one JSON line."""
    from evidenceboard.formats import IMPORT_SUFFIXES, read_board_file
    from evidenceboard.ingest import read_file

    start = time.perf_counter()
    try:
        if path.suffix in IMPORT_SUFFIXES:
            outcome = f"imported {len(read_board_file(path, 'bench').cards):,} cards"
        else:
            outcome = f"imported “{read_file(path).title}”"
    except Exception as exc:
        outcome = f"refused: {type(exc).__name__}: {str(exc)[:90]}"
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"outcome": outcome, "seconds": seconds, "mb": peak}))


def _measure(path: Path) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", str(path)]
    start = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=_LIMIT, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"outcome": f"stopped after {_LIMIT:.0f} s", "seconds": _LIMIT, "mb": float("nan")}
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        elapsed = time.perf_counter() - start
        return {"outcome": f"crashed: {tail[:90]}", "seconds": elapsed, "mb": float("nan")}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def run() -> list[dict[str, Any]]:
    """Each case's seconds and MB, with the targets, as the other benches report them."""
    figures: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        for label, (name, make) in CASES.items():
            path = Path(folder) / name
            path.write_bytes(make())
            result = _measure(path)
            print(f"{label}: {result['outcome']}", flush=True)
            figures.append(
                {"name": f"{label}: time", "value": result["seconds"], "unit": "s",
                 "target": SECONDS}
            )  # fmt: skip
            figures.append(
                {"name": f"{label}: peak memory", "value": result["mb"], "unit": "MB",
                 "target": MEGABYTES}
            )  # fmt: skip
    return figures


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        _child(Path(sys.argv[2]))
        return 0
    figures = run()
    print()
    return print_against_targets(figures, value_format=".2f", target_format=".0f", column=10)


if __name__ == "__main__":
    raise SystemExit(main())
