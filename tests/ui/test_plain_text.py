"""Board text reaches every widget as literal text, never as Qt rich text.

A board from a stranger whose every text field is markup (an ``<img>`` of a file on
disk, a bold tag) is opened in the real window; cards and links are selected, the
analysis, the hypotheses, a search, the reader and the history are filled, an edit
puts board text in the Undo and Redo tooltips, and the dialogs that show board text
are built. Then every widget, action, item-view row and scene item is walked
(:mod:`tests.ui.markup_walk`), real tooltips are shown, and the kernel is asked
whether anything opened the image (:mod:`tests.ui.file_watch`): Qt loads the images
of rich text itself, in C++, so a leak shows as an open of that file.
"""

import hashlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction, QColor, QImage, Qt, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMessageBox,
    QToolTip,
    QTreeWidgetItemIterator,
    QWidget,
)
from pytestqt.qtbot import QtBot

from evidenceboard.model.attachments import Attachment
from evidenceboard.model.board import BoardInfo
from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddAttachment, AddCards, EditBoard, EditCards
from evidenceboard.model.factory import edited_card, make_card, make_link
from evidenceboard.model.links import LinkKind
from evidenceboard.model.merge import plan_merge
from evidenceboard.storage.document import create_board
from evidenceboard.storage.snapshots import SnapshotInfo
from evidenceboard.ui.common.plain import plain_action_text, plain_tooltip
from evidenceboard.ui.common.theme import LIGHT
from evidenceboard.ui.features.about.dialog import ShortcutsDialog
from evidenceboard.ui.features.analysis.feature import AnalysisFeature
from evidenceboard.ui.features.brief.dialog import BriefDialog
from evidenceboard.ui.features.ingest.feature import IngestFeature
from evidenceboard.ui.features.recovery.dialog import RecoveryDialog, SnapshotListDialog
from evidenceboard.ui.features.sharing import feature as sharing_feature
from evidenceboard.ui.features.sharing import share_dialog
from evidenceboard.ui.features.sharing.feature import SharingFeature
from evidenceboard.ui.features.sharing.merge_dialog import MergeDialog
from evidenceboard.ui.features.sharing.share_dialog import ShareDialog
from evidenceboard.ui.window.main_window import MainWindow
from evidenceboard.ui.window.session import BoardSession
from tests.ui.file_watch import OpenWatch
from tests.ui.markup_walk import MarkupWalk, offenders_in, walk_application
from tests.window_fixtures import feature_of, session_of

#: Short enough for tags and markings (100 characters); resolved against the working
#: folder, which the test sets to the image's folder.
MARKUP = '<img src="p.png"><b>x</b>'
#: File names cannot hold the ``/`` of a closing tag.
FILE_MARKUP = '<img src="p.png"><b>x'


@dataclass
class Hostile:
    """The hostile board's file, its image, and a watch on the image."""

    path: Path
    png: Path
    watch: OpenWatch
    ids: dict[str, str]


def _markup(png: Path) -> str:
    # Long fields also name the image by its full path.
    return f'{MARKUP} <img src="{png}"> & more'


