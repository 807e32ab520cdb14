"""The analyst's judgements in the window: ACH marks, thresholds, and one set of words.

The ACH matrix is driven by keys and by its context menu, and each mark is undone from
the Edit menu; the Judgements tab changes a threshold as one undo step. The last test
builds a board with a key judgement, a key assumption and a stricter threshold, and
checks that the Analysis dock, the claim cards, ``analyze`` (text and JSON) and the
brief say the same thing about it. Screenshots go to ``EVIDENCEBOARD_SCREENSHOTS`` when
it is set.
"""

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from evidenceboard.analysis import ClaimStatus, Consistency
from evidenceboard.analysis.standing import CORROBORATION_SETTING
from evidenceboard.cli import main
from evidenceboard.demo import demo_id
from evidenceboard.model.cards import CardKind, ClaimContent, Confidence
from evidenceboard.model.changes import AddCards, EditBoard
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.grading import parse_grade
from evidenceboard.model.judgement import CellMark
from evidenceboard.model.links import LinkKind
from evidenceboard.storage.demo_file import create_demo_board
from evidenceboard.storage.document import open_board
from evidenceboard.ui.features.analysis.feature import AnalysisFeature
from evidenceboard.ui.window.main_window import MainWindow
from evidenceboard.ui.window.panels.fields import CheckField
from evidenceboard.ui.window.panels.inspector import LikelihoodField
from evidenceboard.ui.window.session import BoardSession
from tests.export.conftest import analyse_and_write_brief, pdf_text

KEY_TITLE = "The convoy crossed at Nasib"
ASSUMED_TITLE = "The border post logs every crossing"


@pytest.fixture
def demo_path(board_dir: Path) -> Path:
    """The demo board, plus a key judgement on two reports, an assumption, and n = 3."""
    path = board_dir / "demo.evboard"
    key = make_card(
        CardKind.CLAIM,
        KEY_TITLE,
        "tester",
        x=0.0,
        y=2600.0,
        likelihood="phia.highly_likely",
        confidence=Confidence.MODERATE,
        is_key_judgement=True,
    )
    assumed = make_card(
        CardKind.CLAIM, ASSUMED_TITLE, "tester", x=400.0, y=2900.0, is_assumption=True
    )
    reports = [
        make_card(
            CardKind.ARTICLE,
            f"Crossing report {i}",
            "tester",
            x=400.0 * i,
            y=2600.0,
            grading=parse_grade(grade),
        )
        for i, grade in ((1, "A1"), (2, "B2"))
    ]
    links = tuple(
        make_link(r.id, key.id, LinkKind.CORROBORATES, "tester", rationale="saw it")
        for r in reports
    )
    document = create_demo_board(path)
    try:
        document.apply(AddCards((key, assumed, *reports), links))
        info = document.board.info
        document.apply(EditBoard(info, info.with_setting(CORROBORATION_SETTING, "3")))
    finally:
        document.close()
    return path


def _feature(window: MainWindow, qtbot: QtBot) -> tuple[AnalysisFeature, BoardSession]:
    feature = window.findChild(AnalysisFeature)
    assert feature is not None and window.session is not None
    session = window.session
    qtbot.waitUntil(lambda: session.analysis.latest is not None)
    return feature, session


def _analysed_after(qtbot: QtBot, session: BoardSession, action: object) -> None:
    before = session.analysis.latest
    assert callable(action)
    action()
    qtbot.waitUntil(lambda: session.analysis.latest is not before, timeout=10_000)


def test_the_matrix_takes_a_mark_by_key_and_undo_takes_it_back(
    window: MainWindow, qtbot: QtBot
) -> None:
    feature, session = _feature(window, qtbot)
    feature.show_hypotheses()
    ach = feature.panel.ach
    qtbot.waitUntil(lambda: ach.showing_matrix and bool(ach.row_ids))
    found = next(
        (r, c)
        for r in range(len(ach.row_ids))
        for c in range(len(ach.column_ids))
        if (cell := ach.cell_at(r, c)) is not None
        and cell[2].consistency is not Consistency.INCONSISTENT
    )
    row, column = found
    evidence, hypothesis = ach.row_ids[row], ach.column_ids[column]
    ach.table.setFocus()
    ach.table.setCurrentCell(row, column)
    _analysed_after(qtbot, session, lambda: QTest.keyClick(ach.table, Qt.Key.Key_I))

    board = session.document.board
    assert board.ach_marks[(evidence, hypothesis)].consistency is CellMark.INCONSISTENT
    undo = window.actions_by_name["undo"]
    assert undo.text().startswith("&Undo Mark") and "inconsistent" in undo.text()
    qtbot.waitUntil(lambda: ach.showing_matrix and evidence in ach.row_ids)
    shown_row, shown_column = ach.row_ids.index(evidence), ach.column_ids.index(hypothesis)
    cell = ach.cell_at(shown_row, shown_column)
    assert cell is not None and cell[2].marked and cell[2].code.startswith("I")
    item = ach.table.item(shown_row, shown_column)
    assert item is not None and item.font().underline() and item.text() == cell[2].code
    assert "Set by the analyst." in item.toolTip()

    _analysed_after(qtbot, session, undo.trigger)
    assert board.ach_marks == {}
    qtbot.waitUntil(lambda: ach.showing_matrix and evidence in ach.row_ids)
    again = ach.cell_at(ach.row_ids.index(evidence), ach.column_ids.index(hypothesis))
    assert again is not None and not again[2].marked
    with open_board(session.document.path, read_only=True) as stored:
        assert stored.board.ach_marks == {}


