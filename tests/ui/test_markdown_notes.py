"""A Markdown note reads formatted on its card and in the inspector; links open only when asked.

The tests drive the inspector's Markdown box and the window's undo, and look at what the
card draws (its text document, its pixels) and what the inspector shows.
"""

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGraphicsItem, QGraphicsScene, QMessageBox
from pytestqt.qtbot import QtBot

from evidenceboard.model.cards import Card, CardKind, NoteContent
from evidenceboard.model.changes import EditCards
from evidenceboard.model.factory import edited_card, make_card
from evidenceboard.ui.board.scene.card_item import CardItem
from evidenceboard.ui.common import markdown_view
from evidenceboard.ui.common.markdown_document import MarkdownLook
from evidenceboard.ui.common.markdown_view import MarkdownView
from evidenceboard.ui.common.theme import LIGHT
from evidenceboard.ui.window.main_window import MainWindow
from evidenceboard.ui.window.panels.fields import CheckField
from evidenceboard.ui.window.session import BoardSession
from tests.window_fixtures import note_centred, session_of

CANVAS_TEXT = "# **Hoje…**\n\n- item\n- *other*\n\n[site](https://example.org)"


def _with_text(session: BoardSession, card: Card, text: str) -> Card:
    after = edited_card(card, "tester", text=text)
    assert session.controller.submit(EditCards(((card, after),), label="Write the note"))
    return session.document.board.cards[card.id]


def _markdown_box(session: BoardSession) -> CheckField:
    field = session.inspector.field("markdown")
    assert isinstance(field, CheckField)
    return field


def _is_markdown(session: BoardSession, card_id: str) -> bool:
    content = session.document.board.cards[card_id].content
    assert isinstance(content, NoteContent)
    return content.markdown


def _heading_is_bold(item: CardItem) -> bool:
    document = item.markdown_document
    assert document is not None
    block = document.begin()
    while block.isValid() and block.text() != "Hoje…":
        block = block.next()
    assert block.isValid()
    return block.charFormat().fontWeight() >= QFont.Weight.Bold


def _rendered(item: CardItem) -> QImage:
    scene = QGraphicsScene()
    copy = CardItem(item.card, LIGHT, lambda _card_id: None)
    copy.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    scene.addItem(copy)
    rect = copy.scene_rect()
    image = QImage(round(rect.width()), round(rect.height()), QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()), rect)
    painter.end()
    scene.clear()
    return image


def test_the_markdown_box_formats_the_card_and_undo_takes_it_back(window: MainWindow) -> None:
    session = session_of(window)
    card, item, _view = note_centred(window, 1.0)
    card = _with_text(session, card, CANVAS_TEXT)
    session.scene.select_only([card.id], [])
    box = _markdown_box(session)
    formatted = session.inspector.formatted
    assert formatted is not None
    assert not box.box.isChecked() and item.markdown_document is None
    assert not formatted.isVisible()
    plain_pixels = _rendered(item)

    box.box.click()

    assert _is_markdown(session, card.id)
    document = item.markdown_document
    assert document is not None
    shown = document.toPlainText()
    assert "Hoje…" in shown and "• item" in shown and "site" in shown
    assert "#" not in shown and "*" not in shown and "example.org" not in shown
    assert _heading_is_bold(item)
    assert formatted.isVisible() and "• other" in formatted.shown_text
    assert _rendered(item) != plain_pixels
    undo = window.actions_by_name["undo"]
    assert undo.text().startswith("&Undo Edit markdown of note")

    undo.trigger()

    assert not _is_markdown(session, card.id)
    assert item.markdown_document is None and not box.box.isChecked()
    assert not formatted.isVisible()
    assert _rendered(item) == plain_pixels
    window.actions_by_name["redo"].trigger()
    assert _is_markdown(session, card.id) and box.box.isChecked()


def test_hostile_markup_in_a_markdown_note_is_drawn_as_its_characters(window: MainWindow) -> None:
    session = session_of(window)
    card, item, _view = note_centred(window, 1.0)
    hostile = '<img src="/dev/zero"> <b>bold?</b> [x](javascript:alert(1))'
    card = _with_text(session, card, hostile)
    session.scene.select_only([card.id], [])
    _markdown_box(session).box.click()
    document = item.markdown_document
    assert document is not None
    assert document.toPlainText() == hostile
    assert document.blockCount() == 1
    block = document.begin()
    fragments = block.begin()
    anchors = []
    while not fragments.atEnd():
        anchors.append(fragments.fragment().charFormat().isAnchor())
        fragments += 1
    assert anchors == [False]


