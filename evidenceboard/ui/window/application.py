"""Starting the window: the application object, its theme, and the first board.

``evidenceboard`` opens the last board (from the recent list) or, the first time, a
fresh copy of the demo board in ``Documents/EvidenceBoard`` (never overwriting one that is
there); ``evidenceboard FILE`` opens that file. A board that cannot be opened is
explained in a dialog and the window stays up with whatever was open before.
"""

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from evidenceboard import __version__
from evidenceboard.resources_path import resource
from evidenceboard.storage.demo_file import create_demo_board
from evidenceboard.storage.document import BoardDocument
from evidenceboard.storage.errors import BoardFileError
from evidenceboard.ui.common import settings
from evidenceboard.ui.common.appearance import apply_appearance, chosen_theme
from evidenceboard.ui.common.collector import UiThreadCollector
from evidenceboard.ui.features.help import feature as help_feature
from evidenceboard.ui.window import file_ops, single_instance
from evidenceboard.ui.window.main_window import MainWindow

DEMO_NAME = "Demo - Assad's flight.evboard"
APP_ID = "org.evidenceboard.EvidenceBoard"


def application_icon() -> QIcon:
    """The application icon from its pre-rendered sizes (sharp at 16 px, no SVG engine)."""
    app_icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        app_icon.addFile(str(resource("app", f"evidenceboard-{size}.png")), QSize(size, size))
    return app_icon


def make_application(args: list[str]) -> QApplication:
    """The QApplication with names, Fusion style and the system's light or dark theme."""
    # Matches the .desktop file, so Wayland and X11 group the window under its launcher.
    QGuiApplication.setDesktopFileName(APP_ID)
    QCoreApplication.setOrganizationName("EvidenceBoard")
    QCoreApplication.setOrganizationDomain("evidenceboard.org")
    QCoreApplication.setApplicationName("EvidenceBoard")
    QCoreApplication.setApplicationVersion(__version__)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["evidenceboard", *args])
    app.setStyle("Fusion")
    app.setWindowIcon(application_icon())
    apply_appearance(app)
    return app


def demo_board(window: MainWindow) -> BoardDocument | None:
    """A fresh demo board in the boards folder, or the one already there."""
    path = settings.boards_folder() / DEMO_NAME
    if path.exists():
        return file_ops.open_with_dialogs(window, path)
    try:
        return create_demo_board(path)
    except BoardFileError as exc:
        file_ops.show_error(window, "The demo board cannot be created", str(exc))
        return None


def open_initial(window: MainWindow, args: list[str]) -> None:
    """Open the board named on the command line, else the last one, else the demo."""
    if args:
        window.open_path(Path(args[0]))
        return
    recent = settings.recent_files()
    if recent and window.open_path(recent[0]):
        return
    document = demo_board(window)
    if document is not None:
        window.show_document(document)


def run_app(args: list[str]) -> int:
    """Run the window until it is closed; the process exit code."""
    app = make_application(args)
    # A board double-clicked while EvidenceBoard runs opens in the running window, which
    # already holds the board's lock, instead of in a second writer.
    if single_instance.hand_over(args):
        return 0
    server = single_instance.InstanceServer(app)
    server.listen()
    collector = UiThreadCollector(app)
    collector.start()
    window = MainWindow(chosen_theme())
    single_instance.serve_window(server, window)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: restyle(app, window))
    window.show()
    open_initial(window, args)
    help_feature.offer_at_start(window)
    code = app.exec()
    collector.stop()
    # Data we put on the clipboard must go while Qt is alive: at interpreter shutdown its
    # destruction crashes.
    clipboard = QGuiApplication.clipboard()
    if clipboard.ownsClipboard():
        clipboard.clear()
    return code


def restyle(app: QApplication, window: MainWindow) -> None:
    """Recolour the application and the window: the system's scheme just changed (which
    matters only when Preferences say to follow the system)."""
    window.set_theme(apply_appearance(app))


if __name__ == "__main__":
    sys.exit(run_app(sys.argv[1:]))