def _write_board(folder: Path, png: Path) -> tuple[Path, dict[str, str]]:
    long = _markup(png)
    path = folder / f"{FILE_MARKUP}.evboard"
    info = BoardInfo(title=MARKUP, description=long, handling=MARKUP, authors=(MARKUP,))
    data = png.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    attachment = Attachment(sha, f"{FILE_MARKUP}.png", "image/png", len(data), datetime.now(UTC))
    common: dict[str, Any] = {"tags": (MARKUP, f"{MARKUP}2"), "handling": MARKUP}
    article = make_card(
        CardKind.ARTICLE,
        f"{MARKUP} article",
        MARKUP,
        outlet=MARKUP,
        author=MARKUP,
        url=MARKUP,
        published="2024-12",
        body=long,
        **common,
    )
    document = make_card(
        CardKind.DOCUMENT,
        f"{MARKUP} document",
        MARKUP,
        x=400,
        file_name=MARKUP,
        media_type="image/png",
        attachment=sha,
        origin=MARKUP,
        extracted_text=long,
        **common,
    )
    claims = [
        make_card(
            CardKind.CLAIM,
            f"{MARKUP} claim {n}",
            MARKUP,
            x=400 * n,
            y=300,
            statement=long,
            attributed_to=MARKUP,
            is_hypothesis=True,
            **common,
        )
        for n in (1, 2)
    ]
    note = make_card(CardKind.NOTE, "", MARKUP, y=600, text=long, **common)
    links = (
        make_link(
            article.id, claims[0].id, LinkKind.CORROBORATES, MARKUP, rationale=long, quote=long
        ),
        make_link(
            document.id, claims[1].id, LinkKind.CONTRADICTS, MARKUP, rationale=long, quote=long
        ),
        make_link(article.id, document.id, LinkKind.DERIVED_FROM, MARKUP, rationale=long),
    )
    with create_board(path, info, author=MARKUP) as board_file:
        board_file.apply(AddAttachment(attachment, data))
        board_file.apply(AddCards((article, document, *claims, note), links))
    ids = {
        "article": article.id,
        "document": document.id,
        "claim": claims[0].id,
        "note": note.id,
        "link": links[0].id,
    }
    return path, ids


@pytest.fixture
def hostile(monkeypatch: pytest.MonkeyPatch) -> Iterator[Hostile]:
    # A short folder, so the image's full path fits in every long field.
    with tempfile.TemporaryDirectory(prefix="eb") as name:
        folder = Path(name)
        png = folder / "p.png"
        image = QImage(400, 400, QImage.Format.Format_RGB32)
        image.fill(QColor("red"))
        assert image.save(str(png))
        monkeypatch.chdir(folder)
        monkeypatch.setenv("EVIDENCEBOARD_USER", MARKUP)
        path, ids = _write_board(folder, png)
        with OpenWatch(png) as watch:
            yield Hostile(path, png, watch, ids)


@pytest.fixture
def hostile_window(qtbot: QtBot, hostile: Hostile) -> Iterator[MainWindow]:
    # Proof that the watch sees Qt read the image: a label told to show the markup.
    control = QLabel(MARKUP)
    control.show()
    QApplication.processEvents()
    assert hostile.watch.opens() >= 1, "the watch does not see Qt load the image"
    control.clear()
    control.close()
    del control

    win = MainWindow(LIGHT)
    win.resize(1400, 900)
    qtbot.addWidget(win)
    win.show()
    assert win.open_path(hostile.path)
    qtbot.waitExposed(win)
    yield win
    for widget in QApplication.topLevelWidgets():
        if widget is not win and widget.isVisible():
            widget.close()
    win.close()


