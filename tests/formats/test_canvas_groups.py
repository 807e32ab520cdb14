"""Canvas groups become tags exactly as checking every card against every group would."""

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidenceboard.formats import canvas_groups
from evidenceboard.formats.canvas import canvas_to_board
from evidenceboard.model.cancel import Cancelled
from evidenceboard.model.cards import CardKind, normalize_tags
from evidenceboard.model.errors import InvalidValueError

Box = tuple[float, float, float, float]
# Sizes within the card limits, so neither cards nor groups are resized on reading.
_coordinate = st.integers(-400, 400).map(float) | st.floats(-400, 400)
_size = st.integers(60, 700).map(float) | st.floats(60, 700)
_box = st.tuples(_coordinate, _coordinate, _size, _size)
_label = st.sampled_from(["a", "b", " c ", "d\x07", "", "\x01", "group"])


def _node(kind: str, index: int, box: Box) -> dict[str, Any]:
    x, y, width, height = box
    return {"id": f"{kind}{index}", "type": kind, "x": x, "y": y, "width": width, "height": height}


def _every_pair(cards: list[Box], groups: list[tuple[Box, str]]) -> dict[str, tuple[str, ...]]:
    """The tags as the old loop gave them: each group against each card, in file order."""
    tags: dict[str, tuple[str, ...]] = {f"card {i}": () for i in range(len(cards))}
    for (gx, gy, gw, gh), label in groups:
        if not label.strip():
            continue
        for index, (x, y, w, h) in enumerate(cards):
            if x >= gx and y >= gy and x + w <= gx + gw and y + h <= gy + gh:
                name = f"card {index}"
                tags[name] = normalize_tags((*tags[name], label.strip()))
    return tags


def _canvas(cards: list[Box], groups: list[tuple[Box, str]]) -> dict[str, Any]:
    nodes = [_node("text", i, box) | {"text": f"card {i}"} for i, box in enumerate(cards)]
    nodes += [_node("group", i, box) | {"label": label} for i, (box, label) in enumerate(groups)]
    return {"nodes": nodes, "edges": []}


@settings(max_examples=200, deadline=None)
@given(cards=st.lists(_box, max_size=30), groups=st.lists(st.tuples(_box, _label), max_size=30))
def test_group_tags_match_checking_every_pair(
    cards: list[Box], groups: list[tuple[Box, str]]
) -> None:
    board = canvas_to_board(_canvas(cards, groups), "ana")
    held = [c for c in board.cards.values() if c.kind is not CardKind.FRAME]
    assert {card.text: card.tags for card in held} == _every_pair(cards, groups)


def test_groups_add_their_labels_after_a_cards_own_tags() -> None:
    boxes = [(0.0, 0.0, 100.0, 100.0)]
    canvas = _canvas(
        boxes, [((-10.0, -10.0, 200.0, 200.0), "outer"), ((-5.0, -5.0, 150.0, 150.0), "inner")]
    )
    board = canvas_to_board(canvas, "ana")
    [card] = (c for c in board.cards.values() if c.kind is not CardKind.FRAME)
    assert card.tags == ("outer", "inner")


# Three cards inside two groups that both hold all of them: six checks, six tags.
_THREE_CARDS: list[Box] = [(i * 10.0, 0.0, 60.0, 60.0) for i in range(3)]
_AROUND_THEM: Box = (-1.0, -1.0, 200.0, 200.0)


def test_groups_looking_at_too_many_cards_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(canvas_groups, "MAX_CANDIDATES", 5)
    canvas = _canvas(_THREE_CARDS, [(_AROUND_THEM, f"g{i}") for i in range(2)])
    with pytest.raises(InvalidValueError, match="more than 5 card-in-group checks"):
        canvas_to_board(canvas, "ana")


def test_groups_adding_too_many_tags_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(canvas_groups, "MAX_GROUP_TAGS", 5)
    canvas = _canvas(_THREE_CARDS, [(_AROUND_THEM, f"g{i}") for i in range(2)])
    with pytest.raises(InvalidValueError, match="more than 5 tags"):
        canvas_to_board(canvas, "ana")
    # The same groups under one label add one tag per card, well within the cap.
    same = _canvas(_THREE_CARDS, [(_AROUND_THEM, "g") for _ in range(4)])
    read = canvas_to_board(same, "ana").cards.values()
    assert {c.tags for c in read if c.kind is not CardKind.FRAME} == {("g",)}


def test_reading_a_canvas_stops_when_cancelled() -> None:
    boxes: list[Box] = [(i * 100.0, 0.0, 60.0, 60.0) for i in range(2_000)]
    with pytest.raises(Cancelled):
        canvas_to_board(_canvas(boxes, []), "ana", lambda: True)
