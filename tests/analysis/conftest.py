"""Hand-built boards for the analysis tests: cards and links by short names."""

from typing import Any

import pytest

from evidenceboard.model.board import Board
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.changes import AddCards, AddLinks
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.grading import parse_grade
from evidenceboard.model.links import Link, LinkKind, Strength


class BoardBuilder:
    """Builds a board card by card, naming items so tests can refer to them."""

    def __init__(self) -> None:
        self.board = Board()
        self.ids: dict[str, str] = {}

    def card(
        self, name: str, kind: CardKind = CardKind.ARTICLE, grade: str | None = "B2", **values: Any
    ) -> str:
        if grade is not None:
            values["grading"] = parse_grade(grade)
        x = float(len(self.ids) * 300)
        card = make_card(kind, values.pop("title", name), "tester", x=x, y=0.0, **values)
        self.board.apply(AddCards((card,)))
        self.ids[name] = card.id
        return card.id

    def claim(self, name: str, **values: Any) -> str:
        return self.card(name, CardKind.CLAIM, grade=None, **values)

    def link(
        self,
        source: str,
        target: str,
        kind: LinkKind,
        strength: Strength = Strength.MODERATE,
        **values: Any,
    ) -> str:
        values.setdefault("rationale", "because")
        link: Link = make_link(
            self.ids[source], self.ids[target], kind, "tester", strength=strength, **values
        )
        self.board.apply(AddLinks((link,)))
        return link.id

    def claim_backed_by(self, *grades: str | None) -> str:
        """A claim named "claim" corroborated by one report per grade, named r0, r1, ..."""
        claim = self.claim("claim")
        for index, grade in enumerate(grades):
            self.card(f"r{index}", grade=grade)
            self.link(f"r{index}", "claim", LinkKind.CORROBORATES)
        return claim

    def get(self, name: str) -> Card:
        return self.board.cards[self.ids[name]]


@pytest.fixture
def builder() -> BoardBuilder:
    return BoardBuilder()
