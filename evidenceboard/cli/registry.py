"""The CLI's commands: each module here adds its subcommands with ``register(subparsers)``.

Every module is imported to build the parser, even for ``--help``, so a command module
imports only light modules (the model's value types, the CLI helpers) at the top and
its implementation (storage, analysis, ingest, export, formats) inside its handlers; a
test checks which libraries each command loads.
"""

from types import ModuleType

from evidenceboard.cli import (
    analyze,
    board_commands,
    brief,
    edit_commands,
    import_search,
    judgement_commands,
    marking_commands,
    reliability_commands,
    share_commands,
    team_commands,
    timeline,
)

COMMAND_MODULES: tuple[ModuleType, ...] = (
    board_commands,
    edit_commands,
    import_search,
    analyze,
    judgement_commands,
    brief,
    marking_commands,
    share_commands,
    reliability_commands,
    team_commands,
    timeline,
)