def _fill_the_window(
    qtbot: QtBot, window: MainWindow, hostile: Hostile, monkeypatch: pytest.MonkeyPatch
) -> MarkupWalk:
    """Bring board text into every panel, walking the window after each step."""
    session = session_of(window)
    board = session.document.board
    walk = MarkupWalk()
    for name in ("article", "document", "claim", "note"):
        session.scene.select_only([hostile.ids[name]])
        QApplication.processEvents()
        walk_application(walk)
    session.scene.select_only(link_ids=[hostile.ids["link"]])
    walk_application(walk)

    analysis = feature_of(window, AnalysisFeature)
    analysis.dock.show()
    qtbot.waitUntil(lambda: session.analysis.latest is not None)
    tabs = analysis.panel.tabs
    for tab in range(tabs.count()):
        # Each tab is filled when it is shown.
        tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        walk_application(walk)
    tabs.setCurrentIndex(1)
    claims = analysis.panel.claims
    qtbot.waitUntil(lambda: claims.topLevelItemCount() > 0)
    first = claims.topLevelItem(0)
    assert first is not None
    claims.setCurrentItem(first)
    walk_application(walk)
    analysis.show_hypotheses()
    QApplication.processEvents()
    walk_application(walk)

    ingest = feature_of(window, IngestFeature)
    ingest.show_search()
    ingest.search_panel.box.setText("x")
    ingest.search_panel.run_search()
    qtbot.waitUntil(lambda: ingest.search_panel.model.rowCount() > 0)
    for name in ("article", "document"):
        assert ingest.open_reader(hostile.ids[name]) is not None
    walk_application(walk)

    # The attachment is saved: the message bar names it.
    sharing = feature_of(window, SharingFeature)
    session.scene.select_only([hostile.ids["document"]])
    out = hostile.png.parent / "out"
    out.mkdir()
    monkeypatch.setattr(sharing_feature, "choose_attachment_path", lambda _p, name: out / name)
    assert sharing.save_attachment() is not None
    assert "img src" in window.message_bar.text()

    # Two edits, one undone: both Undo and Redo carry board text.
    for name in ("note", "claim"):
        card = board.card(hostile.ids[name])
        edit = edited_card(card, MARKUP, title=f"{MARKUP} {name} edited")
        assert session.controller.submit(EditCards(((card, edit),)))
    window.actions_by_name["undo"].trigger()
    undo, redo = window.actions_by_name["undo"], window.actions_by_name["redo"]
    assert "img src" in undo.toolTip() and "img src" in redo.toolTip()
    window.history_dock.show()
    # File > Open recent names the board's file, and its folder in the tooltip.
    window.recent_menu.aboutToShow.emit()
    assert any("img src" in a.toolTip() for a in window.recent_menu.actions())
    walk_application(walk)
    return walk


def test_every_widget_shows_board_markup_as_literal_text(
    qtbot: QtBot, hostile_window: MainWindow, hostile: Hostile, monkeypatch: pytest.MonkeyPatch
) -> None:
    walk = _fill_the_window(qtbot, hostile_window, hostile, monkeypatch)
    assert walk.carrying > 200, walk.summary()
    assert not walk.offenders, "\n".join(walk.offenders)
    assert hostile.watch.opens() == 0, "Qt loaded the board's image while showing the window"


@pytest.fixture
def filled_session(
    qtbot: QtBot, hostile_window: MainWindow, hostile: Hostile, monkeypatch: pytest.MonkeyPatch
) -> BoardSession:
    """The hostile board's session once its text has been brought into every panel."""
    _fill_the_window(qtbot, hostile_window, hostile, monkeypatch)
    return session_of(hostile_window)


def test_real_tooltips_do_not_load_board_images(
    hostile_window: MainWindow, hostile: Hostile, filled_session: BoardSession
) -> None:
    outline = filled_session.outline.tree
    rows = QTreeWidgetItemIterator(outline)
    while (row := rows.value()) is not None and not row.toolTip(0):
        rows += 1
    assert row is not None, "no outline row has a tooltip"
    search = feature_of(hostile_window, IngestFeature).search_panel.model
    tips = [
        row.toolTip(0),
        hostile_window.actions_by_name["undo"].toolTip(),
        hostile_window.actions_by_name["redo"].toolTip(),
        search.data(search.index(0, 0), Qt.ItemDataRole.ToolTipRole),
    ]
    assert all(isinstance(tip, str) and "img src" in tip for tip in tips), tips
    for tip in tips:
        QToolTip.showText(QPoint(40, 40), str(tip), outline)
        QApplication.processEvents()
        assert QToolTip.isVisible()
        assert hostile.watch.opens() == 0, f"showing {tip!r} loaded the board's image"
    QToolTip.hideText()


