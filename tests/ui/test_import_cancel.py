"""The window's import: a cancel stops inside a big board file, a hostile file spoils none."""

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from evidenceboard.formats.graphml_reading import MAX_NODES
from evidenceboard.formats.pipeline import ImportBatch
from evidenceboard.model.ids import new_id
from evidenceboard.ui.features.ingest.feature import IngestFeature, install
from evidenceboard.ui.features.ingest.import_worker import ImportWorker
from evidenceboard.ui.window.main_window import MainWindow
from tests import hostile_files

NODES = 20_000
WAIT_MS = 30_000


def _count_cards_and_cancel_at(monkeypatch: pytest.MonkeyPatch, at: int, cancel: Any) -> list[int]:
    """Make the GraphML reader count the cards it makes and call ``cancel`` at the ``at``-th."""
    made = [0]

    def counting() -> str:  # each foreign node's card gets a fresh id
        made[0] += 1
        if made[0] == at:
            cancel()
        return new_id()

    monkeypatch.setattr("evidenceboard.formats.graphml.new_id", counting)
    return made


def test_worker_cancelled_inside_a_graphml_file_stops_before_its_end(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    big = tmp_path / "big.graphml"
    big.write_bytes(hostile_files.graphml_many_nodes(NODES))
    worker = ImportWorker([big], "ana")
    made = _count_cards_and_cancel_at(monkeypatch, 1_000, worker.cancel)
    finished: list[object] = []
    worker.finished.connect(finished.append)
    with qtbot.waitSignal(worker.cancelled, timeout=WAIT_MS):
        worker.start()
    assert worker.wait(WAIT_MS / 1000)
    assert finished == []
    assert 1_000 <= made[0] < NODES  # stopped part-way through the file


def test_cancel_during_a_big_graphml_import_adds_nothing(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, window: MainWindow, tmp_path: Path
) -> None:
    install(window)
    feature = window.findChild(IngestFeature)
    assert isinstance(feature, IngestFeature)
    big = tmp_path / "big.graphml"
    big.write_bytes(hostile_files.graphml_many_nodes(NODES))

    def press_cancel() -> None:
        assert feature.worker is not None
        feature.worker.cancel()  # what the dialog's Cancel does, safe from any thread

    made = _count_cards_and_cancel_at(monkeypatch, 1_000, press_cancel)
    assert window.session is not None
    board = window.session.document.board
    before = (set(board.cards), set(board.links))
    assert feature.start_import([big])
    qtbot.waitUntil(lambda: feature.worker is None, timeout=WAIT_MS)
    assert made[0] < NODES
    assert (set(board.cards), set(board.links)) == before
    assert window.statusBar().currentMessage() == "Import cancelled; the board is unchanged."


def test_hostile_files_in_a_batch_are_refused_and_the_good_ones_kept(
    qtbot: QtBot, tmp_path: Path
) -> None:
    hostile = {
        "deep.mhtml": hostile_files.mhtml_nested(),
        "parts.mhtml": hostile_files.mhtml_many_parts(),
        "nodes.graphml": hostile_files.graphml_many_nodes(MAX_NODES + 1),
        "json.graphml": hostile_files.graphml_deep_json(),
        "nested.canvas": hostile_files.canvas_nested_groups(),
    }
    paths = []
    for name, data in hostile.items():
        paths.append(tmp_path / name)
        paths[-1].write_bytes(data)
    good = tmp_path / "note.txt"
    good.write_text("The harbour master signed at noon.", encoding="utf-8")
    worker = ImportWorker([*paths, good], "ana")
    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS) as finished:
        worker.start()
    batch = finished.args[0]
    assert isinstance(batch, ImportBatch)
    assert [item.source for item in batch.items] == [good]
    reasons = dict(batch.failures)
    assert set(reasons) == set(paths)
    assert "nested more than 32 deep" in reasons[paths[0]]
    assert "more than 5,000 parts" in reasons[paths[1]]
    assert f"more than {MAX_NODES:,} nodes" in reasons[paths[2]]
    assert "nested too deeply" in reasons[paths[3]]
    assert "more than 500,000 tags" in reasons[paths[4]]
