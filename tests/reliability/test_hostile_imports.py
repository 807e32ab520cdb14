"""Hostile import files are refused with a message naming the cap, or imported correctly.

Each file is generated (:mod:`tests.hostile_files`); before the readers capped their
input while reading, these stalled for minutes, swelled to hundreds of megabytes or
ended in a ``RecursionError``. How fast and how small they now are is measured by
``benchmarks/hostile_imports.py``, not asserted here.
"""

from collections.abc import Callable
from pathlib import Path

import pytest

from evidenceboard.formats import read_board_file
from evidenceboard.formats.graphml_reading import MAX_EDGES, MAX_NODES
from evidenceboard.ingest import IngestError, import_files, read_file
from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.cancel import Cancelled
from evidenceboard.model.cards import CardKind
from evidenceboard.model.errors import InvalidValueError
from tests import hostile_files
from tests.ingest.samples import article_html, write_file


def _after(calls: int) -> Callable[[], bool]:
    """A cancel check that says stop from its ``calls``-th question on."""
    asked = [0]

    def cancel() -> bool:
        asked[0] += 1
        return asked[0] >= calls

    return cancel


# -- JSON Canvas groups ----------------------------------------------------------------


def test_canvas_with_groups_nested_over_every_card_is_refused_naming_the_cap(
    tmp_path: Path,
) -> None:
    path = write_file(tmp_path, "nested.canvas", hostile_files.canvas_nested_groups())
    with pytest.raises(InvalidValueError, match=r"more than 500,000 tags"):
        read_board_file(path, "ana")


def test_canvas_with_many_groups_of_one_label_over_every_card_imports(tmp_path: Path) -> None:
    data = hostile_files.canvas_nested_groups(labels=False)
    board = read_board_file(write_file(tmp_path, "same.canvas", data), "ana")
    cards = [c for c in board.cards.values() if c.kind is not CardKind.FRAME]
    frames = [c for c in board.cards.values() if c.kind is CardKind.FRAME]
    assert len(cards) == len(frames) == 1_500
    assert {card.tags for card in cards} == {("group",)}
    # Every card is in one frame only, however many groups lie over it.
    held = [i for f in frames for i in f.content.members]  # type: ignore[union-attr]
    assert sorted(held) == sorted(c.id for c in cards)


def test_canvas_with_many_overlapping_local_groups_tags_the_right_cards(tmp_path: Path) -> None:
    board = read_board_file(
        write_file(tmp_path, "local.canvas", hostile_files.canvas_local_groups()), "a"
    )
    tags = {c.text: c.tags for c in board.cards.values() if c.kind is not CardKind.FRAME}
    assert len(tags) == 1_500
    # Group i spans cards i-1, i and i+1; each card's tags follow the groups' order.
    assert tags["card 0"] == ("near 0", "near 1")
    assert tags["card 700"] == ("near 699", "near 700", "near 701")
    assert tags["card 1499"] == ("near 1498", "near 1499")


# -- MHTML ------------------------------------------------------------------------------


def test_mhtml_with_300000_parts_is_refused_naming_the_cap(tmp_path: Path) -> None:
    path = write_file(tmp_path, "parts.mhtml", hostile_files.mhtml_many_parts())
    with pytest.raises(IngestError, match=r"more than 5,000 parts"):
        read_file(path)


def test_mhtml_nested_5000_deep_is_refused_with_a_message(tmp_path: Path) -> None:
    path = write_file(tmp_path, "deep.mhtml", hostile_files.mhtml_nested())
    with pytest.raises(IngestError, match=r"nested more than 32 deep"):
        read_file(path)


def test_mhtml_nested_a_few_levels_still_gives_its_page(tmp_path: Path) -> None:
    item = read_file(write_file(tmp_path, "frames.mhtml", hostile_files.mhtml_nested(4)))
    assert item.title == "Saved page"
    assert "harbour master" in item.values["body"]


def test_mhtml_part_scan_stops_when_cancelled(tmp_path: Path) -> None:
    path = write_file(tmp_path, "parts.mhtml", hostile_files.mhtml_many_parts(3_000))
    with pytest.raises(Cancelled):
        read_file(path, _after(2))


def test_hostile_archive_in_a_batch_leaves_the_good_files(tmp_path: Path) -> None:
    deep = write_file(tmp_path, "deep.mhtml", hostile_files.mhtml_nested())
    good = write_file(tmp_path, "story.html", article_html().encode("utf-8"))
    result = import_files([deep, good], Board(BoardInfo(authors=("ana",))), "ana")
    assert [path for path, _ in result.imported] == [good]
    assert result.failures == [(deep, "the web archive's parts are nested more than 32 deep")]