def test_dialogs_show_board_markup_as_literal_text(
    hostile_window: MainWindow, hostile: Hostile, filled_session: BoardSession
) -> None:
    board = filled_session.document.board
    theirs = board.scratch_copy()
    card = theirs.card(hostile.ids["article"])
    theirs.apply(EditCards(((card, edited_card(card, MARKUP, title=f"{MARKUP} theirs")),)))
    ours = board.card(hostile.ids["article"])
    filled_session.controller.submit(
        EditCards(((ours, edited_card(ours, MARKUP, title=f"{MARKUP} ours")),))
    )
    snapshot = SnapshotInfo(hostile.path, datetime.now(UTC), 6, 3, problem=MARKUP)
    dialogs: list[QWidget] = [
        MergeDialog(plan_merge(board, theirs, MARKUP), hostile.path.name, hostile_window),
        ShareDialog(board, hostile.path, MARKUP, hostile_window),
        BriefDialog(filled_session.document, list(board.cards), hostile_window),
        RecoveryDialog(hostile.path, MARKUP, snapshot, hostile_window),
        SnapshotListDialog(MARKUP, [replace(snapshot, problem=None), snapshot], hostile_window),
        sharing_feature.executable_warning(hostile_window, f"{MARKUP}.exe"),
        share_dialog.overwrite_question(hostile_window, hostile.path),
    ]
    for dialog in dialogs:
        dialog.show()
    QApplication.processEvents()
    offenders: list[str] = []
    for dialog in dialogs:
        walk = offenders_in([dialog])
        assert walk.carrying > 0, f"{type(dialog).__name__} shows no board text: {walk.summary()}"
        offenders += walk.offenders
        dialog.close()
        dialog.deleteLater()
    assert not offenders, "\n".join(offenders)
    assert hostile.watch.opens() == 0, "Qt loaded the board's image while showing a dialog"
    # The shortcuts list names commands ("Undo"), never the step an action would undo,
    # so no board text reaches it at all.
    shortcuts = ShortcutsDialog(hostile_window.actions(), hostile_window)
    shortcuts.show()
    QApplication.processEvents()
    walk = offenders_in([shortcuts])
    assert walk.checked > 0 and walk.carrying == 0, walk.summary()
    shortcuts.close()
    shortcuts.deleteLater()


def test_a_message_box_from_the_helper_answers_with_its_button(qtbot: QtBot) -> None:
    box = sharing_feature.executable_warning(None, "run.exe")
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert "run.exe" in box.text()
    box.deleteLater()


@pytest.mark.parametrize(
    "text",
    [
        MARKUP,
        "Tom's & Jerry's report",
        "a &lt; b, literally",
        "two\nlines  with  spaces",
        "<!doctype html><p>x</p>",
    ],
)
def test_a_plain_tooltip_reads_back_as_the_text(text: str) -> None:
    tip = plain_tooltip(text)
    # Qt reads the tooltip as rich text, so the entities are decoded and nothing shows
    # as "&amp;" or "&#x27;"; and it reads back as exactly the characters given.
    assert Qt.mightBeRichText(tip)
    document = QTextDocument()
    document.setHtml(tip)
    assert document.toPlainText() == text
    assert "<img" not in tip


def test_no_tooltip_for_no_text() -> None:
    assert plain_tooltip("") == ""


def test_a_board_title_is_shown_in_the_window_title_as_typed(
    qtbot: QtBot, hostile_window: MainWindow
) -> None:
    session = session_of(hostile_window)
    board = session.document.board
    # Qt turns a lone "[*]" in a title into the unsaved-changes mark, or drops it.
    title = "Draft [*] & <b>notes</b>"
    session.controller.submit(EditBoard(board.info, replace(board.info, title=title)))
    handle = hostile_window.windowHandle()
    assert handle is not None
    qtbot.waitUntil(lambda: handle.title().startswith(title))


def test_menu_text_keeps_ampersands_and_tabs_as_written() -> None:
    action = QAction(plain_action_text("Tom & Jerry\tnotes.evboard"))
    # A menu shows "&&" as "&" and underlines nothing; the tab would start the key column.
    assert action.text() == "Tom && Jerry notes.evboard"
    assert action.iconText() == "Tom & Jerry notes.evboard"
