"""The hook by which a package's names load their modules on first use.

Several packages (the model, storage, analysis, ingest, formats, the brief) name the
pieces of their public face in ``__init__`` without importing them, so that a command
pays only for the modules it uses (``tests/cli/test_startup_imports.py``). Each sets its
module ``__getattr__`` (PEP 562) to :func:`lazy_names`; type checkers read the same
names from the package's ``TYPE_CHECKING`` imports.
"""

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def lazy_names(package: str, modules: Mapping[str, Iterable[str]]) -> Callable[[str], Any]:
    """The ``__getattr__`` of ``package``: each name listed under a module loads it.

    ``modules`` maps a module, by its full name or relative to ``package``
    (``".writer"``), to the names it defines for the package's face, as the
    ``TYPE_CHECKING`` imports list them; any other name is missing, as from a module
    without the hook.
    """
    homes = {name: module for module, names in modules.items() for name in names}

    def load(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(home, package), name)

    return load
