"""``render -o x.svg`` writes a valid SVG document whatever control characters a board holds."""

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

from lxml import etree

from evidenceboard.model import AddCards, AddLinks, BoardInfo, CardKind, LinkKind
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.storage import create_board
from evidenceboard.ui.window.render_command import main as render_main

#: Text a board written by another program may hold (the window would have cleaned it).
HOSTILE = "esc\x1b[31m nul\x00 c1\x85 csi\x9b nonchar\ufffe <b>&amp; end"
SHOWN = "esc\ufffd[31m nul\ufffd c1\ufffd csi\ufffd nonchar\ufffd <b>&amp; end"
SVG = "{http://www.w3.org/2000/svg}"


def test_svg_of_a_hostile_board_parses_and_keeps_the_visible_text(
    board_dir: Path, tmp_path: Path
) -> None:
    path = board_dir / "hostile.evboard"
    with create_board(path, BoardInfo(title=HOSTILE), author="ana") as doc:
        note = make_card(CardKind.NOTE, "note", "ana", width=900.0, text="x")
        note = dataclasses.replace(note, title=HOSTILE)
        claim = make_card(CardKind.CLAIM, "claim", "ana", x=1000, statement="s")
        doc.apply(AddCards((note, claim)))
        link = make_link(note.id, claim.id, LinkKind.CORROBORATES, "ana")
        doc.apply(AddLinks((dataclasses.replace(link, rationale=HOSTILE),)))
    out = tmp_path / "board.svg"
    assert render_main([str(path), "-o", str(out)]) == 0
    data = out.read_bytes()
    ET.fromstring(data)
    root = etree.fromstring(data)
    assert root.findtext(f"{SVG}title") == SHOWN
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert any(SHOWN in t for t in texts), texts
    assert any("claim" in t for t in texts)
