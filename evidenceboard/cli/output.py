"""Printing for the CLI: plain lines for people, stable JSON for scripts.

Board text is printed as it is, but control characters (which could move the cursor or
rewrite the terminal title when a hostile board is listed) are replaced first.
"""

import json
import re
import sys
from typing import Any

_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """Make board text harmless for a terminal."""
    return _TERMINAL_CONTROL.sub("\N{REPLACEMENT CHARACTER}", text)


def say(text: str = "") -> None:
    sys.stdout.write(safe(text) + "\n")


def emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
    sys.stdout.write("\n")


def warn(message: str) -> None:
    """Write a one-line warning to stderr: something to know that did not fail the command."""
    one_line = " ".join(safe(message).split())
    sys.stderr.write(f"evidenceboard: warning: {one_line}\n")


def fail(message: str) -> None:
    """Write a one-line error to stderr."""
    one_line = " ".join(safe(message).split())
    sys.stderr.write(f"evidenceboard: {one_line}\n")
