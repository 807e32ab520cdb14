"""A claim and the cards linked to it, laid out in columns for the brief's diagram.

A board too large to draw legibly on one page is drawn claim by claim: the evidence for
a claim on its left, the evidence against it on its right, and the other cards linked
to it (notes, related claims) beneath it. Every box has room for text of at least
:data:`~evidenceboard.export.brief.diagram.MIN_TEXT_POINTS`.
"""

from evidenceboard.export.brief.diagram import BoardDiagram, _Box
from evidenceboard.export.brief.styles import FRAME_WIDTH
from evidenceboard.model.board import Board
from evidenceboard.model.links import LinkKind

BOX_HEIGHT = 64.0
_COLUMN_GAP = 25.0
_ROW_GAP = 14.0
BOX_WIDTH = (FRAME_WIDTH - 2 * _COLUMN_GAP) / 3
#: Most cards drawn in one column of a neighbourhood; the rest are counted.
MAX_ROWS = 7


class Neighbourhood:
    """The layout of one claim's neighbourhood: which cards, where, and how many not drawn."""

    def __init__(self, board: Board, claim_id: str) -> None:
        left: list[str] = []
        right: list[str] = []
        below: list[str] = []
        for link in board.links_of(claim_id):
            other = link.source if link.target == claim_id else link.target
            if other == claim_id or other in left + right + below:
                continue
            if link.target == claim_id and link.kind is LinkKind.CORROBORATES:
                left.append(other)
            elif link.target == claim_id and link.kind is LinkKind.CONTRADICTS:
                right.append(other)
            else:
                below.append(other)
        self.left_out = sum(max(0, len(c) - MAX_ROWS) for c in (left, right, below))
        left, right, below = left[:MAX_ROWS], right[:MAX_ROWS], below[: MAX_ROWS - 1]
        rows = max(len(left), len(right), 1)
        step = BOX_HEIGHT + _ROW_GAP
        self.boxes: dict[str, _Box] = {}
        for column, ids in ((0, left), (2, right)):
            top = (rows - len(ids)) * step / 2
            for row, card_id in enumerate(ids):
                x = column * (BOX_WIDTH + _COLUMN_GAP)
                self.boxes[card_id] = _Box(x, top + row * step, BOX_WIDTH, BOX_HEIGHT)
        middle = BOX_WIDTH + _COLUMN_GAP
        claim_top = (rows - 1) * step / 2
        self.boxes[claim_id] = _Box(middle, claim_top, BOX_WIDTH, BOX_HEIGHT)
        for row, card_id in enumerate(below, start=1):
            self.boxes[card_id] = _Box(middle, claim_top + row * step, BOX_WIDTH, BOX_HEIGHT)
        self.card_ids = [claim_id, *left, *right, *below]

    def diagram(self, board: Board, labels: dict[str, str]) -> BoardDiagram:
        return BoardDiagram(board, self.card_ids, labels, self.boxes)
