"""``evidenceboard``: the window, or a headless command when one is named.

``evidenceboard`` opens the window on the last board (the demo board the first time);
``evidenceboard FILE`` opens that board; ``evidenceboard COMMAND ...`` runs a CLI
command without importing Qt.
"""

import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from evidenceboard.cli.app import command_names
    from evidenceboard.cli.app import main as cli_main

    if args and args[0] == "render":
        # Drawing a board needs Qt, which the CLI package never imports.
        from evidenceboard.ui.render_cli import main as render_main

        return render_main(args[1:])
    if args and (args[0].startswith("-") or args[0] in command_names()):
        return cli_main(args)
    if len(args) > 1 or (args and not Path(args[0]).exists()):
        # Not a command and not an existing board: let the CLI explain the usage.
        return cli_main(args)
    from evidenceboard.ui.app import run_app

    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
