"""File > Export > PDF brief…: choose what goes in the brief and write it in the background.

The dialog is prefilled from the board (title, the highest handling marking on it) and
the name the user set in Preferences (asked for when none is set), and offers the whole
board or one frame (``BriefOptions.frame_id``; a frame selected on the canvas is
preselected), every claim, the claims of the current selection or a checklist of
claims, and each optional section. With a frame chosen, the claims offered are the
frame's own, so a ticked claim cannot bring in what the frame leaves out. Export takes
a snapshot of the board on the UI thread (``Board.scratch_copy()``) and hands it to a
:class:`BriefWorker`, so the window stays responsive and later edits cannot reach the
export. The progress bar's maximum follows the writer's total, which grows once when
the page layout starts. Cancel stops the export between two flowables; an earlier file
of the same name is left as it was.

The "Seal" box attaches a manifest of the cited items and signs the PDF with a PKCS#12
certificate; the password field is cleared when the export starts and never saved.
A marking lower than what the brief holds is refused by the writer; the dialog then offers
to leave out the cards marked higher and export again.

On success the dialog shows the path and an "Open folder" button; it never opens the
PDF by itself (a brief may be sensitive, and the user decides where it is shown). Board
text (claim titles) appears only in plain-text widgets: it is hostile input and must
never be read as rich text.
"""

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from evidenceboard.export.brief import ALL_SECTIONS, BriefOptions, BriefSection, SigningRequest
from evidenceboard.export.brief.markup import shorten
from evidenceboard.model.board import Board
from evidenceboard.model.cards import CardKind
from evidenceboard.model.frames import members
from evidenceboard.model.markings import highest, scheme_for
from evidenceboard.storage.document import BoardDocument
from evidenceboard.ui.common.frame_choice import chosen_frame, frame_choice
from evidenceboard.ui.features.brief.worker import BriefWorker

SECTION_LABELS: dict[BriefSection, str] = {
    BriefSection.SUMMARY: "Executive summary",
    BriefSection.DIAGRAM: "Board diagram",
    BriefSection.CLAIMS: "Claims with their evidence",
    BriefSection.ACH: "Competing hypotheses (ACH matrix)",
    BriefSection.CHRONOLOGY: "Chronology of the dated items",
    BriefSection.SOURCES: "Sources appendix",
}
#: Longest claim title shown in the checklist.
_TITLE_CHARS = 160
#: How long closing the dialog waits for a cancelled export to stop, in seconds.
_STOP_WAIT = 60.0
_UNSAFE_NAME_CHARS = re.compile(r"[^\w\- ]+")


def default_file_name(title: str) -> str:
    """A file name for the brief made from its title: letters, digits, spaces, dashes."""
    # Apostrophes go without a trace ("Assad's" -> "Assads"); other marks become spaces.
    title = title.replace("'", "").replace("\u2019", "")
    name = " ".join(_UNSAFE_NAME_CHARS.sub(" ", title).split())[:80].strip()
    return f"{name or 'brief'}.pdf"


