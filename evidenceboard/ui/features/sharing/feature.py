"""Sharing: share a copy, merge a colleague's board, open-format exports, authorship.

Adds to the File menu: Share a copy…, Merge board… and Save attachment as…; to
File > Export: JSON, JSON Canvas, GraphML, CSV tables and Attachments (JSON and JSON
Canvas write the board's attachments into a ``NAME_files`` folder beside the file, so
importing it elsewhere brings them along). The author of merges and shares is the name
set in Preferences (:func:`settings.author_name`). It also turns a write refused
because the board file was changed elsewhere
(:class:`BoardChangedElsewhereError`) into a bar naming the conflict copy with an
"Open conflict copy" button.

Non-obvious choices:

* Every file or folder prompt and every question goes through a module-level
  function (``choose_save_path``, ``choose_folder``…), so tests replace it instead of
  driving a native dialog; dialogs of our own open with ``open()`` (no nested loop).
* Exports never replace a file silently: the save dialog asks about the exact name
  picked, and a name we completed with an extension is asked about here. Attachments
  are never overwritten at all: a taken name gets `` (1)``… (``write_new_file``).
* Merging reads their file through a read-only, vetted opening and shows the plan
  before anything changes; the merge is one ``submit`` (one Undo step).
* ``edit_failed`` only carries a sentence, so the conflict copy is recognised by the
  quoted file name in it *and* the file existing beside the board; nothing is opened
  unless the user asks.
"""

import glob
import json
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QMessageBox,
    QWidget,
)

from evidenceboard.export.attachments import export_attachments, is_executable, write_new_file
from evidenceboard.formats.attachment_files import attachments_folder, write_attachment_files
from evidenceboard.formats.canvas import board_to_canvas
from evidenceboard.formats.csv_tables import write_csv_tables
from evidenceboard.formats.files import write_atomically
from evidenceboard.formats.graphml import board_to_graphml
from evidenceboard.formats.json_dump import dumps_board
from evidenceboard.model.board import Board
from evidenceboard.model.errors import ModelError
from evidenceboard.model.merge import plan_merge
from evidenceboard.model.short_text import plural
from evidenceboard.storage.document import BoardDocument, open_board
from evidenceboard.storage.errors import BoardFileError, failure_words
from evidenceboard.storage.share import ShareReport
from evidenceboard.ui.common import settings
from evidenceboard.ui.common.actions import ActionSpec, Needs
from evidenceboard.ui.common.plain import ask, plain_message_box
from evidenceboard.ui.common.theme import Theme
from evidenceboard.ui.features.sharing.merge_dialog import MergeDialog
from evidenceboard.ui.features.sharing.share_dialog import ShareDialog, confirm_overwrite
from evidenceboard.ui.window.host import WindowFeature, WindowHost
from evidenceboard.ui.window.message_bar import MessageBar

if TYPE_CHECKING:
    from evidenceboard.ui.window.session import BoardSession

BOARD_FILTER = "EvidenceBoard boards (*.evboard);;All files (*)"

#: Export formats of whole files: (menu text, file filter, extension, writer). A writer
#: gets the board and the names its attachments were written under beside the file.
FILE_EXPORTS: dict[str, tuple[str, str, str, Callable[[Board, Mapping[str, str]], bytes]]] = {
    "json": (
        "&JSON…",
        "JSON (*.json)",
        ".json",
        lambda board, _names: dumps_board(board).encode("utf-8"),
    ),
    "canvas": (
        "JSON &Canvas…",
        "JSON Canvas (*.canvas)",
        ".canvas",
        lambda board, names: (
            json.dumps(board_to_canvas(board, names), ensure_ascii=False, indent=2) + "\n"
        ).encode("utf-8"),
    ),
    "graphml": (
        "&GraphML…",
        "GraphML (*.graphml)",
        ".graphml",
        lambda board, _n: board_to_graphml(board),
    ),
}
#: Exports whose attachments are written beside them, so another board imports them whole.
WITH_ATTACHMENTS = frozenset({"json", "canvas"})


# -- authorship ---------------------------------------------------------------------


# -- prompts (tests replace these) --------------------------------------------------


def choose_save_path(parent: QWidget, title: str, file_filter: str, suffix: str) -> Path | None:
    """A file to export to; asks before replacing a file the dialog did not ask about."""
    name, _ = QFileDialog.getSaveFileName(parent, title, settings.last_folder(), file_filter)
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
        if path.exists() and not confirm_overwrite(parent, path):
            return None
    settings.set_last_folder(path)
    return path


def choose_folder(parent: QWidget, title: str) -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, title, settings.last_folder())
    if not name:
        return None
    settings.set_last_folder(Path(name) / "x")
    return Path(name)


def choose_board_to_merge(parent: QWidget) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, "Merge a colleague's board", settings.last_folder(), BOARD_FILTER
    )
    return Path(name) if name else None


