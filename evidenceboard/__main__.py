"""``evidenceboard``: the window, or a headless command when one is named.

``evidenceboard`` opens the window on the last board (the demo board the first time);
``evidenceboard FILE`` opens that board; ``evidenceboard COMMAND ...`` runs a CLI
command without importing Qt.
"""

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

NO_DISPLAY = (
    "evidenceboard: no display found; the evidenceboard command line works without one "
    "(evidenceboard --help lists its commands)"
)


def display_missing(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether the window cannot be shown here: a Unix desktop session with no display.

    Qt would abort with a core dump and a hint about libxcb that sends users after the
    wrong problem; an explicitly chosen platform (offscreen, vnc, ...) is left to Qt.
    """
    if platform.startswith(("win", "darwin")) or environ.get("QT_QPA_PLATFORM"):
        return False
    return not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from evidenceboard.cli.app import build_parser, command_names
    from evidenceboard.cli.app import main as cli_main

    if args and args[0] == "render":
        # Drawing a board needs Qt, which the CLI package never imports.
        from evidenceboard.ui.window.render_command import main as render_main

        return render_main(args[1:])
    if args:
        # One parser both tells a command from a board's path and runs the command.
        parser = build_parser()
        if args[0].startswith("-") or args[0] in command_names(parser):
            return cli_main(args, parser)
        if len(args) > 1 or not Path(args[0]).exists():
            # Not a command and not an existing board: let the CLI explain the usage.
            return cli_main(args, parser)
    if display_missing(os.environ):
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    from evidenceboard.ui.window.application import run_app

    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
