"""Publish, clone and sync against a real server: two laptops working on one case."""

from dataclasses import replace
from pathlib import Path

import psycopg
import pytest

from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddCards, EditBoard
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.links import End, LinkKind, LinkStyle, Side
from evidenceboard.model.merge import CONFLICT_TAG
from evidenceboard.storage.errors import BoardFileError
from evidenceboard.team.admin import grant
from evidenceboard.team.publish import clone
from evidenceboard.team.server import TeamError
from evidenceboard.team.sync import sync
from tests.team.conftest import TeamDb
from tests.team.helpers import (
    PDF,
    as_server_owner,
    card_titled,
    doubled_history,
    opened,
    retitle,
    retitle_and_sync,
)


def test_a_clone_holds_the_published_board(laptops: tuple[Path, Path]) -> None:
    a, b = laptops
    with opened(a, "alice") as one, opened(b, "bob") as two:
        assert set(one.board.cards) == set(two.board.cards)
        assert set(one.board.links) == set(two.board.links)
        assert one.board.cards == two.board.cards
        assert two.attachment_data(next(iter(two.board.attachments))) == PDF
        assert two.board.info.title == "Harbour deal"
        assert two.sync_state()["url"].startswith("postgresql://bob@")


def test_changes_travel_both_ways(laptops: tuple[Path, Path]) -> None:
    a, b = laptops
    with opened(a, "alice") as doc:
        retitle(doc, "Call the clerk", "Called the clerk")
        new = make_card(CardKind.NOTE, "From Alice", "alice", text="x")
        doc.apply(AddCards((new,)))
        report = sync(doc)
        assert report.pushed == 2
    with opened(b, "bob") as doc:
        report = sync(doc)
        assert (report.added, report.changed, report.conflicts) == (1, 1, [])
        latest = doc.history(limit=1)[0]
        assert latest["action"] == "Sync with the team server (changes by alice)"
        assert latest["author"] == "bob"
        card_titled(doc, "Called the clerk")
        card_titled(doc, "From Alice")
        doc.apply(doc.board.removal_of([card_titled(doc, "From Alice").id]))
        assert sync(doc).pushed == 1
    with opened(a, "alice") as doc:
        report = sync(doc)
        assert report.removed == 1
        assert all(c.title != "From Alice" for c in doc.board.cards.values())
        again = sync(doc)
        assert (again.added, again.changed, again.removed, again.pushed) == (0, 0, 0, 0)


def test_a_markdown_note_and_a_styled_line_travel_as_they_are(
    laptops: tuple[Path, Path],
) -> None:
    a, b = laptops
    note = make_card(CardKind.NOTE, "Hoje", "alice", text="# **Hoje**\n\n- um", markdown=True)
    with opened(a, "alice") as doc:
        other = card_titled(doc, "Call the clerk")
        style = LinkStyle(colour="#9b59b6", from_side=Side.LEFT, to_end=End.NONE)
        line = make_link(note.id, other.id, LinkKind.RELATED, "alice", style=style)
        doc.apply(AddCards((note,), (line,)))
        assert sync(doc).pushed == 2
    with opened(b, "bob") as doc:
        sync(doc)
        assert doc.board.cards[note.id].content == note.content
        assert doc.board.links[line.id].style == style


def test_edits_of_the_same_card_offline_become_a_conflict_like_merge(
    laptops: tuple[Path, Path],
) -> None:
    a, b = laptops
    with opened(a, "alice") as doc:
        retitle(doc, "Call the clerk", "Clerk: says yes")
    with opened(b, "bob") as doc:
        retitle(doc, "Call the clerk", "Clerk: says no")
    with opened(a, "alice") as doc:
        sync(doc)
    with opened(b, "bob") as doc:
        report = sync(doc)
        assert [c.kind for c in report.conflicts] == ["card"]
        copy = doc.board.cards[report.conflicts[0].copy_id or ""]
        assert CONFLICT_TAG in copy.tags
        assert copy.title.startswith("Clerk: says yes (their version, by alice)")
        card_titled(doc, "Clerk: says no")
    with opened(a, "alice") as doc:
        report = sync(doc)
        titles = {c.title for c in doc.board.cards.values()}
        assert "Clerk: says no" in titles
        assert "Clerk: says yes (their version, by alice)" in titles
        assert report.conflicts == []


def test_a_marking_raised_on_one_laptop_is_never_lowered_by_the_other(
    laptops: tuple[Path, Path],
) -> None:
    a, b = laptops
    for path, who, handling, description in (
        (a, "alice", "SECRET", "Alice's summary"),
        (b, "bob", "OFFICIAL", "Bob's summary"),
    ):
        with opened(path, who) as doc:
            info = doc.board.info
            doc.apply(EditBoard(info, replace(info, handling=handling, description=description)))
    with opened(a, "alice") as doc:
        sync(doc)
    with opened(b, "bob") as doc:
        report = sync(doc)
        assert [(c.kind, c.fields) for c in report.conflicts] == [
            ("board", ("description", "handling"))
        ]
        assert any("marking is now SECRET" in line for line in report.lines())
        assert doc.board.info.handling == "SECRET"
        assert doc.board.info.description == "Bob's summary"
    with opened(a, "alice") as doc:
        sync(doc)
        assert doc.board.info.handling == "SECRET"


