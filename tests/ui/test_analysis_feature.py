"""The Analysis dock, the ACH matrix and the layout commands, on the demo board.

Each test installs the feature on a window built like the other window tests (or
uses the one the window installed itself), waits for the background analysis, then
clicks the real widgets and checks the canvas, the undo stack and the board file.

Set ``EVIDENCEBOARD_SCREENSHOTS`` to a folder (``docs/images``) to write the
screenshots there; otherwise they go to the test's temporary folder.
"""

import os
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QIcon, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableWidgetItem, QTreeWidget, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from evidenceboard.analysis import (
    BoardAnalysis,
    LayoutCancelled,
    Severity,
    TidyOrder,
    assess_board,
)
from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.cards import CardKind, Geometry
from evidenceboard.model.changes import AddCards, AddLinks, Batch, EditCards, MoveCards
from evidenceboard.model.factory import edited_card, make_card, make_link
from evidenceboard.model.links import LinkKind
from evidenceboard.storage.demo_file import create_demo_board
from evidenceboard.storage.document import create_board, open_board
from evidenceboard.ui.board import analysis_runner
from evidenceboard.ui.common import appearance
from evidenceboard.ui.common.plain import plain_tooltip
from evidenceboard.ui.common.theme import DARK, LIGHT
from evidenceboard.ui.features.analysis import layout_worker
from evidenceboard.ui.features.analysis.feature import (
    CHANGED_MEANWHILE,
    AnalysisFeature,
    install,
)
from evidenceboard.ui.features.analysis.layout_worker import LayoutWorker
from evidenceboard.ui.features.analysis.panel import FOLDED_ROWS, severity_colour
from evidenceboard.ui.window import application as app_module
from evidenceboard.ui.window.main_window import MainWindow
from tests.window_fixtures import session_of


@pytest.fixture
def feature(window: MainWindow, qtbot: QtBot) -> AnalysisFeature:
    found = window.findChild(AnalysisFeature)
    if found is None:
        install(window)
        found = window.findChild(AnalysisFeature)
    assert isinstance(found, AnalysisFeature)
    session = session_of(window)
    qtbot.waitUntil(lambda: session.analysis.latest is not None)
    qtbot.waitUntil(lambda: found.panel.findings.topLevelItemCount() > 1)
    return found


def card_id(board: Board, title_start: str) -> str:
    return next(c.id for c in board.cards.values() if c.title.startswith(title_start))


def stored_geometries(path: Path) -> dict[str, Geometry]:
    with open_board(path, read_only=True) as doc:
        return {c.id: c.geometry for c in doc.board.cards.values()}


def board_menu_action(window: MainWindow, text: str) -> QAction:
    for action in window.menus["board"].actions():
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(f"no Board menu entry {text!r}")


def click_row(tree: QTreeWidget, item: QTreeWidgetItem, column: int = 0) -> None:
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    x = tree.header().sectionViewportPosition(column) + 20
    QTest.mouseClick(
        tree.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(max(x, rect.left() + 20), rect.center().y()),
    )


def text_of(item: QTableWidgetItem | None) -> str:
    assert item is not None
    return item.text()


def click_tab(feature: AnalysisFeature, index: int) -> None:
    # The dock shares a tabbed column with the inspector: the user turns to it first.
    feature.dock.raise_()
    QApplication.processEvents()
    bar = feature.panel.tabs.tabBar()
    QTest.mouseClick(
        bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, bar.tabRect(index).center()
    )


def visible_scene_rect_contains(window: MainWindow, card_ids: list[str]) -> bool:
    session = session_of(window)
    view = session.view
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    return shown.contains(session.scene.cards_rect(card_ids))


