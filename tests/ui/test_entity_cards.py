"""Entity cards in the window: Insert menu and toolbar, outline group, inspector fields,
link words, the ring round the cards naming the selected entity, who makes a claim."""

import pytest
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from evidenceboard.model.cards import CardKind, ClaimContent, LocationContent
from evidenceboard.model.changes import AddLinks, EditCards
from evidenceboard.model.factory import edited_card, make_link
from evidenceboard.model.links import LinkKind
from evidenceboard.ui.board.scene.link_item import label_text
from evidenceboard.ui.window.main_window import MainWindow
from evidenceboard.ui.window.panels.fields import CardChoiceField, CoordinatesField, NamesField


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


def _click_card(window: MainWindow, card_id: str) -> None:
    assert window.session is not None
    view = window.session.view
    item = window.session.scene.card_item(card_id)
    assert item is not None
    view.centre_on_card(card_id)
    # Below the title, clear of the title editor a double click would open.
    spot = view.mapFromScene(item.scene_rect().center() + QPointF(0, 20))
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spot
    )


@pytest.mark.xcb
def test_selecting_an_entity_rings_the_cards_that_name_it(window: MainWindow) -> None:
    assert window.session is not None
    session = window.session
    board = session.document.board
    tass = next(c for c in board.cards.values() if c.title == "Tass")
    _click_card(window, tass.id)
    assert session.scene.selected_card_ids() == [tass.id]
    named = set(session.document.mentioned_in(tass.id))
    assert named and session.scene.mentioned_card_ids() == named
    # A card that now names the entity joins the ring as soon as it says so.
    note = next(c for c in board.cards.values() if c.id not in named and not c.kind.is_entity)
    session.controller.submit(EditCards(((note, edited_card(note, "ana", title="TASS says so")),)))
    assert note.id in session.scene.mentioned_card_ids()
    _click_card(window, note.id)
    assert session.scene.mentioned_card_ids() == set()


@pytest.mark.xcb
def test_the_toolbar_inserts_each_entity_kind(window: MainWindow, qtbot: QtBot) -> None:
    assert window.session is not None
    session = window.session
    button = window.findChild(QToolButton, "new-entity-button")
    assert isinstance(button, QToolButton) and button.isVisible()
    menu = button.menu()
    assert [a.text() for a in menu.actions()] == [
        "New &person",
        "New &organisation",
        "New &location",
        "New &event",
    ]
    seen: list[bool] = []

    def choose() -> None:
        # The click opens the menu in its own event loop: the key comes from inside it.
        seen.append(menu.isVisible())
        QTest.keyClick(menu, Qt.Key.Key_O)

    QTimer.singleShot(200, choose)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen) and not menu.isVisible())
    assert seen == [True]
    (card_id,) = session.scene.selected_card_ids()
    assert session.document.board.cards[card_id].kind is CardKind.ORGANISATION


@pytest.mark.xcb
def test_a_claim_is_pinned_on_the_person_who_makes_it(window: MainWindow) -> None:
    assert window.session is not None
    session = window.session
    board = session.document.board
    claim = next(c for c in board.cards.values() if c.title.startswith("Turkey persuaded"))
    _click_card(window, claim.id)
    field = session.inspector.field("claimed_by")
    assert isinstance(field, CardChoiceField)
    choices = [field.combo.itemText(i) for i in range(field.combo.count())]
    # People and organisations only, by name: a place makes no claim.
    assert choices[0] == "No card chosen"
    assert "Hurriyet (organisation)" in choices and "Khmeimim airbase (location)" not in choices
    assert choices[1:] == sorted(choices[1:], key=str.casefold)
    field.combo.setFocus()
    target = choices.index("Tass (organisation)")
    for _ in range(target):
        QTest.keyClick(field.combo, Qt.Key.Key_Down)
    content = board.cards[claim.id].content
    assert isinstance(content, ClaimContent)
    assert board.cards[content.claimed_by].title == "Tass"
    # Each step of the keys was one edit; undo walks them back to no card.
    for _ in range(target):
        window.actions_by_name["undo"].trigger()
    content = board.cards[claim.id].content
    assert isinstance(content, ClaimContent) and content.claimed_by == ""
    assert field.combo.currentText() == "No card chosen"