class BriefDialog(QDialog):
    """Asks what to put in the brief, then writes it with progress and Cancel."""

    #: The brief was written (its path).
    exported = Signal(str)
    #: The export failed (the message shown to the user).
    export_failed = Signal(str)
    #: The user cancelled the export.
    export_cancelled = Signal()

    def __init__(
        self,
        document: BoardDocument,
        selected_card_ids: Sequence[str] = (),
        parent: QWidget | None = None,
        author: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export PDF brief")
        self.document = document
        board = document.board
        self.worker: BriefWorker | None = None
        #: Opens the folder of a written brief; replaceable so tests open nothing.
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
        self._claims = sorted(
            board.cards_of_kind(CardKind.CLAIM), key=lambda c: c.display_title.casefold()
        )
        claim_ids = {c.id for c in self._claims}
        self._selected_claims = [i for i in dict.fromkeys(selected_card_ids) if i in claim_ids]
        self.scope = frame_choice(board, selected_card_ids)

        self.form = QWidget()
        fields = QFormLayout()
        self.title_edit = QLineEdit(board.info.title)
        # The name the user chose (Preferences); never the account name the board
        # records by default: the cover prints it as "Prepared by".
        self.author_edit = QLineEdit(author)
        self.author_edit.setPlaceholderText("Your name, as printed on the cover")
        self.marking_edit = QLineEdit(highest_board_marking(board))
        self.marking_edit.setPlaceholderText("The highest marking of what the brief holds")
        #: Set by the offer to leave out the cards marked above the marking asked for.
        self.leave_out_above = False
        self.marking_edit.textEdited.connect(self._marking_edited)
        fields.addRow("&Title", self.title_edit)
        fields.addRow("&Author", self.author_edit)
        fields.addRow("Handling &marking", self.marking_edit)
        fields.addRow("&Scope", self.scope)

        form_column = QVBoxLayout(self.form)
        form_column.setContentsMargins(0, 0, 0, 0)
        form_column.addLayout(fields)
        form_column.addWidget(self._claims_box())
        form_column.addWidget(self._sections_box())
        form_column.addWidget(self._seal_box())
        form_column.addLayout(self._output_row())
        self.scope.currentIndexChanged.connect(self._scope_changed)
        self._scope_changed()

        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.progress_bar.hide()
        self.status_label = QLabel()
        # Paths and error messages may carry board text: never rich text.
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.leave_out_button = QPushButton()
        self.leave_out_button.hide()
        self.leave_out_button.clicked.connect(self._leave_out_and_export)
        self.open_folder_button = QPushButton("Open folder")
        self.open_folder_button.hide()
        self.open_folder_button.clicked.connect(self._open_folder)

        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self._cancel_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder_button)
        buttons.addWidget(self.leave_out_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)

        column = QVBoxLayout(self)
        column.addWidget(self.form)
        column.addWidget(self.progress_bar)
        column.addWidget(self.status_label)
        column.addLayout(buttons)
        self.resize(560, 640)

    # -- building --------------------------------------------------------------------

    def _claims_box(self) -> QGroupBox:
        box = QGroupBox("Claims")
        self.all_claims_radio = QRadioButton(f"All claims ({len(self._claims)})")
        self.selection_radio = QRadioButton(f"Selected claims ({len(self._selected_claims)})")
        self.selection_radio.setEnabled(bool(self._selected_claims))
        self.chosen_radio = QRadioButton("These claims:")
        self._claim_choice = QButtonGroup(box)
        for radio in (self.all_claims_radio, self.selection_radio, self.chosen_radio):
            self._claim_choice.addButton(radio)
        self.claim_list = QListWidget()
        selected = set(self._selected_claims)
        for claim in self._claims:
            # QListWidgetItem text is always plain: a title cannot become markup here.
            title = shorten(claim.display_title.replace("\n", " "), _TITLE_CHARS)
            item = QListWidgetItem(title or "Untitled claim")
            item.setData(Qt.ItemDataRole.UserRole, claim.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = claim.id in selected or not selected
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.claim_list.addItem(item)
        self.chosen_radio.toggled.connect(self.claim_list.setEnabled)
        # The whole case unless the user says otherwise: a claim clicked on the canvas
        # a moment ago is not a request for a one-claim brief.
        self.all_claims_radio.setChecked(True)
        self.claim_list.setEnabled(False)
        layout = QVBoxLayout(box)
        layout.addWidget(self.all_claims_radio)
        layout.addWidget(self.selection_radio)
        layout.addWidget(self.chosen_radio)
        layout.addWidget(self.claim_list, 1)
        return box

    def _sections_box(self) -> QGroupBox:
        box = QGroupBox("Sections")
        layout = QVBoxLayout(box)
        self.section_boxes: dict[BriefSection, QCheckBox] = {}
        for section in BriefSection:
            check = QCheckBox(SECTION_LABELS[section])
            check.setChecked(section in ALL_SECTIONS)
            self.section_boxes[section] = check
            layout.addWidget(check)
        return box

    def _seal_box(self) -> QGroupBox:
        box = QGroupBox("Seal")
        self.manifest_check = QCheckBox("Attach a manifest of the cited items (SHA-256)")
        self.certificate_edit = QLineEdit()
        self.certificate_edit.setPlaceholderText("No signature")
        self.certificate_button = QPushButton("Sign with certificate…")
        self.certificate_button.clicked.connect(self._choose_certificate)
        # Never stored or logged: read when the export starts, then cleared.
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("Certificate password")
        self.password_edit.setEnabled(False)
        self.certificate_edit.textChanged.connect(
            lambda text: self.password_edit.setEnabled(bool(text.strip()))
        )
        row = QHBoxLayout()
        row.addWidget(self.certificate_edit, 1)
        row.addWidget(self.certificate_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.manifest_check)
        layout.addLayout(row)
        layout.addWidget(self.password_edit)
        return box

    def _choose_certificate(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Sign with certificate", "", "PKCS#12 certificates (*.p12 *.pfx)"
        )
        if chosen:
            self.certificate_edit.setText(chosen)

    def _signing(self) -> SigningRequest | None:
        text = self.certificate_edit.text().strip()
        if not text:
            return None
        password = self.password_edit.text().encode("utf-8")
        return SigningRequest(Path(text).expanduser(), password)

    def _output_row(self) -> QHBoxLayout:
        folder = self.document.path.parent
        self.output_edit = QLineEdit(str(folder / default_file_name(self.title_edit.text())))
        self.browse_button = QPushButton("Choose…")
        self.browse_button.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(QLabel("Save as"))
        row.addWidget(self.output_edit, 1)
        row.addWidget(self.browse_button)
        return row

    # -- reading the form ------------------------------------------------------------

    def checked_claim_ids(self) -> list[str]:
        """The ids of the claims ticked in the checklist (those offered), in list order."""
        ids = []
        for row in range(self.claim_list.count()):
            item = self.claim_list.item(row)
            if not item.isHidden() and item.checkState() == Qt.CheckState.Checked:
                ids.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return ids

    def frame_id(self) -> str | None:
        """The frame the brief covers alone; None for the whole board."""
        return chosen_frame(self.scope)

    def _offered_claims(self) -> set[str] | None:
        """The claims of the chosen frame; None for the whole board."""
        frame_id = self.frame_id()
        frame = self.document.board.cards.get(frame_id) if frame_id is not None else None
        if frame is None:
            return None
        claim_ids = {c.id for c in self._claims}
        return {i for i in members(self.document.board, frame) if i in claim_ids}

    def _selected_offered(self) -> list[str]:
        offered = self._offered_claims()
        return [i for i in self._selected_claims if offered is None or i in offered]

    def _scope_changed(self) -> None:
        offered = self._offered_claims()
        shown = []
        for row in range(self.claim_list.count()):
            item = self.claim_list.item(row)
            claim_id = str(item.data(Qt.ItemDataRole.UserRole))
            item.setHidden(offered is not None and claim_id not in offered)
            if not item.isHidden():
                shown.append(item)
        # As when nothing is selected: a list with nothing ticked offers every claim.
        if not any(i.checkState() == Qt.CheckState.Checked for i in shown):
            for item in shown:
                item.setCheckState(Qt.CheckState.Checked)
        if offered is None:
            self.all_claims_radio.setText(f"All claims ({len(self._claims)})")
        else:
            self.all_claims_radio.setText(f"All claims in the frame ({len(offered)})")
        selected = self._selected_offered()
        self.selection_radio.setText(f"Selected claims ({len(selected)})")
        self.selection_radio.setEnabled(bool(selected))
        if self.selection_radio.isChecked() and not selected:
            self.all_claims_radio.setChecked(True)

    def output_path(self) -> Path | None:
        """The PDF to write (with a .pdf suffix), or None when no name was given."""
        text = self.output_edit.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        return path

    def options(self) -> BriefOptions:
        """What the form asks for; raises ValueError with a message for the user."""
        claim_ids: tuple[str, ...] | None = None
        if self.selection_radio.isChecked():
            claim_ids = tuple(self._selected_offered())
        elif self.chosen_radio.isChecked():
            claim_ids = tuple(self.checked_claim_ids())
            if not claim_ids:
                raise ValueError("Tick at least one claim, or choose all claims.")
        author = " ".join(self.author_edit.text().split())
        if not author:
            raise ValueError(
                "Type your name for “Prepared by” (File > Preferences keeps it for next time)."
            )
        marking = self.marking_edit.text().strip()
        return BriefOptions(
            title=self.title_edit.text(),
            author=author,
            marking=marking or None,
            leave_out_above=self.leave_out_above and bool(marking),
            claim_ids=claim_ids,
            frame_id=self.frame_id(),
            sections=frozenset(s for s, box in self.section_boxes.items() if box.isChecked()),
            manifest=self.manifest_check.isChecked(),
            signing=self._signing(),
            history=tuple(self.document.change_log()),
        )

    # -- actions ---------------------------------------------------------------------

    def _browse(self) -> None:
        start = self.output_path() or self.document.path.parent / default_file_name(
            self.title_edit.text()
        )
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save PDF brief", str(start), "PDF documents (*.pdf)"
        )
        if chosen:
            self.output_edit.setText(chosen)

    def start_export(self) -> None:
        """Check the form and start writing the brief in the background."""
        if self.worker is not None and self.worker.running:
            return
        path = self.output_path()
        if path is None:
            self._show_error("Choose where to save the brief.")
            return
        if path.exists() and path.resolve() == self.document.path.resolve():
            self._show_error("That is the board file itself; choose another name for the PDF.")
            return
        try:
            options = self.options()
        except ValueError as exc:
            self._show_error(str(exc))
            return
        self.password_edit.clear()
        self.output_edit.setText(str(path))
        # The snapshot is taken here, on the UI thread: the export never sees later edits.
        worker = BriefWorker(self.document.board.scratch_copy(), path, options)
        # Deleted without being closed (with its main window, say): stop the export.
        self.destroyed.connect(worker.task.cancel)
        worker.progressed.connect(self._progressed)
        worker.succeeded.connect(self._succeeded)
        worker.failed.connect(self._failed)
        worker.refused.connect(self._refused)
        worker.cancelled.connect(self._cancelled)
        self.worker = worker
        self._set_running(True)
        self.status_label.setText("Writing the brief…")
        worker.start()

    def cancel_export(self) -> None:
        """Stop a running export; the dialog stays open."""
        if self.worker is not None and self.worker.running:
            self.worker.cancel()
            self.cancel_button.setEnabled(False)
            self.status_label.setText("Cancelling…")

    def _cancel_clicked(self) -> None:
        if self.worker is not None and self.worker.running:
            self.cancel_export()
        else:
            self.reject()

    def _open_folder(self) -> None:
        if self.worker is not None:
            self.open_url(QUrl.fromLocalFile(str(self.worker.path.parent)))

    # -- worker results (queued to the UI thread) ------------------------------------

    def _progressed(self, done: int, total: int) -> None:
        if total != self.progress_bar.maximum():
            self.progress_bar.setMaximum(total)
        self.progress_bar.setValue(min(done, total))

    def _succeeded(self, path: str) -> None:
        self._set_running(False)
        self.progress_bar.setValue(self.progress_bar.maximum())
        notes = self.worker.warnings if self.worker is not None else ()
        self.status_label.setText("\n".join((f"Saved {path}", *notes)))
        self.open_folder_button.show()
        self.cancel_button.setText("Close")
        self.exported.emit(path)

    def _failed(self, message: str) -> None:
        self._set_running(False)
        self._show_error(message)
        self.export_failed.emit(message)

    def _refused(self, message: str, higher_cards: int) -> None:
        self._set_running(False)
        self.progress_bar.hide()
        self._show_error(message)
        if higher_cards:
            cards = f"{higher_cards} card{'s' if higher_cards != 1 else ''}"
            self.leave_out_button.setText(f"Leave out the {cards} marked higher and export")
            self.leave_out_button.show()
        self.export_failed.emit(message)

    def _leave_out_and_export(self) -> None:
        self.leave_out_above = True
        self.leave_out_button.hide()
        self.start_export()

    def _marking_edited(self, _text: str) -> None:
        # A new marking is a new question: the offer made for the old one no longer holds.
        self.leave_out_above = False
        self.leave_out_button.hide()

    def _cancelled(self) -> None:
        self._set_running(False)
        self.progress_bar.hide()
        self.status_label.setText("Export cancelled; no file was written or changed.")
        self.export_cancelled.emit()

    # -- state -----------------------------------------------------------------------

    def _set_running(self, running: bool) -> None:
        self.form.setEnabled(not running)
        self.export_button.setEnabled(not running)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText("Cancel")
        if running:
            self.open_folder_button.hide()
            self.leave_out_button.hide()
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(0)
            self.progress_bar.show()

    def _show_error(self, message: str) -> None:
        self.status_label.setText(message)

    def _stop_worker(self) -> None:
        # Closing the dialog must not leave a thread writing behind it, nor one that still
        # signals this object: cancel, then wait until the thread is done with the worker
        # (the writer checks for cancellation between flowables, so this is short).
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait(_STOP_WAIT)

    @override
    def reject(self) -> None:
        self._stop_worker()
        super().reject()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_worker()
        super().closeEvent(event)


def highest_board_marking(board: Board) -> str:
    """The highest marking on the board, or the board's own when they cannot be compared."""
    texts = [c.handling for c in board.cards.values() if c.handling.strip()]
    scheme = scheme_for(board.info, texts)
    if scheme is None:
        return board.info.handling
    top = highest(scheme.parse(t) for t in [board.info.handling, *texts] if t.strip())
    return top.label if top is not None else ""


def open_brief_dialog(
    parent: QWidget, document: BoardDocument, selected_card_ids: Sequence[str], author: str = ""
) -> BriefDialog:
    """Show the export dialog for ``document`` over ``parent`` (window-modal) and return it."""
    dialog = BriefDialog(document, selected_card_ids, parent, author)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
