"""The CLI's entry point: builds the parser from the command modules and runs one.

Every command returns an exit code; errors never print a traceback. Codes: 0 success,
1 a failed operation, 2 bad usage or a value that does not fit (argparse's own code),
3-10 a board file that was refused or could not be written (see
:mod:`evidenceboard.storage.errors`).
"""

import argparse
import os
import sys
import warnings
from collections.abc import Sequence
from typing import NoReturn, TextIO

from evidenceboard import __version__
from evidenceboard.cli.output import fail, warn
from evidenceboard.cli.registry import COMMAND_MODULES
from evidenceboard.model.errors import ChangeError, InvalidValueError
from evidenceboard.storage.errors import BoardFileError
from evidenceboard.storage.sidecars import LeftoverFileWarning

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        hint = f" (see {self.prog} --help)"
        fail(message + hint)
        sys.exit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="evidenceboard",
        description=(
            "EvidenceBoard: pin articles, documents and claims, link them as corroborating "
            "or contradicting, and check what the evidence really supports. Run without a "
            "command to open the window (on FILE, or on the last board)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"EvidenceBoard {__version__}")
    parser.add_argument(
        "--user",
        metavar="NAME",
        help="name recorded as the author of changes (default: your account)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def command_names(parser: argparse.ArgumentParser | None = None) -> set[str]:
    """The names of the commands of ``parser`` (of a new one when None)."""
    if parser is None:
        parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def _warn_leftovers_on_stderr() -> None:
    """Show a leftover file set aside beside a board as one warning line, every time; it
    does not change the exit code (only call inside ``warnings.catch_warnings()``)."""
    shown = warnings.showwarning

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        if issubclass(category, LeftoverFileWarning):
            warn(str(message))
        else:
            shown(message, category, filename, lineno, file, line)

    warnings.simplefilter("always", LeftoverFileWarning)
    warnings.showwarning = show


def main(argv: Sequence[str] | None = None, parser: argparse.ArgumentParser | None = None) -> int:
    """Run one CLI command and return its exit code (with ``parser``, or a new one)."""
    if parser is None:
        parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        with warnings.catch_warnings():
            _warn_leftovers_on_stderr()
            code: int = args.handler(args)
        return code
    except BoardFileError as exc:
        fail(str(exc))
        return exc.exit_code
    except (InvalidValueError, ChangeError) as exc:
        fail(str(exc))
        return EXIT_USAGE
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 0
    except OSError as exc:
        fail(f"{exc.strerror or exc}: {exc.filename or ''}".strip(": "))
        return 1
    except KeyboardInterrupt:
        fail("interrupted")
        return 130
