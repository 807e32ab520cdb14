"""The share dialog counts what a chosen marking leaves out with the copy's own order."""

from evidenceboard.model import AddCards, Board, BoardInfo, CardKind, LinkKind
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.ui.features.sharing.share_dialog import left_out


def test_choosing_a_marking_counts_the_cards_marked_above_it() -> None:
    board = Board(BoardInfo())
    claim = make_card(CardKind.CLAIM, "Claim", "t", statement="s", handling="OFFICIAL")
    secret = make_card(CardKind.NOTE, "S", "t", text="s", handling="SECRET")
    top = make_card(CardKind.NOTE, "TS", "t", text="t", handling="TOP SECRET")
    link = make_link(top.id, claim.id, LinkKind.RELATED, "t")
    board.apply(AddCards((claim, secret, top), (link,)))
    assert left_out(board, [], ["SECRET"]) == (2, 1)
    assert left_out(board, [], ["TOP SECRET"]) == (1, 1)
    assert left_out(board, [], ["OFFICIAL"]) == (3, 1)
