"""Team boards in the window: File > Team (Publish…, Clone…, Sync now) and the status bar.

The status bar names the open board's team server, the time of its last sync and the
number of changes made here since; it is empty for a board not linked to a server.

A sync runs in steps (see :mod:`evidenceboard.team.sync`): reading the server and
pushing to it run off the UI thread (a :class:`BackgroundTask` each); planning, applying the pull
and collecting the push touch the board and its file, so they run here, on the UI
thread, between the two. The user keeps working meanwhile, and an edit made during a
push is simply sent by the next sync. Cancel stops the sync at the next step boundary:
each step done is complete, and a push the server already committed is still recorded.
The pull is written with its bookkeeping in one transaction and is not an undo step.

Publish and Clone are short and run in place, under a busy cursor. Every prompt goes
through a module-level function (``ask_server_url``, ``ask_case``, ``choose_clone_path``)
that tests replace. Text from the server (error messages, case titles) reaches widgets
as plain text only. The server code (SQLAlchemy's PostgreSQL dialect, psycopg) loads on
first use, not with the window.
"""

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import parse_qs, urlsplit

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QWidget,
)

from evidenceboard.model.short_text import plural
from evidenceboard.storage.errors import BoardFileError
from evidenceboard.team.link import TeamLink
from evidenceboard.team.server import TeamError, missing_driver, without_password
from evidenceboard.team.trust import is_trusted, trust
from evidenceboard.ui.common import settings
from evidenceboard.ui.common.actions import ActionSpec, Needs
from evidenceboard.ui.common.background_task import BackgroundTask, TaskControl
from evidenceboard.ui.common.plain import ask, plain_label, plain_message_box
from evidenceboard.ui.common.settings import author_name
from evidenceboard.ui.window.file_ops import BOARD_FILTER
from evidenceboard.ui.window.host import WindowFeature, WindowHost

if TYPE_CHECKING:
    from evidenceboard.team.sync import SyncReport
    from evidenceboard.ui.window.session import BoardSession

_URL_HINT = "postgresql://me@server.example/cases?sslmode=verify-full"
_LAST_URL = "team/last-url"
_T = TypeVar("_T")


# -- prompts (tests replace these) --------------------------------------------------


def ask_server_url(parent: QWidget, title: str) -> str | None:
    text, ok = QInputDialog.getText(
        parent,
        title,
        "The team server's address (the password comes from ~/.pgpass or PGPASSWORD):",
        QLineEdit.EchoMode.Normal,
        _last_url() or _URL_HINT,
    )
    return text.strip() if ok and text.strip() else None


def _last_url() -> str:
    value = QSettings().value(_LAST_URL, "")
    return value if isinstance(value, str) else ""


def ask_case(parent: QWidget) -> str | None:
    text, ok = QInputDialog.getText(parent, "Clone a case", "The case's title or id:")
    return text.strip() if ok and text.strip() else None


def choose_clone_path(parent: QWidget) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent, "Save the working copy as", settings.last_folder(), BOARD_FILTER
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix == ".evboard" else path.with_name(path.name + ".evboard")


def server_name(url: str) -> str:
    """The server as the status bar shows it: host and database, never user or password."""
    parts = urlsplit(url)
    host = parts.hostname or parse_qs(parts.query).get("host", ["this computer"])[0]
    if host.startswith("/"):
        host = "this computer"
    return f"{host}{parts.path or ''}"


# -- the feature --------------------------------------------------------------------


