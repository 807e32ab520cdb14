"""The brief's diagram reads: canvas colours, numbers of the text, 7 pt text, routed links."""

from pathlib import Path

from reportlab.graphics.shapes import Drawing, PolyLine, Rect, String
from reportlab.lib import colors

from evidenceboard.export.brief.diagram import MIN_TEXT_POINTS, BoardDiagram, legend, wrap_title
from evidenceboard.export.brief.fonts import BODY_FONT, prepare_reportlab
from evidenceboard.export.brief.options import BriefOptions
from evidenceboard.export.brief.writer import write_brief
from evidenceboard.model import AddCards, Board, BoardInfo, CardKind, LinkKind
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.routing import Rect as Box
from evidenceboard.model.routing import route, segment_hits
from evidenceboard.ui.common.theme import LIGHT
from tests.export.conftest import pdf_text


def _hex(colour: colors.Color) -> str:
    return "#" + str(colour.hexval())[2:].lower()


def _strings(drawing: Drawing) -> list[String]:
    return [s for s in drawing.contents if isinstance(s, String)]


def test_legend_swatches_are_the_canvas_colours() -> None:
    prepare_reportlab()
    drawing = legend(450)
    swatches = [s for s in drawing.contents if isinstance(s, Rect)]
    assert [_hex(s.strokeColor) for s in swatches] == [
        # Frames are not drawn in the diagram, so the legend has no swatch for them.
        LIGHT.kind_colour(kind).name()
        for kind in CardKind
        if kind is not CardKind.FRAME
    ]
    lines = [s for s in drawing.contents if type(s).__name__ == "Line"]
    assert [_hex(line.strokeColor) for line in lines] == [
        LIGHT.link_colour(kind).name() for kind in LinkKind
    ]


def _twenty() -> Board:
    board = Board(BoardInfo(title="Twenty cards"))
    claims = [
        make_card(CardKind.CLAIM, f"Claim {n} about the crossing", "t", x=n * 900, statement="s")
        for n in range(4)
    ]
    cards, links = list(claims), []
    for n in range(16):
        report = make_card(
            CardKind.ARTICLE,
            f"Report {n} on the crossing",
            "t",
            x=(n % 8) * 400,
            y=300 + n // 8 * 300,
        )
        cards.append(report)
        links.append(make_link(report.id, claims[n % 4].id, LinkKind.CORROBORATES, "t"))
    board.apply(AddCards(tuple(cards), tuple(links)))
    return board


def test_a_twenty_card_board_is_drawn_claim_by_claim_at_legible_sizes(tmp_path: Path) -> None:
    prepare_reportlab()
    board = _twenty()
    assert not BoardDiagram(board, board.cards).legible(470, 560)
    path = tmp_path / "twenty.pdf"
    write_brief(board, path, BriefOptions())
    text = " ".join(pdf_text(path).split())
    assert "cannot all be drawn legibly on one page" in text
    # The claims are numbered in the diagram as in the text.
    for n in range(1, 5):
        assert f"C{n} · CLAIM" in text and f"C{n}. Claim" in text
    assert "S1 · ARTICLE" in text and "[S1]" in text


def test_no_text_in_a_drawn_diagram_is_below_7_points() -> None:
    prepare_reportlab()
    board = _twenty()
    from evidenceboard.export.brief.neighbourhood import Neighbourhood

    claim = next(iter(board.cards_of_kind(CardKind.CLAIM)))
    drawing = Neighbourhood(board, claim.id).diagram(board, {}).drawing(470, 600)
    sizes = [s.fontSize for s in _strings(drawing)]
    assert sizes and min(sizes) >= MIN_TEXT_POINTS


def test_links_are_routed_around_unrelated_cards() -> None:
    blocker = Box(40, -10, 60, 10)
    path = route((0, 0), (100, 0), [blocker])
    assert len(path) > 2
    assert not any(segment_hits(path[i], path[i + 1], blocker) for i in range(len(path) - 1))
    assert route((0, 0), (100, 0), [Box(40, 20, 60, 30)]) == [(0, 0), (100, 0)]


def test_a_drawn_link_does_not_cross_a_card_between_its_ends() -> None:
    prepare_reportlab()
    board = Board(BoardInfo())
    left = make_card(CardKind.ARTICLE, "Left", "t", x=0, y=0)
    middle = make_card(CardKind.NOTE, "In the way", "t", x=400, y=0)
    right = make_card(CardKind.CLAIM, "Right", "t", x=800, y=0, statement="s")
    link = make_link(left.id, right.id, LinkKind.CORROBORATES, "t")
    board.apply(AddCards((left, middle, right), (link,)))
    diagram = BoardDiagram(board, board.cards)
    drawing = diagram.drawing(470, 300)
    lines = [s for s in drawing.contents if isinstance(s, PolyLine)]
    assert len(lines) == 1
    points = list(zip(lines[0].points[::2], lines[0].points[1::2], strict=True))
    assert len(points) > 2
    box = diagram._obstacles[middle.id]
    assert not any(segment_hits(points[i], points[i + 1], box) for i in range(len(points) - 1))


def test_wrapped_titles_are_not_cut_mid_word() -> None:
    prepare_reportlab()
    title = "since deleted, no capture on this board"
    lines = wrap_title(title, BODY_FONT, 8, 60, 2)
    assert lines[-1].endswith("…")
    shown = " ".join(lines).rstrip("…").split()
    assert shown == title.split()[: len(shown)]
