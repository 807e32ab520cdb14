"""The PDF brief dialog: prefilled fields, a background export, cancel, errors."""

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QUrl
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from evidenceboard.export.brief.options import BriefSection, ProgressCallback
from evidenceboard.export.brief.writer import write_brief as real_write_brief
from evidenceboard.model import AddCards, BoardInfo, CardKind, LinkKind
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.frames import plan_new_frame
from evidenceboard.storage.demo_file import create_demo_board
from evidenceboard.storage.document import BoardDocument, create_board
from evidenceboard.ui.features.brief import worker as brief_worker
from evidenceboard.ui.features.brief.dialog import (
    BriefDialog,
    default_file_name,
    open_brief_dialog,
)
from evidenceboard.ui.features.brief.worker import BriefWorker
from evidenceboard.ui.window.main_window import MainWindow

EXPORT_TIMEOUT_MS = 60_000
_WORDS = "the convoy crossed the border before dawn according to two witnesses " * 6


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[BoardDocument]:
    document = create_demo_board(tmp_path / "demo.evboard", author="Dana Analyst")
    yield document
    document.close()


@pytest.fixture
def big(tmp_path: Path) -> Iterator[BoardDocument]:
    """A board large enough that its brief takes a few seconds to lay out."""
    document = create_board(tmp_path / "big.evboard", BoardInfo(title="Big board"))
    cards, links = [], []
    for n in range(250):
        claim = make_card(
            CardKind.CLAIM, f"Claim {n}", "tester", x=n * 300, statement=f"{n}: {_WORDS}"
        )
        report = make_card(
            CardKind.ARTICLE, f"Report {n}", "tester", x=n * 300, y=200, outlet="Wire"
        )
        cards += [claim, report]
        links.append(make_link(report.id, claim.id, LinkKind.CORROBORATES, "tester", quote=_WORDS))
    document.apply(AddCards(tuple(cards), tuple(links)))
    yield document
    document.close()


def _close(dialog: BriefDialog, qtbot: QtBot) -> None:
    dialog.close()
    qtbot.waitUntil(lambda: not dialog.isVisible())


@pytest.fixture
def older(tmp_path: Path) -> Path:
    """The brief of an earlier export, which the next export is to replace."""
    path = tmp_path / "brief.pdf"
    path.write_bytes(b"older brief")
    return path


def _export_over_an_older_brief(
    host: QWidget, big: BoardDocument, older: Path
) -> tuple[BriefDialog, BriefWorker]:
    """Start exporting the big board's brief onto the ``older`` one."""
    dialog = open_brief_dialog(host, big, [], "Dana Analyst")
    dialog.output_edit.setText(str(older))
    dialog.start_export()
    worker = dialog.worker
    assert worker is not None and worker.running
    return dialog, worker


def test_fields_are_prefilled_from_the_board(
    qtbot: QtBot, host: QWidget, demo: BoardDocument
) -> None:
    info = demo.board.info
    dialog = open_brief_dialog(host, demo, [], "Dana Analyst")
    assert dialog.isVisible()
    assert dialog.title_edit.text() == info.title
    assert dialog.author_edit.text() == "Dana Analyst"
    assert dialog.marking_edit.text() == "UNCLASSIFIED//DEMO"
    assert Path(dialog.output_edit.text()) == demo.path.parent / default_file_name(info.title)
    claims = list(demo.board.cards_of_kind(CardKind.CLAIM))
    assert dialog.claim_list.count() == len(claims)
    titles = {dialog.claim_list.item(row).text() for row in range(dialog.claim_list.count())}
    assert titles == {c.display_title for c in claims}
    assert dialog.all_claims_radio.isChecked()
    assert not dialog.selection_radio.isEnabled()
    assert all(box.isChecked() for box in dialog.section_boxes.values())
    assert dialog.options().claim_ids is None
    _close(dialog, qtbot)


def test_default_file_name_keeps_only_safe_characters() -> None:
    assert default_file_name("Assad's flight: a deal?") == "Assads flight a deal.pdf"
    assert default_file_name("Putin\u2019s “asylum”") == "Putins asylum.pdf"
    assert default_file_name("../../etc/passwd") == "etc passwd.pdf"
    assert default_file_name("  ") == "brief.pdf"


