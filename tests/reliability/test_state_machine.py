"""Random sequences of edits, undo, redo, reopen and merge: the file always matches memory.

A hypothesis state machine drives :meth:`BoardDocument.apply` the way the window does
(undo = apply the inverse of the last change, with an undo and a redo stack) and after
every step reopens the file read-only and compares it with the board in memory.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from evidenceboard.model import AddAttachment, AddCards, CardKind
from evidenceboard.model.attachments import Attachment, sha256_hex
from evidenceboard.model.cards import Geometry
from evidenceboard.model.changes import AddLinks, Change, EditCards, MoveCards, RemoveLinks
from evidenceboard.model.clock import utc_now
from evidenceboard.model.errors import ChangeError
from evidenceboard.model.factory import edited_card, make_card, make_link
from evidenceboard.model.links import LinkKind
from evidenceboard.model.merge import plan_merge
from evidenceboard.storage import BoardDocument, create_board, open_board
from tests.reliability.helpers import file_state, record, state

STEPS = 20
EXAMPLES = 30

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
coords = st.floats(min_value=-5000, max_value=5000, allow_nan=False)


class BoardMachine(RuleBasedStateMachine):
    """One board file, edited at random through the document."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="evb-sm-"))
        self.path = self.folder / "machine.evboard"
        self.doc: BoardDocument = create_board(self.path, author="machine")
        self.undo: list[Change] = []
        self.redo: list[Change] = []
        self.steps = 0

    @initialize()
    def start(self) -> None:
        self.steps = 0

    def _do(self, change: Change) -> None:
        self.doc.apply(change)
        self.undo.append(change)
        self.redo.clear()

    def _ids(self) -> list[str]:
        return sorted(self.doc.board.cards)

    @rule(title=texts, text=texts, x=coords, y=coords)
    def add_card(self, title: str, text: str, x: float, y: float) -> None:
        self._do(AddCards((make_card(CardKind.NOTE, title, "machine", x=x, y=y, text=text),)))

    @precondition(lambda self: self.doc.board.cards)
    @rule(pick=st.integers(min_value=0), title=texts)
    def edit_card(self, pick: int, title: str) -> None:
        ids = self._ids()
        card = self.doc.board.cards[ids[pick % len(ids)]]
        edited = edited_card(card, "machine", title=title)
        if edited is not card:
            self._do(EditCards(((card, edited),)))

    @precondition(lambda self: self.doc.board.cards)
    @rule(pick=st.integers(min_value=0), x=coords, y=coords)
    def move_card(self, pick: int, x: float, y: float) -> None:
        ids = self._ids()
        card = self.doc.board.cards[ids[pick % len(ids)]]
        g = card.geometry
        new = Geometry(x, y, g.width, g.height)
        if new != g:
            self._do(MoveCards(((card.id, g, new),)))

    @precondition(lambda self: self.doc.board.cards)
    @rule(pick=st.integers(min_value=0))
    def delete_card(self, pick: int) -> None:
        ids = self._ids()
        self._do(self.doc.board.removal_of([ids[pick % len(ids)]]))

    @precondition(lambda self: len(self.doc.board.cards) >= 2)
    @rule(a=st.integers(min_value=0), b=st.integers(min_value=0), kind=st.sampled_from(LinkKind))
    def link(self, a: int, b: int, kind: LinkKind) -> None:
        ids = self._ids()
        source, target = ids[a % len(ids)], ids[b % len(ids)]
        if source == target:
            return
        change = AddLinks((make_link(source, target, kind, "machine"),))
        twin = any(
            x.source == source and x.target == target and x.kind is kind
            for x in self.doc.board.links.values()
        )
        if not twin:
            self._do(change)
            return
        # A second link with the same ends and kind would count one piece of evidence
        # twice: it is refused, and the refusal changes nothing, in memory or on disk.
        before = dict(self.doc.board.links)
        with pytest.raises(ChangeError, match="already"):
            self.doc.apply(change)
        assert self.doc.board.links == before

    @precondition(lambda self: self.doc.board.links)
    @rule(pick=st.integers(min_value=0))
    def unlink(self, pick: int) -> None:
        links = sorted(self.doc.board.links)
        self._do(RemoveLinks((self.doc.board.links[links[pick % len(links)]],)))

    @rule(data=st.binary(min_size=1, max_size=2000), name=texts)
    def attach_document(self, data: bytes, name: str) -> None:
        sha = sha256_hex(data)
        if sha in self.doc.board.attachments:
            return
        attachment = Attachment(sha, name, "application/octet-stream", len(data), utc_now())
        card = make_card(CardKind.DOCUMENT, name, "machine", attachment=sha)
        self._do(AddAttachment(attachment, data))
        self._do(AddCards((card,)))

    @precondition(lambda self: self.undo)
    @rule()
    def undo_last(self) -> None:
        change = self.undo.pop()
        self.doc.apply(change.inverted())
        self.redo.append(change)

    @precondition(lambda self: self.redo)
    @rule()
    def redo_last(self) -> None:
        change = self.redo.pop()
        self.doc.apply(change)
        self.undo.append(change)

    @rule()
    def close_and_reopen(self) -> None:
        # The undo history lives in the window; it survives a reopen of the same file.
        self.doc.close()
        self.doc = open_board(self.path, author="machine")

    @rule(title=texts)
    def merge_a_colleagues_copy(self, title: str) -> None:
        copy = self.folder / "colleague.evboard"
        copy.unlink(missing_ok=True)
        # The colleague's copy: this board's file, with one card of their own added.
        shutil.copyfile(self.path, copy)
        with open_board(copy, author="colleague") as theirs:
            theirs.apply(AddCards((make_card(CardKind.CLAIM, title, "colleague"),)))
            plan = plan_merge(
                self.doc.board,
                theirs.board,
                "machine",
                mine_history=self.doc.change_log(),
                theirs_history=theirs.change_log(),
            )
            # Only their new card differs, and my history is theirs up to the copy.
            assert plan.conflicts == () and plan.updated_cards == ()
            data = {sha: theirs.attachment_data(sha) for sha in plan.fetch}
        if not plan.is_empty:
            self._do(plan.change(data))

    @invariant()
    def file_matches_memory(self) -> None:
        self.steps += 1
        assert file_state(self.path) == state(self.doc.board)

    def teardown(self) -> None:
        assert self.doc.integrity_report() == []
        record("state-machine steps checked against the file", self.steps)
        self.doc.close()
        shutil.rmtree(self.folder, ignore_errors=True)


BoardMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("EVIDENCEBOARD_SM_EXAMPLES", EXAMPLES)),
    stateful_step_count=STEPS,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestBoardMachine = BoardMachine.TestCase
