"""What a board file remembers of its team server: :class:`TeamLink`.

Kept in the board's ``team_sync`` rows: the server's URL (never a password), the case,
the server revision whose changes the board already holds (``pulled_rev``), the last
history row already accounted for (``history_seq``: later rows are local changes not yet
pushed), the items to push whatever the history says (``pending``: the changes a pull
found unpushed, and the conflict copies it made), and a fingerprint of the board details
at the last sync, to tell whether they changed here since.

The rows are read from a file, which may have come from a stranger: a value that does
not parse makes the board "not linked", never a crash.
"""

import hashlib
import json
from dataclasses import dataclass, field

from evidenceboard.model.board import BoardInfo
from evidenceboard.model.clock import format_timestamp
from evidenceboard.storage.document import BoardDocument
from evidenceboard.storage.team_state import HISTORY_MARK
from evidenceboard.team.server import TeamError, check_url, without_password

_MAX_PENDING = 1_000_000


def info_fingerprint(info: BoardInfo) -> str:
    """The board details (but not the board's own id), as a SHA-256."""
    value = [
        info.title,
        info.description,
        info.handling,
        format_timestamp(info.created_at),
        list(info.authors),
        [list(pair) for pair in info.settings],
    ]
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class TeamLink:
    url: str
    case_id: str
    pulled_rev: int
    history_seq: int
    pending: frozenset[str] = field(default_factory=frozenset)
    info_hash: str = ""
    #: The last history row sent to the server's history; None: the same as history_seq.
    pushed_seq: int | None = None
    #: When the last sync ended, as ISO 8601 text (UTC); empty before the first.
    synced_at: str = ""

    def to_state(self) -> dict[str, str]:
        return {
            "url": without_password(self.url),
            "case": self.case_id,
            "pulled_rev": str(self.pulled_rev),
            HISTORY_MARK: str(self.history_seq),
            "pending": json.dumps(sorted(self.pending)),
            "info_hash": self.info_hash,
            **({} if self.pushed_seq is None else {"pushed_seq": str(self.pushed_seq)}),
            **({"synced_at": self.synced_at} if self.synced_at else {}),
        }

    @classmethod
    def of(cls, document: BoardDocument) -> "TeamLink | None":
        """The board's link to its server, or None when it has none (or an unreadable one)."""
        state = document.sync_state()
        try:
            pending = json.loads(state.get("pending", "[]"))
            if not isinstance(pending, list) or not all(isinstance(i, str) for i in pending):
                return None
            if len(pending) > _MAX_PENDING:
                return None
            return cls(
                url=check_url(state["url"]),
                case_id=state["case"][:100],
                pulled_rev=max(0, int(state["pulled_rev"])),
                history_seq=int(state[HISTORY_MARK]),
                pending=frozenset(pending),
                info_hash=state.get("info_hash", ""),
                pushed_seq=int(state.get("pushed_seq", state[HISTORY_MARK])),
                synced_at=state.get("synced_at", "")[:40],
            )
        except (KeyError, ValueError, TeamError, RecursionError):
            return None


def require_link(document: BoardDocument) -> TeamLink:
    link = TeamLink.of(document)
    if link is None:
        raise TeamError(
            f"{document.path.name} is not linked to a team server; publish it first "
            "(evidenceboard publish FILE URL) or clone the case."
        )
    return link