def test_selection_and_checklist_choose_the_claims(
    qtbot: QtBot, host: QWidget, demo: BoardDocument
) -> None:
    board = demo.board
    claims = sorted(board.cards_of_kind(CardKind.CLAIM), key=lambda c: c.display_title)
    article = next(iter(board.cards_of_kind(CardKind.ARTICLE)))
    dialog = open_brief_dialog(host, demo, [article.id, claims[1].id], "Dana Analyst")
    assert dialog.selection_radio.isEnabled()
    # A selection is offered, never taken for the user's choice.
    assert dialog.all_claims_radio.isChecked() and not dialog.selection_radio.isChecked()
    assert not dialog.claim_list.isEnabled()
    assert dialog.options().claim_ids is None
    assert dialog.selection_radio.text() == "Selected claims (1)"
    dialog.selection_radio.setChecked(True)
    assert dialog.options().claim_ids == (claims[1].id,)

    dialog.chosen_radio.setChecked(True)
    assert dialog.claim_list.isEnabled()
    for row in range(dialog.claim_list.count()):
        dialog.claim_list.item(row).setCheckState(Qt.CheckState.Unchecked)
    with pytest.raises(ValueError, match="at least one claim"):
        dialog.options()
    wanted = {claims[0].id, claims[2].id}
    for row in range(dialog.claim_list.count()):
        item = dialog.claim_list.item(row)
        if item.data(Qt.ItemDataRole.UserRole) in wanted:
            item.setCheckState(Qt.CheckState.Checked)
    assert set(dialog.options().claim_ids or ()) == wanted
    _close(dialog, qtbot)


def test_export_writes_the_brief_in_the_background(
    qtbot: QtBot, host: QWidget, demo: BoardDocument, tmp_path: Path
) -> None:
    dialog = open_brief_dialog(host, demo, [], "Dana Analyst")
    opened: list[QUrl] = []

    def record(url: QUrl) -> bool:
        opened.append(url)
        return True

    dialog.open_url = record
    dialog.title_edit.setText("Brief for the legal desk")
    dialog.marking_edit.setText("UNCLASSIFIED//DEMO//LEGAL PRIVILEGE")
    dialog.section_boxes[BriefSection.DIAGRAM].setChecked(False)
    target = tmp_path / "out" / "desk brief"
    target.parent.mkdir()
    dialog.output_edit.setText(str(target))
    with qtbot.waitSignal(dialog.exported, timeout=EXPORT_TIMEOUT_MS) as blocker:
        QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert not dialog.form.isEnabled()
    written = target.with_name("desk brief.pdf")
    assert blocker.args == [str(written)]
    reader = PdfReader(str(written))
    assert reader.metadata is not None
    assert reader.metadata.title == "Brief for the legal desk"
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert "Brief for the legal desk" in text
    assert "LEGAL PRIVILEGE" in text
    assert "Board diagram" not in text
    assert dialog.form.isEnabled()
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum() > 1
    assert dialog.status_label.text() == f"Saved {written}"
    assert dialog.open_folder_button.isVisible()
    assert not opened
    QTest.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert [Path(u.toLocalFile()) for u in opened] == [written.parent]
    assert sorted(p.name for p in written.parent.iterdir()) == ["desk brief.pdf"]
    _close(dialog, qtbot)


def test_cancel_stops_the_export_and_keeps_the_older_file(
    qtbot: QtBot,
    host: QWidget,
    big: BoardDocument,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "briefs"
    folder.mkdir()
    older = folder / "brief.pdf"
    older.write_bytes(b"%PDF-1.4 the brief sent last week")
    # Hold the real export after a few steps until Cancel has been clicked, so that on a
    # busy machine the export cannot reach its end before the click.
    gate = threading.Event()

    def held_write_brief(*args: Any, progress: ProgressCallback, **kwargs: Any) -> None:
        def held_progress(done: int, total: int) -> None:
            progress(done, total)
            if done >= 5:
                gate.wait(EXPORT_TIMEOUT_MS / 1000)

        real_write_brief(*args, progress=held_progress, **kwargs)

    monkeypatch.setattr(brief_worker, "write_brief", held_write_brief)
    dialog = open_brief_dialog(host, big, [], "Dana Analyst")
    dialog.output_edit.setText(str(older))
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress_bar.value() > 0, timeout=EXPORT_TIMEOUT_MS)
    assert dialog.worker is not None and dialog.worker.running
    with qtbot.waitSignal(dialog.export_cancelled, timeout=EXPORT_TIMEOUT_MS):
        QTest.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        assert dialog.status_label.text() == "Cancelling…"
        gate.set()
    assert dialog.isVisible()
    assert dialog.worker is not None and not dialog.worker.running
    assert older.read_bytes() == b"%PDF-1.4 the brief sent last week"
    assert sorted(p.name for p in folder.iterdir()) == ["brief.pdf"]
    assert "cancelled" in dialog.status_label.text()
    assert dialog.form.isEnabled() and dialog.export_button.isEnabled()
    _close(dialog, qtbot)


def _assert_older_brief_kept(older: Path) -> None:
    assert older.read_bytes() == b"older brief"
    assert [p.name for p in older.parent.iterdir() if p.name.startswith(".brief.pdf")] == []