def test_circular_reporting_finding_selects_its_cards(
    window: MainWindow, feature: AnalysisFeature
) -> None:
    session = session_of(window)
    board = session.document.board
    tree = feature.panel.findings
    groups = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    titles = [g.text(0) for g in groups if g is not None]
    assert titles[0] == "Circular reporting (1)"
    assert titles.index("Contested claims (1)") < titles.index("Single-source claims (6)")
    group = groups[0]
    assert group is not None
    finding = group.child(0)
    assert finding is not None
    assert "Selvi column" in finding.text(0)
    assert "(Hurriyet)" in finding.text(0)

    session.view.set_zoom(3.0)
    click_row(tree, finding)

    tass = card_id(board, "Tass repeats")
    hurriyet = card_id(board, "Selvi column")
    selected = set(session.scene.selected_card_ids())
    assert {tass, hurriyet} <= selected
    for card in (tass, hurriyet):
        item = session.scene.card_item(card)
        assert item is not None and item.isSelected()
    assert visible_scene_rect_contains(window, sorted(selected))

    # The keyboard walks the list too: past the next group's title to its finding.
    QTest.keyClick(tree, Qt.Key.Key_Down)
    QTest.keyClick(tree, Qt.Key.Key_Down)
    current = tree.currentItem()
    assert current is not None and current.text(0).startswith("The claim “H1")
    statement = card_id(board, "Assad's statement")
    assert statement in session.scene.selected_card_ids()


def test_claims_tab_shows_status_and_reasons(
    window: MainWindow, feature: AnalysisFeature, qtbot: QtBot
) -> None:
    session = session_of(window)
    board = session.document.board
    h1 = card_id(board, "H1: Assad bought safe passage")
    click_tab(feature, 1)
    tree = feature.panel.claims
    assert tree.isVisible()
    row = next(r for r in tree.rows() if r.text(1).startswith("H1: Assad bought safe passage"))
    assert row.text(0) == "Contested"
    assert row.foreground(0).color() == QColor(LIGHT.status_contested)
    assert feature.panel.claim_reasons.text() == "Pick a claim to see why it has its status."

    session.view.set_zoom(1.5)
    session.view.centre_on_card(card_id(board, "Photos of purported"))
    assert not visible_scene_rect_contains(window, [h1])
    click_row(tree, row, column=1)

    assert session.scene.selected_card_ids() == [h1]
    assert visible_scene_rect_contains(window, [h1])
    assert feature.panel.claim_status.text().startswith("Contested · hypothesis")
    assert "Contested: the evidence on the board points both ways." in (
        feature.panel.claim_reasons.text()
    )

    # Titles are shown as typed, markup included, and the list follows the edit.
    card = board.card(h1)
    session.controller.submit(EditCards(((card, replace(card, title="<b>H1</b> & co")),)))
    qtbot.waitUntil(lambda: any(r.text(1) == "<b>H1</b> & co" for r in tree.rows()))
    assert feature.panel.claim_title.textFormat() == Qt.TextFormat.PlainText
    assert feature.panel.claim_title.text() == "<b>H1</b> & co"
    edited = next(r for r in tree.rows() if r.text(1) == "<b>H1</b> & co")
    assert edited.toolTip(1) == plain_tooltip("<b>H1</b> & co")


