"""Inspector edits, read-only boards, failed opens, and images of the board."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from evidenceboard.model.cards import CardKind, ClaimContent
from evidenceboard.storage.document import open_board
from evidenceboard.ui.common.theme import LIGHT
from evidenceboard.ui.window import file_ops
from evidenceboard.ui.window.main_window import MainWindow
from evidenceboard.ui.window.panels.fields import LineField
from evidenceboard.ui.window.render import render_board
from evidenceboard.ui.window.render_command import main as render_main
from tests.window_fixtures import answer_read_only, click_card_titled, view_of, view_point


@pytest.mark.xcb
def test_inspector_edit_is_one_step_in_the_file(window: MainWindow, demo_path: Path) -> None:
    claim, _item, _view = click_card_titled(window, "H1")
    assert window.session is not None
    board = window.session.document.board
    field = window.session.inspector.field("attributed_to")
    assert isinstance(field, LineField)
    field.edit.setFocus()
    field.edit.selectAll()
    QTest.keyClicks(field.edit, "<b>Hurriyet</b> columnist")
    QTest.keyClick(field.edit, Qt.Key.Key_Return)
    content = board.card(claim.id).content
    assert isinstance(content, ClaimContent)
    assert content.attributed_to == "<b>Hurriyet</b> columnist"
    with open_board(demo_path, read_only=True) as doc:
        stored = doc.board.card(claim.id)
        assert isinstance(stored.content, ClaimContent)
        assert stored.content.attributed_to == "<b>Hurriyet</b> columnist"
    assert window.actions_by_name["undo"].text().startswith("&Undo Edit attributed to")
    window.actions_by_name["undo"].trigger()
    assert board.card(claim.id).content == claim.content


def test_read_only_board_shows_banner_and_blocks_edits(qtbot: QtBot, demo_path: Path) -> None:
    win = MainWindow(LIGHT)
    qtbot.addWidget(win)
    win.show()
    win.show_document(open_board(demo_path, read_only=True))
    assert win.session is not None
    assert "Read-only" in win.read_only_banner.text()
    assert not win.actions_by_name["new-claim"].isEnabled()
    board = win.session.document.board
    card = next(iter(board.cards.values()))
    item = win.session.scene.card_item(card.id)
    assert item is not None
    view = view_of(win)
    view.set_zoom(1.0)
    view.centre_on_card(card.id)
    vp = view.viewport()
    start = view_point(view, item.scene_rect().center())
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(vp, start + start.__class__(80, 80))
    QTest.mouseRelease(
        vp,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        start + start.__class__(80, 80),
    )
    assert board.card(card.id).geometry == card.geometry
    win.close()


def test_locked_board_offers_read_only(
    window: MainWindow, demo_path: Path, board_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answer_read_only(monkeypatch, True)
    other = MainWindow(LIGHT)
    try:
        assert other.open_path(demo_path)
        assert asked and other.session is not None
        assert other.session.document.read_only
    finally:
        other.close()


def test_damaged_file_keeps_current_board(
    window: MainWindow, board_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(file_ops, "show_error", lambda _p, _t, message: errors.append(message))
    bad = board_dir / "bad.evboard"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    before = window.session
    assert not window.open_path(bad)
    assert errors and window.session is before


def test_render_demo_board_png(window: MainWindow, tmp_path: Path) -> None:
    assert window.session is not None
    out = tmp_path / "board.png"
    size = render_board(window.session.scene, out)
    image = QImage(str(out))
    assert (image.width(), image.height()) == (size.width(), size.height())
    assert image.width() > 1000 and image.height() > 1000
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 41)
    }
    assert len(colours) > 20


def test_render_command_writes_svg_and_png(demo_path: Path, tmp_path: Path) -> None:
    svg, png = tmp_path / "board.svg", tmp_path / "board.png"
    assert render_main([str(demo_path), "-o", str(svg)]) == 0
    assert b"<svg" in svg.read_bytes()[:2000] and svg.stat().st_size > 10_000
    # Vector through and through: card text is text, not a picture of the card.
    content = svg.read_text(encoding="utf-8")
    assert "<image" not in content and "Tass" in content
    assert render_main([str(demo_path), "-o", str(png), "--scale", "1"]) == 0
    assert QImage(str(png)).width() > 500
    not_a_board = tmp_path / "x.evboard"
    not_a_board.write_text("hello")
    assert render_main([str(not_a_board), "-o", str(tmp_path / "x.png")]) != 0


def test_card_text_is_never_rich_text(window: MainWindow) -> None:
    assert window.session is not None
    view = view_of(window)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_N)
    editor = view.title_editor
    assert editor is not None
    editor.setText("<img src=x><b>bold</b>")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    board = window.session.document.board
    card = next(c for c in board.cards.values() if c.kind is CardKind.NOTE and "img" in c.title)
    window.session.scene.select_only([card.id])
    assert window.session.inspector.heading.textFormat() == Qt.TextFormat.PlainText
    assert window.session.inspector.heading.text() == "<img src=x><b>bold</b>"


def test_save_a_copy_writes_a_checked_board_and_never_over_itself(
    window: MainWindow, demo_path: Path, board_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    assert window.session is not None
    copy_path = board_dir / "copy.evboard"
    answers = [str(copy_path), str(demo_path)]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (answers.pop(0), ""))
    window.actions_by_name["save-copy"].trigger()
    with open_board(copy_path, read_only=True) as copy:
        assert copy.board.cards == window.session.controller.board.cards
        assert copy.integrity_report() == []
    assert not [p for p in board_dir.iterdir() if p.name.endswith(".copying")]
    before = demo_path.read_bytes()
    window.actions_by_name["save-copy"].trigger()
    assert window.message_bar.isVisible()
    assert demo_path.read_bytes() == before
