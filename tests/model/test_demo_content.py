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
from tests.demo_boards import demo_board_in_memory

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
    assert len(content["cards"]) == 21
    assert len(content["links"]) == 25


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


def test_the_demo_names_the_article_s_entities() -> None:
    from evidenceboard.model.cards import CardKind, EventContent

    board = demo_board_in_memory()
    names = {c.title: c for c in board.cards.values() if c.kind.is_entity}
    assert {"Abdulkadir Selvi", "Hurriyet", "Tass", "Khmeimim airbase", "Doha talks"} <= set(names)
    assert names["Doha talks"].kind is CardKind.EVENT
    flight = names["Assad's flight to Moscow"].content
    assert isinstance(flight, EventContent)
    assert names["Khmeimim airbase"].id in flight.involved
    words = {
        (board.cards[x.source].title, x.label, board.cards[x.target].title)
        for x in board.links.values()
        if x.label
    }
    assert ("Abdulkadir Selvi", "columnist at", "Hurriyet") in words
    # Entities are linked to the reports and claims, never as their evidence.
    assert all(
        x.kind.value == "related"
        for x in board.links.values()
        if board.cards[x.source].kind.is_entity or board.cards[x.target].kind.is_entity
    )