def choose_attachment_path(parent: QWidget, suggested: str) -> Path | None:
    """Where to save an attachment; a taken name is numbered later, never replaced."""
    name, _ = QFileDialog.getSaveFileName(
        parent,
        "Save attachment as",
        str(Path(settings.last_folder()) / suggested),
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    return Path(name) if name else None


def executable_warning(parent: QWidget | None, name: str) -> QMessageBox:
    """The warning before saving a program; ``name`` is the board's, shown as typed."""
    return plain_message_box(
        parent,
        QMessageBox.Icon.Warning,
        "Program file",
        f"“{name}” is a type of file that can run programs on this computer. Save it "
        "anyway? Do not open it unless you trust where it came from.",
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )


def confirm_executable(parent: QWidget, name: str) -> bool:
    return ask(executable_warning(parent, name)) == QMessageBox.StandardButton.Save


# -- the feature --------------------------------------------------------------------


class SharingFeature(WindowFeature):
    """The sharing, merge and export actions of one window."""

    def __init__(self, window: "WindowHost") -> None:
        super().__init__(window, "sharing-feature")
        self.actions: dict[str, QAction] = {}
        self.conflict_bar = MessageBar("conflict-bar")
        self.conflict_copy: Path | None = None
        self.open_conflict = self.conflict_bar.add_button(
            "Open conflict copy", "open-conflict-copy"
        )
        self.open_conflict.clicked.connect(self._open_conflict_copy)
        self._colour_conflict_bar(window.theme)
        window.theme_changed.connect(self._colour_conflict_bar)
        self.conflict_bar.put_below(window.message_bar)
        self._build_actions()
        window.session_changed.connect(self._session_changed)
        self._session_changed(window.session)

    def _action(
        self, name: str, text: str, slot: Callable[[], object], needs: Needs = Needs.BOARD
    ) -> QAction:
        action = self.window.add_action(ActionSpec(name, text, slot, needs=needs))
        self.actions[name] = action
        return action

    def _build_actions(self) -> None:
        file_menu, export = self.window.menus["file"], self.window.menus["export"]
        before = self.window.actions_by_name["close"]
        share = self._action("share-copy", "S&hare a copy…", self.share)
        merge = self._action("merge-board", "&Merge board…", self.merge, Needs.EDITABLE_BOARD)
        save = self._action("save-attachment", "Save &attachment as…", self.save_attachment)
        for action in (share, merge, save):
            file_menu.insertAction(before, action)
        export.addSeparator()
        for kind, (text, _filter, _suffix, _writer) in FILE_EXPORTS.items():
            export.addAction(self._action(f"export-{kind}", text, partial(self.export_file, kind)))
        export.addAction(self._action("export-csv", "CSV &tables (folder)…", self.export_csv))
        export.addAction(
            self._action("export-attachments", "&Attachments (folder)…", self.export_attachments)
        )

    def _session_changed(self, session: "BoardSession | None") -> None:
        self.conflict_bar.hide()
        self.conflict_copy = None
        if session is not None:
            session.controller.edit_failed.connect(self._edit_failed)
            session.controller.undo_stack.indexChanged.connect(self.conflict_bar.hide)

    def _say(self, text: str, level: str = "info") -> None:
        self.window.message_bar.show_message(text, level)

    # -- share and merge -------------------------------------------------------------

    def share(self) -> ShareDialog | None:
        session = self.window.session
        if session is None:
            return None
        document = session.document
        dialog = ShareDialog(
            document.board,
            document.path,
            settings.author_name(),
            self.window.widget(),
            session.scene.selected_card_ids(),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.shared.connect(self._shared)
        dialog.open()
        return dialog

    def _shared(self, report: ShareReport) -> None:
        self._say(report.describe())

    def merge(self) -> MergeDialog | None:
        session = self.window.session
        if session is None or session.controller.read_only:
            return None
        path = choose_board_to_merge(self.window.widget())
        if path is None:
            return None
        if path.resolve() == session.document.path.resolve():
            self._say("That is the board that is open; choose a colleague's copy.", "warning")
            return None
        try:
            theirs = open_board(path, read_only=True, author=settings.author_name())
        except (BoardFileError, OSError) as exc:
            self._say(f"{path.name} cannot be merged: {failure_words(exc)}.")
            return None
        try:
            plan = plan_merge(
                session.document.board,
                theirs.board,
                settings.author_name(),
                mine_history=session.document.change_log(),
                theirs_history=theirs.change_log(),
            )
        except (ModelError, BoardFileError) as exc:
            theirs.close()
            self._say(f"{path.name} cannot be merged: {exc}")
            return None
        dialog = MergeDialog(plan, path.name, self.window.widget())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._apply_merge(session, dialog, theirs))
        dialog.finished.connect(lambda _result: theirs.close())
        dialog.open()
        return dialog

    def _apply_merge(
        self, session: "BoardSession", dialog: MergeDialog, theirs: BoardDocument
    ) -> None:
        if self.window.session is not session:
            self._say("The board changed before the merge; nothing was merged.", "warning")
            return
        plan = dialog.plan
        try:
            data = {sha: theirs.attachment_data(sha) for sha in plan.fetch}
            change = plan.change(data)
        except (BoardFileError, ModelError) as exc:
            self._say(f"Nothing was merged: {exc}")
            return
        if session.controller.submit(change):
            self._say(plan.lines()[0] + " Undo takes the whole merge back.")

    # -- exports ---------------------------------------------------------------------

    def export_file(self, kind: str) -> Path | None:
        session = self.window.session
        if session is None:
            return None
        text, file_filter, suffix, writer = FILE_EXPORTS[kind]
        title = "Export " + text.replace("&", "").rstrip("…")
        path = choose_save_path(self.window.widget(), title, file_filter, suffix)
        if path is None:
            return None
        document = session.document
        names: dict[str, str] = {}
        try:
            if kind in WITH_ATTACHMENTS:
                names = write_attachment_files(document.board, document.attachment_data, path)
            write_atomically(path, writer(document.board, names))
        except (OSError, BoardFileError) as exc:
            self._say(f"{path.name} could not be written: {failure_words(exc)}. Nothing changed.")
            return None
        if names:
            folder = attachments_folder(path).name
            self._say(f"Exported {path.name}, with {plural(len(names), 'attachment')} in {folder}.")
        else:
            self._say(f"Exported {path.name}.")
        return path

    def export_csv(self) -> None:
        session = self.window.session
        folder = (
            choose_folder(self.window.widget(), "Export CSV tables to folder") if session else None
        )
        if session is None or folder is None:
            return
        taken = [n for n in ("cards.csv", "links.csv") if (folder / n).exists()]
        if taken and not confirm_overwrite(self.window.widget(), folder / taken[0]):
            return
        try:
            write_csv_tables(session.document.board, folder)
        except OSError as exc:
            self._say(f"The tables could not be written: {failure_words(exc)}.")
            return
        self._say(f"Wrote cards.csv and links.csv in {folder}.")

    def export_attachments(self) -> None:
        session = self.window.session
        folder = (
            choose_folder(self.window.widget(), "Save all attachments to folder")
            if session
            else None
        )
        if session is None or folder is None:
            return
        document = session.document
        try:
            saved = export_attachments(document.board, document.attachment_data, folder)
        except (OSError, ValueError, BoardFileError, ModelError) as exc:
            self._say(f"The attachments could not all be saved: {exc}")
            return
        programs = [s.path.name for s in saved if s.executable]
        text = f"Saved {plural(len(saved), 'attachment')} in {folder}; no file was replaced."
        if programs:
            text += f" Program files, do not open unless trusted: {', '.join(programs)}."
        self._say(text, "warning" if programs else "info")

    def save_attachment(self) -> Path | None:
        session = self.window.session
        if session is None:
            return None
        board = session.document.board
        found = [
            sha
            for card_id in session.scene.selected_card_ids()
            if (sha := getattr(board.cards[card_id].content, "attachment", None))
            and sha in board.attachments
        ]
        if not found:
            self._say("Select a document or article card that holds a file.", "warning")
            return None
        attachment = board.attachments[found[0]]
        path = choose_attachment_path(self.window.widget(), attachment.file_name)
        if path is None:
            return None
        if is_executable(path.name) and not confirm_executable(self.window.widget(), path.name):
            return None
        try:
            data = session.document.attachment_data(attachment.sha256)
            saved = write_new_file(path.parent, path.name, data)
        except (OSError, ValueError, BoardFileError, ModelError) as exc:
            self._say(f"The file was not saved: {exc}")
            return None
        text = f"Saved “{saved.name}” in {saved.parent}."
        if saved.name != path.name:
            text += " (The name was changed to be safe and not to replace another file.)"
        self._say(text)
        return saved

    # -- a board changed elsewhere ---------------------------------------------------

    def _edit_failed(self, message: str) -> None:
        session = self.window.session
        if session is None:
            return
        board_path = session.document.path
        pattern = glob.escape(board_path.stem) + " (conflict *)" + glob.escape(board_path.suffix)
        named = [p for p in board_path.parent.glob(pattern) if f"“{p.name}”" in message]
        if not named:
            return
        self.conflict_copy = named[0]
        self.window.message_bar.hide()
        self.conflict_bar.show_message(message, "warning")

    def _colour_conflict_bar(self, theme: Theme) -> None:
        self.conflict_bar.setStyleSheet(
            f"#conflict-bar {{ background: {theme.banner}; }} "
            f"#conflict-bar QLabel {{ color: {theme.banner_text}; }}"
        )

    def _open_conflict_copy(self) -> None:
        if self.conflict_copy is not None:
            self.window.open_path(self.conflict_copy)


def install(window: "WindowHost") -> None:
    """Add the sharing, merge, export and preferences actions to ``window``."""
    SharingFeature(window).setObjectName("sharing-feature")
