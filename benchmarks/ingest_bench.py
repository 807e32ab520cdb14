"""Import and search speed: a 100-page PDF, and FTS5 search on a 10,000-card board.

The PDF is made with reportlab (40 lines of prose per page) and imported through
:func:`evidenceboard.ingest.read_file`, worker process included. The board is created
with ``create_board`` and filled by one ``AddCards`` of 10,000 cards whose texts (about
120 words each) draw from a Zipf-distributed vocabulary of 30,000 made-up words, as in
performance.md section 2.3. Search latency is measured through ``BoardDocument.search`` for
common words (in most cards), rare words (in a handful), two common words, and
two-letter prefixes as typed (each expands to over a thousand words); reported as p50
and p95 over three rounds. Prints one row per figure with its target; ``run()`` returns
the same figures. Run from the repository root:
``.venv/bin/python benchmarks/ingest_bench.py``.
"""

import io
import itertools
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_figures import percentile, print_against_targets
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from evidenceboard.ingest import read_file
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.changes import AddCards
from evidenceboard.model.factory import make_card
from evidenceboard.storage import create_board

CARDS = 10_000
VOCABULARY = 30_000
WORDS_PER_CARD = 120
PDF_PAGES = 100
SEED = 20241124
_TEXT_FIELDS = {
    CardKind.ARTICLE: "body",
    CardKind.DOCUMENT: "extracted_text",
    CardKind.CLAIM: "statement",
    CardKind.NOTE: "text",
}
_KINDS = tuple(_TEXT_FIELDS)


def _words(count: int) -> list[str]:
    letters = "abcdefghijklmnoprstuvyz"
    made = ("".join(p) for n in (3, 4, 5) for p in itertools.product(letters, repeat=n))
    return [w for w, _ in zip(made, range(count), strict=False)]


def make_pdf(pages: int = PDF_PAGES) -> bytes:
    rng = random.Random(SEED)
    words = _words(2_000)
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=A4, invariant=True)
    drawing.setTitle("Benchmark report")
    for page in range(pages):
        y = 800.0
        drawing.drawString(72, y, f"Section {page + 1}")
        for _ in range(40):
            y -= 18
            drawing.drawString(72, y, " ".join(rng.choice(words) for _ in range(12)))
        drawing.showPage()
    drawing.save()
    return out.getvalue()


def make_cards(count: int = CARDS) -> tuple[list[Card], list[str]]:
    rng = random.Random(SEED)
    vocabulary = _words(VOCABULARY)
    weights = [1.0 / (rank + 1) for rank in range(VOCABULARY)]
    cards = []
    for i in range(count):
        body = " ".join(rng.choices(vocabulary, weights, k=WORDS_PER_CARD))
        title = " ".join(rng.choices(vocabulary, weights, k=4))
        kind = _KINDS[i % len(_KINDS)]
        values: dict[str, Any] = {_TEXT_FIELDS[kind]: body}
        cards.append(make_card(kind, title, "bench", x=i % 100 * 300, y=i // 100 * 200, **values))
    return cards, vocabulary


def run() -> list[dict[str, Any]]:
    """Time a PDF import and searches; each figure has name, value, unit and target."""
    figures: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "report.pdf"
        pdf.write_bytes(make_pdf())
        start = time.perf_counter()
        item = read_file(pdf)
        elapsed = time.perf_counter() - start
        assert item.values["page_count"] == PDF_PAGES
        figures.append(
            {"name": f"import a {PDF_PAGES}-page PDF (worker process, text + thumbnail)",
             "value": elapsed, "unit": "s", "target": 3.0}
        )  # fmt: skip

        cards, vocabulary = make_cards()
        with create_board(Path(folder) / "bench.evboard", author="bench") as doc:
            start = time.perf_counter()
            doc.apply(AddCards(tuple(cards)))
            figures.append(
                {"name": f"add {CARDS:,} cards in one change (rows + FTS index)",
                 "value": time.perf_counter() - start, "unit": "s", "target": 10.0}
            )  # fmt: skip
            common = vocabulary[:20]
            groups = {
                "common word": common,
                "rare word": vocabulary[-20:],
                "two common words": [f"{a} {b}" for a, b in zip(common, common[10:], strict=False)],
                "two-letter typing prefix": [w[:2] for w in vocabulary[100:120]],
            }  # fmt: skip
            for label, queries in groups.items():
                timings = []
                for query in queries * 3:
                    start = time.perf_counter()
                    doc.search(query)
                    timings.append((time.perf_counter() - start) * 1000)
                for name, fraction in (("p50", 0.5), ("p95", 0.95)):
                    figures.append(
                        {"name": f"search {CARDS:,} cards, {label}, {name}",
                         "value": percentile(timings, fraction), "unit": "ms", "target": 50.0}
                    )  # fmt: skip
    return figures


def main() -> int:
    return print_against_targets(run(), value_format=".3f", target_format=".1f", column=10)


if __name__ == "__main__":
    raise SystemExit(main())
