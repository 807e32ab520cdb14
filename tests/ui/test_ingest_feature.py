"""Import, drop, paste, search everything and the reader, driven through the window."""

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QGuiApplication,
    QImage,
    QImageWriter,
    QTextCursor,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from evidenceboard.formats import pipeline
from evidenceboard.formats.json_dump import dumps_board
from evidenceboard.ingest import ImportedItem, read_file
from evidenceboard.model.cancel import CancelCheck
from evidenceboard.model.cards import ArticleContent, CardKind, ClaimContent, DocumentContent
from evidenceboard.model.links import LinkKind
from evidenceboard.storage.document import open_board
from evidenceboard.ui.features.ingest.feature import IngestFeature, install
from evidenceboard.ui.features.ingest.reader import ReaderDialog, decode_thumbnail
from evidenceboard.ui.features.ingest.search_panel import HIT_ROLE, snippet_document
from evidenceboard.ui.window.main_window import MainWindow
from tests.window_fixtures import session_of, view_of, view_point

WAIT_MS = 20_000
LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier

ARTICLE_HTML = """<!doctype html>
<html><head><title>Convoy seen at the northern harbour | Coastal Courier</title>
<meta property="og:site_name" content="Coastal Courier">
<meta name="author" content="Mira Hale">
<meta property="article:published_time" content="2024-03-05T08:00:00Z">
</head><body><article><h1>Convoy seen at the northern harbour</h1>
<p>Fishermen say a convoy of six lorries reached the northern harbour before dawn.</p>
<p>The port authority declined to comment on the cargo or its destination.</p>
</article></body></html>
"""


def _feature(window: MainWindow) -> IngestFeature:
    install(window)
    feature = window.findChild(IngestFeature)
    assert isinstance(feature, IngestFeature)
    return feature


def _png(path: Path, width: int = 64, height: int = 48) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    assert image.save(str(path))
    return path


def _pdf(path: Path) -> Path:
    pdf = Canvas(str(path), pagesize=A4)
    pdf.setTitle("Harbour traffic report")
    pdf.setAuthor("Port watch group")
    pdf.drawString(72, 760, "Harbour traffic report, first week of March.")
    pdf.showPage()
    pdf.drawString(72, 760, "The convoy left the harbour at dawn on 4 March.")
    pdf.drawString(72, 740, "Two witnesses confirmed the lorries were empty.")
    pdf.showPage()
    pdf.save()
    return path


def _drop(window: MainWindow, paths: list[Path], at: QPointF) -> None:
    """Drag files over the canvas and drop them, as the file manager would."""
    view = view_of(window)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    point = view_point(view, at)
    action = Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, action, mime, buttons, mods)
    QApplication.sendEvent(view.viewport(), enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(point), action, mime, buttons, mods)
    QApplication.sendEvent(view.viewport(), drop)
    assert drop.isAccepted()


def _wait_import(qtbot: QtBot, feature: IngestFeature) -> None:
    qtbot.waitUntil(lambda: feature.worker is None, timeout=WAIT_MS)


def test_drop_two_files_adds_two_cards_at_the_point_in_one_step(
    qtbot: QtBot, window: MainWindow, demo_path: Path, tmp_path: Path
) -> None:
    _feature(window)
    page = tmp_path / "convoy.html"
    page.write_text(ARTICLE_HTML, encoding="utf-8")
    photo = _png(tmp_path / "harbour-photo.png")
    board = session_of(window).document.board
    before = set(board.cards)
    at = QPointF(-900.0, 1400.0)
    view_of(window).centerOn(at)
    _drop(window, [page, photo], at)
    qtbot.waitUntil(lambda: len(board.cards) == len(before) + 2, timeout=WAIT_MS)
    new = [board.cards[i] for i in board.cards if i not in before]
    kinds = sorted(c.kind for c in new)
    assert kinds == [CardKind.ARTICLE, CardKind.DOCUMENT]
    article = next(c for c in new if isinstance(c.content, ArticleContent))
    assert article.title == "Convoy seen at the northern harbour"
    assert "six lorries" in article.text
    for card in new:
        centre_x = card.geometry.x + card.geometry.width / 2
        centre_y = card.geometry.y + card.geometry.height / 2
        assert abs(centre_x - at.x()) < 600 and abs(centre_y - at.y()) < 400
    assert sorted(session_of(window).scene.selected_card_ids()) == sorted(c.id for c in new)
    assert window.actions_by_name["undo"].text() == "&Undo Import 2 files"
    with open_board(demo_path, read_only=True) as stored:
        assert {c.id for c in new} <= set(stored.board.cards)
        photo_card = stored.board.cards[next(c.id for c in new if c.kind is CardKind.DOCUMENT)]
        assert isinstance(photo_card.content, DocumentContent)
        assert photo_card.content.file_name == "harbour-photo.png"
    # The inspector cannot yet follow two selected cards removed at once (reported).
    session_of(window).scene.clearSelection()
    window.actions_by_name["undo"].trigger()
    assert set(board.cards) == before
    with open_board(demo_path, read_only=True) as stored:
        assert set(stored.board.cards) == before


