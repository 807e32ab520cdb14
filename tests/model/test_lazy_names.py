"""A package's names load their module on first use, and no other name is there."""

import importlib

import pytest

PACKAGES = [
    "evidenceboard.analysis",
    "evidenceboard.export.brief",
    "evidenceboard.formats",
    "evidenceboard.ingest",
    "evidenceboard.model",
    "evidenceboard.storage",
]


@pytest.mark.parametrize("package", PACKAGES)
def test_every_public_name_loads_from_its_module(package: str) -> None:
    module = importlib.import_module(package)
    for name in module.__all__:
        value = getattr(module, name)
        defined_in = getattr(value, "__module__", None)
        if isinstance(value, type) or callable(value):
            assert defined_in is not None and defined_in.startswith(package), name


@pytest.mark.parametrize("package", PACKAGES)
def test_a_name_the_package_does_not_have_is_missing(package: str) -> None:
    module = importlib.import_module(package)
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        module.no_such_name  # noqa: B018
    assert not hasattr(module, "no_such_name")