def test_closing_during_an_export_stops_it(
    qtbot: QtBot, host: QWidget, big: BoardDocument, older: Path
) -> None:
    dialog, worker = _export_over_an_older_brief(host, big, older)
    dialog.close()
    assert not worker.running
    _assert_older_brief_kept(older)


def test_errors_are_shown_as_plain_text(
    qtbot: QtBot, host: QWidget, demo: BoardDocument, tmp_path: Path
) -> None:
    dialog = open_brief_dialog(host, demo, [], "Dana Analyst")
    assert dialog.status_label.textFormat() == Qt.TextFormat.PlainText
    dialog.output_edit.setText("")
    dialog.start_export()
    assert dialog.worker is None
    assert dialog.status_label.text() == "Choose where to save the brief."

    # A typo naming the board file gets a .pdf suffix: the board itself is never the target.
    dialog.output_edit.setText(str(demo.path))
    assert dialog.output_path() == demo.path.with_name(demo.path.name + ".pdf")

    missing = tmp_path / "<b>no such folder</b>" / "brief.pdf"
    dialog.output_edit.setText(str(missing))
    with qtbot.waitSignal(dialog.export_failed, timeout=EXPORT_TIMEOUT_MS) as blocker:
        dialog.start_export()
    assert "does not exist" in str(blocker.args[0])
    assert dialog.status_label.text() == blocker.args[0]
    assert "<b>no such folder</b>" in dialog.status_label.text()
    assert not missing.parent.exists()
    _close(dialog, qtbot)


def test_deleting_the_dialog_during_an_export_cancels_it(
    qtbot: QtBot, host: QWidget, big: BoardDocument, older: Path
) -> None:
    dialog, worker = _export_over_an_older_brief(host, big, older)
    # As when the main window goes away with the dialog still open: no closeEvent.
    dialog.hide()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not worker.running, timeout=EXPORT_TIMEOUT_MS)
    assert worker.wait(EXPORT_TIMEOUT_MS / 1000)
    assert worker.is_cancelled()
    _assert_older_brief_kept(older)


@pytest.mark.xcb
def test_file_export_menu_opens_the_brief_dialog(qtbot: QtBot, window: MainWindow) -> None:
    from evidenceboard.ui.features.brief.dialog import BriefDialog

    export_menu = window.menus["export"]
    action = window.actions_by_name["export-brief"]
    assert action in export_menu.actions() and action.isEnabled()
    action.trigger()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, BriefDialog)]
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    dialogs[0].close()


def test_seal_box_asks_for_a_signature_and_clears_the_password(
    qtbot: QtBot, host: QWidget, demo: BoardDocument, tmp_path: Path
) -> None:
    dialog = open_brief_dialog(host, demo, [], "Dana Analyst")
    assert dialog.options().signing is None and not dialog.options().manifest
    assert not dialog.password_edit.isEnabled()
    dialog.manifest_check.setChecked(True)
    dialog.certificate_edit.setText(str(tmp_path / "me.p12"))
    assert dialog.password_edit.isEnabled()
    dialog.password_edit.setText("pw")
    options = dialog.options()
    assert options.manifest
    assert options.signing is not None and options.signing.password == b"pw"
    assert "pw" not in repr(options)
    # The certificate does not exist: the export fails, and the password is gone.
    dialog.output_edit.setText(str(tmp_path / "brief.pdf"))
    with qtbot.waitSignal(dialog.export_failed, timeout=60_000) as failed:
        dialog.start_export()
    assert dialog.password_edit.text() == ""
    assert "me.p12" in str(failed.args[0])
    _close(dialog, qtbot)


def test_without_a_chosen_name_the_dialog_asks_for_one(
    qtbot: QtBot, host: QWidget, demo: BoardDocument
) -> None:
    dialog = open_brief_dialog(host, demo, [])
    assert dialog.author_edit.text() == ""
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.worker is None
    assert "Type your name" in dialog.status_label.text()
    _close(dialog, qtbot)


