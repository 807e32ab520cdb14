"""Writing the demo board to a new file."""

import os
from pathlib import Path

from evidenceboard.demo import build_demo
from evidenceboard.storage.document import BoardDocument, create_board


def create_demo_board(path: str | os.PathLike[str], author: str | None = None) -> BoardDocument:
    """Create a new board file holding the demo case, and return it open."""
    info, change = build_demo()
    document = create_board(Path(path), info, author=author)
    try:
        document.apply(change)
    except BaseException:
        document.close()
        Path(path).unlink(missing_ok=True)
        raise
    return document
