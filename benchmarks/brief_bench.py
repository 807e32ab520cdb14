"""Time the PDF brief of a 1,000-claim board against a plain-paragraph baseline.

The board is built through the model (each claim with three evidence cards: two
corroborating articles, one of them derived from the other, and a contradicting
document). The baseline lays out the same claim text as bare Paragraphs in the same run,
so the ratio shows what the brief's structure (tables, labels, links, outline) costs on
this machine. Run: ``.venv/bin/python benchmarks/brief_bench.py``.

Figures on the 2-core box, shared with other work (seconds; "cpu" is this process's
processor time, which other work on the machine disturbs far less than the wall time):

=======================================================  =====  =====  ========  =====
version                                                   wall   cpu   baseline  ratio
=======================================================  =====  =====  ========  =====
first version, without rl-accel (quiet machine)           15.1   13.7    0.43     35x
first version, with rl-accel                              11.1   11.0    0.38     29x
2026-11-24, without rl-accel                                 -    8.9       -       -
2026-11-24, with rl-accel (quiet machine)                  7.6    7.6    0.33     23x
2026-12-04 main, with rl-accel (load 1.3-2.2)              8.85   8.70   0.34     26x
2026-12-04 now, with rl-accel (same session, alternating)  7.72   7.63   0.33     24x
2026-12-06 before (quiet machine, median of four)          6.10   6.10   0.27     23x
2026-12-06 now (same session, alternating)                 5.11   5.11   0.27     19x
=======================================================  =====  =====  ========  =====

What changed: labels, label rows and the statement bar are drawn directly instead of
through nested tables; a paragraph wrapped twice at one width breaks its lines once;
each distinct markup is parsed once and plain text skips the parser; assessments and
findings are looked up in dictionaries instead of lists scanned per claim; headings
keep with what follows through a measured conditional break instead of keep-together
groups; and the cyclic garbage collector pauses during the export. Since 2026-12-04
the brief's canvas breaks the reference cycles reportlab leaves (a text object bound
to itself, the saved document), so no collection walks them after the export;
paragraphs of the same markup, style and width share one line breaking; and fragments
are compared by reportlab's pure-Python ``sameFrag``, four times faster than the C
one. Since 2026-12-06 each word's width in a font and size is measured once per brief,
and markup of one shape (the same tags around other words) is parsed once and filled
with each use's words. The 2026-12-04 and 2026-12-06 rows and what was measured
between them are in ``docs/performance.md``. Under heavy load from other processes the
wall time can still pass 10 s while the processor time stays near 8 s.

``rl-accel`` matters: without it reportlab measures the width of every TrueType string
and formats every PDF number in Python. :func:`accelerated` says whether it is in use.
"""

import tempfile
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from evidenceboard.export.brief import BriefOptions, write_brief
from evidenceboard.export.brief.markup import escape_text
from evidenceboard.model import AddCards, Board, BoardInfo, CardKind, LinkKind, parse_grade
from evidenceboard.model.factory import make_card, make_link

CLAIMS = 1_000
#: The speed target: 1,000 claims in 5 s, at most 15x the plain-paragraph baseline. Not
#: met yet (about 5.1 s, 19x on 2026-12-06; the first version was 35x): the figures say so.
TARGET_SECONDS = 5.0
TARGET_RATIO = 15.0
_WORDS = (
    "officials said the convoy crossed the border before dawn according to two witnesses "
    "and satellite images reviewed by the desk "
) * 4


def build_board(claims: int = CLAIMS) -> Board:
    board = Board(BoardInfo(title=f"Benchmark board ({claims} claims)", handling="BENCH"))
    cards = []
    links = []
    for n in range(claims):
        claim = make_card(
            CardKind.CLAIM, f"Claim {n}: the convoy crossed at night", "bench",
            x=n % 40 * 300, y=n // 40 * 600, statement=f"{n}: {_WORDS}",
            attributed_to=f"Official {n}", date_claimed="2024-12",
        )  # fmt: skip
        origin = make_card(
            CardKind.ARTICLE, f"Report {n}", "bench", x=claim.geometry.x, y=claim.geometry.y + 150,
            outlet="Wire", author="Staff", url=f"https://news.example/{n}", published="2024-12",
            grading=parse_grade("B2"),
        )  # fmt: skip
        repeat = make_card(
            CardKind.ARTICLE, f"Repeat of report {n}", "bench", x=claim.geometry.x + 100,
            y=claim.geometry.y + 300, outlet="Aggregator", published="2024-12",
        )  # fmt: skip
        document = make_card(
            CardKind.DOCUMENT, f"Customs log {n}", "bench", x=claim.geometry.x + 200,
            y=claim.geometry.y + 450, file_name=f"log-{n}.pdf", origin="Leak", date="2024-11",
        )  # fmt: skip
        cards += [claim, origin, repeat, document]
        links += [
            make_link(origin.id, claim.id, LinkKind.CORROBORATES, "bench", quote=_WORDS[:200]),
            make_link(repeat.id, claim.id, LinkKind.CORROBORATES, "bench", rationale="Repeats."),
            make_link(repeat.id, origin.id, LinkKind.DERIVED_FROM, "bench"),
            make_link(document.id, claim.id, LinkKind.CONTRADICTS, "bench", quote="Not logged."),
        ]
    board.apply(AddCards(tuple(cards), tuple(links)))
    return board


def baseline_seconds(board: Board, path: Path) -> float:
    styles = getSampleStyleSheet()
    story = []
    for card in board.cards_of_kind(CardKind.CLAIM):
        story.append(Paragraph(escape_text(card.display_title), styles["Heading2"]))
        story.append(Paragraph(escape_text(card.text), styles["Normal"]))
    start = time.perf_counter()
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return time.perf_counter() - start


def accelerated() -> bool:
    """Whether reportlab uses its C accelerator (the ``rl-accel`` package)."""
    from reportlab.lib import rl_accel

    return type(rl_accel.instanceStringWidthTTF).__name__ == "builtin_function_or_method"


def run() -> list[dict[str, object]]:
    board = build_board()
    with tempfile.TemporaryDirectory() as folder:
        base = baseline_seconds(board, Path(folder) / "baseline.pdf")
        start, cpu_start = time.perf_counter(), time.process_time()
        write_brief(board, Path(folder) / "brief.pdf", BriefOptions())
        brief = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
    return [
        {
            "name": f"PDF brief, {CLAIMS:,} claims",
            "value": round(brief, 2),
            "unit": "s",
            "target": TARGET_SECONDS,
            "baseline": round(base, 2),
            "ratio_target": TARGET_RATIO,
            # Processor time of this process: on a busy shared box it tells a slower
            # export from a machine that was simply lent to others meanwhile.
            "cpu": round(cpu, 2),
        }
    ]


def main() -> None:
    print(f"rl-accel in use: {'yes' if accelerated() else 'no (pip install rl-accel)'}")
    for row in run():
        ratio = float(str(row["value"])) / max(float(str(row["baseline"])), 1e-9)
        print(
            f"{row['name']}: {row['value']} {row['unit']} (target <= {row['target']} s; "
            f"plain-paragraph baseline {row['baseline']} s; ratio {ratio:.1f}x; "
            f"processor time {row['cpu']} s)"
        )


if __name__ == "__main__":
    main()
