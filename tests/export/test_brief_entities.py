"""The brief's section on people, organisations, places and events."""

from dataclasses import replace
from pathlib import Path

from evidenceboard.demo import build_demo, demo_id
from evidenceboard.export.brief.options import BriefOptions
from evidenceboard.export.brief.writer import write_brief
from evidenceboard.model import AddCards, Board, CardKind, LinkKind
from evidenceboard.model.factory import make_card, make_link
from tests.export.conftest import FIXED_DATE, make_board, pdf_text

TITLE = "People, organisations, places and events"


def _brief_text(board: Board, tmp_path: Path, options: BriefOptions | None = None) -> str:
    path = tmp_path / "brief.pdf"
    write_brief(board, path, options or BriefOptions(date=FIXED_DATE))
    return " ".join(pdf_text(path).split())


def _section(flat: str) -> str:
    """The text of the entity section: from its heading to the Chronology's."""
    start = flat.index(TITLE)
    return flat[start : flat.index("Chronology The dated claims", start)]


def _marked_demo() -> Board:
    """The demo board marked OFFICIAL, with Selvi SECRET and Tass OFFICIAL-SENSITIVE."""
    info, change = build_demo()
    marks = {demo_id("p-selvi"): "SECRET", demo_id("o-tass"): "OFFICIAL-SENSITIVE"}
    cards = tuple(replace(c, handling=marks.get(c.id, c.handling)) for c in change.cards)
    board = Board(replace(info, handling="OFFICIAL"))
    board.apply(AddCards(cards, change.links))
    return board


def test_the_demo_brief_lists_its_entities_by_kind_after_the_claims(
    demo_board: Board, tmp_path: Path
) -> None:
    flat = _brief_text(demo_board, tmp_path)
    section = _section(flat)
    # After the claim sections (and the ACH matrix), before the Chronology.
    assert flat.index("Competing hypotheses") < flat.index(TITLE) < flat.index("Chronology")
    groups = [section.index(f"{words} (") for words in ("People", "Organisations", "Places")]
    assert groups == sorted(groups) and groups[-1] < section.index("Events (2)")
    assert "People (2) Abdulkadir Selvi Turkish columnist;" in section
    assert "Also known as Abdülkadir Selvi, Selvi Position Columnist, Hurriyet" in section
    assert "Nationality tr" in section
    assert "Address Latakia Governorate Country sy Lat, lon 35.4108, 35.9486" in section
    assert "Jurisdiction ru" in section and "TASS, \u0422\u0410\u0421\u0421" in section
    assert "When 2024-12-08 (day) Place Khmeimim airbase" in section
    assert "Involved Bashar al-Assad, Khmeimim airbase, Moscow" in section


def test_entries_give_the_words_of_their_links_and_the_claims_linked_to(
    demo_board: Board, tmp_path: Path
) -> None:
    section = _section(_brief_text(demo_board, tmp_path))
    # Selvi's own link, read from him; the same link under Hurriyet names him.
    assert "Links columnist at Hurriyet" in section
    assert "Abdulkadir Selvi columnist at Hurriyet" in section
    # A source is named by its number in the sources appendix.
    assert "published by Tass" in section
    assert "[S4] Tass repeats the Hurriyet claim" in section
    # Claims by their numbers, with the words of the link.
    assert "Claims C1 H1: Assad bought safe passage" in section
    assert "military targets about Bashar al-Assad" in section
    assert "he had not planned to leave evacuated from Khmeimim airbase" in section


def test_an_entity_marked_above_the_brief_is_left_out_and_the_rest_are_marked(
    tmp_path: Path,
) -> None:
    board = _marked_demo()
    whole = _section(_brief_text(board, tmp_path))
    assert "(S) Abdulkadir Selvi (S) Turkish columnist;" in whole
    # A line naming Selvi under Hurriyet is marked as the highest card it names.
    assert "(S) Abdulkadir Selvi columnist at Hurriyet" in whole
    assert "(OS) Tass (OS) Russian state news agency." in whole
    options = BriefOptions(marking="OFFICIAL-SENSITIVE", leave_out_above=True, date=FIXED_DATE)
    section = _section(_brief_text(board, tmp_path, options))
    assert "Selvi" not in section.replace("Selvi column:", "")
    assert "columnist at" not in section and "(S)" not in section
    assert "People (1) (O) Bashar al-Assad" in section
    assert "(OS) Tass (OS) Russian state news agency." in section
    assert "(O) Hurriyet (O) Turkish daily newspaper." in section


def test_only_the_entities_of_the_chosen_claims_are_listed(
    demo_board: Board, tmp_path: Path
) -> None:
    options = BriefOptions(claim_ids=(demo_id("claim-evacuated"),), date=FIXED_DATE)
    section = _section(_brief_text(demo_board, tmp_path, options))
    assert "Places (1) Khmeimim airbase" in section
    assert "Organisations (" not in section and "Events (" not in section
    # Assad is listed as the one who makes the claim; Selvi, of the other claim, is not.
    assert "People (1) Bashar al-Assad" in section
    assert "Claims makes C1 H2: Russia decided to evacuate Assad" in section
    assert "Selvi" not in section


def test_who_makes_a_claim_is_named_and_carries_its_mark(tmp_path: Path) -> None:
    board = _marked_demo()
    flat = _brief_text(board, tmp_path)
    # Selvi's card is SECRET, the claim he makes is not: the line naming him is (S).
    assert "(S) Claimed by Abdulkadir Selvi, Hurriyet" in flat
    options = BriefOptions(marking="OFFICIAL-SENSITIVE", leave_out_above=True, date=FIXED_DATE)
    lowered = _brief_text(board, tmp_path, options)
    # Without his card only the source's own words are left, with the claim's mark.
    assert "(S) Claimed by" not in lowered
    assert "CONTESTED Claimed by Abdulkadir Selvi, Hurriyet, citing an unnamed source" in lowered


def test_hostile_entity_text_prints_literally(tmp_path: Path) -> None:
    board = make_board()
    claim = next(board.cards_of_kind(CardKind.CLAIM))
    person = make_card(
        CardKind.PERSON,
        "<b>x</b> & <font>",
        "tester",
        x=0,
        y=400,
        aliases=("<a href='#x'>alias</a>",),
        position="<br/>chief &amp; <i>",
        description="<para>Not markup</para> &lt;",
    )
    link = make_link(person.id, claim.id, LinkKind.RELATED, "tester", label="<u>said</u> &")
    board.apply(AddCards((person,), (link,)))
    section = _section(_brief_text(board, tmp_path))
    assert "People (1) <b>x</b> & <font>" in section
    assert "Also known as <a href='#x'>alias</a>" in section
    assert "Position <br/>chief &amp; <i>" in section
    assert "<para>Not markup</para> &lt;" in section
    assert "Claims <u>said</u> & C1 The bridge was closed" in section


def test_a_board_without_entities_has_no_entity_section(tmp_path: Path) -> None:
    flat = _brief_text(make_board(article={"published": "2025-01-06"}), tmp_path)
    assert "Chronology" in flat
    assert TITLE not in flat and "Also known as" not in flat
