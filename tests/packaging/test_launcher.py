"""The frozen app's entry script (``packaging/launcher.py``): the CLI and window as the
``evidenceboard`` command, and the PDF worker that the importer starts through it."""

import json
import subprocess
import sys
from pathlib import Path

from tests.ingest.samples import report_pdf

LAUNCHER = Path(__file__).resolve().parents[2] / "packaging" / "launcher.py"


def run_launcher(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, str(LAUNCHER), *args], input=stdin, capture_output=True, timeout=60
    )


def test_pdf_worker_command_runs_the_worker() -> None:
    # Frozen, sys.executable is the app itself, so the importer's
    # "<executable> -P -m evidenceboard.ingest.pdf_worker" arrives here.
    done = run_launcher(
        "-P",
        "-m",
        "evidenceboard.ingest.pdf_worker",
        stdin=report_pdf(["Flight records, page one"]),
    )
    assert done.returncode == 0, done.stderr.decode()
    result = json.loads(done.stdout)
    assert result["page_count"] >= 1
    assert result["thumbnail"]


def test_other_modules_are_not_run() -> None:
    # The app is not a Python interpreter: "-m anything" is an unknown option.
    done = run_launcher("-P", "-m", "http.server")
    assert done.returncode != 0
    assert b"Serving HTTP" not in done.stdout


def test_commands_still_reach_the_cli() -> None:
    done = run_launcher("--version")
    assert done.returncode == 0
    assert done.stdout.startswith(b"EvidenceBoard ")
