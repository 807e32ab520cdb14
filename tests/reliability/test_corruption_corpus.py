"""Every file of the corruption corpus is refused clearly, quickly and without harm.

Refused means: a :class:`BoardFileError` subclass with a readable sentence, within a few
seconds, the file unchanged, no lock left, and memory growth modest. Salvage on the same
files either produces a checked board or refuses with a BoardFileError, never a crash.
"""

import resource
import shutil
import time
from pathlib import Path

import pytest

from evidenceboard.storage import BoardFileError, open_board
from evidenceboard.storage.salvage import salvage_board
from tests.reliability.corpus import corpus
from tests.reliability.helpers import digest, make_demo, record

#: Generous bound for hangs only; the watchdog makes real refusals far faster.
REFUSE_WITHIN_SECONDS = 10.0
#: Peak memory may grow this much over the whole corpus (kilobytes, as getrusage gives).
MAX_RSS_GROWTH_KB = 150 * 1024

CORPUS = corpus()


@pytest.fixture(scope="module")
def seed_board(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("seed"))


def _bad_file(seed_board: Path, folder: Path, index: int) -> Path:
    path = folder / "bad.evboard"
    shutil.copyfile(seed_board, path)
    CORPUS[index][1](path)
    return path


def _cases() -> list[object]:
    return [pytest.param(i, id=name) for i, (name, _maker) in enumerate(CORPUS)]


@pytest.mark.parametrize("index", _cases())
def test_refused_clearly(seed_board: Path, board_dir: Path, index: int) -> None:
    path = _bad_file(seed_board, board_dir, index)
    before = digest(path)
    started = time.monotonic()
    with pytest.raises(BoardFileError) as refusal:
        open_board(path)
    assert time.monotonic() - started < REFUSE_WITHIN_SECONDS
    message = str(refusal.value)
    assert message.endswith(".") and len(message) < 400 and "bad.evboard" in message
    assert digest(path) == before, "a refused file must not be changed"
    assert not path.with_name(f".~lock.{path.name}#").exists()


def test_the_whole_corpus_keeps_memory_and_salvage_in_bounds(
    seed_board: Path, board_dir: Path
) -> None:
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    refused = salvaged = 0
    for index in range(len(CORPUS)):
        folder = board_dir / str(index)
        folder.mkdir()
        path = _bad_file(seed_board, folder, index)
        with pytest.raises(BoardFileError):
            open_board(path, read_only=True)
        refused += 1
        started = time.monotonic()
        try:
            report = salvage_board(path, folder / "salvaged.evboard")
        except BoardFileError:
            assert not (folder / "salvaged.evboard").exists()
        else:
            salvaged += 1
            with open_board(report.path) as doc:
                assert doc.integrity_report() == []
        assert time.monotonic() - started < REFUSE_WITHIN_SECONDS
    growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start_rss
    assert growth < MAX_RSS_GROWTH_KB, f"peak memory grew by {growth // 1024} MiB"
    assert salvaged > 10, "salvage should rescue most damaged (not hostile) files"
    record("corrupt or hostile files refused", refused)
    record("damaged files salvaged into checked boards", salvaged)