def test_broken_pdf_is_reported_and_board_unchanged(
    qtbot: QtBot, window: MainWindow, demo_path: Path, tmp_path: Path
) -> None:
    feature = _feature(window)
    broken = tmp_path / "leaked-memo.pdf"
    broken.write_bytes(b"This is a plain note that someone named .pdf\n" * 20)
    board = session_of(window).document.board
    before = set(board.cards)
    stack = session_of(window).controller.undo_stack
    steps = stack.count()
    _drop(window, [broken], QPointF(0.0, 0.0))
    _wait_import(qtbot, feature)
    message = window.message_bar.text()
    assert message.startswith("1 file could not be imported: leaked-memo.pdf: ")
    assert "PDF" in message
    assert set(board.cards) == before and stack.count() == steps
    with open_board(demo_path, read_only=True) as stored:
        assert set(stored.board.cards) == before


def test_good_and_bad_files_together_import_the_good_ones(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    feature = _feature(window)
    notes = tmp_path / "interview.md"
    notes.write_text("# Interview with the harbour master\n\nHe saw no convoy.\n", "utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    board = session_of(window).document.board
    before = set(board.cards)
    assert feature.start_import([notes, empty])
    _wait_import(qtbot, feature)
    assert len(board.cards) == len(before) + 1
    assert window.message_bar.text() == (
        "1 file could not be imported: empty.txt: the file is empty."
    )


def test_plain_paste_of_an_address_pins_an_article(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    _feature(window)
    url = "https://www.example.org/news/2024/harbour-convoy"
    QGuiApplication.clipboard().setText(url)
    board = session_of(window).document.board
    before = set(board.cards)
    window.actions_by_name["paste"].trigger()
    new = [board.cards[i] for i in board.cards if i not in before]
    assert len(new) == 1 and isinstance(new[0].content, ArticleContent)
    assert new[0].content.url == url and new[0].content.outlet == "example.org"
    assert session_of(window).scene.selected_card_ids() == [new[0].id]
    assert window.actions_by_name["undo"].text().startswith("&Undo Paste article")
    with open_board(demo_path, read_only=True) as stored:
        stored_card = stored.board.cards[new[0].id]
        assert isinstance(stored_card.content, ArticleContent)
        assert stored_card.content.url == url


def test_paste_as_claim_pins_the_text_as_a_claim(qtbot: QtBot, window: MainWindow) -> None:
    _feature(window)
    QGuiApplication.clipboard().setText("The lorries were empty.\nSecond witness agrees.")
    board = session_of(window).document.board
    before = set(board.cards)
    window.actions_by_name["paste-as-claim"].trigger()
    (card,) = (board.cards[i] for i in board.cards if i not in before)
    assert isinstance(card.content, ClaimContent)
    assert card.title == "The lorries were empty."
    assert card.content.statement == "The lorries were empty.\nSecond witness agrees."


def test_search_everything_shows_bold_match_and_picks_the_card(
    qtbot: QtBot, window: MainWindow
) -> None:
    feature = _feature(window)
    window.actions_by_name["search-everything"].trigger()
    panel = feature.search_panel
    assert feature.search_dock.isVisible() and panel.box.hasFocus()
    QTest.keyClicks(panel.box, "Hurriyet")
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=WAIT_MS)
    titles = [
        str(panel.model.index(row).data()).split("\n", 1)[0]
        for row in range(panel.model.rowCount())
    ]
    # Storage ranks a title match above an outlet match: the organisation Hurriyet and
    # the Tass story lead.
    assert titles[0] == "Hurriyet"
    assert titles[1].startswith("Tass repeats the Hurriyet claim")
    first = panel.model.index(next(i for i, t in enumerate(titles) if t.startswith("Selvi")))
    hit = first.data(HIT_ROLE)
    assert any(is_match and "hurriyet" in text.lower() for text, is_match in hit.snippet)
    document = snippet_document(hit.snippet, QFont(), QColor("black"), 400)
    bold = []
    block = document.begin()
    iterator = block.begin()
    while not iterator.atEnd():
        fragment = iterator.fragment()
        if fragment.charFormat().fontWeight() == QFont.Weight.Bold:
            bold.append(fragment.text())
        iterator += 1
    assert any("hurriyet" in text.lower() for text in bold)
    assert panel.status.text().endswith("cards") or panel.status.text().endswith("card")
    rect = panel.results.visualRect(first)
    QTest.mouseClick(panel.results.viewport(), LEFT, NONE, rect.center())
    board = session_of(window).document.board
    selvi = next(c.id for c in board.cards.values() if c.title.startswith("Selvi column"))
    assert session_of(window).scene.selected_card_ids() == [selvi]
    view = view_of(window)
    centre = view.mapToScene(view.viewport().rect().center())
    item = session_of(window).scene.card_item(selvi)
    assert item is not None and item.scene_rect().contains(centre)


@pytest.mark.parametrize("query", ['"*NEAR(', "   ", "-", '""', "zzqxw"])
def test_garbage_queries_show_nothing(qtbot: QtBot, window: MainWindow, query: str) -> None:
    feature = _feature(window)
    panel = feature.search_panel
    panel.box.setText(query)
    panel.run_search()
    assert panel.model.rowCount() == 0
    assert panel.status.text() in ("", "No card matches.")


def test_snippet_text_is_never_markup() -> None:
    hostile = (('<img src="/etc/passwd"><b>', False), ("harbour", True), ("</b>&amp;", False))
    document = snippet_document(hostile, QFont(), QColor("black"), 300)
    assert document.toPlainText() == '<img src="/etc/passwd"><b>harbour</b>&amp;'
    assert document.allFormats() and not document.toHtml().count("<img")


def _image_bytes(image: QImage, fmt: bytes) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert QImageWriter(buffer, QByteArray(fmt)).write(image)
    return bytes(data.data())


def test_thumbnails_are_decoded_only_when_small_and_allowed() -> None:
    small = QImage(40, 30, QImage.Format.Format_RGB32)
    small.fill(Qt.GlobalColor.red)
    decoded = decode_thumbnail(_image_bytes(small, b"PNG"))
    assert decoded is not None and decoded.width() == 40
    assert decode_thumbnail(_image_bytes(small, b"BMP")) is None
    large = QImage(3000, 10, QImage.Format.Format_RGB32)
    large.fill(Qt.GlobalColor.red)
    assert decode_thumbnail(_image_bytes(large, b"PNG")) is None
    assert decode_thumbnail(b"not an image at all") is None


def test_reader_shows_pdf_page_two_and_pins_a_claim(
    qtbot: QtBot, window: MainWindow, demo_path: Path, tmp_path: Path
) -> None:
    feature = _feature(window)
    session = session_of(window)
    board = session.document.board
    before = set(board.cards)
    assert feature.start_import([_pdf(tmp_path / "harbour-report.pdf")])
    _wait_import(qtbot, feature)
    assert window.message_bar.text() == ""
    (doc_id,) = (i for i in board.cards if i not in before)
    source = board.cards[doc_id]
    assert isinstance(source.content, DocumentContent) and source.content.page_count == 2
    session.scene.select_only([doc_id])
    assert window.actions_by_name["open-reader"].isEnabled()
    window.actions_by_name["open-reader"].trigger()
    reader = feature.readers[doc_id]
    assert isinstance(reader, ReaderDialog) and reader.isVisible()
    qtbot.waitExposed(reader)
    assert reader.title.text() == "Harbour traffic report"
    assert "first week of March" in reader.text.toPlainText()
    assert not reader.pin.isEnabled()
    QTest.mouseClick(reader.next, LEFT)
    assert reader.page.value() == 2 and not reader.next.isEnabled()
    shown = reader.text.toPlainText()
    assert "The convoy left the harbour at dawn on 4 March." in shown
    assert "[Page" not in shown and "first week" not in shown
    passage = "The convoy left the harbour at dawn on 4 March."
    found = reader.text.document().find(passage)
    assert not found.isNull()
    reader.text.setTextCursor(found)
    assert reader.pin.isEnabled()
    steps = session.controller.undo_stack.count()
    QTest.mouseClick(reader.pin, LEFT)
    assert session.controller.undo_stack.count() == steps + 1
    (claim_id,) = reader.pinned
    claim = board.cards[claim_id]
    assert isinstance(claim.content, ClaimContent)
    assert claim.content.statement == passage
    assert claim.content.attributed_to == "Port watch group"
    assert claim.geometry.x > source.geometry.x + source.geometry.width
    with open_board(demo_path, read_only=True) as stored:
        links = [link for link in stored.board.links.values() if link.target == claim_id]
        assert len(links) == 1
        link = links[0]
        assert (link.source, link.kind) == (doc_id, LinkKind.CORROBORATES)
        assert (link.quote, link.page) == (passage, 2)
        assert stored.board.cards[claim_id].title == passage
    window.actions_by_name["undo"].trigger()
    assert claim_id not in board.cards
    assert not any(link.target == claim_id for link in board.links.values())
    reader.close()
    assert doc_id not in feature.readers


def test_reader_is_not_offered_for_claims(window: MainWindow) -> None:
    feature = _feature(window)
    session = session_of(window)
    claim = next(c for c in session.document.board.cards.values() if c.kind is CardKind.CLAIM)
    session.scene.select_only([claim.id])
    assert not window.actions_by_name["open-reader"].isEnabled()
    assert feature.open_reader() is None


def test_reader_of_an_article_and_cursor_selection(qtbot: QtBot, window: MainWindow) -> None:
    feature = _feature(window)
    session = session_of(window)
    board = session.document.board
    article = next(c for c in board.cards.values() if c.title.startswith("Selvi column"))
    reader = feature.open_reader(article.id)
    assert reader is not None
    qtbot.waitExposed(reader)
    assert not reader._page_row.isVisible()
    assert reader.page_number is None
    assert "Hurriyet" in reader.source.text()
    cursor = reader.text.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
    reader.text.setTextCursor(cursor)
    claim_id = reader.pin_selection()
    assert claim_id is not None
    claim = board.cards[claim_id]
    assert isinstance(claim.content, ClaimContent)
    assert claim.content.attributed_to == "Abdulkadir Selvi, Hurriyet"
    (link,) = (x for x in board.links.values() if x.target == claim_id)
    assert link.page is None and link.quote == claim.content.statement
    reader.close()


def test_many_files_show_progress_and_cancel_leaves_board_unchanged(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    feature = _feature(window)
    # The PDF goes first: its reader is a process of its own, so Cancel comes in time.
    paths = [_pdf(tmp_path / "first.pdf")]
    for index in range(3):
        path = tmp_path / f"note-{index}.txt"
        path.write_text(f"Witness statement {index}.", encoding="utf-8")
        paths.append(path)
    board = session_of(window).document.board
    before = set(board.cards)
    assert feature.start_import(paths)
    assert feature.progress.isVisible()
    assert feature.progress.label.text() == "Importing 1 of 4 files…"
    QTest.mouseClick(feature.progress.cancel, LEFT)
    _wait_import(qtbot, feature)
    assert not feature.progress.isVisible()
    assert set(board.cards) == before
    assert window.statusBar().currentMessage() == "Import cancelled; the board is unchanged."


def test_a_reader_that_fails_unexpectedly_fails_its_file_alone(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feature = _feature(window)
    notes, trap = tmp_path / "interview.md", tmp_path / "trap.txt"
    notes.write_text("# Interview with the harbour master\n\nHe saw no convoy.\n", "utf-8")
    trap.write_text("This one trips the reader.", "utf-8")
    # A board dump valid by its schema whose card sits at x = 10**400: no float holds it.
    data = json.loads(dumps_board(session_of(window).document.board))
    data["layout"][data["cards"][0]["id"]][0] = 10**400
    far = tmp_path / "far.json"
    far.write_text(json.dumps(data), "utf-8")

    def reader(path: Path, cancel: CancelCheck | None = None) -> ImportedItem:
        # Stands for a reader bug on a stranger's file: nothing it foresaw.
        if path.name == "trap.txt":
            raise RecursionError("maximum recursion depth exceeded")
        return read_file(path, cancel)

    monkeypatch.setattr(pipeline, "read_file", reader)
    board = session_of(window).document.board
    before = set(board.cards)
    assert feature.start_import([trap, far, notes])
    _wait_import(qtbot, feature)
    added = [board.cards[i] for i in board.cards if i not in before]
    assert [c.title for c in added] == ["Interview with the harbour master"]
    assert window.message_bar.text() == (
        "2 files could not be imported: trap.txt: the file cannot be read (maximum recursion "
        "depth exceeded); far.json: The field “x” is out of range."
    )


def test_a_file_already_on_the_board_is_selected_not_added_again(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    feature = _feature(window)
    board = session_of(window).document.board
    photo = _png(tmp_path / "harbour-photo.png")
    at = QPointF(-900.0, 1400.0)
    view_of(window).centerOn(at)
    _drop(window, [photo], at)
    _wait_import(qtbot, feature)
    (first,) = [c for c in board.cards.values() if c.title == "harbour-photo"]
    steps = session_of(window).controller.undo_stack.count()
    again = tmp_path / "the same photo.png"
    again.write_bytes(photo.read_bytes())
    session_of(window).scene.clearSelection()
    _drop(window, [again], at)
    _wait_import(qtbot, feature)
    assert session_of(window).controller.undo_stack.count() == steps, "nothing was added"
    assert session_of(window).scene.selected_card_ids() == [first.id]
    bar = feature.already_bar
    assert bar.isVisible()
    assert bar.label.text() == (
        "the same photo.png is already on the board as “harbour-photo”; it is selected."
    )
    assert bar.label.textFormat() == Qt.TextFormat.PlainText
    QTest.mouseClick(feature.import_again_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    assert session_of(window).controller.undo_stack.count() == steps + 1
    copies = [c for c in board.cards.values() if c.title in ("harbour-photo", "the same photo")]
    assert len(copies) == 2
