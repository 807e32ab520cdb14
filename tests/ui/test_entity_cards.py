"""Entity cards in the window: Insert menu, outline group, inspector fields, link words."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from evidenceboard.model.cards import CardKind, LocationContent
from evidenceboard.model.changes import AddLinks
from evidenceboard.model.factory import make_link
from evidenceboard.model.links import LinkKind
from evidenceboard.ui.board.scene.link_item import label_text
from evidenceboard.ui.window.main_window import MainWindow
from evidenceboard.ui.window.panels.fields import CoordinatesField, NamesField


def _type_into(field: NamesField | CoordinatesField, text: str) -> None:
    field.edit.setFocus()
    field.edit.selectAll()
    QTest.keyClicks(field.edit, text)
    QTest.keyClick(field.edit, Qt.Key.Key_Return)


@pytest.mark.xcb
def test_a_place_is_inserted_edited_and_listed(window: MainWindow) -> None:
    assert window.session is not None
    session = window.session
    board = session.document.board
    insert = window.menus["insert"]
    names = [a.text() for a in insert.actions() if not a.isSeparator()]
    assert {"New &person", "New &organisation", "New &location", "New &event"} <= set(names)
    window.actions_by_name["new-location"].trigger()
    (card_id,) = session.scene.selected_card_ids()
    assert board.cards[card_id].kind is CardKind.LOCATION
    aliases = session.inspector.field("aliases")
    assert isinstance(aliases, NamesField)
    _type_into(aliases, "Hmeimim; Khmeimim, Latakia")
    coordinates = session.inspector.field("coordinates")
    assert isinstance(coordinates, CoordinatesField)
    _type_into(coordinates, "135.4, 35.95")
    assert "latitude must be between" in window.message_bar.text()
    _type_into(coordinates, "35.4, 35.95")
    content = board.cards[card_id].content
    assert isinstance(content, LocationContent)
    assert content.aliases == ("Hmeimim", "Khmeimim, Latakia")
    assert (content.latitude, content.longitude) == (35.4, 35.95)
    tree = session.outline.tree
    groups = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]  # type: ignore[union-attr]
    places = sum(1 for c in board.cards.values() if c.kind is CardKind.LOCATION)
    assert f"Places ({places})" in groups


@pytest.mark.xcb
def test_related_links_show_their_words(window: MainWindow) -> None:
    assert window.session is not None
    session = window.session
    board = session.document.board
    first, second = sorted(board.cards)[:2]
    link = make_link(first, second, LinkKind.RELATED, "ana", label="columnist at")
    session.controller.submit(AddLinks((link,)))
    item = session.scene.link_item(link.id)
    assert item is not None
    assert label_text(item.link) == "columnist at"
    assert label_text(make_link(first, second, LinkKind.RELATED, "ana", label="x" * 90)).endswith(
        "…"
    )


@pytest.mark.xcb
def test_an_entity_lists_the_cards_naming_it_and_links_them_in_one_step(
    window: MainWindow,
) -> None:
    assert window.session is not None
    session = window.session
    board = session.document.board
    hurriyet = next(c for c in board.cards.values() if c.title == "Hurriyet")
    session.scene.select_only([hurriyet.id])
    panel = session.inspector.mentions
    named = session.document.mentioned_in(hurriyet.id)
    assert len(named) >= 2
    assert panel.heading.text() == f"Mentioned in {len(named)} cards"
    assert panel.rows.count() == len(named)
    linked = {x.source for x in board.links_of(hurriyet.id)} | {
        x.target for x in board.links_of(hurriyet.id)
    }
    missing = [i for i in named if i not in linked]
    assert missing and panel.link_button.isEnabled()
    before = len(board.links)
    QTest.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)
    assert len(board.links) == before + len(missing)
    assert not panel.link_button.isEnabled()
    window.actions_by_name["undo"].trigger()
    assert len(board.links) == before
    assert panel.link_button.isEnabled()
