"""One EvidenceBoard per user: a second launch hands its files to the first and exits.

A double-clicked board in a file manager starts a new process. Two processes writing
one board is how SQLite files get corrupted (Joplin's two-processes-on-one-profile
reports), and two windows confuse people; so the first instance listens on a local
socket (``QLocalServer``) and a later launch sends its paths there (``hand_over``) and
exits 0. The board lock taken by ``open_board`` still protects a board if two launches
race past this.

Non-obvious choices:

* The server name includes a hash of the user's name: Windows named pipes are global
  to the machine, and one user's launch must never reach another user's window.
  ``UserAccessOption`` also limits the Unix socket to its owner.
* The message is one line of JSON, ``{"paths": [...]}``, at most
  :data:`MAX_MESSAGE_BYTES`; anything else is dropped. An empty list means "show the
  window". The first instance answers ``ok`` once it has the paths, so the second
  launch exits only when the paths are delivered; a frozen or dead first instance
  means ``hand_over`` returns False and the second launch opens the files itself.
* A socket file left by a crashed instance is removed only after connecting to it
  failed, so a live instance is never cut off.
* ``hand_over`` uses the blocking ``waitFor…`` calls: it runs before the event loop
  starts. It waits for the answer in short slices, because PySide holds the GIL while
  blocked, which would freeze any other Python thread of the same process.
"""

import getpass
import hashlib
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

if TYPE_CHECKING:
    from evidenceboard.ui.window.main_window import MainWindow

#: Largest hand-over message accepted (a few hundred long paths).
MAX_MESSAGE_BYTES = 256 * 1024
#: How long a second launch waits for the first instance, in milliseconds.
TIMEOUT_MS = 3000
_ACK = b"ok\n"
_SLICE_MS = 20


def server_name() -> str:
    """The per-user name the first instance listens on."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return "evidenceboard-" + hashlib.sha256(user.encode("utf-8")).hexdigest()[:16]


def _encode(paths: list[str]) -> bytes:
    return json.dumps({"paths": paths}, ensure_ascii=True).encode("ascii") + b"\n"


def _decode(message: bytes) -> list[str] | None:
    try:
        data = json.loads(message.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    paths = data.get("paths") if isinstance(data, dict) else None
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        return None
    return [p for p in paths if p and "\0" not in p]


def hand_over(paths: list[str], name: str | None = None) -> bool:
    """Send ``paths`` to a running instance; True when it confirmed receiving them.

    Paths are made absolute first: the first instance runs in another folder.
    """
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    absolute = [str(Path(p).absolute()) for p in paths]
    socket.write(_encode(absolute))
    delivered = socket.waitForBytesWritten(TIMEOUT_MS) and _answer(socket) == _ACK
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(TIMEOUT_MS)
    return delivered


def _answer(socket: QLocalSocket) -> bytes:
    """The first instance's reply, read in short waits.

    PySide keeps Python's GIL during a blocking wait, so one long wait on a thread
    would stop every other Python thread of the process (the server, in tests).
    """
    answer = b""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while len(answer) < len(_ACK) and time.monotonic() < deadline:
        if socket.waitForReadyRead(_SLICE_MS):
            answer += socket.readAll().data()
        elif socket.state() == QLocalSocket.LocalSocketState.UnconnectedState:
            break
    return answer[: len(_ACK)]


class InstanceServer(QObject):
    """Listens for later launches and emits the paths they hand over."""

    #: A later launch asked to open this file (an absolute path).
    path_received = Signal(str)
    #: A later launch started without files: bring the window forward.
    raise_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self, name: str | None = None) -> bool:
        """Start listening; False when another live instance already holds the name."""
        name = name or server_name()
        if self._server.listen(name):
            return True
        probe = QLocalSocket()
        probe.connectToServer(name)
        if probe.waitForConnected(500):
            probe.disconnectFromServer()
            return False
        # Nobody answers: the name is left over from an instance that crashed.
        QLocalServer.removeServer(name)
        return self._server.listen(name)

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._buffers.pop(s, None))
            socket.disconnected.connect(socket.deleteLater)
            # The launch may have written before we were connected to readyRead.
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if socket not in self._buffers:
            return
        buffer = self._buffers[socket] + socket.readAll().data()
        if b"\n" not in buffer:
            if len(buffer) > MAX_MESSAGE_BYTES:
                self._buffers.pop(socket, None)
                socket.abort()
            else:
                self._buffers[socket] = buffer
            return
        del self._buffers[socket]
        paths = _decode(buffer.split(b"\n", 1)[0])
        if paths is None:
            socket.abort()
            return
        socket.write(_ACK)
        socket.flush()
        socket.disconnectFromServer()
        if not paths:
            self.raise_requested.emit()
        for path in paths:
            self.path_received.emit(path)


def bring_forward(window: "MainWindow") -> None:
    """Show the window in front (window managers may only flash it in the task bar)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def open_handed_over(window: "MainWindow", path: Path) -> None:
    """Open a handed-over board, or just bring the window forward if it is already open.

    Reopening the board that is open would go through ``open_board`` a second time;
    this instance must stay its only writer.
    """
    bring_forward(window)
    session = window.session
    if session is not None and session.document.path.resolve() == path.resolve():
        return
    window.open_path(path)


def serve_window(server: InstanceServer, window: "MainWindow") -> None:
    """Route hand-overs from later launches to ``window``."""
    server.path_received.connect(lambda path: open_handed_over(window, Path(path)))
    server.raise_requested.connect(lambda: bring_forward(window))
