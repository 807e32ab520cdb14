"""The brief's look: page geometry, colours and paragraph styles, in one place.

A brief is read on paper as often as on screen, so the palette keeps contrast high and
never carries meaning by colour alone: every coloured label also has words.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from evidenceboard.export.brief.fonts import BODY_FONT, BOLD_FONT
from evidenceboard.model.cards import CardKind
from evidenceboard.model.links import LinkKind
from evidenceboard.model.palette import KIND_HEX, tint
from evidenceboard.model.palette import LINK_HEX as PALETTE_LINK_HEX

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 22 * mm
MARGIN_RIGHT = 22 * mm
MARGIN_TOP = 26 * mm
MARGIN_BOTTOM = 24 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

INK = colors.HexColor("#1d232b")
MUTED = colors.HexColor("#5b6470")
RULE = colors.HexColor("#c9ced6")
PANEL = colors.HexColor("#f3f5f8")
ACCENT = colors.HexColor("#1f4e79")
#: Colour of link text; a constant of ours, never a value from a board.
LINK_HEX = "#1f4e79"
MARKING_RED = colors.HexColor("#a4161a")

# The canvas's own colours (model.palette): the diagram and its legend show the cards in
# the colours the investigator knows; fills are light tints so titles stay readable.
KIND_FILL: dict[CardKind, colors.Color] = {
    kind: colors.HexColor(tint(hex_colour, 0.16)) for kind, hex_colour in KIND_HEX.items()
}
KIND_STROKE: dict[CardKind, colors.Color] = {
    kind: colors.HexColor(hex_colour) for kind, hex_colour in KIND_HEX.items()
}


@dataclass(frozen=True, slots=True)
class LinkStyle:
    colour: colors.Color
    dash: tuple[float, ...] | None
    label: str


LINK_STYLES: dict[LinkKind, LinkStyle] = {
    LinkKind.CORROBORATES: LinkStyle(
        colors.HexColor(PALETTE_LINK_HEX[LinkKind.CORROBORATES]), None, "corroborates"
    ),
    LinkKind.CONTRADICTS: LinkStyle(
        colors.HexColor(PALETTE_LINK_HEX[LinkKind.CONTRADICTS]), (5.0, 3.0), "contradicts"
    ),
    LinkKind.DERIVED_FROM: LinkStyle(
        colors.HexColor(PALETTE_LINK_HEX[LinkKind.DERIVED_FROM]), (1.2, 2.2), "derived from"
    ),
    LinkKind.RELATED: LinkStyle(
        colors.HexColor(PALETTE_LINK_HEX[LinkKind.RELATED]), None, "related"
    ),
}

#: Label colours of the assessment statuses (background, text).
STATUS_COLOURS: dict[str, tuple[str, str]] = {
    "corroborated": ("#2e7d32", "#ffffff"),
    "contested": ("#c62828", "#ffffff"),
    "single-source": ("#e0a526", "#1d232b"),
    "uncorroborated": ("#e0a526", "#1d232b"),
    "weakly-sourced": ("#a3472a", "#ffffff"),
    "unsupported": ("#7a828c", "#ffffff"),
}
STATUS_FALLBACK = ("#5b6470", "#ffffff")


def _style(name: str, **values: object) -> ParagraphStyle:
    base: dict[str, object] = {
        "fontName": BODY_FONT,
        "fontSize": 9.5,
        "leading": 13.5,
        "textColor": INK,
        "alignment": TA_LEFT,
        "splitLongWords": 1,
    }
    base.update(values)
    return ParagraphStyle(name, **base)


def _heading(
    name: str, size: float, leading: float, *, before: float, after: float, **values: object
) -> ParagraphStyle:
    # A heading is bold and never the last line of a page.
    return _style(
        name,
        fontName=BOLD_FONT,
        fontSize=size,
        leading=leading,
        spaceBefore=before,
        spaceAfter=after,
        keepWithNext=1,
        **values,
    )


def _right_to_left(style: ParagraphStyle, **values: object) -> ParagraphStyle:
    """The style's right-aligned twin, for paragraphs that run right to left."""
    return ParagraphStyle(f"{style.name}Rtl", parent=style, alignment=TA_RIGHT, **values)


