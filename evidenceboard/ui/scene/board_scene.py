"""The scene: a live projection of one :class:`Board`.

The scene subscribes to the board's signals and keeps ``dict[card_id, CardItem]`` and
``dict[link_id, LinkItem]``; it never changes the model itself. Gestures move items
freely while the mouse is down and then submit one change; when the change is applied
the board's signals bring the items to the model's values (and when it is refused the
gesture puts them back).

Opening a large board does not wait for its items. The view opens at fit-all, where
the batched overview stands in for every card and link, so the scene builds the items
in slices of about ``SLICE_SECONDS`` on a zero timer after the first frame (cards
first, then links). Anything that needs them before then (a lookup, zooming in past
the overview, an edit of the board, an export) builds the rest at once, so callers
never see a partial scene.

Claim statuses come from :class:`~evidenceboard.ui.analysis_runner.AnalysisRunner`
through :meth:`set_statuses`. Find highlights matches with :meth:`set_highlight`.
"""

import math
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRect, QRectF, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene
from typing_extensions import override

from evidenceboard.analysis import ClaimStatus
from evidenceboard.model.board import Board
from evidenceboard.model.cards import Card
from evidenceboard.model.links import Link
from evidenceboard.ui.scene.card_item import CardItem
from evidenceboard.ui.scene.link_item import LinkItem
from evidenceboard.ui.scene.overview_item import OVERVIEW_CARDS, OVERVIEW_SCALE, OverviewItem
from evidenceboard.ui.theme import Theme

if TYPE_CHECKING:
    from psygnal import SignalInstance

GRID = 24.0
#: Empty room kept around the cards, so there is space to pan into and to add cards.
MARGIN = 2000.0
DIMMED_OPACITY = 0.22
#: Boards with more cards than this build their items after the first frame.
DEFERRED_CARDS = 1500
#: How long one slice of building items may keep the event loop, in seconds.
SLICE_SECONDS = 0.03


