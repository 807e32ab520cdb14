"""``evidenceboard render FILE -o board.png|board.svg``: draw a board without a window.

The board is opened read-only (so a board open elsewhere can still be rendered) and
drawn by the same scene the window uses. Qt runs offscreen unless a platform is set.
"""

import argparse
import os
import sys
from pathlib import Path

from evidenceboard.storage.errors import BoardFileError


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="evidenceboard render", description="Draw a board to a PNG or SVG image."
    )
    parser.add_argument("board", type=Path, help="the .evboard file")
    parser.add_argument("-o", "--output", type=Path, required=True, help="board.png or board.svg")
    parser.add_argument("--scale", type=float, default=2.0, help="pixels per board unit (PNG)")
    parser.add_argument("--dark", action="store_true", help="use the dark theme")
    args = parser.parse_args(argv)
    if args.output.suffix.lower() not in (".png", ".svg"):
        parser.error("the output must end in .png or .svg")
    if not 0.1 <= args.scale <= 8:
        parser.error("the scale must be between 0.1 and 8")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from evidenceboard.storage.document import open_board
    from evidenceboard.ui.board.scene.board_scene import BoardScene
    from evidenceboard.ui.common.theme import DARK, LIGHT
    from evidenceboard.ui.window.render import render_board

    app = QApplication.instance() or QApplication(["evidenceboard-render"])
    try:
        document = open_board(args.board, read_only=True)
    except BoardFileError as exc:
        print(f"evidenceboard render: {exc}", file=sys.stderr)
        return exc.exit_code
    try:
        scene = BoardScene(document.board, DARK if args.dark else LIGHT, editable=False)
        try:
            size = render_board(scene, args.output, scale=args.scale)
        except OSError as exc:
            print(f"evidenceboard render: {exc}", file=sys.stderr)
            return 9
        finally:
            scene.detach()
    finally:
        document.close()
    del app
    print(f"{args.output} ({size.width()}x{size.height()})")
    return 0
