"""Screenshots of the window on the demo board, as a new user first sees it.

Run on a real X server:

    xvfb-run -a -s "-screen 0 1920x1080x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python scripts/screenshots.py

The window starts the way ``evidenceboard`` starts it with no file named (a fresh demo
board, the first-open layout), with settings and boards in a throwaway home folder so
nothing of the user's is read or changed. Writes ``docs/images/window-WxH.png`` at the
two sizes the README shows, then ``timeline.png`` (the Timeline docked under the canvas),
``minimap.png`` (the canvas with its minimap), ``entities.png`` (an organisation
selected, the cards naming it ringed), ``claimed-by.png`` (a claim and the person
card that makes it), ``frames.png`` (the reporting chain in one frame, a place and an
event in another, collapsed) and ``markdown-note.png`` (a Markdown note, formatted on its
card and in the inspector).
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = ((1280, 720), (1920, 1080))
MARKDOWN_NOTE = """# **Leads for Monday**

- Call the **port authority** about the manifest
- Check the *second* photo's metadata
  - its EXIF time says ~~14:02~~ 16:02
1. Ask the column's editor
2. Compare with the `tass.ru` copy

> The convoy crossed at dawn.

[Port notice](https://example.org/notice)"""


def main() -> int:
    if os.environ.get("QT_QPA_PLATFORM") != "xcb":
        print("run under xvfb-run with QT_QPA_PLATFORM=xcb (see the docstring)", file=sys.stderr)
        return 2
    home = Path(tempfile.mkdtemp(prefix="evidenceboard-shots-"))
    os.environ["HOME"] = str(home)
    os.environ["XDG_CONFIG_HOME"] = str(home / ".config")
    os.environ["XDG_DATA_HOME"] = str(home / ".local" / "share")
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QDockWidget

    from evidenceboard.ui.common.theme import LIGHT
    from evidenceboard.ui.features.timeline.panel import Timeline
    from evidenceboard.ui.window.application import make_application, open_initial
    from evidenceboard.ui.window.main_window import MainWindow

    app = make_application(["evidenceboard"])

    def settle(ms: int = 1500) -> None:
        # The first-open layout and the background load finish on the event loop; a
        # short spin lets them paint before the grab (this is a picture, not a test).
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
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
    window = MainWindow(LIGHT)
    window.resize(1600, 960)
    window.show()
    open_initial(window, [])
    settle()
    dock = window.findChild(QDockWidget, "timeline-dock")
    session = window.session
    if dock is None or session is None:
        print("no timeline dock or no board", file=sys.stderr)
        return 1
    # The timeline is a wide view: docked under the canvas for the picture.
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.resizeDocks([dock], [330], Qt.Orientation.Vertical)
    dock.show()
    dock.raise_()
    settle(500)
    timeline = dock.widget()
    if isinstance(timeline, Timeline):
        timeline.view.fit_all()
        # A dated claim selected, to show the selection shared with the canvas.
        last = timeline.chronology.entries[-1]
        session.scene.select_only([last.card_id])
    settle(500)
    shots = ROOT / "docs" / "images"
    if not window.grab().save(str(shots / "timeline.png")):
        return 1
    print("docs/images/timeline.png")
    session.view.set_zoom(1.0)
    settle(500)
    view = session.view
    if not view.grab().save(str(shots / "minimap.png")):
        return 1
    print("docs/images/minimap.png")
    dock.hide()
    board = session.document.board
    # An entity selected: the cards naming it ringed, the inspector listing them.
    tass = next(c.id for c in board.cards.values() if c.title == "Tass")
    session.scene.select_only([tass])
    session.view.fit_board()
    settle(500)
    if not window.grab().save(str(shots / "entities.png")):
        return 1
    print("docs/images/entities.png")
    # A claim selected: the inspector names the card of the person who makes it.
    deal = next(c.id for c in board.cards.values() if c.title.startswith("H1:"))
    session.scene.select_only([deal])
    settle(500)
    if not window.grab().save(str(shots / "claimed-by.png")):
        return 1
    print("docs/images/claimed-by.png")
    from evidenceboard.model.frames import plan_collapse, plan_new_frame

    # Frames: the reporting chain in one, two entities in another, collapsed to its name.
    author = session.controller.author

    def titled(*starts: str) -> list[str]:
        return [c.id for c in board.cards.values() if c.title.startswith(starts)]

    chain = ("Tass", "Hurriyet", "Captured article", "Selvi column", "Abdulkadir Selvi")
    groups = (
        ("One origin: the Hurriyet column and its echo", titled(*chain)),
        ("Where and when", titled("Moscow", "Doha talks")),
    )
    made = []
    for title, ids in groups:
        change, frame_id = plan_new_frame(board, ids, author, title=title)
        session.controller.submit(change)
        made.append(frame_id)
    session.controller.submit(plan_collapse(board, made[1], True, author))
    session.scene.select_only([made[0]])
    session.view.fit_board()
    settle(500)
    if not window.grab().save(str(shots / "frames.png")):
        return 1
    print("docs/images/frames.png")
    from evidenceboard.model.cards import CardKind
    from evidenceboard.model.changes import AddCards
    from evidenceboard.model.factory import make_card

    # A Markdown note (as a canvas's text node brings it), formatted on the card and in
    # the inspector.
    right = max(c.geometry.x + c.geometry.width for c in board.cards.values())
    top = min(c.geometry.y for c in board.cards.values())
    note = make_card(
        CardKind.NOTE,
        "",
        author,
        x=right + 80,
        y=top,
        width=300,
        height=330,
        markdown=True,
        text=MARKDOWN_NOTE,
    )
    session.controller.submit(AddCards((note,)))
    session.scene.select_only([note.id])
    session.view.set_zoom(1.0)
    session.view.centre_on_card(note.id)
    settle(500)
    if not window.grab().save(str(shots / "markdown-note.png")):
        return 1
    print("docs/images/markdown-note.png")
    window.close()
    settle(200)
    return 0


if __name__ == "__main__":
    sys.exit(main())
