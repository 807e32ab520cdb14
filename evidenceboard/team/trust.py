"""Which team servers this user has chosen for which boards, kept outside the boards.

A board file remembers its team server, and a board file may come from someone else:
a stranger's board naming their own server would, on a plain "Sync now", send the
user's edits (and anything pasted into that board) to it. So a sync goes only to a
server this user published the board to, cloned it from, or confirmed for it once on
this computer. The list is a small JSON file in the user's configuration folder
(``$XDG_CONFIG_HOME/evidenceboard/team-servers.json``, by default under ``~/.config``),
never in a board; a missing or unreadable list trusts nothing.
"""

import contextlib
import json
import os
import tempfile
from pathlib import Path

from evidenceboard.team.server import TeamError, without_password

#: Most entries kept; the oldest go first.
MAX_ENTRIES = 2_000


def trust_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "evidenceboard" / "team-servers.json"


def _entry(board_id: str, url: str, case_id: str) -> str:
    return json.dumps([board_id, without_password(url), case_id])


def _read() -> list[str]:
    try:
        data = json.loads(trust_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    return [item for item in data if isinstance(item, str)][-MAX_ENTRIES:]


def is_trusted(board_id: str, url: str, case_id: str) -> bool:
    """Whether this user chose this server and case for this board on this computer."""
    return _entry(board_id, url, case_id) in _read()


def trust(board_id: str, url: str, case_id: str) -> None:
    """Remember that this board syncs with this server and case (written atomically)."""
    entry = _entry(board_id, url, case_id)
    entries = [e for e in _read() if e != entry] + [entry]
    path = trust_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".team-servers.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entries[-MAX_ENTRIES:], handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as exc:
        raise TeamError(
            f"The list of your team servers could not be saved ({exc.strerror or exc})."
        ) from exc


class UntrustedServerError(TeamError):
    """The board names a team server this user never chose for it on this computer."""

    def __init__(self, url: str, case_id: str) -> None:
        self.url = without_password(url)
        self.case_id = case_id
        super().__init__(
            f"This board names the team server {self.url} (case {case_id[:12]}), which you "
            "never published it to, cloned it from or chose for it on this computer; a "
            "board from someone else can name their own server. Nothing was sent. If you "
            "know this server, sync once with --trust-server (in the window, answer Yes)."
        )
