"""The Change path: apply, invert, check, describe, on an in-memory board."""

from dataclasses import replace

import pytest

from evidenceboard.demo import demo_id
from evidenceboard.model import (
    AddCards,
    AddLinks,
    Batch,
    Board,
    CardKind,
    ChangeError,
    EditCards,
    EditLink,
    LinkKind,
    MoveCards,
    RemoveLinks,
)
from evidenceboard.model.cards import Geometry
from evidenceboard.model.factory import edited_card, edited_link, make_card, make_link
from tests.demo_boards import demo_board_in_memory


def test_demo_board_has_cards_links_and_a_derived_from_chain() -> None:
    board = demo_board_in_memory()
    assert len(board.cards) == 21
    tass_links = board.links_of(demo_id("tass"))
    assert any(
        link.kind is LinkKind.DERIVED_FROM and link.target == demo_id("hurriyet")
        for link in tass_links
    )
    assert any(link.kind is LinkKind.CONTRADICTS for link in board.links.values())


def test_add_then_invert_restores_the_board() -> None:
    board = Board()
    a = make_card(CardKind.CLAIM, "A", "ana", statement="A")
    b = make_card(CardKind.ARTICLE, "B", "ana")
    link = make_link(b.id, a.id, LinkKind.CORROBORATES, "ana")
    change = AddCards((a, b), (link,))
    board.apply(change)
    assert set(board.cards) == {a.id, b.id}
    assert board.links_of(a.id) == [link]
    board.apply(change.inverted())
    assert not board.cards and not board.links


def test_removal_captures_every_link_and_undo_restores_the_same_ids() -> None:
    board = demo_board_in_memory()
    hurriyet = demo_id("hurriyet")
    before_links = {link.id for link in board.links_of(hurriyet)}
    removal = board.removal_of([hurriyet])
    assert {link.id for link in removal.links} == before_links
    board.apply(removal)
    assert hurriyet not in board.cards
    assert not before_links & set(board.links)
    board.apply(removal.inverted())
    assert hurriyet in board.cards
    assert before_links <= set(board.links)


def test_remove_without_its_links_is_refused_and_changes_nothing() -> None:
    board = demo_board_in_memory()
    hurriyet = board.cards[demo_id("hurriyet")]
    from evidenceboard.model import RemoveCards

    with pytest.raises(ChangeError):
        board.apply(RemoveCards((hurriyet,), ()))
    assert hurriyet.id in board.cards


def test_edit_checks_the_card_has_not_changed_meanwhile() -> None:
    board = demo_board_in_memory()
    card = board.cards[demo_id("claim-deal")]
    first = edited_card(card, "ana", title="First")
    second = edited_card(card, "bo", title="Second")
    board.apply(EditCards(((card, first),)))
    with pytest.raises(ChangeError):
        board.apply(EditCards(((card, second),)))
    assert board.cards[card.id].title == "First"
    assert board.cards[card.id].modified_by == "ana"


def test_edited_card_without_difference_is_the_same_object() -> None:
    card = make_card(CardKind.NOTE, "", "ana", text="hello")
    assert edited_card(card, "bo", text="hello") is card


def test_move_is_described_and_inverted() -> None:
    board = demo_board_in_memory()
    ids = [demo_id("tass"), demo_id("hurriyet"), demo_id("note")]
    moves = tuple(
        (i, board.cards[i].geometry, board.cards[i].geometry.moved_to(0.0, float(n) * 300))
        for n, i in enumerate(ids)
    )
    change = MoveCards(moves)
    assert change.describe(board) == "Move 3 cards"
    board.apply(change)
    assert board.cards[ids[2]].geometry.y == 600.0
    board.apply(change.inverted())
    assert board.cards[ids[0]].geometry == moves[0][1]


def test_resize_is_described_as_resize() -> None:
    board = demo_board_in_memory()
    card = board.cards[demo_id("note")]
    bigger = Geometry(card.geometry.x, card.geometry.y, 400.0, 300.0)
    change = MoveCards(((card.id, card.geometry, bigger),))
    assert change.describe(board).startswith("Resize note")


