"""Every kind of change is in the closed union that the code matches on.

The writer, the history, the conflict copy and the canvas each match on
:data:`AnyChange` with a case per kind, and mypy reports a kind left out; a subclass of
:class:`Change` that is not in the union would escape that check and fail only when a
user's edit reaches the writer. So every module of the package is imported (a kind
defined anywhere is then a subclass) and every concrete subclass must be in the union.
"""

import importlib
import inspect
import pkgutil
from typing import cast, get_args

import pytest

import evidenceboard
from evidenceboard.model.changes import AnyChange, Change, known_change


def _all_subclasses(cls: type) -> set[type]:
    found: set[type] = set()
    sub: type
    for sub in cls.__subclasses__():
        found.add(sub)
        found |= _all_subclasses(sub)
    return found


def _import_whole_package() -> None:
    for module in pkgutil.walk_packages(evidenceboard.__path__, "evidenceboard."):
        if module.name.rsplit(".", 1)[-1] != "__main__":
            importlib.import_module(module.name)


def test_every_kind_of_change_is_in_the_union() -> None:
    _import_whole_package()
    kinds = set(get_args(AnyChange))
    concrete = {cls for cls in _all_subclasses(Change) if not inspect.isabstract(cls)}
    missing = sorted(cls.__qualname__ for cls in concrete - kinds)
    assert not missing, f"Add {', '.join(missing)} to AnyChange in model/changes.py"
    assert all(issubclass(kind, Change) for kind in kinds)
    assert len(kinds) == 12


def test_a_change_outside_the_union_is_refused_by_name() -> None:
    class Stray:
        """Stands for a kind of change the union does not list."""

    # A real subclass of Change would outlive the test and trip the check above.
    with pytest.raises(TypeError, match="Stray is not a kind of change"):
        known_change(cast("Change", Stray()))
