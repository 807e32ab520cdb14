"""Every window test here runs under the window guard (see tests/window_fixtures.py)."""

import pytest

# Kept importable from here for tests that still take them from this module.
from tests.window_fixtures import view_of, view_point

__all__ = ["view_of", "view_point"]


@pytest.fixture(autouse=True)
def _guarded(window_guard: None) -> None:
    """No window, pool job or timer of a test is left over for the next one."""
