"""The change that sets or clears an analyst's mark on one cell of the ACH matrix.

Kept apart from :mod:`evidenceboard.model.changes` because it is the only change about
the analysis rather than the board's items; it follows the same rules: it checks
itself against the board, inverts by swapping before and after, and says what it does.
"""

from dataclasses import dataclass

from evidenceboard.model.board import Board
from evidenceboard.model.changes import Change
from evidenceboard.model.errors import ChangeError
from evidenceboard.model.judgement import AchMark, CellMark

_MARK_WORDS = {
    CellMark.CONSISTENT: "consistent",
    CellMark.INCONSISTENT: "inconsistent",
    CellMark.NEUTRAL: "neutral",
    CellMark.NOT_APPLICABLE: "not applicable",
}


def _short(title: str, limit: int = 30) -> str:
    return f"“{title if len(title) <= limit else title[: limit - 1] + '…'}”"


@dataclass(frozen=True)
class SetAchMark(Change):
    """Set (``after``), change or clear (``after`` None) the mark of one cell."""

    key: tuple[str, str]
    before: AchMark | None
    after: AchMark | None

    def check(self, board: Board) -> None:
        for mark in (self.before, self.after):
            if mark is not None and mark.key != self.key:
                raise ChangeError("An ACH mark belongs to the cell it names.")
        if board.ach_marks.get(self.key) != self.before:
            raise ChangeError("The cell's mark changed meanwhile; the mark was not set.")
        if self.after is not None:
            evidence, hypothesis = self.key
            if evidence not in board.cards or hypothesis not in board.cards:
                raise ChangeError("A marked card is no longer on the board.")

    def _mutate(self, board: Board) -> None:
        board._put_mark(self.key, self.after)

    def inverted(self) -> "SetAchMark":
        return SetAchMark(self.key, self.after, self.before)

    def describe(self, board: Board) -> str:
        evidence, hypothesis = (board.cards.get(i) for i in self.key)
        cell = (
            f"{_short(evidence.display_title) if evidence else '?'} against "
            f"{_short(hypothesis.display_title) if hypothesis else '?'}"
        )
        if self.after is None:
            return f"Clear the mark of {cell}"
        return f"Mark {cell} {_MARK_WORDS[self.after.consistency]}"

    def is_empty(self) -> bool:
        return self.before == self.after
