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

import pytest

from evidenceboard import demo
from evidenceboard.demo import DEMO_DATA, build_demo, demo_article_text, demo_id
from evidenceboard.model.errors import InvalidValueError
from evidenceboard.resources_path import resource

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
    content: dict[str, Any] = _plain(
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
    return content


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


def test_a_slip_in_the_data_file_fails_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = json.loads(resource("demo", DEMO_DATA).read_text(encoding="utf-8"))
    data["cards"][3]["feilds"] = data["cards"][3].pop("fields")
    slipped = tmp_path / DEMO_DATA
    slipped.write_text(json.dumps(data), encoding="utf-8")

    def fake_resource(*parts: str) -> Path:
        return slipped if parts == ("demo", DEMO_DATA) else resource(*parts)

    monkeypatch.setattr(demo, "resource", fake_resource)
    with pytest.raises(InvalidValueError, match="feilds"):
        build_demo()
