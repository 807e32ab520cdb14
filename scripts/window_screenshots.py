"""Screenshots of the window on the demo board, as a new user first sees it.

Run on a real X server, at the two sizes the README and the docs show:

    xvfb-run -a -s "-screen 0 1920x1080x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python scripts/window_screenshots.py

The window starts the way ``evidenceboard`` starts it with no file named (a fresh demo
board, the first-open layout), with settings and boards in a throwaway home folder so
nothing of the user's is read or changed. Writes ``docs/images/window-WxH.png``.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = ((1280, 720), (1920, 1080))


def main() -> int:
    if os.environ.get("QT_QPA_PLATFORM") != "xcb":
        print("run under xvfb-run with QT_QPA_PLATFORM=xcb (see the docstring)", file=sys.stderr)
        return 2
    home = Path(tempfile.mkdtemp(prefix="evidenceboard-shots-"))
    os.environ["HOME"] = str(home)
    os.environ["XDG_CONFIG_HOME"] = str(home / ".config")
    os.environ["XDG_DATA_HOME"] = str(home / ".local" / "share")
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QEventLoop, QTimer

    from evidenceboard.ui.app import make_application, open_initial
    from evidenceboard.ui.main_window import MainWindow
    from evidenceboard.ui.theme import LIGHT

    app = make_application(["evidenceboard"])

    def settle() -> None:
        # The first-open layout and the background load finish on the event loop; a
        # short spin lets them paint before the grab (this is a picture, not a test).
        loop = QEventLoop()
        QTimer.singleShot(1500, loop.quit)
        loop.exec()
        app.processEvents()

    for width, height in SIZES:
        window = MainWindow(LIGHT)
        window.resize(width, height)
        window.show()
        open_initial(window, [])
        settle()
        target = ROOT / "docs" / "images" / f"window-{width}x{height}.png"
        if not window.grab().save(str(target)):
            print(f"could not write {target}", file=sys.stderr)
            return 1
        print(target.relative_to(ROOT))
        window.close()
        window.deleteLater()
        settle()
    return 0


if __name__ == "__main__":
    sys.exit(main())