# -- GraphML ------------------------------------------------------------------------------


def test_graphml_past_the_node_cap_is_refused_naming_it(tmp_path: Path) -> None:
    path = write_file(tmp_path, "nodes.graphml", hostile_files.graphml_many_nodes(MAX_NODES + 1))
    with pytest.raises(InvalidValueError, match=f"more than {MAX_NODES:,} nodes"):
        read_board_file(path, "ana")


def test_graphml_past_the_edge_cap_is_refused_naming_it(tmp_path: Path) -> None:
    data = hostile_files.graphml_many_nodes(10, MAX_EDGES + 1)
    with pytest.raises(InvalidValueError, match=f"more than {MAX_EDGES:,} edges"):
        read_board_file(write_file(tmp_path, "edges.graphml", data), "ana")


def test_graphml_past_the_node_cap_through_its_edges_is_refused(tmp_path: Path) -> None:
    # Nodes named only by an edge become cards too, so they count towards the cap.
    edges = "".join(f'<edge source="a" target="t{i}"/>' for i in range(MAX_NODES))
    text = (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">'
        f'<node id="a"/>{edges}</graph></graphml>'
    )
    path = write_file(tmp_path, "implicit.graphml", text.encode())
    with pytest.raises(InvalidValueError, match=f"more than {MAX_NODES:,} nodes"):
        read_board_file(path, "ana")


def test_graphml_within_the_caps_imports_every_node_and_edge(tmp_path: Path) -> None:
    data = hostile_files.graphml_many_nodes(2_000, 3_000)
    board = read_board_file(write_file(tmp_path, "fine.graphml", data), "ana")
    assert len(board.cards) == 2_000
    assert len(board.links) == 3_000
    assert {card.title for card in board.cards.values()} == {f"n{i}" for i in range(2_000)}


def test_graphml_with_deeply_nested_json_is_refused_with_a_message(tmp_path: Path) -> None:
    path = write_file(tmp_path, "json.graphml", hostile_files.graphml_deep_json())
    with pytest.raises(InvalidValueError, match=r"tags of node a: The JSON is nested too deeply"):
        read_board_file(path, "ana")


def test_graphml_reading_stops_inside_the_file_when_cancelled(tmp_path: Path) -> None:
    path = write_file(tmp_path, "big.graphml", hostile_files.graphml_many_nodes(20_000))
    with pytest.raises(Cancelled):
        read_board_file(path, "ana", _after(3))


_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE graphml [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n'
        for i in range(1, 10)
    )
    + ']>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
    '<key id="n" for="node" attr.name="label" attr.type="string"/>'
    '<graph edgedefault="directed"><node id="a"><data key="n">&lol9;</data></node>'
    "</graph></graphml>\n"
)


def test_graphml_billion_laughs_is_never_expanded(tmp_path: Path) -> None:
    path = write_file(tmp_path, "laughs.graphml", _LAUGHS.encode())
    try:
        board = read_board_file(path, "ana")
    except InvalidValueError:
        return  # refused: fine too
    assert all(
        len(card.title) < 1_000 and "lol" * 10 not in card.title for card in board.cards.values()
    )


def test_graphml_external_entity_never_reads_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-PASSWORD", encoding="utf-8")
    text = (
        f'<?xml version="1.0"?>\n<!DOCTYPE graphml [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        '<key id="n" for="node" attr.name="label" attr.type="string"/>'
        '<graph edgedefault="directed"><node id="a"><data key="n">see &x;</data></node>'
        "</graph></graphml>\n"
    )
    path = write_file(tmp_path, "xxe.graphml", text.encode())
    try:
        board = read_board_file(path, "ana")
    except InvalidValueError as exc:
        assert "TOP-SECRET" not in str(exc)
        return
    assert all("TOP-SECRET" not in card.title for card in board.cards.values())


# -- JSON dumps ---------------------------------------------------------------------------


def _nested(depth: int) -> list[object]:
    value: list[object] = []
    for _ in range(depth):
        value = [value]
    return value


def test_json_dump_nested_deeper_than_the_checks_follow_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The JSON parser's own depth limit depends on the stack it runs on; here the
    # parsed value is deeper than the schema check can follow, whatever that limit.
    deep = {"format": "evidenceboard-board", "cards": [_nested(50_000)]}
    monkeypatch.setattr("evidenceboard.formats.importing.read_json", lambda path: deep)
    path = write_file(tmp_path, "deep.json", b"{}")
    with pytest.raises(InvalidValueError, match=r"deep.json is nested too deeply to import"):
        read_board_file(path, "ana")
