"""An imported file's far-future stamps arrive as now; honest stamps are kept."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from evidenceboard.formats.importing import import_change
from evidenceboard.model.board import Board
from tests.formats.conftest import rich_board

FAR_FUTURE = datetime(2099, 1, 1, tzinfo=UTC)


def test_far_future_stamps_of_an_import_become_now() -> None:
    source = rich_board()
    cards = [
        replace(c, created_at=FAR_FUTURE, modified_at=FAR_FUTURE) for c in source.cards.values()
    ]
    links = [replace(x, modified_at=FAR_FUTURE) for x in source.links.values()]
    incoming = Board.from_parts(source.info, cards, links, source.attachments.values())
    target = Board()
    target.apply(import_change(incoming, target, "dump.json"))
    limit = datetime.now(UTC) + timedelta(days=1)
    assert target.cards and target.links
    assert all(c.created_at <= limit and c.modified_at <= limit for c in target.cards.values())
    assert all(x.modified_at <= limit for x in target.links.values())
    # The stamps that were not in the future are kept as they were.
    assert {x.created_at for x in target.links.values()} == {
        x.created_at for x in source.links.values()
    }
