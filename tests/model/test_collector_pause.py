"""A pause of the cyclic collector ends as collection was before it, whatever happens."""

import gc
from collections.abc import Iterator

import pytest

from evidenceboard.model.collector_pause import collector_paused


@pytest.fixture
def collecting() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.usefixtures("collecting")
def test_collection_is_off_inside_and_on_again_after() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.usefixtures("collecting")
def test_an_error_inside_still_turns_collection_on_again() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("failed")
    assert gc.isenabled()


@pytest.mark.usefixtures("collecting")
def test_collection_that_was_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
