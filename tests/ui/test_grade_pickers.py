"""The Inspector's grade pickers: readable, and a half-chosen grade is explained."""

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QStyle, QStyleOptionComboBox

from evidenceboard.model.cards import CardKind
from evidenceboard.storage.document import open_board
from evidenceboard.ui.window.main_window import MainWindow


def _pickers(window: MainWindow) -> tuple[QComboBox, QComboBox, QLabel]:
    inspector = window.session.inspector if window.session else None
    assert inspector is not None
    source = inspector.findChild(QComboBox, "grading-source")
    information = inspector.findChild(QComboBox, "grading-information")
    hint = inspector.findChild(QLabel, "grading-hint")
    assert source is not None and information is not None and hint is not None
    return source, information, hint


@pytest.mark.xcb
def test_a_grade_is_saved_once_both_halves_are_chosen(window: MainWindow, demo_path: Path) -> None:
    assert window.session is not None
    board = window.session.document.board
    window.session.editor.new_card(CardKind.ARTICLE, QPointF(2000, 2000))
    (new_id,) = window.session.scene.selected_card_ids()
    if window.session.view.title_editor is not None:
        QTest.keyClick(window.session.view.title_editor, Qt.Key.Key_Escape)
    QApplication.processEvents()
    source, information, hint = _pickers(window)
    assert source.currentData() is None and information.currentData() is None
    source.setFocus()
    QTest.keyClick(source, Qt.Key.Key_Down)  # the best source grade, A
    assert source.currentData() == "A"
    assert board.card(new_id).grading is None
    assert hint.isVisible() and "information grade" in hint.text()
    assert information.hasFocus()
    QTest.keyClick(information, Qt.Key.Key_Down)
    QTest.keyClick(information, Qt.Key.Key_Down)  # 2
    grading = board.card(new_id).grading
    assert grading is not None and grading.code == "A2"
    assert not hint.isVisible()
    with open_board(demo_path, read_only=True) as doc:
        stored = doc.board.card(new_id).grading
        assert stored is not None and stored.code == "A2"


@pytest.mark.xcb
def test_the_grade_pickers_show_their_whole_text(window: MainWindow) -> None:
    assert window.session is not None
    graded = next(c for c in window.session.document.board.cards.values() if c.grading)
    window.session.scene.select_only([graded.id])
    QApplication.processEvents()
    for combo in _pickers(window)[:2]:
        text = combo.currentText()
        assert text and not text.endswith(":")
        room = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            _option(combo),
            QStyle.SubControl.SC_ComboBoxEditField,
            combo,
        )
        assert combo.fontMetrics().horizontalAdvance(text) <= room.width(), text


def _option(combo: QComboBox) -> QStyleOptionComboBox:
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    return option