def test_the_context_menu_marks_a_cell_not_applicable(window: MainWindow, qtbot: QtBot) -> None:
    feature, session = _feature(window, qtbot)
    feature.show_hypotheses()
    ach = feature.panel.ach
    qtbot.waitUntil(lambda: ach.showing_matrix and bool(ach.row_ids))
    rect = ach.table.visualRect(ach.table.model().index(0, 0))
    ach.table.customContextMenuRequested.emit(rect.center())
    menu = ach.table.findChild(QMenu, "ach-mark-menu")
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    words = [a.text() for a in menu.actions()]
    assert words[:4] == ["Consistent", "Inconsistent", "Neutral", "Not applicable"]
    clear = menu.actions()[4]
    assert not clear.isEnabled()
    key = (ach.row_ids[0], ach.column_ids[0])
    menu.setActiveAction(menu.actions()[3])
    # Return on the highlighted entry, as a user picks it: the menu closes itself.
    _analysed_after(qtbot, session, lambda: QTest.keyClick(menu, Qt.Key.Key_Return))
    # Closed and deleted: no menu is left behind for each right-click.
    qtbot.waitUntil(lambda: ach.table.findChild(QMenu, "ach-mark-menu") is None)
    mark = session.document.board.ach_marks[key]
    assert mark.consistency is CellMark.NOT_APPLICABLE
    assert mark.marked_by == session.controller.author
    QApplication.processEvents()


def test_a_threshold_changes_from_the_dock_as_one_undo_step(
    window: MainWindow, qtbot: QtBot
) -> None:
    feature, session = _feature(window, qtbot)
    panel = feature.panel
    panel.tabs.setCurrentWidget(panel.judgements)
    picker = panel.judgements.pickers[CORROBORATION_SETTING]
    assert picker.currentData() == "3"
    board = session.document.board

    def key_status() -> ClaimStatus:
        latest = session.analysis.latest
        assert latest is not None
        claim = next(c for c in board.cards.values() if c.display_title == KEY_TITLE)
        return latest.claim(claim.id).status

    assert key_status() is ClaimStatus.UNCORROBORATED
    picker.setFocus()
    # One step up the list, from "3 … or more" to "2 … or more", as a user picks it.
    _analysed_after(qtbot, session, lambda: QTest.keyClick(picker, Qt.Key.Key_Up))
    # The default is stored as no setting.
    assert board.info.setting(CORROBORATION_SETTING) is None
    assert key_status() is ClaimStatus.CORROBORATED
    assert "2 or more independent origins" in panel.judgements.rules.text()
    undo = window.actions_by_name["undo"]
    assert undo.text() == "&Undo Change the analysis thresholds"
    _analysed_after(qtbot, session, undo.trigger)
    assert board.info.setting(CORROBORATION_SETTING) == "3"
    qtbot.waitUntil(lambda: picker.currentData() == "3")
    assert key_status() is ClaimStatus.UNCORROBORATED


