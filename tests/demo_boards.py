"""The demo board in memory, for tests of any layer that need no file."""

from evidenceboard.demo import build_demo
from evidenceboard.model.board import Board


def demo_board_in_memory() -> Board:
    """A fresh in-memory board holding the demo's cards and links."""
    info, change = build_demo()
    board = Board(info)
    board.apply(change)
    return board
