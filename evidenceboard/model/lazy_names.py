"""The hook by which a package's names load their modules on first use.

Several packages (the model, storage, analysis, ingest, formats, the brief) name the
pieces of their public face in ``__init__`` without importing them, so that a command
pays only for the modules it uses (``tests/cli/test_startup_imports.py``). Each sets its
module ``__getattr__`` (PEP 562) to :func:`lazy_names`; type checkers read the same
names from the package's ``TYPE_CHECKING`` imports.
"""

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """The ``__getattr__`` of ``package``: each name of ``homes`` loads its module there.

    ``homes`` maps a name to the module that defines it, by its full name or relative to
    ``package`` (``".writer"``); any other name is missing, as from a module without the
    hook.
    """

    def load(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(home, package), name)

    return load
