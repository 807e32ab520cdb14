"""The outline follows edits row by row, and ends up as a list built afresh would be."""

import random
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from evidenceboard.model.board import Board
from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddCards, EditCards
from evidenceboard.model.factory import edited_card, make_card
from evidenceboard.ui.board.scene.board_scene import BoardScene
from evidenceboard.ui.common.theme import LIGHT
from evidenceboard.ui.window.panels.outline import Outline
from tests.demo_boards import demo_board_in_memory

Listing = list[tuple[str, list[str]]]


@pytest.fixture
def board() -> Board:
    return demo_board_in_memory()


@pytest.fixture
def outline(qtbot: QtBot, board: Board) -> Iterator[Outline]:
    scene = BoardScene(board, LIGHT)
    widget = Outline(board, scene, lambda _card_id: None)
    qtbot.addWidget(widget)
    yield widget
    widget.detach()
    scene.detach()


def _listing(outline: Outline) -> Listing:
    tree = outline.tree
    listing = []
    for g in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(g)
        assert group is not None
        rows = [group.child(r) for r in range(group.childCount())]
        listing.append((group.text(0), [row.text(0) for row in rows if row is not None]))
    return listing


def _fresh(outline: Outline, board: Board, qtbot: QtBot) -> Listing:
    """What an outline built now, with the same filter, lists."""
    scene = BoardScene(board, LIGHT)
    other = Outline(board, scene, lambda _card_id: None)
    other.filter.setText(outline.filter.text())
    other.kind.setCurrentIndex(outline.kind.currentIndex())
    listing = _listing(other)
    other.detach()
    # The outline (no parent: Python owns it) goes before the scene it listens to.
    del other
    scene.detach()
    return listing


def _row(outline: Outline, card_id: str) -> object:
    for g in range(outline.tree.topLevelItemCount()):
        group = outline.tree.topLevelItem(g)
        assert group is not None
        for r in range(group.childCount()):
            row = group.child(r)
            if row is not None and row.data(0, Qt.ItemDataRole.UserRole) == card_id:
                return row
    return None


def test_a_rename_moves_one_row_and_keeps_the_others(outline: Outline, board: Board) -> None:
    claims = sorted(
        (c for c in board.cards.values() if c.kind is CardKind.CLAIM),
        key=lambda c: c.display_title.lower(),
    )
    others = {c.id: _row(outline, c.id) for c in claims[1:]}
    first = claims[0]
    board.apply(EditCards(((first, edited_card(first, "tester", title="Zz last claim")),)))
    listing = dict(_listing(outline))
    assert listing["Claims (6)"][-1] == "Zz last claim"
    # The other rows are the same rows, not a list built again.
    assert all(_row(outline, card_id) is row for card_id, row in others.items())


def test_adds_and_removals_update_rows_counts_and_headings(
    outline: Outline, board: Board, qtbot: QtBot
) -> None:
    note = next(c for c in board.cards.values() if c.kind is CardKind.NOTE)
    board.apply(board.removal_of([note.id]))
    assert [heading for heading, _rows in _listing(outline)] == [
        "Claims (6)",
        "Articles (3)",
        "Documents (2)",
        "People (2)",
        "Organisations (3)",
        "Places (2)",
        "Events (2)",
    ]
    added = make_card(CardKind.NOTE, "A new note", "tester")
    board.apply(AddCards((added,)))
    # The group comes back in its place, before the entities.
    assert _listing(outline)[3] == ("Notes (1)", ["A new note"])
    assert _listing(outline) == _fresh(outline, board, qtbot)


def test_random_edits_under_a_filter_end_as_a_fresh_list(
    outline: Outline, board: Board, qtbot: QtBot
) -> None:
    rng = random.Random(5)
    outline.filter.setText("assad")
    words = ["Assad", "report", "convoy", "Tass", "border", "assad again"]
    for step in range(60):
        cards = list(board.cards.values())
        action = rng.random()
        if action < 0.5 and cards:
            card = rng.choice(cards)
            title = f"{rng.choice(words)} {step}"
            board.apply(EditCards(((card, edited_card(card, "tester", title=title)),)))
        elif action < 0.8:
            kind = rng.choice(list(CardKind))
            board.apply(AddCards((make_card(kind, f"{rng.choice(words)} {step}", "tester"),)))
        elif cards:
            card = rng.choice(cards)
            board.apply(board.removal_of([card.id]))
        if step % 10 == 9:
            assert _listing(outline) == _fresh(outline, board, qtbot), step
    outline.kind.setCurrentIndex(2)
    board.apply(AddCards((make_card(CardKind.CLAIM, "Assad claim, filtered out", "tester"),)))
    assert _listing(outline) == _fresh(outline, board, qtbot)


def test_the_rows_selected_follow_the_canvas_and_the_list(outline: Outline, board: Board) -> None:
    scene = outline._scene
    ids = sorted(board.cards)
    first, second = _row(outline, ids[0]), _row(outline, ids[1])
    # The user picks a row, then a card on the canvas: only that card's row stays.
    first.setSelected(True)  # type: ignore[attr-defined]
    assert scene.selected_card_ids() == [ids[0]]
    scene.select_only([ids[1]])
    assert [r.data(0, Qt.ItemDataRole.UserRole) for r in outline.tree.selectedItems()] == [ids[1]]
    assert second.isSelected()  # type: ignore[attr-defined]
    # Renaming one of two selected cards keeps both selected, here and on the canvas.
    scene.select_only([ids[0], ids[1]])
    card = board.cards[ids[0]]
    board.apply(EditCards(((card, edited_card(card, "tester", title="Renamed")),)))
    assert sorted(scene.selected_card_ids()) == sorted(ids[:2])
    selected = sorted(r.data(0, Qt.ItemDataRole.UserRole) for r in outline.tree.selectedItems())
    assert selected == sorted(ids[:2])


def _row_heights(outline: Outline) -> list[int]:
    tree = outline.tree
    heights = []
    for g in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(g)
        assert group is not None
        heights.append(tree.visualItemRect(group).height())
        rows = [group.child(r) for r in range(group.childCount())]
        heights += [tree.visualItemRect(row).height() for row in rows if row is not None]
    return heights


def test_rows_keep_one_roomy_height_through_edits(outline: Outline, board: Board) -> None:
    outline.resize(320, 600)
    outline.show()
    before = _row_heights(outline)
    text_height = outline.tree.fontMetrics().height()
    assert len(set(before)) == 1 and before[0] >= text_height + 4
    card = next(iter(board.cards.values()))
    board.apply(EditCards(((card, edited_card(card, "ana", title="A retitled card")),)))
    board.apply(AddCards((make_card(CardKind.NOTE, "A new note", "ana"),)))
    after = _row_heights(outline)
    assert len(after) == len(before) + 1
    assert set(after) == set(before)
