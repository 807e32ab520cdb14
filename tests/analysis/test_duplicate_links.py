"""Duplicate links (same ends, same kind) are refused; old ones are reported and count once."""

from pathlib import Path

import pytest

from evidenceboard.analysis import ClaimStatus, FindingKind, assess_board
from evidenceboard.cli import main
from evidenceboard.demo import demo_id
from evidenceboard.model.changes import AddLinks, EditLink, RemoveLinks
from evidenceboard.model.errors import ChangeError
from evidenceboard.model.factory import edited_link, make_link
from evidenceboard.model.links import LinkKind
from tests.analysis.conftest import BoardBuilder


def test_a_second_identical_link_is_refused(builder: BoardBuilder) -> None:
    builder.card("r")
    builder.claim("c")
    builder.link("r", "c", LinkKind.CORROBORATES)
    again = make_link(builder.ids["r"], builder.ids["c"], LinkKind.CORROBORATES, "tester")
    with pytest.raises(ChangeError, match="already a “corroborates” link"):
        builder.board.apply(AddLinks((again,)))
    # Another kind between the same cards is a different statement and is accepted.
    builder.link("r", "c", LinkKind.RELATED)


def test_an_edit_that_makes_a_duplicate_is_refused_and_undo_still_works(
    builder: BoardBuilder,
) -> None:
    builder.card("r")
    builder.claim("c")
    builder.link("r", "c", LinkKind.CORROBORATES)
    related = builder.board.links[builder.link("r", "c", LinkKind.RELATED)]
    edit = EditLink(related, edited_link(related, "tester", kind=LinkKind.CORROBORATES))
    with pytest.raises(ChangeError, match="count the same evidence twice"):
        builder.board.apply(edit)


def test_old_duplicates_are_a_finding_and_count_once(builder: BoardBuilder) -> None:
    builder.card("r")
    builder.card("s")
    claim = builder.claim("c")
    r, c = builder.ids["r"], builder.ids["c"]
    # Written before the check existed: two identical links in one change.
    twins = tuple(make_link(r, c, LinkKind.CORROBORATES, "old") for _ in range(2))
    builder.board.apply(AddLinks(twins))
    builder.link("s", "c", LinkKind.CORROBORATES)
    analysis = assess_board(builder.board)
    a = analysis.claim(claim)
    assert len(a.supporting) == 2
    assert a.status is ClaimStatus.CORROBORATED
    duplicate = [f for f in analysis.findings if f.kind is FindingKind.DUPLICATE_LINK]
    assert len(duplicate) == 1
    assert set(duplicate[0].link_ids) == {t.id for t in twins}
    # Removing one twin and undoing it puts it back, as it was.
    builder.board.apply(RemoveLinks((twins[1],)))
    builder.board.apply(RemoveLinks((twins[1],)).inverted())
    assert twins[1].id in builder.board.links


def test_cli_refuses_a_duplicate_link_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(tmp_path / "demo.evboard")
    assert main(["demo", path]) == 0
    capsys.readouterr()
    args = ["link", path, demo_id("tass"), demo_id("hurriyet"), "--kind", "derived-from"]
    assert main(args) == 2
    assert "already a “derived from” link" in capsys.readouterr().err
