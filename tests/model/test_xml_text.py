"""Text made fit for XML: forbidden and discouraged characters become U+FFFD, nothing else."""

import xml.etree.ElementTree as ET

import pytest
from lxml import etree

from evidenceboard.model.xml_text import STAND_IN, xml_safe

UNSAFE = [
    "\x00",
    "\x01",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1f",
    "\x7f",
    "\x80",
    "\x85",
    "\x9b",
    "\x9f",
    "\ud800",
    "\udfff",
    "\ufdd0",
    "\ufdef",
    "\ufffe",
    "\uffff",
    "\U0001fffe",
    "\U0010ffff",
]
KEPT = "tab\tline\ncr\r bidi\u202e\u2066 Ünïcödé 東京 \U00020000 \U0001f600 \ufffd \ufeff <&> \xa0"


@pytest.mark.parametrize("char", UNSAFE, ids=[f"U+{ord(c):04X}" for c in UNSAFE])
def test_each_unsafe_character_becomes_one_stand_in(char: str) -> None:
    assert xml_safe(f"a{char}b") == f"a{STAND_IN}b"
    written = f"<t>{xml_safe(f'a{char}b')}</t>".encode()
    assert etree.fromstring(written).text == f"a{STAND_IN}b"
    assert ET.fromstring(written).text == f"a{STAND_IN}b"


def test_everything_else_is_kept() -> None:
    assert xml_safe(KEPT) == KEPT


def test_terminal_escape_keeps_its_visible_rest_and_parses() -> None:
    text = "esc\x1b[31mred\x1b[0m nul\x00 c1\x85 nonchar\ufffe end"
    safe = xml_safe(text)
    assert safe == "esc\ufffd[31mred\ufffd[0m nul\ufffd c1\ufffd nonchar\ufffd end"
    assert len(safe) == len(text)
    element = ET.Element("t", title=safe)
    element.text = safe
    parsed = ET.fromstring(ET.tostring(element, encoding="unicode"))
    assert parsed.text == safe and parsed.get("title") == safe
    assert etree.fromstring(ET.tostring(element, encoding="utf-8")).text == safe


def test_far_noncharacters_are_replaced_among_other_far_characters() -> None:
    text = "\U00020000\U0002fffe\U000e0100\U0010fffd\U0010ffff"
    assert xml_safe(text) == "\U00020000\ufffd\U000e0100\U0010fffd\ufffd"