class BoardScene(QGraphicsScene):
    """Cards and links of one board, kept in step with it."""

    #: The set of selected card ids changed (no argument; read :meth:`selected_card_ids`).
    card_selection_changed = Signal()

    def __init__(
        self,
        board: Board,
        theme: Theme,
        *,
        editable: bool = True,
        overview: OverviewItem | None = None,
    ) -> None:
        """``overview``, when given, already shows this board (drawn while it loaded)."""
        super().__init__()
        self.board = board
        self._theme = theme
        self._editable = editable
        self._cards: dict[str, CardItem] = {}
        self._links: dict[str, LinkItem] = {}
        self._statuses: dict[str, ClaimStatus] = {}
        self._overview = overview if overview is not None else OverviewItem(theme)
        self._overview_on = False
        self._overview_stale = overview is None
        self._bounds = QRectF()
        #: Exports turn the grid off.
        self.show_grid = True
        self.addItem(self._overview)
        self.setBackgroundBrush(QColor(theme.canvas))
        self.selectionChanged.connect(self.card_selection_changed)
        self._pending_cards: list[Card] = []
        self._pending_links: list[Link] = []
        self._builder = QTimer(self)
        self._builder.setInterval(0)
        self._builder.timeout.connect(self._build_slice)
        if len(board.cards) > DEFERRED_CARDS:
            self._pending_cards = list(board.cards.values())
            self._pending_links = list(board.links.values())
            # The index tunes its depth to the items it has when it first builds its
            # tree; a tree tuned for the first slice makes every later frame slower.
            # Qt's own choice for the final count: ceil(log2(items)), at least 5.
            items = len(self._pending_cards) + len(self._pending_links)
            self.setBspTreeDepth(max(5, math.ceil(math.log2(items + 1))))
            self._builder.start()
        else:
            self._add_cards(tuple(board.cards.values()))
            self._add_links(tuple(board.links.values()))
        self._connections: list[tuple[SignalInstance, Callable[..., None]]] = [
            (board.cards_added, self._cards_added),
            (board.cards_changed, self._change_cards),
            (board.cards_removed, self._remove_cards),
            (board.links_added, self._links_added),
            (board.links_changed, self._change_links),
            (board.links_removed, self._remove_links),
            (board.changed, self._after_change),
        ]
        for signal, slot in self._connections:
            signal.connect(slot)
        self._update_scene_rect()

    def detach(self) -> None:
        """Stop following the board (before the board is closed)."""
        for signal, slot in self._connections:
            signal.disconnect(slot)
        self._connections = []
        self._builder.stop()
        self._pending_cards, self._pending_links = [], []

    # -- building items after the first frame ----------------------------------------

    @property
    def building(self) -> bool:
        """Whether some card or link items are still to be made."""
        return bool(self._pending_cards or self._pending_links)

    def build_all(self) -> None:
        """Make every item still pending now (before anything relies on them)."""
        if self.building:
            self._build(math.inf)

    def _build_slice(self) -> None:
        self._build(SLICE_SECONDS)

    def _build(self, seconds: float) -> None:
        deadline = time.perf_counter() + seconds
        # Cards before links: a link item is placed from its two cards' items.
        while self._pending_cards and time.perf_counter() < deadline:
            cards, self._pending_cards = self._pending_cards[:200], self._pending_cards[200:]
            self._add_cards(tuple(cards))
        while not self._pending_cards and self._pending_links:
            if time.perf_counter() >= deadline:
                break
            links, self._pending_links = self._pending_links[:400], self._pending_links[400:]
            self._add_links(tuple(links))
        if not self.building:
            self._builder.stop()

    # -- lookups ---------------------------------------------------------------------

    @property
    def theme(self) -> Theme:
        return self._theme

    @property
    def editable(self) -> bool:
        return self._editable

    def card_item(self, card_id: str) -> CardItem | None:
        self.build_all()
        return self._cards.get(card_id)

    def link_item(self, link_id: str) -> LinkItem | None:
        self.build_all()
        return self._links.get(link_id)

    def card_items(self) -> Iterable[CardItem]:
        self.build_all()
        return self._cards.values()

    def selected_card_ids(self) -> list[str]:
        return [i.card_id for i in self.selectedItems() if isinstance(i, CardItem)]

    def selected_link_ids(self) -> list[str]:
        return [i.link_id for i in self.selectedItems() if isinstance(i, LinkItem)]

    def card_at(self, scene_pos: QPointF) -> CardItem | None:
        for item in self.items(scene_pos):
            if isinstance(item, CardItem) and item.isVisible():
                return item
        return None

    def select_only(self, card_ids: Iterable[str] = (), link_ids: Iterable[str] = ()) -> None:
        self.build_all()
        self.clearSelection()
        for card_id in card_ids:
            if (card := self._cards.get(card_id)) is not None:
                card.setSelected(True)
        for link_id in link_ids:
            if (link := self._links.get(link_id)) is not None:
                link.setSelected(True)

    def cards_rect(self, card_ids: Iterable[str] | None = None) -> QRectF:
        """The rect around the given cards (all cards by default), in scene units."""
        if card_ids is None:
            return QRectF(self._bounds)
        self.build_all()
        rect = QRectF()
        for card_id in card_ids:
            if (item := self._cards.get(card_id)) is not None:
                rect = rect.united(item.scene_rect())
        return rect

    def wants_overview(self, visible: QRectF, scale: float) -> bool:
        """Whether a view showing ``visible`` at ``scale`` should draw the overview.

        Far out (below ``OVERVIEW_SCALE``) always; closer in when the view would show
        more than about ``OVERVIEW_CARDS`` cards, estimated from the share of the board
        in view, because a frame costs per item drawn whatever their size on screen.
        """
        if scale < OVERVIEW_SCALE:
            return True
        bounds = self._bounds
        area = bounds.width() * bounds.height()
        if len(self._cards) <= OVERVIEW_CARDS or area <= 0:
            return False
        shown = visible.intersected(bounds)
        return len(self._cards) * shown.width() * shown.height() / area > OVERVIEW_CARDS

    # -- display state ---------------------------------------------------------------

    def set_statuses(self, statuses: dict[str, ClaimStatus]) -> None:
        self._statuses = statuses
        for card_id, item in self._cards.items():
            item.set_status(statuses.get(card_id))

    def set_highlight(self, card_ids: set[str] | None) -> None:
        """Emphasise these cards and dim the rest; None shows all cards normally."""
        self.build_all()
        for card_id, item in self._cards.items():
            matched = card_ids is not None and card_id in card_ids
            item.set_matched(matched)
            item.setOpacity(1.0 if card_ids is None or matched else DIMMED_OPACITY)
        for link in self._links.values():
            shown = card_ids is None or (
                link.link.source in card_ids and link.link.target in card_ids
            )
            link.setOpacity(1.0 if shown else DIMMED_OPACITY)

    def set_overview(self, on: bool) -> None:
        """Swap the card and link items for the batched overview (far zoom) or back."""
        if not on:
            self.build_all()
        if on == self._overview_on:
            return
        self._overview_on = on
        if on and self._overview_stale:
            self._overview.rebuild(self.board)
            self._overview_stale = False
        self._overview.setVisible(on)
        for card in self._cards.values():
            card.setVisible(not on)
        for link in self._links.values():
            link.setVisible(not on)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.setBackgroundBrush(QColor(theme.canvas))
        self._overview.set_theme(theme)
        for card in self._cards.values():
            card.set_theme(theme)
        for link in self._links.values():
            link.set_theme(theme)
        self.update()

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        for card in self._cards.values():
            card.set_editable(editable)

    # -- following the board ---------------------------------------------------------

    def _cards_added(self, cards: tuple[Card, ...]) -> None:
        self.build_all()
        self._add_cards(cards)

    def _links_added(self, links: tuple[Link, ...]) -> None:
        self.build_all()
        self._add_links(links)

    def _add_cards(self, cards: tuple[Card, ...]) -> None:
        for card in cards:
            item = CardItem(card, self._theme, self.card_moved)
            item.set_status(self._statuses.get(card.id))
            item.set_editable(self._editable)
            item.setVisible(not self._overview_on)
            self._cards[card.id] = item
            self.addItem(item)

    def _change_cards(self, cards: tuple[Card, ...]) -> None:
        self.build_all()
        for card in cards:
            if (item := self._cards.get(card.id)) is not None:
                item.set_card(card)

    def _remove_cards(self, card_ids: tuple[str, ...]) -> None:
        self.build_all()
        for card_id in card_ids:
            if (item := self._cards.pop(card_id, None)) is not None:
                self.removeItem(item)

    def _add_links(self, links: tuple[Link, ...]) -> None:
        for link in links:
            item = LinkItem(link, self._theme)
            item.setVisible(not self._overview_on)
            self._links[link.id] = item
            self.addItem(item)
            self._adjust(item)

    def _change_links(self, links: tuple[Link, ...]) -> None:
        self.build_all()
        for link in links:
            if (item := self._links.get(link.id)) is not None:
                item.set_link(link)
                self._adjust(item)

    def _remove_links(self, link_ids: tuple[str, ...]) -> None:
        self.build_all()
        for link_id in link_ids:
            if (item := self._links.pop(link_id, None)) is not None:
                self.removeItem(item)

    def _after_change(self, _change: object) -> None:
        self._update_scene_rect()
        self._overview_stale = True
        if self._overview_on:
            self._overview.rebuild(self.board)
            self._overview_stale = False

    def card_moved(self, card_id: str) -> None:
        """Make the card's links follow it (called by the item while it moves)."""
        for link in self.board.links_of(card_id):
            if (item := self._links.get(link.id)) is not None:
                self._adjust(item)

    def _adjust(self, item: LinkItem) -> None:
        source = self._cards.get(item.link.source)
        target = self._cards.get(item.link.target)
        if source is not None and target is not None:
            item.adjust(source.scene_rect(), target.scene_rect())

    def _update_scene_rect(self) -> None:
        # From the model's numbers in one pass: the scene rect is always set explicitly,
        # so Qt never walks every item for itemsBoundingRect().
        geometries = [card.geometry for card in self.board.cards.values()]
        if geometries:
            left = min(g.x for g in geometries)
            top = min(g.y for g in geometries)
            right = max(g.x + g.width for g in geometries)
            bottom = max(g.y + g.height for g in geometries)
            self._bounds = QRectF(left, top, right - left, bottom - top)
        else:
            self._bounds = QRectF()
        rect = QRectF(self._bounds)
        if rect.isNull():
            rect = QRectF(-600, -400, 1200, 800)
        self.setSceneRect(rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN))

    # -- background ------------------------------------------------------------------

    @override
    def drawBackground(self, painter: QPainter, area: QRectF | QRect) -> None:
        rect = QRectF(area)
        painter.fillRect(rect, QColor(self._theme.canvas))
        scale = painter.worldTransform().m11()
        if not self.show_grid or scale < OVERVIEW_SCALE * 1.5:
            return
        # Lines, not dots: a few hundred lines per frame cost nothing, thousands of
        # dots drawn from Python would. The step doubles as the view zooms out so the
        # lines never crowd closer than about 20 pixels.
        step = GRID
        while step * scale < 20:
            step *= 2
        major = step * 4
        minor_lines: list[QLineF] = []
        major_lines: list[QLineF] = []
        x = math.floor(rect.left() / step) * step
        while x <= rect.right():
            target = major_lines if math.isclose(x % major, 0.0, abs_tol=1e-6) else minor_lines
            target.append(QLineF(x, rect.top(), x, rect.bottom()))
            x += step
        y = math.floor(rect.top() / step) * step
        while y <= rect.bottom():
            target = major_lines if math.isclose(y % major, 0.0, abs_tol=1e-6) else minor_lines
            target.append(QLineF(rect.left(), y, rect.right(), y))
            y += step
        for colour, lines in (
            (self._theme.grid, minor_lines),
            (self._theme.grid_major, major_lines),
        ):
            pen = QPen(QColor(colour), 1.0)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawLines(lines)
