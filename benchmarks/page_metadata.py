"""Accuracy of saved-page import: title, author, date, site and main text against known values.

The corpus is ``tests/ingest/pages``: real saved news pages (gzipped) with the values a
reader of each page would write down, in ``expected.json`` (see the README there for
where each page comes from and how its values were set). Every page goes through
:func:`evidenceboard.ingest.read_file`, exactly as an import does.

A field is right when, compared without case, accents, spacing or punctuation:

* title: equals the expected headline;
* author: the set of names equals the expected set (no author expected means none given);
* date: equals the expected ``YYYY[-MM[-DD]]`` (no date expected means none given);
* site: equals the expected site name (reported, no target);
* main text: the word overlap F1 with the expected text is at least 0.8 (characters
  count as words in scripts written without spaces).

Prints one row per field with its target and the pages it got wrong, then the median
processor time of one import (processor time, not wall time, so that other work on
the machine does not blur it). Run from the
repository root: ``.venv/bin/python benchmarks/page_metadata.py`` (``-v`` shows every
miss with the value found).
"""

import gzip
import json
import statistics
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evidenceboard.ingest import read_file

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "ingest" / "pages"
TARGETS = {"title": 0.95, "author": 0.85, "date": 0.90, "site": None, "text": 0.90}
TEXT_F1 = 0.8


def fold(text: str) -> str:
    """Lower-case letters and digits only, accents removed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def _tokens(text: str) -> Counter[str]:
    tokens: list[str] = []
    for word in text.casefold().split():
        if word.isascii() or any(unicodedata.category(c) == "Zs" for c in word):
            tokens.append(fold(word))
        else:
            # Scripts without spaces between words: one token per letter.
            tokens.extend(c for c in word if c.isalnum() and not c.isascii())
            tokens.extend(w for w in ["".join(c for c in word if c.isascii())] if fold(w))
    return Counter(t for t in tokens if t)


def text_f1(found: str, expected: str) -> float:
    got, want = _tokens(found), _tokens(expected)
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def _authors(value: str) -> set[str]:
    return {fold(name) for name in value.split(";") if fold(name)}


def judge(
    values: Mapping[str, Any], title: str, expected: Mapping[str, Any], text: str | None
) -> dict[str, bool | None]:
    """Per-field verdicts (True right, False wrong, None not scored) for one page."""
    verdicts: dict[str, bool | None] = {
        "title": fold(title) == fold(expected["title"]),
        "author": _authors(values["author"]) == {fold(a) for a in expected["authors"]},
        "date": values["published"] == expected["date"],
        "site": fold(values["outlet"]) == fold(expected["site"]) if expected["site"] else None,
        "text": text_f1(values["body"], text) >= TEXT_F1 if text is not None else None,
    }
    return verdicts


def run(verbose: bool = False) -> dict[str, float]:
    expected = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    scores: dict[str, list[bool]] = {field: [] for field in TARGETS}
    misses: dict[str, list[str]] = {field: [] for field in TARGETS}
    seconds: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        for name, known in sorted(expected.items()):
            page = Path(folder) / f"{name}.html"
            page.write_bytes(gzip.decompress((CORPUS / f"{name}.html.gz").read_bytes()))
            text_file = CORPUS / f"{name}.txt.gz"
            text = gzip.decompress(text_file.read_bytes()).decode() if text_file.exists() else None
            start = time.process_time()
            item = read_file(page)
            seconds.append(time.process_time() - start)
            verdicts = judge(item.values, item.title, known, text)
            found = {
                "title": item.title,
                "author": item.values["author"],
                "date": item.values["published"],
                "site": item.values["outlet"],
                "text": f"F1 {text_f1(item.values['body'], text or ''):.2f}",
            }
            for field, verdict in verdicts.items():
                if verdict is None:
                    continue
                scores[field].append(verdict)
                if not verdict:
                    misses[field].append(f"{name}: {found[field]!r}" if verbose else name)
    figures: dict[str, float] = {}
    print(f"{'field':<8}{'right':>8}{'pages':>7}{'target':>9}  missed")
    for field, target in TARGETS.items():
        right = sum(scores[field])
        share = right / len(scores[field]) if scores[field] else 0.0
        figures[field] = share
        goal = f"{target:.0%}" if target is not None else "-"
        status = "" if target is None else (" ok" if share >= target else " BELOW")
        print(f"{field:<8}{share:>8.0%}{len(scores[field]):>7}{goal:>9}{status}  ", end="")
        print(("\n" + " " * 34).join(misses[field]) if verbose else ", ".join(misses[field]))
    figures["cpu_ms_per_page"] = 1000 * statistics.median(seconds)
    print(f"import: {len(seconds)} pages, median {figures['cpu_ms_per_page']:.0f} ms CPU a page")
    return figures


if __name__ == "__main__":
    run(verbose="-v" in sys.argv[1:])