def _answer(button: QMessageBox.StandardButton, seen: list[str]) -> Callable[[], None]:
    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.button(button).click()

    return answer


def _click_words(view: MarkdownView, words: str) -> None:
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.shown_text.index(words) + 1)
    point = view.cursorRect(cursor).center() + QPoint(2, 0)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


@pytest.mark.parametrize(
    ("button", "opened"),
    [
        (QMessageBox.StandardButton.Cancel, []),
        (QMessageBox.StandardButton.Open, ["https://example.org"]),
    ],
)
def test_a_link_is_followed_only_when_the_user_says_so(
    window: MainWindow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    button: QMessageBox.StandardButton,
    opened: list[str],
) -> None:
    urls: list[str] = []

    class Browser:
        @staticmethod
        def openUrl(url: QUrl) -> bool:
            urls.append(url.toString())
            return True

    monkeypatch.setattr(markdown_view, "QDesktopServices", Browser)
    session = session_of(window)
    card, _item, _view = note_centred(window, 1.0)
    card = _with_text(session, card, "Read [site](https://example.org) first.")
    session.scene.select_only([card.id], [])
    _markdown_box(session).box.click()
    view = session.inspector.formatted
    assert view is not None and view.isVisible()
    seen: list[str] = []
    QTimer.singleShot(0, _answer(button, seen))
    _click_words(view, "site")
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == ["Open https://example.org in your browser?"]
    assert urls == opened


def test_a_link_that_is_no_web_address_is_never_opened(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def confirm(_parent: object, address: str) -> bool:
        asked.append(address)
        return True

    view = MarkdownView(lambda: _look(view), confirm)
    qtbot.addWidget(view)
    view.resize(400, 200)
    view.show()
    view.show_markdown("[vault](notes/other.md) and [web](https://example.org/a)")
    told: list[str] = []
    monkeypatch.setattr(markdown_view, "tell_not_opened", lambda _p, target: told.append(target))
    monkeypatch.setattr(markdown_view, "QDesktopServices", _NoBrowser)
    _click_words(view, "vault")
    assert told == ["notes/other.md"] and asked == []
    _click_words(view, "web")
    assert asked == ["https://example.org/a"]


class _NoBrowser:
    @staticmethod
    def openUrl(_url: QUrl) -> bool:
        return True


def _look(view: MarkdownView) -> MarkdownLook:
    return MarkdownLook(
        font=view.font(),
        text="#111111",
        strong="#000000",
        muted="#666666",
        link="#2f6bd8",
        code_fill="#eeeeee",
    )


def test_a_plain_note_paints_as_before() -> None:
    text = "# **Hoje…**\n- item"
    plain = make_card(CardKind.NOTE, "Note", "tester", text=text)
    item = CardItem(plain, LIGHT, lambda _card_id: None)
    assert item.markdown_document is None
    markdown = CardItem(
        make_card(CardKind.NOTE, "Note", "tester", text=text, markdown=True),
        LIGHT,
        lambda _card_id: None,
    )
    assert markdown.markdown_document is not None
    assert _rendered(item) != _rendered(markdown)


def test_a_new_palette_sets_the_shown_text_in_its_colours(qtbot: QtBot) -> None:
    from PySide6.QtGui import QColor, QPalette

    look = {"text": "#111111"}

    def current(view: MarkdownView) -> MarkdownLook:
        return MarkdownLook(view.font(), look["text"], "#000000", "#666666", "#2f6bd8", "#eee")

    view = MarkdownView(lambda: current(view))
    qtbot.addWidget(view)
    view.resize(400, 200)
    view.show()
    view.show_markdown("words in a note")

    def colour_of_text() -> str:
        block = view.document().firstBlock()
        return block.begin().fragment().charFormat().foreground().color().name()

    assert colour_of_text() == "#111111"
    look["text"] = "#eeeeee"
    palette = view.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#202020"))
    view.setPalette(palette)
    assert colour_of_text() == "#eeeeee"
    assert view.shown_text == "words in a note"


def test_each_note_shown_replaces_the_document_before(qtbot: QtBot) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtGui import QTextDocument

    view = MarkdownView(lambda: _look(view))
    qtbot.addWidget(view)
    for n in range(5):
        view.show_markdown(f"note {n}")
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    documents = view.findChildren(QTextDocument)
    assert view.document() in documents and len(documents) <= 2
    assert view.shown_text == "note 4"