def test_ach_view_compares_the_hypotheses(window: MainWindow, feature: AnalysisFeature) -> None:
    session = session_of(window)
    board = session.document.board
    h1 = card_id(board, "H1: Assad bought")
    h2 = card_id(board, "H2: Russia decided")
    statement = card_id(board, "Assad's statement")
    board_menu_action(window, "Competing hypotheses…").trigger()
    ach = feature.panel.ach
    assert ach.isVisible() and ach.showing_matrix
    table = ach.table
    headers = [text_of(table.horizontalHeaderItem(i)) for i in range(table.columnCount())]
    # Columns follow the ranking; each says its inconsistencies and unassessed cells.
    assert headers[0].startswith("H2: Russia decided")
    assert "Rank 1 · 0 inconsistent · 3 unassessed" in headers[0]
    assert headers[1].startswith("H1: Assad bought")
    assert "Rank 2 · 1 inconsistent · 2 unassessed" in headers[1]
    assert headers[2:] == ["Grade", "Diagnosticity"]
    assert ach.column_ids == [h2, h1]
    ranking = [ach.ranking.topLevelItem(i) for i in range(ach.ranking.topLevelItemCount())]
    assert [(r.text(0), r.text(1)[:2], r.text(2)) for r in ranking if r is not None] == [
        ("1", "H2", "0"),
        ("2", "H1", "1"),
    ]
    # The most diagnostic evidence comes first: the statement fits H2 and contradicts H1.
    assert ach.row_ids[0] == statement
    assert [text_of(table.item(0, c)) for c in range(4)] == ["C", "I", "B3", "high"]
    # A cell with no link is unassessed, not "not applicable".
    cells = [text_of(table.item(r, c)) for r in range(table.rowCount()) for c in range(2)]
    assert "?" in cells and "NA" not in cells

    header = table.horizontalHeader()
    x = header.sectionViewportPosition(0) + header.sectionSize(0) // 2
    QTest.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(x, header.height() // 2),
    )
    assert session.scene.selected_card_ids() == [h2]

    vertical = table.verticalHeader()
    y = vertical.sectionViewportPosition(0) + vertical.sectionSize(0) // 2
    QTest.mouseClick(
        vertical.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(20, y),
    )
    assert session.scene.selected_card_ids() == [statement]

    click_row(ach.ranking, ranking[0] or QTreeWidgetItem(), column=1)
    assert session.scene.selected_card_ids() == [h2]


def test_ach_view_explains_how_to_add_hypotheses(
    window: MainWindow, feature: AnalysisFeature, board_dir: Path, qtbot: QtBot
) -> None:
    window.show_document(create_board(board_dir / "plain.evboard", BoardInfo(title="Plain")))
    session = session_of(window)
    qtbot.waitUntil(lambda: session.analysis.latest is not None)
    feature.show_hypotheses()
    ach = feature.panel.ach
    assert not ach.showing_matrix
    assert ach.empty.isVisible()
    assert "Mark claims as hypotheses in the inspector to compare them" in ach.empty.text()
    assert feature.panel.findings.topLevelItemCount() == 1
    assert feature.panel.tabs.tabText(0) == "Findings (0)"


def test_tidy_by_kind_is_one_undo_step(
    window: MainWindow, feature: AnalysisFeature, demo_path: Path
) -> None:
    session = session_of(window)
    before = stored_geometries(demo_path)
    stack = session.controller.undo_stack
    steps = stack.count()

    board_menu_action(window, "Tidy by kind").trigger()

    after = stored_geometries(demo_path)
    assert after != before
    assert {c.id: c.geometry for c in session.document.board.cards.values()} == after
    assert stack.count() == steps + 1
    assert window.actions_by_name["undo"].text() == "&Undo Move 21 cards"

    window.actions_by_name["undo"].trigger()
    assert stored_geometries(demo_path) == before


def test_force_arrange_runs_in_background_and_undoes_in_one_step(
    window: MainWindow, feature: AnalysisFeature, demo_path: Path, qtbot: QtBot
) -> None:
    session = session_of(window)
    board = session.document.board
    pinned = card_id(board, "Israel bombed")
    card = board.card(pinned)
    session.controller.submit(EditCards(((card, replace(card, pinned=True)),)))
    before = stored_geometries(demo_path)
    stack = session.controller.undo_stack
    steps = stack.count()

    board_menu_action(window, "Arrange board (force-directed)").trigger()
    assert feature.progress.isVisible()
    assert feature.progress.label.text() == "Arranging 21 cards…"
    assert not feature.actions["arrange-board"].isEnabled()
    qtbot.waitUntil(lambda: stack.count() == steps + 1)

    assert not feature.progress.isVisible()
    assert feature.actions["arrange-board"].isEnabled()
    after = stored_geometries(demo_path)
    assert after != before
    assert after[pinned] == before[pinned]
    window.actions_by_name["undo"].trigger()
    assert stored_geometries(demo_path) == before


