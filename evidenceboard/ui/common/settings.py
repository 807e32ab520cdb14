"""What the window remembers between runs: recent boards, window layout, last folder,
and the user's preferences (their name, the theme, the text size).

Stored with ``QSettings`` under the organisation and application names set by
:func:`evidenceboard.ui.window.application.make_application`; never any board content.
"""

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from evidenceboard.storage.lock import current_user

MAX_RECENT = 10
AUTHOR_KEY = "author/name"
THEME_KEY = "appearance/theme"
TEXT_SIZE_KEY = "appearance/text_size"
#: The theme choices: follow the system, or always light, or always dark.
THEME_CHOICES = ("system", "light", "dark")
#: Text sizes offered, in per cent of the system's.
TEXT_SIZES = (90, 100, 115, 130)


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


def author_name() -> str:
    """The name recorded as the author of this user's changes (the OS account by default)."""
    return chosen_author_name() or current_user()


def author_name_is_set() -> bool:
    """Whether the user chose a name (else the OS account name stands in)."""
    return bool(chosen_author_name())


def set_author_name(name: str) -> None:
    _settings().setValue(AUTHOR_KEY, " ".join(name.split())[:120])


def theme_choice() -> str:
    """ "system", "light" or "dark"."""
    value = _settings().value(THEME_KEY, "system")
    return value if value in THEME_CHOICES else "system"


def set_theme_choice(choice: str) -> None:
    if choice not in THEME_CHOICES:
        raise ValueError(f"unknown theme {choice!r}")
    _settings().setValue(THEME_KEY, choice)


def text_size() -> int:
    """The text size in per cent of the system's (one of :data:`TEXT_SIZES`)."""
    value = _settings().value(TEXT_SIZE_KEY, 100)
    try:
        size = int(str(value))
    except ValueError:
        return 100
    return size if size in TEXT_SIZES else 100


def set_text_size(size: int) -> None:
    if size not in TEXT_SIZES:
        raise ValueError(f"unknown text size {size}")
    _settings().setValue(TEXT_SIZE_KEY, size)


def show_getting_started() -> bool:
    """Whether Getting started opens when the app starts (yes until the user says no)."""
    value = _settings().value("help/show_getting_started", True)
    return value not in (False, "false", "0", 0)


def set_show_getting_started(show: bool) -> None:
    _settings().setValue("help/show_getting_started", bool(show))


def chosen_author_name() -> str:
    """The name the user set in Preferences, or "" when none was set (no account name)."""
    value = _settings().value(AUTHOR_KEY, "")
    return " ".join(value.split()) if isinstance(value, str) else ""


def minimap_shown() -> bool:
    """Whether the canvas shows its minimap (yes until the user turns it off)."""
    value = _settings().value("view/minimap", True)
    return value not in (False, "false", "0", 0)


def set_minimap_shown(shown: bool) -> None:
    _settings().setValue("view/minimap", bool(shown))
