"""The CLI's commands: each module here adds its subcommands with ``register(subparsers)``."""

from types import ModuleType

from evidenceboard.cli import (
    analyze,
    board_commands,
    brief,
    edit_commands,
    import_search,
    reliability_commands,
    share_commands,
)

COMMAND_MODULES: tuple[ModuleType, ...] = (
    board_commands,
    edit_commands,
    import_search,
    analyze,
    brief,
    share_commands,
    reliability_commands,
)