def test_after_arranging_every_arranged_card_is_in_view(
    window: MainWindow, feature: AnalysisFeature, qtbot: QtBot
) -> None:
    session = session_of(window)
    stack = session.controller.undo_stack
    steps = stack.count()
    # Zoomed in on one corner, most cards are out of view before the arrangement.
    session.view.set_zoom(2.0)
    session.view.centerOn(session.scene.cards_rect().topLeft())
    board_menu_action(window, "Arrange board (force-directed)").trigger()
    qtbot.waitUntil(lambda: stack.count() == steps + 1)
    view = session.view
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(session.scene.cards_rect()), "an arranged card is out of view"


def test_arranging_the_selection_needs_two_cards(
    window: MainWindow, feature: AnalysisFeature, demo_path: Path, qtbot: QtBot
) -> None:
    session = session_of(window)
    board = session.document.board
    before = stored_geometries(demo_path)
    board_menu_action(window, "Arrange selection (force-directed)").trigger()
    assert window.message_bar.text() == "Select two or more cards to arrange them."
    assert feature.worker is None

    chosen = [card_id(board, "H1:"), card_id(board, "H2:"), card_id(board, "Assad's statement")]
    session.scene.select_only(chosen)
    steps = session.controller.undo_stack.count()
    board_menu_action(window, "Arrange selection (force-directed)").trigger()
    assert feature.progress.label.text() == "Arranging 3 cards…"
    qtbot.waitUntil(lambda: session.controller.undo_stack.count() == steps + 1)
    after = stored_geometries(demo_path)
    assert {i for i in after if after[i] != before[i]} <= set(chosen)


def test_cancelled_force_layout_moves_nothing(
    window: MainWindow, feature: AnalysisFeature, demo_path: Path, qtbot: QtBot
) -> None:
    session = session_of(window)
    before = stored_geometries(demo_path)
    steps = session.controller.undo_stack.count()

    board_menu_action(window, "Arrange board (force-directed)").trigger()
    QTest.mouseClick(feature.progress.cancel, Qt.MouseButton.LeftButton)

    assert not feature.progress.isVisible()
    assert feature.worker is None
    qtbot.waitUntil(lambda: not feature._stopping)
    assert session.controller.undo_stack.count() == steps
    assert stored_geometries(demo_path) == before
    assert {c.id: c.geometry for c in session.document.board.cards.values()} == before


def test_force_layout_refuses_a_board_changed_meanwhile(
    window: MainWindow, feature: AnalysisFeature, demo_path: Path, qtbot: QtBot
) -> None:
    session = session_of(window)
    board = session.document.board
    moved = card_id(board, "Tass repeats")
    old = board.card(moved).geometry

    board_menu_action(window, "Arrange board (force-directed)").trigger()
    # The user drags a card before the layout's result arrives.
    session.controller.submit(MoveCards(((moved, old, old.moved_to(old.x + 400, old.y)),)))
    expected = stored_geometries(demo_path)
    steps = session.controller.undo_stack.count()
    qtbot.waitUntil(lambda: feature.worker is None)

    assert window.message_bar.text() == CHANGED_MEANWHILE
    assert session.controller.undo_stack.count() == steps
    assert stored_geometries(demo_path) == expected


def test_layout_worker_stops_when_cancelled(window: MainWindow, qtbot: QtBot) -> None:
    snapshot = session_of(window).document.board.scratch_copy()
    worker = LayoutWorker(snapshot)
    worker.cancel()
    with qtbot.waitSignal(worker.cancelled), qtbot.waitSignal(worker.finished):
        worker.start()
    assert worker.wait(5)


def test_screenshots_of_the_analysis_dock(
    window: MainWindow, feature: AnalysisFeature, tmp_path: Path
) -> None:
    folder = Path(os.environ.get("EVIDENCEBOARD_SCREENSHOTS", tmp_path))
    window.resize(1440, 900)
    session = session_of(window)
    session.view.fit_board()
    tree = feature.panel.findings
    group = tree.topLevelItem(0)
    assert group is not None and group.child(0) is not None
    click_row(tree, group.child(0) or QTreeWidgetItem())
    for name, tab in (("analysis.png", 0), ("analysis-claims.png", 1), ("analysis-ach.png", 2)):
        click_tab(feature, tab)
        if tab == 1:
            row = next(r for r in feature.panel.claims.rows() if r.text(1).startswith("H1"))
            click_row(feature.panel.claims, row, column=1)
        path = folder / name
        assert window.grab().save(str(path))
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1440, 900)
        # The dock is drawn, not blank: its part of the image holds text and colour.
        dock = image.copy(feature.dock.geometry())
        colours = {
            dock.pixelColor(x, y).name()
            for x in range(0, dock.width(), 7)
            for y in range(0, dock.height(), 5)
        }
        assert len(colours) > 10


