"""Reliability tests: the long soak runs only when asked for with ``-m soak``.

The default run keeps every check small (about 90 seconds in all); ``pytest -m soak
tests/reliability`` runs the same checks with many more kills, faults and examples.
"""

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "soak: long reliability soak (deselected by default)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "soak" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="soak test: run with -m soak")
    for item in items:
        if "soak" in item.keywords:
            item.add_marker(skip)
