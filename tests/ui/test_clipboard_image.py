"""A picture on the clipboard (a screenshot) pastes as a document card, as a dropped image."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QCursor, QGuiApplication, QImage
from PySide6.QtTest import QTest

from evidenceboard.ingest import find_thumbnail, images
from evidenceboard.model.cards import DocumentContent
from evidenceboard.storage.document import open_board
from evidenceboard.ui.features.ingest.feature import install
from evidenceboard.ui.window.main_window import MainWindow
from tests.window_fixtures import view_of

CTRL = Qt.KeyboardModifier.ControlModifier


def _screenshot() -> QImage:
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    for x in range(40, 120):
        for y in range(30, 60):
            image.setPixelColor(x, y, QColor("white"))
    return image


def test_ctrl_v_pastes_a_clipboard_image_as_a_document_and_ctrl_z_removes_it(
    window: MainWindow, demo_path: Path
) -> None:
    install(window)
    session = window.session
    assert session is not None
    board, view = session.document.board, view_of(window)
    target = QPointF(1800.0, 1200.0)
    view.centerOn(target)
    QCursor.setPos(view.viewport().mapToGlobal(view.mapFromScene(target)))
    QGuiApplication.clipboard().setImage(_screenshot())
    before_cards, before_files = set(board.cards), set(board.attachments)
    pasted_from = datetime.now(UTC).replace(microsecond=0)

    view.setFocus()
    QTest.keyClick(view.viewport(), Qt.Key.Key_V, CTRL)

    (card_id,) = set(board.cards) - before_cards
    card = board.cards[card_id]
    content = card.content
    assert isinstance(content, DocumentContent)
    assert content.media_type == "image/png" and content.file_name.endswith(".png")
    assert content.attachment is not None and content.attachment in board.attachments
    assert content.origin == "Pasted from the clipboard"
    # The capture time: the moment of the paste, as a file's time is for a dropped image.
    match = re.search(r"Captured (\S+ \S+) UTC", content.extracted_text)
    assert match is not None
    captured = datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    assert pasted_from <= captured <= card.created_at <= datetime.now(UTC)
    assert content.date == captured.date().isoformat()
    assert "320 x 200 pixels" in content.extracted_text
    assert find_thumbnail(board, content.attachment) is not None
    centre = card.geometry.x + card.geometry.width / 2, card.geometry.y + card.geometry.height / 2
    assert abs(centre[0] - target.x()) <= 2 and abs(centre[1] - target.y()) <= 2
    with open_board(demo_path, read_only=True) as stored:
        data = stored.attachment_data(content.attachment)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    stored_image = QImage.fromData(data)
    assert (stored_image.width(), stored_image.height()) == (320, 200)
    assert stored_image.pixelColor(50, 40) == QColor("white")
    assert session.scene.selected_card_ids() == [card_id]

    QTest.keyClick(view.viewport(), Qt.Key.Key_Z, CTRL)
    assert set(board.cards) == before_cards
    assert set(board.attachments) == before_files


def test_a_picture_over_the_pixel_cap_is_refused_in_words(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(window)
    monkeypatch.setattr(images, "MAX_PIXELS", 10_000)
    session = window.session
    assert session is not None
    board = session.document.board
    before = set(board.cards)
    QGuiApplication.clipboard().setImage(_screenshot())
    window.actions_by_name["paste"].trigger()
    assert set(board.cards) == before
    assert window.message_bar.text().startswith("The picture cannot be pasted: the picture is 320")
