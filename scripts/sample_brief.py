"""The sample brief of the demo board and the page images the README and docs show.

Run from the repository: ``.venv/bin/python scripts/sample_brief.py`` (needs
``pdftoppm`` from poppler-utils for the images). Writes ``docs/sample-brief.pdf`` and,
at 90 dpi, ``docs/images/brief-NAME.png`` for the first page of each section named in
:data:`PAGES`. The
cover date and author are fixed so that the sample changes only when the exporter does;
the chain of custody is taken from the demo cards' own stamps (the demo board's
history is written when the file is made, which would date the sample).
"""

import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Image name -> the first line of the page it shows (after the page header).
PAGES = {"cover": "EVIDENCE BRIEF", "diagram": "Board diagram", "claim": "Claims"}


def _first_pages(pdf: Path) -> dict[str, int]:
    """The page number of each :data:`PAGES` entry: the first page whose text starts so."""
    from pypdf import PdfReader

    found: dict[str, int] = {}
    for number, page in enumerate(PdfReader(str(pdf)).pages, start=1):
        lines = [line.strip() for line in (page.extract_text() or "").splitlines()]
        for name, first in PAGES.items():
            if name not in found and first in lines[:8]:
                found[name] = number
    return found


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from evidenceboard.export.brief import BriefOptions, write_brief
    from evidenceboard.storage.demo_file import create_demo_board

    out = ROOT / "docs" / "sample-brief.pdf"
    with tempfile.TemporaryDirectory() as folder:
        with create_demo_board(Path(folder) / "demo.evboard") as doc:
            options = BriefOptions(
                author="EvidenceBoard demo",
                date=datetime(2024, 12, 21, tzinfo=UTC),
                history=(),
            )
            write_brief(doc.board, out, options)
        if shutil.which("pdftoppm") is None:
            print(f"wrote {out}; pdftoppm is missing, so no page images", file=sys.stderr)
            return 0
        for name, page in _first_pages(out).items():
            prefix = Path(folder) / name
            subprocess.run(
                ["pdftoppm", "-png", "-r", "90", "-f", str(page), "-l", str(page), "-singlefile",
                 str(out), str(prefix)],
                check=True,
            )  # fmt: skip
            shutil.move(f"{prefix}.png", ROOT / "docs" / "images" / f"brief-{name}.png")
    print(f"wrote {out} and its page images")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