class BriefStyles:
    """The paragraph styles of the brief (built after the fonts are registered)."""

    def __init__(self) -> None:
        self.cover_marking = _style(
            "CoverMarking", fontName=BOLD_FONT, fontSize=10, leading=14, textColor=MARKING_RED
        )
        self.cover_title = _style(
            "CoverTitle", fontName=BOLD_FONT, fontSize=25, leading=31, spaceAfter=10
        )
        self.cover_lead = _style("CoverLead", fontSize=11.5, leading=17, textColor=INK)
        self.cover_meta = _style("CoverMeta", fontSize=9.5, leading=14, textColor=MUTED)
        self.h1 = _heading("H1", 17, 22, before=4, after=10, textColor=ACCENT)
        self.h2 = _heading("H2", 12.5, 16.5, before=4, after=4)
        self.h3 = _heading("H3", 10, 14, before=8, after=3, textColor=ACCENT)
        #: The name that opens an entry under an H2 group (an entity, for instance).
        self.h4 = _heading("H4", 10.5, 14, before=6, after=3)
        self.body = _style("Body", spaceAfter=5)
        self.body_rtl = _right_to_left(self.body)
        self.statement = _style(
            "Statement",
            fontSize=10.5,
            leading=15,
            spaceAfter=4,
            leftIndent=10,
        )
        # The indent that sets a statement off from the text stays on the side it starts.
        self.statement_rtl = _right_to_left(self.statement, leftIndent=0, rightIndent=10)
        self.meta = _style("Meta", fontSize=8.5, leading=12, textColor=MUTED, spaceAfter=2)
        self.cell = _style("Cell", fontSize=8.5, leading=11.5)
        self.cell_rtl = _right_to_left(self.cell)
        self.cell_bold = _style("CellBold", fontName=BOLD_FONT, fontSize=8.5, leading=11.5)
        self.cell_muted = _style("CellMuted", fontSize=7.5, leading=10, textColor=MUTED)
        self.cell_head = _style(
            "CellHead", fontName=BOLD_FONT, fontSize=7.5, leading=10, textColor=MUTED
        )
        self.quote = _style("Quote", fontSize=8.5, leading=11.5, textColor=INK)
        self.quote_rtl = _right_to_left(self.quote)
        self.warning = _style(
            "Warning",
            fontSize=8.5,
            leading=12,
            textColor=colors.HexColor("#7a4b00"),
            backColor=colors.HexColor("#fff4d6"),
            borderColor=colors.HexColor("#e0a526"),
            borderWidth=0.6,
            borderPadding=(5, 6, 5, 6),
            # The box is drawn borderPadding outside the text: indent the text by as much
            # so the box lines up with the margins instead of sticking out of them.
            leftIndent=6,
            rightIndent=6,
            spaceBefore=6,
            spaceAfter=8,
        )
        self.citation = _style(
            "Citation",
            fontSize=8.5,
            leading=12,
            leftIndent=18,
            firstLineIndent=-18,
            spaceAfter=6,
        )
        self.legend = _style("Legend", fontSize=7.5, leading=10, textColor=MUTED)
        self._rtl_copies: dict[str, ParagraphStyle] = {}

    def rtl_variant(self, style: ParagraphStyle) -> ParagraphStyle:
        """The right-aligned twin of a style, for paragraphs that run right to left."""
        twins = {
            self.body.name: self.body_rtl,
            self.statement.name: self.statement_rtl,
            self.cell.name: self.cell_rtl,
            self.quote.name: self.quote_rtl,
        }
        twin = twins.get(style.name)
        if twin is None:
            # Any other style (the cover's lead, a citation) gets a right-aligned copy.
            twin = self._rtl_copies.get(style.name)
            if twin is None:
                twin = _right_to_left(style)
                self._rtl_copies[style.name] = twin
        return twin


def grid_style(
    *,
    sides: float = 5,
    top: float = 4,
    bottom: float = 5,
    extra: Sequence[tuple[object, ...]] = (),
) -> TableStyle:
    """The look of the brief's tables of rows: a shaded header row, a rule under each row,
    cells aligned at the top, padded ``sides`` left and right, ``top`` and ``bottom``."""
    return TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), PANEL),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), sides),
            ("RIGHTPADDING", (0, 0), (-1, -1), sides),
            ("TOPPADDING", (0, 0), (-1, -1), top),
            ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
            *extra,
        ]
    )