class TeamFeature(WindowFeature):
    """File > Team, the team status in the status bar, and the background sync."""

    def __init__(self, window: "WindowHost") -> None:
        super().__init__(window, "team-feature")
        self.actions: dict[str, QAction] = {}
        self.status = plain_label()
        self.status.setObjectName("team-status")
        self.progress = QProgressBar()
        self.progress.setObjectName("team-progress")
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(120)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("team-cancel")
        self.cancel_button.clicked.connect(self.cancel)
        bar = window.widget().statusBar()
        for widget in (self.status, self.progress, self.cancel_button):
            bar.addPermanentWidget(widget)
        self.progress.hide()
        self.cancel_button.hide()
        self.worker: BackgroundTask[object] | None = None
        self._cancelled = False
        self._attempt = 0
        self._report: SyncReport | None = None
        self._session: BoardSession | None = None
        #: The session and link of the sync in flight, for a retry after "moved".
        self._pending_session: BoardSession | None = None
        menu = window.menus["file"].addMenu("&Team")
        menu.setObjectName("team-menu")
        window.menus["file"].insertMenu(window.actions_by_name["close"], menu)
        window.menus["team"] = menu
        #: Whether the open board is a working copy of a case (read once per change).
        self._linked = False
        for spec in (
            ActionSpec(
                "team-publish",
                "&Publish…",
                self.publish,
                needs=Needs.EDITABLE_BOARD,
                when=lambda: not self._linked,
            ),
            ActionSpec("team-clone", "&Clone…", self.clone),
            ActionSpec(
                "team-sync",
                "&Sync now",
                self.sync_now,
                needs=Needs.EDITABLE_BOARD,
                when=lambda: self._linked and self.worker is None,
            ),
        ):
            self.actions[spec.id] = window.add_action(spec)
            menu.addAction(self.actions[spec.id])
        window.session_changed.connect(self._session_changed)
        self._session_changed(window.session)

    # -- status --------------------------------------------------------------------

    def _session_changed(self, session: "BoardSession | None") -> None:
        if self._session is not None:
            self._session.document.board.changed.disconnect(self._board_changed)
        self._session = session
        if session is not None:
            session.document.board.changed.connect(self._board_changed)
        self.refresh()

    def _board_changed(self, _change: object) -> None:
        self.refresh()

    def _link(self) -> TeamLink | None:
        session = self.window.session
        if session is None or session.document.closed:
            return None
        return TeamLink.of(session.document)

    def refresh(self) -> None:
        """The status bar text and which actions apply to the open board."""
        session = self.window.session
        link = self._link()
        self._linked = link is not None
        self.window.refresh_actions()
        if session is None or link is None:
            self.status.setText("")
            return

        dirty = {i for e in session.document.change_log(after=link.history_seq) for i in e.item_ids}
        dirty |= link.pending
        when = "never"
        if link.synced_at:
            try:
                when = datetime.fromisoformat(link.synced_at).astimezone().strftime("%d %b %H:%M")
            except ValueError:
                when = "unknown"
        # The same count as the sync's own (team.sync.local_changes), without loading
        # the server code, which a build without the PostgreSQL driver cannot.
        self.status.setText(
            f"Team: {server_name(link.url)} · last sync {when} · {len(dirty)} unsynced"
        )

    # -- publish and clone ---------------------------------------------------------

    def _busy(self, work: Callable[[], _T]) -> _T:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return work()
        finally:
            QGuiApplication.restoreOverrideCursor()

    def _driver_missing(self) -> bool:
        reason = missing_driver()
        if reason is not None:
            self.window.message_bar.show_message(reason, "warning")
        return reason is not None

    def publish(self) -> None:
        session = self.window.session
        if session is None or self._driver_missing():
            return
        url = ask_server_url(self.window.widget(), "Publish to a team server")
        if url is None:
            return

        try:
            from evidenceboard.team.publish import publish

            report = self._busy(lambda: publish(session.document, url))
        except BoardFileError as exc:
            self.window.message_bar.show_message(str(exc))
            return
        QSettings().setValue(_LAST_URL, without_password(url))
        self.window.message_bar.show_message(report.describe(), "info")
        self.refresh()

    def clone(self) -> None:
        if self._driver_missing():
            return
        url = ask_server_url(self.window.widget(), "Clone a case from a team server")
        if url is None:
            return
        case = ask_case(self.window.widget())
        if case is None:
            return
        path = choose_clone_path(self.window.widget())
        if path is None:
            return

        try:
            from evidenceboard.team.publish import clone

            document, refused = self._busy(lambda: clone(url, case, path, author=author_name()))
        except BoardFileError as exc:
            self.window.message_bar.show_message(str(exc))
            return
        document.close()
        QSettings().setValue(_LAST_URL, without_password(url))
        if self.window.open_path(path) and refused:
            self.window.message_bar.show_message(" ".join(refused[:3]), "warning")

    # -- sync --------------------------------------------------------------------------

    def sync_now(self) -> None:
        """Start a sync in the background (nothing happens while one runs)."""
        link = self._link()
        session = self.window.session
        if link is None or session is None or self.worker is not None:
            return
        if self._driver_missing():
            return
        if not self._server_chosen(session, link):
            return
        from evidenceboard.team.sync import SyncReport

        self._cancelled = False
        self._attempt = 0
        self._report = SyncReport()
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self._fetch(session, link)

    def _server_chosen(self, session: "BoardSession", link: TeamLink) -> bool:
        """Whether the user chose this board's server here, asking once if not: a board
        from someone else can name their own server, and a sync sends to it."""
        board_id = session.document.board.info.id
        if is_trusted(board_id, link.url, link.case_id):
            return True
        box = plain_message_box(
            self.window.widget(),
            QMessageBox.Icon.Warning,
            "Sync with this server?",
            f"This board names the team server {without_password(link.url)} (case "
            f"{link.case_id[:12]}). You never published it there, cloned it from there or "
            "chose it for this board on this computer: a board from someone else can name "
            "their own server, and a sync would send your changes to it.\n\n"
            "Sync with this server?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if confirm_server(box) != QMessageBox.StandardButton.Yes:
            self.window.widget().statusBar().showMessage("Not synced: nothing was sent.", 5000)
            return False
        try:
            trust(board_id, link.url, link.case_id)
        except TeamError as exc:
            self.window.message_bar.show_message(str(exc))
            return False
        return True

    def cancel(self) -> None:
        self._cancelled = True
        self.cancel_button.setEnabled(False)
        self.window.widget().statusBar().showMessage("Cancelling the sync after this step…")

    def _run(self, call: Callable[[], object], done: Callable[[object], None]) -> None:
        def work(_control: TaskControl) -> object:
            return call()

        task: BackgroundTask[object] = BackgroundTask(work)
        task.succeeded.connect(done)
        task.failed.connect(self._failed)
        self.worker = task
        self.refresh()
        task.start()

    def _still_open(self, session: "BoardSession") -> bool:
        return self.window.session is session and not session.document.closed

    def _fetch(self, session: "BoardSession", link: TeamLink) -> None:
        self._attempt += 1
        self.window.widget().statusBar().showMessage("Sync: reading the server's changes…")
        have = frozenset(session.document.board.attachments)

        from evidenceboard.team.sync import fetch

        self._run(lambda: fetch(link, have), lambda incoming: self._pulled(session, link, incoming))

    def _pulled(self, session: "BoardSession", link: TeamLink, incoming: object) -> None:
        from evidenceboard.team import sync as team_sync

        report = self._report
        assert isinstance(incoming, team_sync.Incoming) and report is not None
        if self._cancelled or not self._still_open(session):
            self._end("Sync cancelled; nothing was changed.")
            return
        document = session.document
        try:
            plan = team_sync.plan_pull(document, link, incoming, author_name())
            link = team_sync.apply_pull(document, plan)
            report.added += plan.report.added
            report.changed += plan.report.changed
            report.removed += plan.report.removed
            report.conflicts += plan.report.conflicts
            report.refused += plan.report.refused
            outgoing = team_sync.collect_push(document, link)
        except BoardFileError as exc:
            self._end(str(exc), failed=True)
            return
        if outgoing.outgoing.is_empty or self._cancelled:
            self._end(self._summary())
            return
        if not incoming.delta.may_write:
            self._end(self._summary() + " You may only read this case: nothing was sent.")
            return
        self.window.widget().statusBar().showMessage(
            f"Sync: sending {plural(len(outgoing.ids), 'change')}…"
        )

        def pushed(rev: object) -> None:
            assert isinstance(rev, int)
            if self._still_open(session):
                try:
                    team_sync.finish_push(session.document, link, outgoing, rev)
                except BoardFileError as exc:
                    # The server holds the changes; the next sync finds them equal.
                    self._end(str(exc), failed=True)
                    return
                report.pushed += len(outgoing.ids)
            self._end(self._summary())

        self._pending_session = session
        self._run(lambda: team_sync.push(link, outgoing), pushed)

    def _failed(self, exc: object) -> None:
        from evidenceboard.team.sync import ATTEMPTS
        from evidenceboard.team.wire import Moved

        if isinstance(exc, Moved) and self._attempt < ATTEMPTS and not self._cancelled:
            self.worker = None
            session = self._pending_session
            if session is not None and self._still_open(session):
                fresh = TeamLink.of(session.document)
                if fresh is not None:
                    self._fetch(session, fresh)
                    return
        self._end(str(exc) or "The sync failed.", failed=True)

    def _summary(self) -> str:
        r = self._report
        assert r is not None
        text = (
            f"Synced: {r.added} new, {r.changed} changed, {r.removed} removed, "
            f"{r.pushed} sent, {plural(len(r.conflicts), 'conflict')}."
        )
        if r.refused:
            refused = len(r.refused)
            verb = "was" if refused == 1 else "were"
            text += f" {plural(refused, 'item')} from the server {verb} refused."
        return text

    def _end(self, message: str, *, failed: bool = False) -> None:
        self.worker = None
        self.progress.hide()
        self.cancel_button.hide()
        self.window.widget().statusBar().clearMessage()
        conflicts = self._report is not None and self._report.conflicts
        level = "error" if failed else ("warning" if conflicts else "info")
        self.window.message_bar.show_message(message, level)
        self.refresh()


def install(window: "WindowHost") -> None:
    TeamFeature(window)


def confirm_server(box: QMessageBox) -> QMessageBox.StandardButton:
    """Asks about a board's unknown server (tests replace this)."""
    return ask(box)
