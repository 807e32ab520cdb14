"""The headless command line: scripts and tests drive boards without a screen.

Usage: ``evidenceboard COMMAND FILE ...``; ``evidenceboard --help`` lists the commands.
No Qt is imported here.
"""

from evidenceboard.cli.app import main

__all__ = ["main"]