def test_every_view_says_the_same_judgements(
    window: MainWindow,
    demo_path: Path,
    qtbot: QtBot,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    board, analysis, pdf = analyse_and_write_brief(demo_path)
    ids = {board.cards[i].display_title: i for i in analysis.titles}
    key, assumed = ids[KEY_TITLE], ids[ASSUMED_TITLE]
    sentence = analysis.judgement_sentences[key]
    assert sentence == (
        f"“{KEY_TITLE}”: the analyst judges it highly likely, with moderate confidence; "
        "sourcing status: Uncorroborated (2 independent origins)."
    )
    # The demo's two hypotheses are marked as key judgements too.
    marked = analysis.key_judgements.claim_ids
    assert set(marked) == {key, demo_id("claim-deal"), demo_id("claim-evacuated")}
    assert analysis.key_judgements.marked
    assert analysis.assumptions == (assumed,)

    capsys.readouterr()
    assert main(["analyze", str(demo_path)]) == 0
    text = capsys.readouterr().out
    listed = "".join(f"  * {analysis.judgement_sentences[i]}\n" for i in marked)
    assert f"Key judgements (marked by the analyst)\n{listed}" in text
    assert f"  * {analysis.judgement_sentences[assumed]}" in text
    assert "Corroborated: 3 or more independent origins" in text

    assert main(["analyze", str(demo_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["key_judgements"]["claim_ids"] == list(marked)
    assert sentence in data["key_judgements"]["sentences"]
    assert data["key_assumptions"]["claim_ids"] == [assumed]
    assert data["threshold_values"]["corroboration_origins"] == 3

    flat = " ".join(pdf_text(pdf).split())
    assert "Key judgements" in flat and sentence in flat
    assert analysis.judgement_sentences[assumed] in flat
    assert "A claim is corroborated by 3 or more independent origins" in flat
    assert "Analyst likelihood: highly likely" in flat

    feature, session = _feature(window, qtbot)
    panel = feature.panel
    panel.tabs.setCurrentWidget(panel.judgements)
    qtbot.waitUntil(lambda: sentence in panel.judgements.key_judgements.text())
    assert analysis.judgement_sentences[assumed] in panel.judgements.assumptions.text()
    panel.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: any(r.text(1) == KEY_TITLE for r in panel.claims.rows()))
    row = next(r for r in panel.claims.rows() if r.text(1) == KEY_TITLE)
    panel.claims.setCurrentItem(row)
    assert row.text(0) == "Uncorroborated"
    assert panel.claim_reasons.text().startswith(sentence)

    item = session.scene.card_item(key)
    assert item is not None
    qtbot.waitUntil(lambda: bool(item.badge_texts))
    assert item.badge_texts[-1] == "Uncorroborated"
    # The judgement has its own line, apart from the status badge.
    assert item.judgement_text == "Highly likely · moderate confidence"
    assert item.kind_label == "KEY JUDGEMENT"
    assumed_item = session.scene.card_item(assumed)
    assert assumed_item is not None and assumed_item.judgement_text == ""
    assert assumed_item.kind_label == "KEY ASSUMPTION"

    folder = Path(os.environ.get("EVIDENCEBOARD_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    session.view.centre_on_card(key)
    assert window.grab().save(str(folder / "judgements-dock.png"))


def test_the_inspector_edits_likelihood_and_flags(window: MainWindow, qtbot: QtBot) -> None:
    _unused, session = _feature(window, qtbot)
    board = session.document.board
    claim = next(c for c in board.cards.values() if c.display_title == ASSUMED_TITLE)
    session.scene.select_only([claim.id], [])
    inspector = session.inspector
    field = inspector.field("likelihood")
    assert isinstance(field, LikelihoodField)
    combo = field.combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Not given",
        "Remote chance",
        "Highly unlikely",
        "Unlikely",
        "Realistic possibility",
        "Likely",
        "Highly likely",
        "Almost certain",
    ]
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_End)
    content = board.cards[claim.id].content
    assert isinstance(content, ClaimContent) and content.likelihood == "phia.almost_certain"
    key = inspector.field("is_key_judgement")
    assert isinstance(key, CheckField)
    key.box.click()
    content = board.cards[claim.id].content
    assert isinstance(content, ClaimContent) and content.is_key_judgement
    undo = window.actions_by_name["undo"]
    assert undo.text().startswith("&Undo Edit key judgement of claim “The border post")
    undo.trigger()
    undo.trigger()
    assert board.cards[claim.id] == claim


def test_the_inspector_offers_the_terms_of_the_yardstick_the_board_chooses(
    window: MainWindow, qtbot: QtBot
) -> None:
    feature, session = _feature(window, qtbot)
    board = session.document.board
    claim = next(c for c in board.cards.values() if c.display_title == KEY_TITLE)
    session.scene.select_only([claim.id], [])
    feature.change_settings({"judgement.yardstick": "icd203"})
    field = session.inspector.field("likelihood")
    assert isinstance(field, LikelihoodField)
    texts = [field.combo.itemText(i) for i in range(field.combo.count())]
    assert texts[1] == "Almost no chance" and "Very likely" in texts
    # The PHIA term already given is shown as it was given, not translated.
    assert field.combo.currentText() == "Highly likely (UK PHIA probability yardstick)"
    window.actions_by_name["undo"].trigger()
    field = session.inspector.field("likelihood")
    assert isinstance(field, LikelihoodField)
    assert field.combo.currentText() == "Highly likely"
