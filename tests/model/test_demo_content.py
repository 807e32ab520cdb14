"""The demo board's content is pinned: every card, link and detail, in order.

The demo is what a first-time user meets and what many tests build on, so a change to
how it is built (code or data file) must not move a card, drop a quote or regrade a
source by accident. ``data/demo_board.json`` is the whole demo in a plain form; a
deliberate change to the demo updates it in the same commit.
"""

import json
from dataclasses import asdict
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

from evidenceboard.demo import build_demo, demo_article_text, demo_id

PINNED = Path(__file__).with_name("data") / "demo_board.json"


def _plain(value: Any) -> Any:
    """JSON-ready: enums by value, times in ISO 8601, tuples as lists."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def demo_content() -> dict[str, Any]:
    info, change = build_demo()
    return _plain(
        {
            "info": asdict(info),
            "cards": [
                {"content_type": type(card.content).__name__, **asdict(card)}
                for card in change.cards
            ],
            "links": [asdict(link) for link in change.links],
            "allow_duplicates": change.allow_duplicates,
        }
    )


def test_demo_board_is_the_pinned_one() -> None:
    assert demo_content() == json.loads(PINNED.read_text(encoding="utf-8"))


def test_pinned_demo_has_the_article_and_the_fixed_ids() -> None:
    content = demo_content()
    assert content["info"]["id"] == demo_id("board")
    article = content["cards"][0]
    assert article["id"] == demo_id("article")
    assert article["content"]["body"] == demo_article_text()
    assert len(content["cards"]) == 12
    assert len(content["links"]) == 14
