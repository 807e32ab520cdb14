"""Run one command through a parser that knows only that command's registration."""

import argparse
from collections.abc import Callable, Sequence

from evidenceboard.cli.common import SubParsers


def run_registered(register: Callable[[SubParsers], None], argv: Sequence[str]) -> int:
    """Parse ``argv`` with only ``register``'s commands and run the chosen one.

    The parser takes the application's global ``--user`` too, as the real one does.
    """
    parser = argparse.ArgumentParser(prog="evidenceboard")
    parser.add_argument("--user")
    commands = parser.add_subparsers(dest="command")
    register(commands)
    args = parser.parse_args(list(argv))
    code: int = args.handler(args)
    return code
