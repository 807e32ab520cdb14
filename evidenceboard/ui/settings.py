"""What the window remembers between runs: recent boards, window layout, last folder.

Stored with ``QSettings`` under the organisation and application names set by
:func:`evidenceboard.ui.app.make_application`; never any board content.
"""

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

MAX_RECENT = 10


def _settings() -> QSettings:
    return QSettings()


def recent_files() -> list[Path]:
    """Recent boards, most recent first, without those that no longer exist."""
    value = _settings().value("recent_files", [])
    if isinstance(value, str):
        value = [value]
    names = value if isinstance(value, list) else []
    return [Path(n) for n in names if isinstance(n, str) and Path(n).is_file()]


def add_recent(path: Path) -> None:
    path = path.resolve()
    names = [str(path)] + [str(p) for p in recent_files() if p.resolve() != path]
    _settings().setValue("recent_files", names[:MAX_RECENT])


def clear_recent() -> None:
    _settings().setValue("recent_files", [])


def last_folder() -> str:
    """Where file dialogs start: the folder of the last board chosen, else the documents."""
    value = _settings().value("last_folder", "")
    if isinstance(value, str) and value and Path(value).is_dir():
        return value
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def set_last_folder(path: Path) -> None:
    _settings().setValue("last_folder", str(path.parent))


def window_state() -> tuple[QByteArray | None, QByteArray | None]:
    settings = _settings()
    geometry = settings.value("window/geometry")
    state = settings.value("window/state")
    return (
        geometry if isinstance(geometry, QByteArray) else None,
        state if isinstance(state, QByteArray) else None,
    )


def save_window_state(geometry: QByteArray, state: QByteArray) -> None:
    settings = _settings()
    settings.setValue("window/geometry", geometry)
    settings.setValue("window/state", state)


def boards_folder() -> Path:
    """Where the app puts boards it makes itself (the demo): a visible documents folder.

    Not the app's hidden data folder, so that a user who wants to mail the demo board or
    back it up finds it beside their other documents.
    """
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(documents or Path.home()) / "EvidenceBoard"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