def test_a_lower_marking_is_refused_and_the_dialog_offers_to_leave_out(
    qtbot: QtBot, host: QWidget, tmp_path: Path
) -> None:
    document = create_board(tmp_path / "m.evboard", BoardInfo(title="Marked board"))
    claim = make_card(CardKind.CLAIM, "Open claim", "tester", statement="Public words.")
    secret = make_card(
        CardKind.ARTICLE, "Secret report", "tester", handling="SECRET", outlet="Station"
    )
    plain = make_card(CardKind.ARTICLE, "Wire report", "tester", outlet="Wire")
    links = (
        make_link(secret.id, claim.id, LinkKind.CORROBORATES, "tester", quote="Secret words."),
        make_link(plain.id, claim.id, LinkKind.CORROBORATES, "tester", quote="Wire words."),
    )
    document.apply(AddCards((claim, secret, plain), links))
    try:
        dialog = open_brief_dialog(host, document, [], "Dana Analyst")
        assert dialog.marking_edit.text() == "SECRET"
        dialog.marking_edit.clear()
        QTest.keyClicks(dialog.marking_edit, "OFFICIAL")
        target = tmp_path / "official.pdf"
        dialog.output_edit.setText(str(target))
        with qtbot.waitSignal(dialog.export_failed, timeout=EXPORT_TIMEOUT_MS):
            QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert not target.exists()
        assert "1 card marked above OFFICIAL" in dialog.status_label.text()
        offer = dialog.leave_out_button
        assert offer.isVisible() and offer.text() == "Leave out the 1 card marked higher and export"
        with qtbot.waitSignal(dialog.exported, timeout=EXPORT_TIMEOUT_MS):
            QTest.mouseClick(offer, Qt.MouseButton.LeftButton)
        text = "\n".join(p.extract_text() or "" for p in PdfReader(str(target)).pages)
        assert "Wire words" in text and "Secret" not in text and "SECRET" not in text
        assert "1 card marked above OFFICIAL left out" in text
        _close(dialog, qtbot)
    finally:
        document.close()


def _claim_sections(pdf: Path) -> list[str]:
    """The titles of the claim sections, read from the PDF's outline ("C1. Title")."""
    outline = PdfReader(pdf).outline
    (at,) = [n for n, x in enumerate(outline) if not isinstance(x, list) and x.title == "Claims"]
    sections = outline[at + 1]
    assert isinstance(sections, list)
    return sorted(str(x.title).split(". ", 1)[1] for x in sections if not isinstance(x, list))


def test_a_selected_frame_is_the_scope_and_the_brief_covers_only_it(
    qtbot: QtBot, host: QWidget, demo: BoardDocument, tmp_path: Path
) -> None:
    board = demo.board
    claims = sorted(board.cards_of_kind(CardKind.CLAIM), key=lambda c: c.display_title)
    inside, outside = claims[:2], claims[2:]
    change, frame_id = plan_new_frame(board, [c.id for c in inside], "tester", title="Port call")
    demo.apply(change)
    dialog = open_brief_dialog(host, demo, [outside[0].id, frame_id], "Dana Analyst")
    assert dialog.scope.currentText() == "Only this frame: Port call"
    assert dialog.all_claims_radio.text() == "All claims in the frame (2)"
    # The claim selected outside the frame is not offered as "selected".
    assert not dialog.selection_radio.isEnabled()
    shown = [
        dialog.claim_list.item(row).text()
        for row in range(dialog.claim_list.count())
        if not dialog.claim_list.item(row).isHidden()
    ]
    assert shown == [c.display_title for c in inside]
    dialog.chosen_radio.setChecked(True)
    assert set(dialog.checked_claim_ids()) == {c.id for c in inside}
    dialog.all_claims_radio.setChecked(True)
    options = dialog.options()
    assert (options.frame_id, options.claim_ids) == (frame_id, None)
    target = tmp_path / "port call.pdf"
    dialog.output_edit.setText(str(target))
    with qtbot.waitSignal(dialog.exported, timeout=EXPORT_TIMEOUT_MS):
        QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert _claim_sections(target) == sorted(c.display_title for c in inside)
    _close(dialog, qtbot)


def test_the_whole_board_is_the_scope_until_a_frame_is_chosen(
    qtbot: QtBot, host: QWidget, demo: BoardDocument
) -> None:
    board = demo.board
    claims = sorted(board.cards_of_kind(CardKind.CLAIM), key=lambda c: c.display_title)
    change, frame_id = plan_new_frame(board, [claims[0].id], "tester", title="Port call")
    demo.apply(change)
    dialog = open_brief_dialog(host, demo, [claims[0].id], "Dana Analyst")
    assert dialog.scope.currentText() == "Whole board"
    assert dialog.options().frame_id is None
    assert dialog.all_claims_radio.text() == f"All claims ({len(claims)})"
    dialog.scope.setFocus()
    QTest.keyClick(dialog.scope, Qt.Key.Key_Down)
    assert dialog.options().frame_id == frame_id
    assert dialog.all_claims_radio.text() == "All claims in the frame (1)"
    assert dialog.selection_radio.text() == "Selected claims (1)"
    QTest.keyClick(dialog.scope, Qt.Key.Key_Up)
    assert dialog.options().frame_id is None
    hidden = [
        row for row in range(dialog.claim_list.count()) if dialog.claim_list.item(row).isHidden()
    ]
    assert hidden == []
    _close(dialog, qtbot)
