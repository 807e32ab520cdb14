"""Helpers shared by the reliability tests: board states, digests and figures.

Each test adds what it exercised (kills survived, faults injected, files refused...) to
the figures file named by ``EVIDENCEBOARD_FIGURES``, which ``scripts/reliability_report.py``
sets, sums and prints; without the variable nothing is recorded.
"""

import json
import os
from pathlib import Path
from typing import Any

from evidenceboard.model.attachments import Attachment, sha256_hex
from evidenceboard.model.board import Board
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.changes import AddAttachment, AddCards, Batch
from evidenceboard.model.clock import utc_now
from evidenceboard.model.factory import make_card
from evidenceboard.storage import BoardDocument, open_board
from tests.storage.helpers import digest, make_demo_file

FIGURES_ENV = "EVIDENCEBOARD_FIGURES"


def record(figure: str, count: int) -> None:
    """Add ``count`` to a figure of the reliability report."""
    target = os.environ.get(FIGURES_ENV)
    if not target:
        return
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"figure": figure, "count": count}) + "\n")


# The storage tests' own helpers: one way to make a demo board file and fingerprint it.
make_demo = make_demo_file

__all__ = ["add_scan", "digest", "file_state", "leftovers", "make_demo", "record", "state"]


def state(board: Board) -> dict[str, Any]:
    """Everything a board holds, for comparing a file with memory."""
    return {
        "info": board.info,
        "cards": dict(board.cards),
        "links": dict(board.links),
        "attachments": dict(board.attachments),
    }


def file_state(path: Path) -> dict[str, Any]:
    with open_board(path, read_only=True) as doc:
        return state(doc.board)


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    """Names in ``folder`` other than ``keep``: temporary files, journals, partial copies."""
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def add_scan(doc: BoardDocument, size: int) -> tuple[Card, str]:
    """Add a document card with a scan of ``size`` random bytes; the card and its SHA-256."""
    data = os.urandom(size)
    sha = sha256_hex(data)
    attachment = Attachment(sha, "scan.png", "image/png", len(data), utc_now())
    card = make_card(CardKind.DOCUMENT, "Scan", "ana", attachment=sha, file_name="scan.png")
    doc.apply(Batch((AddAttachment(attachment, data), AddCards((card,))), "Add scan"))
    return card, sha
