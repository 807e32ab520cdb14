"""Run the reliability suite with counters and print (or write) the figures it reached.

Usage::

    .venv/bin/python scripts/reliability_report.py            # default run (~90 s)
    .venv/bin/python scripts/reliability_report.py --soak     # the long soak as well
    .venv/bin/python scripts/reliability_report.py --update   # rewrite docs/reliability.md

The tests add what they exercised to a figures file (see tests/reliability/helpers.py);
this script sums them into the table between the markers in docs/reliability.md.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "reliability.md"
BEGIN, END = "<!-- figures:begin -->", "<!-- figures:end -->"


def run(soak: bool) -> tuple[int, Counter[str]]:
    with tempfile.TemporaryDirectory() as folder:
        figures = Path(folder) / "figures.jsonl"
        env = dict(os.environ, EVIDENCEBOARD_FIGURES=str(figures))
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        command += ["tests/reliability"] + (["-m", "soak or not soak"] if soak else [])
        code = subprocess.call(command, cwd=ROOT, env=env)
        totals: Counter[str] = Counter()
        if figures.exists():
            for line in figures.read_text(encoding="utf-8").splitlines():
                entry = json.loads(line)
                totals[entry["figure"]] += int(entry["count"])
    return code, totals


def table(totals: Counter[str], soak: bool) -> str:
    run_kind = "default run plus soak" if soak else "default run"
    lines = [f"| figure ({run_kind}) | count |", "|---|---:|"]
    lines += [f"| {name} | {count:,} |" for name, count in sorted(totals.items())]
    return "\n".join(lines)


def update(text: str) -> None:
    doc = DOC.read_text(encoding="utf-8")
    start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
    DOC.write_text(doc[:start] + "\n" + text + "\n" + doc[end:], encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--soak", action="store_true", help="include the long soak")
    parser.add_argument("--update", action="store_true", help="rewrite docs/reliability.md")
    args = parser.parse_args()
    code, totals = run(args.soak)
    text = table(totals, args.soak)
    print(text)
    if code != 0:
        print(f"The reliability suite failed (exit {code}); figures not written.")
        return code
    if args.update:
        update(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
