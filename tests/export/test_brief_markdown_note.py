"""A Markdown note in the brief: its words formatted, its syntax gone, its markup inert."""

from pathlib import Path

from pypdf import PdfReader

from evidenceboard.export.brief.writer import write_brief
from evidenceboard.model import AddCards, Board, CardKind, LinkKind
from evidenceboard.model.factory import make_card, make_link
from tests.export.conftest import make_board, pdf_text

HOSTILE_NOTE = (
    "# **Hoje** & <font color=red>amanhã</font>\n\n"
    "- first *point*\n"
    '- second <a href="javascript:app.alert(1)">click</a>\n'
    "  1. nested `code`\n\n"
    "> quoted ~~line~~\n\n"
    "See [the notice](https://notice.example/page?a=1&b=2) and "
    "[bad](javascript:alert(1)) ![map](https://tracker.example/p.png)\n\n"
    "---\n\n"
    "```\n  indented <b>code</b>\n```"
)


def _board_with_note(text: str, *, markdown: bool) -> Board:
    board = make_board()
    claim = next(c for c in board.cards.values() if c.kind is CardKind.CLAIM)
    note = make_card(CardKind.NOTE, "", "tester", x=0, y=300, text=text, markdown=markdown)
    link = make_link(note.id, claim.id, LinkKind.RELATED, "tester")
    board.apply(AddCards((note,), (link,)))
    return board


def _uris(path: Path) -> list[str]:
    uris = []
    for page in PdfReader(str(path)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action.get_object():
                uris.append(str(action.get_object()["/URI"]))
    return uris


def _brief_words(path: Path, note: str, *, markdown: bool) -> str:
    """Write the brief of a board holding ``note`` to ``path``; its words, one space apart."""
    write_brief(_board_with_note(note, markdown=markdown), path)
    return " ".join(pdf_text(path).split())


def test_a_markdown_note_prints_its_words_without_the_syntax(tmp_path: Path) -> None:
    path = tmp_path / "brief.pdf"
    text = _brief_words(path, HOSTILE_NOTE, markdown=True)
    assert "[N1] Hoje & <font color=red>amanhã</font>" in text
    assert "• first point" in text
    assert '• second <a href="javascript:app.alert(1)">click</a>' in text
    assert "1. nested code" in text
    assert "quoted line" in text
    assert "See the notice [https://notice.example/page?a=1&b=2] and" in text
    assert "[bad](javascript:alert(1)) [image: map]" in text
    assert "indented <b>code</b>" in text
    for syntax in ("# **", "*point*", "`code`", "~~", "](https://", "```"):
        assert syntax not in text
    # A note's link is words on the page, never an action of the PDF; only the
    # article's own checked address is one.
    assert _uris(path) == ["https://news.example/bridge"]
    raw = path.read_bytes()
    assert b"/JavaScript" not in raw and b"tracker.example" not in raw


def test_a_plain_note_keeps_its_text_as_typed(tmp_path: Path) -> None:
    text = _brief_words(tmp_path / "brief.pdf", HOSTILE_NOTE, markdown=False)
    assert "# **Hoje** & <font color=red>amanhã</font>" in text
    assert "[the notice](https://notice.example/page?a=1&b=2)" in text


def test_a_long_markdown_note_is_cut_as_a_plain_one_is(tmp_path: Path) -> None:
    text = _brief_words(tmp_path / "brief.pdf", "**word** " * 2_000, markdown=True)
    assert "more characters of this note are not shown here." in text
    assert text.count("word") < 400