def test_link_description_names_both_cards_and_the_kind() -> None:
    board = demo_board_in_memory()
    link = make_link(demo_id("note"), demo_id("claim-deal"), LinkKind.CONTRADICTS, "ana")
    text = AddLinks((link,)).describe(board)
    assert text.startswith("Link “Analyst note")
    assert text.endswith("(contradicts)")


def test_link_to_a_missing_card_is_refused() -> None:
    board = demo_board_in_memory()
    stray = make_card(CardKind.NOTE, "x", "ana")
    link = make_link(stray.id, demo_id("claim-deal"), LinkKind.RELATED, "ana")
    with pytest.raises(ChangeError):
        board.apply(AddLinks((link,)))


def test_a_batch_applies_whole_or_not_at_all() -> None:
    board = demo_board_in_memory()
    good = make_card(CardKind.NOTE, "good", "ana", text="good")
    stray = make_card(CardKind.NOTE, "stray", "ana")
    bad_link = make_link(stray.id, good.id, LinkKind.RELATED, "ana")
    batch = Batch((AddCards((good,)), AddLinks((bad_link,))), "Import")
    with pytest.raises(ChangeError):
        board.apply(batch)
    assert good.id not in board.cards
    ok = Batch((AddCards((good,)),), "Import")
    board.apply(ok)
    board.apply(ok.inverted())
    assert good.id not in board.cards


def test_link_edit_and_removal_round_trip() -> None:
    board = demo_board_in_memory()
    link = board.links[demo_id("l-tass-deal")]
    edited = edited_link(link, "ana", rationale="Only repeats Hurriyet.")
    board.apply(EditLink(link, edited))
    assert board.links[link.id].rationale == "Only repeats Hurriyet."
    board.apply(RemoveLinks((edited,)))
    assert link.id not in board.links
    board.apply(RemoveLinks((edited,)).inverted())
    assert board.links[link.id] == edited


def test_signals_report_each_kind_of_change() -> None:
    board = Board()
    seen: list[str] = []
    board.cards_added.connect(lambda cards: seen.append(f"added {len(cards)}"))
    board.cards_changed.connect(lambda cards: seen.append(f"changed {len(cards)}"))
    board.cards_removed.connect(lambda ids: seen.append(f"removed {len(ids)}"))
    card = make_card(CardKind.NOTE, "n", "ana")
    board.apply(AddCards((card,)))
    moved = replace(card, geometry=card.geometry.moved_to(10, 10))
    board.apply(MoveCards(((card.id, card.geometry, moved.geometry),)))
    board.apply(board.removal_of([card.id]))
    assert seen == ["added 1", "changed 1", "removed 1"]


def test_resolve_id_accepts_unique_prefixes_only() -> None:
    board = demo_board_in_memory()
    full = demo_id("tass")
    assert board.resolve_id(full[:10]) == full
    with pytest.raises(ChangeError):
        board.resolve_id("")
    with pytest.raises(ChangeError):
        board.resolve_id("zzzz")


def test_a_scratch_copy_takes_changes_without_touching_the_board() -> None:
    board = demo_board_in_memory()
    card_id = max(board.cards, key=lambda i: len(board.links_of(i)))
    links_before = board.links_of(card_id)
    copy = board.scratch_copy()
    assert copy.cards == board.cards and copy.links == board.links
    assert copy.links_of(card_id) == links_before
    removed: list[object] = []
    copy.cards_removed.connect(removed.append)
    board_removed: list[object] = []
    board.cards_removed.connect(board_removed.append)
    copy.apply(copy.removal_of([card_id]))
    assert card_id not in copy.cards and copy.links_of(card_id) == []
    assert removed and not board_removed
    assert card_id in board.cards and board.links_of(card_id) == links_before
    neighbour = (
        links_before[0].target if links_before[0].source == card_id else links_before[0].source
    )
    assert all(link.id not in {x.id for x in links_before} for link in copy.links_of(neighbour))
    assert links_before[0] in board.links_of(neighbour)
