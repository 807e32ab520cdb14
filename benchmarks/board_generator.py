"""A seeded generator of realistic boards for the benchmarks.

Sizes: S = 1,000 cards / 2,000 links, M = 10,000 / 20,000, L = 100,000 / 200,000 (the
issue's stretch size). Cards of every kind with real-looking text drawn from a
Zipf-distributed vocabulary, on a jittered grid; links mostly between near neighbours
(99%) with some long ones, derived_from chains between reports, and a few small
attachments. The same seed gives the same board, so figures compare across runs.
"""

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from evidenceboard.model.attachments import Attachment, sha256_hex
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.changes import AddAttachment, AddCards, Batch, Change
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.grading import parse_grade
from evidenceboard.model.links import Link, LinkKind, Strength

SIZES: dict[str, tuple[int, int]] = {
    "S": (1_000, 2_000),
    "M": (10_000, 20_000),
    "L": (100_000, 200_000),
}
SEED = 20241208
_AT = datetime(2026, 1, 1, tzinfo=UTC)
_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "that",
    "for",
    "on",
    "is",
    "said",
    "was",
    "with",
    "by",
    "as",
    "at",
    "from",
    "were",
    "has",
    "government",
    "forces",
    "report",
    "source",
    "officials",
    "according",
    "city",
    "minister",
    "ministry",
    "military",
    "security",
    "border",
    "attack",
    "statement",
    "police",
    "spokesman",
    "president",
    "talks",
    "agreement",
    "deal",
    "evidence",
    "documents",
    "photos",
    "video",
    "witness",
    "claims",
    "denied",
    "confirmed",
    "airbase",
    "convoy",
    "shipment",
    "ministry",
    "sanctions",
    "investigation",
    "prosecutor",
    "court",
    "hearing",
    "telegram",
    "channel",
    "account",
    "deleted",
    "posted",
    "satellite",
    "imagery",
    "coordinates",
    "launcher",
    "missile",
    "depot",
    "airfield",
    "warehouse",
    "invoice",
    "transfer",
    "bank",
    "company",
    "director",
    "shareholder",
    "registry",
    "leaked",
    "email",
    "interview",
    "anonymous",
    "analyst",
    "journalist",
    "outlet",
    "agency",
    "column",
    "editorial",
    "translation",
]
_OUTLETS = ("Reuters", "AFP", "Hurriyet", "Tass", "BBC", "Al Jazeera", "Meduza", "Le Monde")


@dataclass(frozen=True)
class GeneratedBoard:
    cards: tuple[Card, ...]
    links: tuple[Link, ...]
    attachments: tuple[tuple[Attachment, bytes], ...]

    def change(self) -> Change:
        """One change that fills an empty board with everything."""
        parts: list[Change] = [AddAttachment(a, data) for a, data in self.attachments]
        parts.append(AddCards(self.cards, self.links))
        return Batch(tuple(parts), f"Add {len(self.cards)} cards")


def _text(rng: random.Random, words: int) -> str:
    # Zipf-like: common words dominate, as in real reporting.
    picks = [_WORDS[min(int(rng.paretovariate(1.2)) - 1, len(_WORDS) - 1)] for _ in range(words)]
    return " ".join(picks).capitalize() + "."


def generate(cards: int, links: int, seed: int = SEED) -> GeneratedBoard:
    rng = random.Random(seed)
    side = max(1, int(cards**0.5))
    attachments: list[tuple[Attachment, bytes]] = []
    for i in range(min(20, cards // 50)):
        data = f"attachment {i} ".encode() * rng.randint(50, 500)
        sha = sha256_hex(data)
        attachments.append((Attachment(sha, f"file-{i}.txt", "text/plain", len(data), _AT), data))
    made: list[Card] = []
    kinds = (CardKind.ARTICLE, CardKind.ARTICLE, CardKind.CLAIM, CardKind.DOCUMENT, CardKind.NOTE)
    for i in range(cards):
        kind = kinds[i % len(kinds)]
        x = (i % side) * 300.0 + rng.uniform(-30, 30)
        y = (i // side) * 200.0 + rng.uniform(-30, 30)
        values: dict[str, Any] = {"tags": rng.sample(("key", "media", "unverified", "osint"), 1)}
        if kind is CardKind.ARTICLE:
            values.update(
                outlet=rng.choice(_OUTLETS),
                body=_text(rng, 120),
                published=f"2024-{rng.randint(1, 12):02d}",
            )
        elif kind is CardKind.CLAIM:
            values.update(
                statement=_text(rng, 25),
                attributed_to=rng.choice(_OUTLETS),
                is_hypothesis=rng.random() < 0.01,
            )
        elif kind is CardKind.DOCUMENT:
            values.update(extracted_text=_text(rng, 200), origin="field collection")
            if attachments and rng.random() < 0.05:
                values["attachment"] = rng.choice(attachments)[0].sha256
        else:
            values["text"] = _text(rng, 40)
        if kind is not CardKind.NOTE and rng.random() < 0.8:
            values["grading"] = parse_grade(rng.choice("ABCDEF") + rng.choice("123456"))
        made.append(make_card(kind, _text(rng, 6)[:-1], "bench", x=x, y=y, at=_AT, **values))
    seen: set[tuple[int, int]] = set()
    made_links: list[Link] = []
    offsets = (1, -1, 2, side, -side, side + 1, side - 1, 2 * side)
    while len(made_links) < links:
        a = rng.randrange(cards)
        b = a + rng.choice(offsets) if rng.random() < 0.99 else rng.randrange(cards)
        if not (0 <= b < cards) or a == b or (a, b) in seen or (b, a) in seen:
            continue
        seen.add((a, b))
        source, target = made[a], made[b]
        if source.kind is CardKind.ARTICLE and target.kind is CardKind.ARTICLE:
            link_kind = LinkKind.DERIVED_FROM
        elif target.kind is CardKind.CLAIM:
            link_kind = LinkKind.CONTRADICTS if rng.random() < 0.2 else LinkKind.CORROBORATES
        else:
            link_kind = LinkKind.RELATED
        made_links.append(
            make_link(
                source.id,
                target.id,
                link_kind,
                "bench",
                at=_AT,
                strength=rng.choice(tuple(Strength)),
            )
        )
    return GeneratedBoard(tuple(made), tuple(made_links), tuple(attachments))