def test_read_only_board_shows_analysis_but_cannot_be_arranged(
    window: MainWindow, feature: AnalysisFeature, board_dir: Path, qtbot: QtBot
) -> None:
    path = board_dir / "shared.evboard"
    create_demo_board(path).close()
    window.show_document(open_board(path, read_only=True))
    session = session_of(window)
    qtbot.waitUntil(lambda: feature.panel.tabs.tabText(0) == "Findings (10)")
    assert feature.actions["show-ach"].isEnabled()
    for name in ("arrange-board", "arrange-selection", "tidy-kind", "tidy-date"):
        assert not feature.actions[name].isEnabled()
    before = stored_geometries(path)
    feature.tidy(TidyOrder.KIND)
    feature.arrange(False)
    assert feature.worker is None
    assert session.controller.undo_stack.count() == 0
    assert stored_geometries(path) == before


def test_findings_follow_the_board_with_errors_first(
    window: MainWindow, feature: AnalysisFeature, qtbot: QtBot
) -> None:
    session = session_of(window)
    board = session.document.board
    tass, selvi = card_id(board, "Tass repeats"), card_id(board, "Selvi column")
    # Selvi's column now claims to derive from Tass, which derives from it: a cycle.
    loop = make_link(selvi, tass, LinkKind.DERIVED_FROM, "tester")
    session.controller.submit(AddLinks((loop,)))
    assert feature.panel.state_label.text() == "Updating…"
    tree = feature.panel.findings

    def first_group() -> str:
        item = tree.topLevelItem(0)
        return item.text(0) if item is not None else ""

    qtbot.waitUntil(lambda: first_group() == "Derived-from cycles (1)")
    assert feature.panel.state_label.text() == ""
    group = tree.topLevelItem(0)
    assert group is not None
    cycle = group.child(0)
    assert cycle is not None and "go round in a circle" in cycle.text(0)
    click_row(tree, cycle)
    assert set(session.scene.selected_card_ids()) == {tass, selvi}
    assert loop.id in session.scene.selected_link_ids()


def test_ach_fades_evidence_that_fits_every_hypothesis(
    window: MainWindow, feature: AnalysisFeature, qtbot: QtBot
) -> None:
    session = session_of(window)
    board = session.document.board
    photos = card_id(board, "Photos of purported")
    both = tuple(
        make_link(photos, card_id(board, h), LinkKind.CORROBORATES, "tester")
        for h in ("H1:", "H2:")
    )
    session.controller.submit(AddLinks(both))
    feature.show_hypotheses()
    ach = feature.panel.ach
    qtbot.waitUntil(lambda: photos in ach.row_ids)
    row = ach.row_ids.index(photos)
    assert row == len(ach.row_ids) - 1
    diagnosticity = ach.table.item(row, 3)
    assert diagnosticity is not None and diagnosticity.text() == "none"
    faded, clear = ach.table.item(row, 0), ach.table.item(0, 0)
    assert faded is not None and clear is not None and faded.text() == clear.text() == "C"
    assert faded.foreground().color() != clear.foreground().color()
    assert faded.background().color() != clear.background().color()


