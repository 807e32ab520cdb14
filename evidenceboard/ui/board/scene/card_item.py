"""A card on the canvas: a projection of one model :class:`Card`.

Everything ``paint()`` draws is laid out once per change of the card (or its size, or
its claim status) and cached in a :class:`_Layout`, so painting is a list of
``drawText``/``drawRoundedRect`` calls. The layout is computed on the first paint that
needs it, not when the item is made: opening a board of 10,000 cards would otherwise
wrap 20,000 paragraphs for cards nobody has looked at yet. Text is always drawn with
``QPainter.drawText`` on plain strings, never as rich text: board text comes from
other people's files. A Markdown note's text is the one exception: it is drawn from a
text document built span by span through ``QTextCursor``
(:mod:`evidenceboard.ui.common.markdown_document`), which reads no markup of its own.

Far out (level of detail below ``BLOCK_LOD``) a card is a coloured block with its title
in a font scaled to stay readable; below the scene's overview threshold the scene hides
the cards and draws one batched overview instead.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from typing import Any

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QGlyphRun,
    QGuiApplication,
    QPainter,
    QPainterPath,
    QPen,
    QTextDocument,
)
from PySide6.QtWidgets import QGraphicsItem, QWidget
from PySide6.QtWidgets import QStyleOptionGraphicsItem as ItemOption
from typing_extensions import override

from evidenceboard.analysis import ClaimStatus
from evidenceboard.analysis.judgements import judgement_line, kind_label
from evidenceboard.model.cards import Card, CardKind, ClaimContent, NoteContent
from evidenceboard.ui.board.scene.stamps import STAMPS
from evidenceboard.ui.board.scene.text_layout import elide, glyph_runs, wrap_lines
from evidenceboard.ui.common.icons import paint_icon
from evidenceboard.ui.common.markdown_document import (
    MarkdownLook,
    cached_document,
    draw_document,
    fitting_height,
)
from evidenceboard.ui.common.theme import Theme

#: Below this level of detail a card is drawn as a coloured block with its title.
BLOCK_LOD = 0.4
PAD = 12.0
RADIUS = 8.0
#: The link handles drawn at the middle of each side on hover (scene units).
HANDLE_RADIUS = 7.0
#: How far outside a card the ring of a card naming the selected entity runs.
MENTION_RING = 4.0
#: How far from a handle's centre a press still starts a link, in view pixels: a
#: handle is small and sits where links attach, so a near miss must count.
HANDLE_REACH = 13.0
GRIP = 16.0
STRIP = 4.0
#: Characters of a Markdown note parsed for its card: more than the largest card shows.
CARD_MARKDOWN_CHARS = 10_000

_ORIGIN = QPointF(0, 0)

#: The badge words: the analysis' own, so the badge, the dock, ``analyze`` and the brief agree.
STATUS_WORDS = {status: status.words for status in ClaimStatus}


class CardPart(Enum):
    """Which part of a card a point is on; decides which gesture a press starts."""

    BODY = "body"
    LINK_HANDLE = "link_handle"
    RESIZE_GRIP = "resize_grip"


def _font(pixels: float, *, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(max(1, round(pixels)))
    font.setBold(bold)
    font.setItalic(italic)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


_block_fonts: dict[int, QFont] = {}


def _block_font(pixels: float) -> QFont:
    """The bold title font of far-out cards, shared per pixel size."""
    size = max(1, round(pixels))
    font = _block_fonts.get(size)
    if font is None:
        font = _block_fonts[size] = _font(size, bold=True)
        font.setFamilies(TITLE_FONT.families())
    return font


TITLE_FONT = _font(13.5, bold=True)
BODY_FONT = _font(12)
META_FONT = _font(11)
KIND_FONT = _font(10, bold=True)
BADGE_FONT = _font(10.5, bold=True)
CHIP_FONT = _font(10.5)
_CARD_FONTS = (TITLE_FONT, BODY_FONT, META_FONT, KIND_FONT, BADGE_FONT, CHIP_FONT)
_fonts_adopted = False


def adopt_application_font() -> None:
    """Give the card fonts the application's font family (once, when items are made).

    They are made at import, before the application exists, with no family; measuring
    such a font picks the system's fallback family (a serif, 9 % narrower here) while a
    painter draws it in the application's family, so wrapped lines ran under the card's
    right border. Items call this before they measure anything.
    """
    global _fonts_adopted
    if _fonts_adopted or QGuiApplication.instance() is None:
        return
    _fonts_adopted = True
    families = QGuiApplication.font().families()
    for font in (*_CARD_FONTS, *_block_fonts.values()):
        font.setFamilies(families)


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` (0..1) of the way to ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


@dataclass
class _Badge:
    rect: QRectF
    text: str
    colour: QColor


@dataclass
class _Layout:
    """Everything ``paint()`` needs, computed once per change."""

    accent: QColor
    fill: QColor
    kind_label: str
    title: list[tuple[QPointF, str]] = field(default_factory=list)
    body: list[tuple[QPointF, str]] = field(default_factory=list)
    source: tuple[QPointF, str] | None = None
    #: The analyst's likelihood and confidence on a claim, on a line apart from the status.
    judgement: tuple[QPointF, str] | None = None
    chips: list[tuple[QRectF, str]] = field(default_factory=list)
    badges: list[_Badge] = field(default_factory=list)
    #: A Markdown note's body: where it starts, its document and the height of the
    #: lines of it that fit on the card.
    markdown: tuple[QPointF, QTextDocument, float] | None = None
    #: The title, and the body with the source, shaped on the first paint that needs them.
    runs: tuple[list[QGlyphRun], list[QGlyphRun]] | None = None

    def glyph_runs(self) -> tuple[list[QGlyphRun], list[QGlyphRun]]:
        if self.runs is None:
            muted = glyph_runs(self.body, BODY_FONT)
            if self.source is not None:
                muted += glyph_runs([self.source], META_FONT)
            if self.judgement is not None:
                muted += glyph_runs([self.judgement], META_FONT)
            self.runs = (glyph_runs(self.title, TITLE_FONT), muted)
        return self.runs


def _paint_badge(painter: QPainter, badge: _Badge) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    tint = QColor(badge.colour)
    tint.setAlphaF(0.16)
    painter.setBrush(tint)
    painter.drawRoundedRect(badge.rect, 9, 9)
    painter.setFont(BADGE_FONT)
    painter.setPen(badge.colour)
    painter.drawText(badge.rect, Qt.AlignmentFlag.AlignCenter, badge.text)


def _paint_chip(painter: QPainter, rect: QRectF, text: str, fill: QColor, ink: QColor) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawRoundedRect(rect, 9, 9)
    painter.setFont(CHIP_FONT)
    painter.setPen(ink)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


class CardItem(QGraphicsItem):
    """One card; the scene keeps it in step with the model."""

    def __init__(self, card: Card, theme: Theme, moved: Callable[[str], None]) -> None:
        super().__init__()
        adopt_application_font()
        self.card_id = card.id
        self._moved = moved
        self._theme = theme
        self._card = card
        self._status: ClaimStatus | None = None
        self._width = card.geometry.width
        self._height = card.geometry.height
        self._hovered = False
        self._matched = False
        self._mentioned = False
        self._editable = True
        self._cached_layout: _Layout | None = None
        self._bounds = QRectF()
        self._outline = QPainterPath()
        self._shape: QPainterPath | None = None
        self._update_geometry()
        # Placed before geometry changes are reported: a new item has no links to move.
        self.setPos(card.geometry.x, card.geometry.y)
        # One call: every flag change is an itemChange() round trip into Python.
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setAcceptHoverEvents(True)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(10)

    # -- state from the model ------------------------------------------------------

    @property
    def card(self) -> Card:
        return self._card

    def set_card(self, card: Card) -> None:
        self._card = card
        self.set_size(card.geometry.width, card.geometry.height)
        self.setPos(card.geometry.x, card.geometry.y)
        self._relayout()

    def set_size(self, width: float, height: float) -> None:
        """Show the card at this size (the model's, or a preview while resizing)."""
        if (width, height) == (self._width, self._height):
            return
        self.prepareGeometryChange()
        self._width, self._height = width, height
        self._update_geometry()
        self._relayout()
        self._moved(self.card_id)

    @property
    def kind_label(self) -> str:
        """The label drawn in the header: the kind, or a claim's role (key judgement…)."""
        return self._layout.kind_label

    @property
    def judgement_text(self) -> str:
        """The analyst's judgement line drawn above the footer (empty when there is none)."""
        judgement = self._layout.judgement
        return judgement[1] if judgement is not None else ""

    @property
    def badge_texts(self) -> tuple[str, ...]:
        """The words of the badges drawn in the header (status, grade), left to right."""
        return tuple(b.text for b in reversed(self._layout.badges))

    @property
    def markdown_document(self) -> QTextDocument | None:
        """The formatted body of a Markdown note (None for any other card)."""
        markdown = self._layout.markdown
        return markdown[1] if markdown is not None else None

    def set_status(self, status: ClaimStatus | None) -> None:
        if status != self._status:
            self._status = status
            self._relayout()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._relayout()

    def set_matched(self, matched: bool) -> None:
        if matched != self._matched:
            self._matched = matched
            self.update()

    def set_mentioned(self, mentioned: bool) -> None:
        """Ring the card: it names the entity selected now."""
        if mentioned != self._mentioned:
            self._mentioned = mentioned
            self.update()

    @property
    def mentioned(self) -> bool:
        return self._mentioned

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.update()

    def rect(self) -> QRectF:
        return QRectF(0, 0, self._width, self._height)

    def scene_rect(self) -> QRectF:
        return QRectF(self.x(), self.y(), self._width, self._height)

    def handle_centres(self) -> tuple[QPointF, ...]:
        """The link handles, middle of the left, top, right and bottom side (item units)."""
        w, h = self._width, self._height
        return (QPointF(0, h / 2), QPointF(w / 2, 0), QPointF(w, h / 2), QPointF(w / 2, h))

    def near_handle(self, scene_pos: QPointF, reach: float = HANDLE_REACH) -> bool:
        """Whether ``scene_pos`` is within ``reach`` scene units of a link handle."""
        p = self.mapFromScene(scene_pos)
        return any(QLineF(p, c).length() <= reach for c in self.handle_centres())

    def hit_part(self, scene_pos: QPointF, reach: float = HANDLE_REACH) -> CardPart:
        """The part of the card under ``scene_pos`` (handles only on an editable board).

        ``reach`` is the handles' hit radius in scene units (the view passes its
        pixel reach divided by the zoom).
        """
        p = self.mapFromScene(scene_pos)
        if self._editable:
            if self.near_handle(scene_pos, reach):
                return CardPart.LINK_HANDLE
            if p.x() >= self._width - GRIP and p.y() >= self._height - GRIP:
                return CardPart.RESIZE_GRIP
        return CardPart.BODY

    def title_rect(self) -> QRectF:
        """Where the title sits, in scene coordinates (for editing it in place)."""
        top = PAD + 24
        return QRectF(PAD + STRIP, top - 4, self._width - 2 * PAD - STRIP, 26).translated(
            self.pos()
        )

    def _relayout(self) -> None:
        self._cached_layout = None
        self.update()

    @property
    def _layout(self) -> _Layout:
        if self._cached_layout is None:
            self._cached_layout = self._compute_layout()
        return self._cached_layout

    def _update_geometry(self) -> None:
        m = HANDLE_RADIUS + 2
        self._bounds = QRectF(-m, -m, self._width + 2 * m, self._height + 2 * m + 4)
        self._outline = QPainterPath()
        self._outline.addRoundedRect(self.rect(), RADIUS, RADIUS)
        self._shape = None

    # -- layout ----------------------------------------------------------------------

    def _accent(self) -> QColor:
        """The card's own colour, or its kind's."""
        card = self._card
        return QColor(card.colour) if card.colour else self._theme.kind_colour(card.kind)

    def _compute_layout(self) -> _Layout:
        theme, card = self._theme, self._card
        accent = self._accent()
        base = QColor(theme.card)
        fill = mix(base, accent, 0.16 if card.kind is CardKind.NOTE else 0.0)
        label = card.kind.value.upper()
        if isinstance(card.content, ClaimContent):
            label = kind_label(card)
        layout = _Layout(accent=accent, fill=fill, kind_label=label)
        left, right = PAD + STRIP, self._width - PAD
        width = right - left

        x = right
        badge_metrics = QFontMetricsF(BADGE_FONT)
        if self._status is not None and card.kind is CardKind.CLAIM:
            words = STATUS_WORDS[self._status]
            w = badge_metrics.horizontalAdvance(words) + 12
            x -= w
            colour = theme.status_colour(self._status.value)
            layout.badges.append(_Badge(QRectF(x, PAD - 1, w, 18), words, colour))
            x -= 6
        if card.grading is not None:
            code = card.grading.code
            w = badge_metrics.horizontalAdvance(code) + 12
            x -= w
            layout.badges.append(_Badge(QRectF(x, PAD - 1, w, 18), code, QColor(theme.muted)))

        footer = self._height - PAD
        chips_top = footer
        if card.tags:
            chips_top = footer - 18
            footer = chips_top - 5
            chip_metrics = QFontMetricsF(CHIP_FONT)
            cx = left
            for index, tag in enumerate(card.tags):
                text = elide(tag, CHIP_FONT, 110)
                w = chip_metrics.horizontalAdvance(text) + 12
                remaining = len(card.tags) - index
                if cx + w > right - (28 if remaining > 1 else 0):
                    layout.chips.append((QRectF(cx, chips_top, 28, 18), f"+{remaining}"))
                    break
                layout.chips.append((QRectF(cx, chips_top, w, 18), text))
                cx += w + 5
        if card.source_line:
            line_h = QFontMetricsF(META_FONT).height()
            layout.source = (
                QPointF(left, footer - QFontMetricsF(META_FONT).descent()),
                elide(card.source_line, META_FONT, width),
            )
            footer -= line_h + 4
        judgement = judgement_line(card) if card.kind is CardKind.CLAIM else ""
        if judgement:
            meta = QFontMetricsF(META_FONT)
            layout.judgement = (
                QPointF(left, footer - meta.descent()),
                elide(judgement, META_FONT, width),
            )
            footer -= meta.height() + 4

        title_metrics = QFontMetricsF(TITLE_FONT)
        y = PAD + 26
        room = max(0, int((footer - y) // title_metrics.lineSpacing()))
        for line in wrap_lines(card.display_title, TITLE_FONT, width, min(3, room)):
            layout.title.append((QPointF(left, y + title_metrics.ascent()), line))
            y += title_metrics.lineSpacing()
        markdown = isinstance(card.content, NoteContent) and card.content.markdown
        text = card.text.lstrip() if markdown else card.text
        text = text if card.title or not text else text.partition("\n")[2]
        body_metrics = QFontMetricsF(BODY_FONT)
        y += 4
        if markdown:
            if text.strip() and footer - y >= body_metrics.height():
                look = self._markdown_look()
                document = cached_document(text, look, width, CARD_MARKDOWN_CHARS)
                height = fitting_height(document, footer - y)
                if height > 0:
                    layout.markdown = (QPointF(left, y), document, height)
            return layout
        room = max(0, int((footer - y) // body_metrics.lineSpacing()))
        for line in wrap_lines(text, BODY_FONT, width, room):
            layout.body.append((QPointF(left, y + body_metrics.ascent()), line))
            y += body_metrics.lineSpacing()
        return layout

    def _markdown_look(self) -> MarkdownLook:
        theme = self._theme
        return MarkdownLook(
            font=BODY_FONT,
            text=theme.card_muted,
            strong=theme.card_text,
            muted=theme.muted,
            link=theme.accent,
            code_fill=theme.chip,
        )

    # -- QGraphicsItem ---------------------------------------------------------------

    @override
    def boundingRect(self) -> QRectF:
        return self._bounds

    @override
    def shape(self) -> QPainterPath:
        if not (self._editable and (self._hovered or self.isSelected())):
            return self._outline
        if self._shape is None:
            # United, not added: the path's odd-even fill made the half of a dot that
            # overlaps the card a hole, so only its outer half took presses.
            dots = QPainterPath()
            for centre in self.handle_centres():
                dots.addEllipse(centre, HANDLE_RADIUS + 2, HANDLE_RADIUS + 2)
            self._shape = self._outline.united(dots)
        return self._shape

    @override
    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            self._moved(self.card_id)
        return super().itemChange(change, value)

    @override
    def hoverEnterEvent(self, event: Any) -> None:
        self.prepareGeometryChange()
        self._hovered = True
        self.update()

    @override
    def hoverLeaveEvent(self, event: Any) -> None:
        self.prepareGeometryChange()
        self._hovered = False
        self.update()

    @override
    def paint(self, painter: QPainter, option: ItemOption, widget: QWidget | None = None) -> None:
        lod = ItemOption.levelOfDetailFromTransform(painter.worldTransform())
        if self._mentioned:
            self._paint_mention_ring(painter, lod)
        if lod < BLOCK_LOD:
            self._paint_block(painter, lod)
            return
        theme, layout = self._theme, self._layout
        selected = self.isSelected()
        if selected or self._matched:
            border = (QColor(theme.selection if selected else theme.match).rgba(), 2.0)
        else:
            border = (QColor(theme.card_border).rgba(), 0.0)
        if self._stamp(painter, border):
            title_runs, muted_runs = layout.glyph_runs()
            painter.setPen(QColor(theme.card_text))
            for run in title_runs:
                painter.drawGlyphRun(_ORIGIN, run)
            painter.setPen(QColor(theme.card_muted))
            for run in muted_runs:
                painter.drawGlyphRun(_ORIGIN, run)
            self._paint_markdown(painter)
        else:
            # Drawn part by part, with text as text: an SVG export keeps it selectable.
            self._paint_frame(painter, border)
            for badge in layout.badges:
                _paint_badge(painter, badge)
            for rect, text in layout.chips:
                _paint_chip(painter, rect, text, QColor(theme.chip), QColor(theme.chip_text))
            painter.setPen(QColor(theme.card_text))
            painter.setFont(TITLE_FONT)
            for point, line in layout.title:
                painter.drawText(point, line)
            painter.setPen(QColor(theme.card_muted))
            painter.setFont(BODY_FONT)
            for point, line in layout.body:
                painter.drawText(point, line)
            self._paint_markdown(painter)
            painter.setFont(META_FONT)
            for meta in (layout.source, layout.judgement):
                if meta is not None:
                    painter.drawText(*meta)
        if self._editable and (self._hovered or selected):
            self._paint_handles(painter)

    def _paint_markdown(self, painter: QPainter) -> None:
        markdown = self._layout.markdown
        if markdown is None:
            return
        at, document, height = markdown
        painter.save()
        painter.translate(at)
        draw_document(painter, document, height, self._theme.muted)
        painter.restore()

    def _paint_frame(self, painter: QPainter, border: tuple[int, float]) -> None:
        """Shadow, fill, colour strip, outline, kind icon and label: a stamp's content."""
        theme, layout, rect = self._theme, self._layout, self.rect()
        # The two faint shadow layers without antialiasing: at 5-7 % alpha their stepped
        # corners do not show, and antialiased fills cost more to render.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        shadow = QColor(theme.shadow)
        for offset, alpha in ((3.0, 0.05), (1.5, 0.07)):
            shadow.setAlphaF(alpha)
            painter.setBrush(shadow)
            painter.drawRoundedRect(rect.translated(0, offset), RADIUS, RADIUS)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outline = self._outline
        painter.fillPath(outline, layout.fill)
        painter.save()
        painter.setClipPath(outline)
        painter.fillRect(QRectF(0, 0, STRIP, self._height), layout.accent)
        if self._card.kind.is_entity:
            # People, organisations, places and events wear a tinted band behind their
            # kind, so they stand apart from the evidence at a glance.
            band = QColor(layout.accent)
            band.setAlphaF(0.16)
            painter.fillRect(QRectF(STRIP, 0, self._width, PAD + 20), band)
        painter.restore()
        colour, width = border
        painter.setPen(QPen(QColor.fromRgba(colour), width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, RADIUS, RADIUS)
        paint_icon(painter, self._card.kind.value, layout.accent, QRectF(PAD + STRIP, PAD, 16, 16))
        painter.setFont(KIND_FONT)
        painter.setPen(layout.accent)
        painter.drawText(QPointF(PAD + STRIP + 21, PAD + 12.5), layout.kind_label)

    def _stamp(self, painter: QPainter, border: tuple[int, float]) -> bool:
        """Copy the frame, badges and chips as stamps; False if they must be drawn."""
        blitter = STAMPS.begin(painter)
        if blitter is None:
            return False
        layout, theme = self._layout, self._theme
        frame_key = (
            "frame",
            self._width,
            self._height,
            layout.fill.rgba(),
            layout.accent.rgba(),
            border,
            theme.shadow,
            self._card.kind.value,
            layout.kind_label,
        )
        frame_rect = QRectF(-2, -2, self._width + 4, self._height + 7)
        # Badges and chips are smaller than the frame: if it fits, they do.
        stamped = blitter.draw(frame_key, frame_rect, lambda p: self._paint_frame(p, border))
        if stamped:
            for badge in layout.badges:
                badge_key = ("badge", badge.text, badge.colour.rgba(), badge.rect.width())
                blitter.draw(badge_key, badge.rect, partial(_paint_badge, badge=badge))
            fill, ink = QColor(theme.chip), QColor(theme.chip_text)
            for rect, text in layout.chips:
                chip_key = ("chip", text, rect.width(), fill.rgba(), ink.rgba())
                chip = partial(_paint_chip, rect=rect, text=text, fill=fill, ink=ink)
                blitter.draw(chip_key, rect, chip)
        blitter.end()
        return stamped

    def _paint_handles(self, painter: QPainter) -> None:
        accent = QColor(self._theme.selection)
        painter.setPen(QPen(QColor(self._theme.card), 2.0))
        painter.setBrush(accent)
        for centre in self.handle_centres():
            painter.drawEllipse(centre, HANDLE_RADIUS, HANDLE_RADIUS)
        painter.setPen(QPen(QColor(self._theme.card_muted), 1.2))
        w, h = self._width, self._height
        for inset in (4.0, 8.0):
            painter.drawLine(QPointF(w - inset, h - 3), QPointF(w - 3, h - inset))

    def _paint_mention_ring(self, painter: QPainter, lod: float) -> None:
        # Outside the card's own border, so it reads apart from selection and find; drawn
        # first, so the card covers its inner half.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # Wider when zoomed out, but never past the bounds the scene repaints.
        width = min(2.5 / max(lod, 0.01), 2 * (HANDLE_RADIUS + 2 - MENTION_RING))
        painter.setPen(QPen(QColor(self._theme.match), width, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        ring = MENTION_RING
        painter.drawRoundedRect(
            self.rect().adjusted(-ring, -ring, ring, ring), RADIUS + ring, RADIUS + ring
        )

    def _paint_block(self, painter: QPainter, lod: float) -> None:
        # Not the layout: a block shows only the colour and the title, and the first
        # zoom in past the overview paints some 500 cards as blocks in one frame.
        accent = self._accent()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(
            QPen(QColor(self._theme.selection), 3 / lod) if self.isSelected() else QPen(accent, 0)
        )
        painter.setBrush(QBrush(mix(QColor(self._theme.card), accent, 0.28)))
        painter.drawRoundedRect(self.rect(), RADIUS, RADIUS)
        painter.setPen(QColor(self._theme.card_text))
        painter.setFont(_block_font(min(12 / lod, self._height / 2.5)))
        painter.drawText(
            self.rect().adjusted(PAD, PAD, -PAD, -PAD),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            self._card.display_title,
        )