def test_a_delete_on_one_side_and_an_edit_on_the_other_keeps_the_card(
    laptops: tuple[Path, Path],
) -> None:
    a, b = laptops
    with opened(a, "alice") as doc:
        doc.apply(doc.board.removal_of([card_titled(doc, "Call the clerk").id]))
        sync(doc)
    with opened(b, "bob") as doc:
        retitle(doc, "Call the clerk", "Clerk called back")
        report = sync(doc)
        assert len(report.kept) == 1
        card_titled(doc, "Clerk called back")
    with opened(a, "alice") as doc:
        sync(doc)
        card_titled(doc, "Clerk called back")


def test_an_edit_wins_over_a_delete_made_later_offline(laptops: tuple[Path, Path]) -> None:
    a, b = laptops
    retitle_and_sync(a, "alice", {"Memo": "Memo (signed)"})
    with opened(b, "bob") as doc:
        doc.apply(doc.board.removal_of([card_titled(doc, "Memo").id]))
        sync(doc)
        card_titled(doc, "Memo (signed)")


def test_attachments_move_once(laptops: tuple[Path, Path], team_db: TeamDb) -> None:

    with psycopg.connect(team_db.url("owner")) as conn:
        row = conn.execute("SELECT count(*) FROM evidenceboard.attachments").fetchone()
    assert row == (1,)


def test_clone_without_access_is_refused_and_leaves_no_file(
    laptops: tuple[Path, Path], team_db: TeamDb, tmp_path: Path
) -> None:
    out = tmp_path / "carol.evboard"
    with pytest.raises(TeamError, match="No case"):
        clone(team_db.url("carol"), "Harbour deal", out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alice.evboard", "bob.evboard"]
    with pytest.raises(BoardFileError):
        clone(team_db.url("bob"), "Harbour deal", laptops[1])


def test_a_shared_copy_of_a_working_copy_is_not_linked_to_the_server(
    laptops: tuple[Path, Path], tmp_path: Path
) -> None:
    from evidenceboard.storage.share import share_file

    share_file(laptops[1], tmp_path / "handed-on.evboard")
    with opened(tmp_path / "handed-on.evboard", "dan") as doc:
        assert doc.sync_state() == {}
        assert len(doc.board.cards) == 3
        with pytest.raises(TeamError, match="not linked"):
            sync(doc)


def _authors_of(path: Path, who: str) -> list[tuple[str, str]]:
    with opened(path, who) as doc:
        return [(r["author"], r["action"]) for r in reversed(doc.history(limit=1000))]


def test_each_copy_keeps_who_changed_what_on_the_others(
    laptops: tuple[Path, Path], team_db: TeamDb, tmp_path: Path
) -> None:
    a, b = laptops
    retitle_and_sync(a, "alice", {"Memo": "Memo, read by Alice"})
    with opened(b, "bob") as doc:
        sync(doc)
        retitle(doc, "Call the clerk", "Clerk, called by Bob")
        sync(doc)
    bob_sees = _authors_of(b, "bob")
    assert ("alice", "Rename") in bob_sees
    with opened(a, "alice") as doc:
        sync(doc)
    alice_sees = _authors_of(a, "alice")
    assert ("bob", "Rename") in alice_sees
    # Rows that went to the server and came back are not sent or kept twice.
    assert len([r for r in alice_sees if r == ("alice", "Rename")]) == 1
    assert doubled_history(team_db.url("owner")) == []
    grant(team_db.url("alice"), "carol", "Harbour deal")
    doc, _ = clone(team_db.url("carol"), "Harbour deal", tmp_path / "c.evboard", author="carol")
    doc.close()
    carol_sees = _authors_of(tmp_path / "c.evboard", "carol")
    assert ("alice", "Rename") in carol_sees and ("bob", "Rename") in carol_sees


def test_a_hostile_history_row_is_refused(laptops: tuple[Path, Path], team_db: TeamDb) -> None:
    a, b = laptops
    retitle_and_sync(a, "alice", {"Memo": "Memo v2"})
    as_server_owner(
        team_db.url("owner"),
        (
            "INSERT INTO evidenceboard.history SELECT id, head_rev, 999, "
            "'2026-01-01T00:00:00Z', 'mallory', 'Wipe', 'Virus', '[[[' FROM evidenceboard.cases"
        ),
    )
    with opened(b, "bob") as doc:
        report = sync(doc)
        assert any("history rows" in line for line in report.refused), report.refused
        assert "mallory" not in {r["author"] for r in doc.history(limit=1000)}
        assert doc.integrity_report() == []