def test_dragging_a_card_keeps_the_analysis_and_its_findings(
    window: MainWindow, feature: AnalysisFeature, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = session_of(window)
    board, view = session.document.board, session.view
    before = session.analysis.latest
    rows = feature.panel.findings.topLevelItemCount()
    # Every analysis the runner starts from here on, with the titles it was given.
    analysed: list[set[str]] = []

    def counting(snapshot: Board) -> BoardAnalysis:
        analysed.append({c.title for c in snapshot.cards.values()})
        return assess_board(snapshot)

    monkeypatch.setattr(analysis_runner, "assess_board", counting)
    target = card_id(board, "Tass")
    item = session.scene.card_item(target)
    assert item is not None
    view.centre_on_card(target)
    start = view.mapFromScene(item.scene_rect().center() + QPointF(0, 20))
    vp = view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(vp, start + QPoint(60, 40))
    QTest.mouseRelease(
        vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(60, 40)
    )
    assert session.controller.undo_stack.count() == 1
    assert session.controller.undo_stack.undoText().startswith("Move")
    # Nothing was started nor is one due: the runner's debounce timer is not running.
    assert not any(t.isActive() for t in session.analysis.findChildren(QTimer))
    assert session.analysis.latest is before
    assert feature.panel.state_label.text() == ""
    assert feature.panel.findings.topLevelItemCount() == rows
    # An edit of content is analysed again, and it is the only analysis since the drag:
    # the runner works one job at a time, so one started for the move came first.
    edited = edited_card(board.cards[target], "tester", title="Tass, corrected")
    assert session.controller.submit(EditCards(((board.cards[target], edited),)))
    qtbot.waitUntil(lambda: session.analysis.latest is not before)
    assert len(analysed) == 1 and "Tass, corrected" in analysed[0]


def hold_layouts_until_cancelled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every force-directed layout run until it is cancelled, so a test can act
    while one is surely running (the demo board's real layout takes milliseconds)."""

    def held(_board: Board, *_args: object, **kwargs: Any) -> MoveCards:
        should_cancel = kwargs["should_cancel"]
        deadline = time.monotonic() + 10
        while not should_cancel() and time.monotonic() < deadline:
            time.sleep(0.005)
        raise LayoutCancelled

    monkeypatch.setattr(layout_worker, "force_layout", held)


def test_esc_cancels_a_running_layout_like_the_cancel_button(
    window: MainWindow, feature: AnalysisFeature, demo_path: Path, qtbot: QtBot
) -> None:
    session = session_of(window)
    board, view = session.document.board, session.view
    before = stored_geometries(demo_path)
    steps = session.controller.undo_stack.count()
    chosen = [card_id(board, "H1:"), card_id(board, "H2:"), card_id(board, "Assad's statement")]
    session.scene.select_only(chosen)
    view.setFocus()

    board_menu_action(window, "Arrange selection (force-directed)").trigger()
    assert feature.progress.isVisible()
    QTest.keyClick(view, Qt.Key.Key_Escape)

    assert not feature.progress.isVisible()
    assert feature.worker is None
    assert feature.actions["arrange-board"].isEnabled()
    assert window.statusBar().currentMessage() == "Arranging cancelled; nothing moved."
    # Esc went to the layout only: the cards to arrange stay selected for another try.
    assert sorted(session.scene.selected_card_ids()) == sorted(chosen)
    qtbot.waitUntil(lambda: not feature._stopping)
    assert session.controller.undo_stack.count() == steps
    assert stored_geometries(demo_path) == before
    assert {c.id: c.geometry for c in board.cards.values()} == before

    # Anywhere in the window: here the Analysis dock has the keyboard.
    findings = feature.panel.findings
    findings.setFocus()
    board_menu_action(window, "Arrange board (force-directed)").trigger()
    QTest.keyClick(findings, Qt.Key.Key_Escape)
    assert not feature.progress.isVisible()
    assert feature.worker is None
    qtbot.waitUntil(lambda: not feature._stopping)
    assert session.controller.undo_stack.count() == steps
    assert stored_geometries(demo_path) == before


def test_esc_ends_what_the_user_is_doing_before_the_layout(
    window: MainWindow,
    feature: AnalysisFeature,
    demo_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hold_layouts_until_cancelled(monkeypatch)
    session = session_of(window)
    board, view, scene = session.document.board, session.view, session.scene
    before = stored_geometries(demo_path)
    steps = session.controller.undo_stack.count()
    target = card_id(board, "Tass repeats")
    title = board.card(target).title

    # No layout running: Esc on the canvas clears the selection, as always.
    scene.select_only([target])
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert scene.selected_card_ids() == []

    board_menu_action(window, "Arrange board (force-directed)").trigger()
    assert feature.worker is not None

    # The find bar closes first ...
    QTest.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    QTest.keyClicks(window.find_bar, "Tass")
    QTest.keyClick(window.find_bar, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()
    assert feature.worker is not None and feature.progress.isVisible()

    # ... the title being typed is dropped first ...
    scene.select_only([target])
    QTest.keyClick(view, Qt.Key.Key_F2)
    editor = view.title_editor
    assert editor is not None and editor.isVisible()
    QTest.keyClicks(editor, " (edited)")
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert board.card(target).title == title
    assert feature.worker is not None and feature.progress.isVisible()

    # ... a card being dragged goes back first ...
    item = scene.card_item(target)
    assert item is not None
    view.set_zoom(1.0)
    view.centre_on_card(target)
    start = view.mapFromScene(item.scene_rect().center() + QPointF(0, 20))
    vp = view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 4):
        QTest.mouseMove(vp, start + QPoint(40, 30) * step)
    assert item.pos() != QPointF(before[target].x, before[target].y)
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert item.pos() == QPointF(before[target].x, before[target].y)
    QTest.mouseRelease(
        vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(120, 90)
    )
    assert feature.worker is not None and feature.progress.isVisible()

    # ... and the next Esc stops the layout.
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert feature.worker is None and not feature.progress.isVisible()
    qtbot.waitUntil(lambda: not feature._stopping)
    assert session.controller.undo_stack.count() == steps
    assert stored_geometries(demo_path) == before


def icon_colour(icon: QIcon) -> QColor:
    # Low on the left of the 16 px mark: inside both the disc and the triangle, clear of
    # the glyph.
    return icon.pixmap(16, 16).toImage().pixelColor(5, 13)


def test_the_dock_recolours_at_once_when_the_theme_switches(
    window: MainWindow,
    feature: AnalysisFeature,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = session_of(window)
    # Wide enough to show the hypotheses matrix whole.
    window.resizeDocks([feature.dock], [900], Qt.Orientation.Horizontal)
    analysed = session.analysis.latest
    panel = feature.panel
    severities = {s: severity_colour(LIGHT, s) for s in Severity}
    group = panel.findings.topLevelItem(0)
    assert group is not None
    light_icon = icon_colour(group.icon(0))
    assert light_icon in severities.values()
    severity = next(s for s, c in severities.items() if c == light_icon)

    click_tab(feature, 1)
    row = next(r for r in panel.claims.rows() if r.text(1).startswith("H1: Assad bought"))
    click_row(panel.claims, row, column=1)
    assert row.foreground(0).color() == QColor(LIGHT.status_contested)
    assert panel.claim_status.palette().windowText().color() == QColor(LIGHT.status_contested)

    click_tab(feature, 2)
    table = feature.panel.ach.table
    cell = table.item(0, 1)
    assert cell is not None and cell.text() == "I"
    assert cell.background().color().lightness() > 128
    QTest.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        table.visualRect(table.model().index(0, 0)).center(),
    )
    assert (table.currentRow(), table.currentColumn()) == (0, 0)

    # The system switches to dark while the window is open.
    monkeypatch.setattr(appearance, "system_theme", lambda: DARK)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app_module.restyle(app, window)

    assert session.analysis.latest is analysed
    assert panel.state_label.text() == ""
    # The tab on show (the hypotheses) changes at once.
    cell = table.item(0, 1)
    assert cell is not None and cell.text() == "I"
    fill = cell.background().color()
    assert fill.lightness() < 128
    # What the user sees: the cell is drawn in its new fill (scrolled into the docked
    # table's view first, which a compact dock may not show whole).
    table.scrollToItem(cell)
    shown = table.viewport().grab().toImage()
    rect = table.visualItemRect(cell)
    assert shown.rect().contains(rect.left() + 4, rect.center().y())
    assert shown.pixelColor(rect.left() + 4, rect.center().y()).name() == fill.name()
    assert (table.currentRow(), table.currentColumn()) == (0, 0)
    assert feature.panel.ach.legend.palette().windowText().color() == QColor(DARK.muted)
    # The other tabs are in the new colours when the user turns to them.
    click_tab(feature, 0)
    group = panel.findings.topLevelItem(0)
    assert group is not None
    assert icon_colour(group.icon(0)) == severity_colour(DARK, severity)
    click_tab(feature, 1)
    row = next(r for r in panel.claims.rows() if r.text(1).startswith("H1: Assad bought"))
    assert row.foreground(0).color() == QColor(DARK.status_contested)
    # The claim picked before the switch stays picked, its status in the new colour.
    assert panel.claims.currentItem() is row
    assert panel.claim_status.palette().windowText().color() == QColor(DARK.status_contested)

    folder = Path(os.environ.get("EVIDENCEBOARD_SCREENSHOTS", tmp_path))
    assert window.grab().save(str(folder / "analysis-dark.png"))


def test_a_new_analysis_fills_a_tab_when_it_is_shown(
    window: MainWindow, feature: AnalysisFeature, qtbot: QtBot
) -> None:
    session = session_of(window)
    board = session.document.board
    click_tab(feature, 0)
    before = session.analysis.latest
    h1 = board.cards[card_id(board, "H1: Assad bought")]
    renamed = edited_card(h1, "tester", title="H1 renamed: safe passage for targets")
    assert session.controller.submit(EditCards(((h1, renamed),)))
    qtbot.waitUntil(lambda: session.analysis.latest is not before)
    # The claims list, not on show, waits (on a large board filling it takes seconds).
    assert not any(r.text(1).startswith("H1 renamed") for r in feature.panel.claims.rows())
    click_tab(feature, 1)
    assert any(r.text(1).startswith("H1 renamed") for r in feature.panel.claims.rows())
    assert feature.panel.tabs.tabText(1) == "Claims (6)"


def test_a_long_group_of_findings_starts_folded_and_stays_as_the_user_left_it(
    window: MainWindow, feature: AnalysisFeature, qtbot: QtBot
) -> None:
    session = session_of(window)
    tree = feature.panel.findings
    before = session.analysis.latest
    # A wire story behind many claims: one single-source finding per claim.
    wire = make_card(CardKind.ARTICLE, "Wire story", "tester", x=0.0, y=3000.0)
    claims = tuple(
        make_card(CardKind.CLAIM, f"Claim from the wire {i}", "tester", x=40.0 * i, y=3400.0)
        for i in range(FOLDED_ROWS + 20)
    )
    links = tuple(make_link(wire.id, c.id, LinkKind.CORROBORATES, "tester") for c in claims)
    assert session.controller.submit(Batch((AddCards((wire, *claims)), AddLinks(links)), "wire"))
    qtbot.waitUntil(lambda: session.analysis.latest is not before)
    groups = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    long = [g for g in groups if g is not None and g.childCount() > FOLDED_ROWS]
    short = [g for g in groups if g is not None and g.childCount() <= FOLDED_ROWS]
    assert long and short
    assert not any(g.isExpanded() for g in long) and all(g.isExpanded() for g in short)
    # The user unfolds the long group from the keyboard.
    group = long[0]
    title = group.text(0).split(" (")[0]
    tree.setFocus()
    tree.setCurrentItem(group)
    QTest.keyClick(tree, Qt.Key.Key_Right)
    assert group.isExpanded()
    # A later analysis keeps it unfolded.
    latest = session.analysis.latest
    first = session.document.board.cards[claims[0].id]
    renamed = edited_card(first, "tester", title="Claim from the wire, renamed")
    assert session.controller.submit(EditCards(((first, renamed),)))
    qtbot.waitUntil(lambda: session.analysis.latest is not latest)
    again = next(
        g
        for g in (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
        if g is not None and g.text(0).startswith(title)
    )
    assert again.isExpanded() and again.childCount() > FOLDED_ROWS
