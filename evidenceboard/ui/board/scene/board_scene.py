"""The scene: a live projection of one :class:`Board`.

The scene subscribes to the board's signals and keeps ``dict[card_id, CardItem]`` and
``dict[link_id, LinkItem]``; it never changes the model itself. Gestures move items
freely while the mouse is down and then submit one change; when the change is applied
the board's signals bring the items to the model's values (and when it is refused the
gesture puts them back).

A large board (more than ``LAZY_CARDS`` cards) has items only where they are needed:
the view asks for the region it shows (:meth:`show_region`), and lookups, selections
and edits make the items they touch. Far out, the batched overview stands in for every
card and link, so opening a board of 100,000 cards makes no item at all until the user
zooms in. Callers that need every item (an export, "select all") ask for them with
:meth:`card_items`. Display state (theme, statuses, find highlight, read-only) is kept
by the scene and given to each item when it is made.

Claim statuses come from :class:`~evidenceboard.ui.board.analysis_runner.AnalysisRunner`
through :meth:`set_statuses`. Find highlights matches with :meth:`set_highlight`.
"""

import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, assert_never

from PySide6.QtCore import QLineF, QPointF, QRect, QRectF, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene
from typing_extensions import override

from evidenceboard.analysis import ClaimStatus
from evidenceboard.model import changes
from evidenceboard.model.board import Board
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.frames import frame_index, hidden_card_ids
from evidenceboard.model.links import Link
from evidenceboard.model.routing import Obstacles, Rect, route
from evidenceboard.ui.board.scene.card_item import CardItem
from evidenceboard.ui.board.scene.frame_item import FrameItem
from evidenceboard.ui.board.scene.link_item import LinkItem
from evidenceboard.ui.board.scene.link_layer import LinkLayer
from evidenceboard.ui.board.scene.overview_item import OVERVIEW_CARDS, OVERVIEW_SCALE, OverviewItem
from evidenceboard.ui.board.scene.pending_items import PendingItems
from evidenceboard.ui.common.theme import Theme

if TYPE_CHECKING:
    from psygnal import SignalInstance

GRID = 24.0
#: Empty room kept around the cards, so there is space to pan into and to add cards.
MARGIN = 2000.0
DIMMED_OPACITY = 0.22
#: Boards with more cards than this make items only for what is shown or touched.
LAZY_CARDS = 1500
#: A link crossing more cards than this stays straight (see ``model/routing.py``).
ROUTE_AROUND = 3
#: How far (scene units) a routed link passes from the corner of a card in its way:
#: clear of the card's border and of a label drawn at the bend.
ROUTE_CLEARANCE = 18.0


def redraws_overview(change: object) -> bool:
    """Whether ``change`` alters what the overview draws: card boxes and kinds, links.

    A rename, a grade or an attachment does not; on a board of 100,000 cards rebuilding
    the overview after such an edit cost 0.3-0.4 s while the view was zoomed out.
    """
    if not isinstance(change, changes.Change):
        return True
    known = changes.known_change(change)
    match known:
        case changes.EditCards():
            return any(
                before.geometry != after.geometry or before.kind is not after.kind
                for before, after in known.pairs
            )
        case changes.EditLink():
            return known.before.kind is not known.after.kind
        case (
            changes.AddAttachment()
            | changes.RemoveAttachment()
            | changes.EditBoard()
            | changes.SetAchMark()
        ):
            return False
        case changes.Batch():
            return any(redraws_overview(part) for part in known.changes)
        case (
            changes.AddCards()
            | changes.RemoveCards()
            | changes.MoveCards()
            | changes.AddLinks()
            | changes.RemoveLinks()
        ):
            return True
        case _:
            assert_never(known)


class BoardScene(QGraphicsScene):
    """Cards and links of one board, kept in step with it."""

    #: The set of selected card ids changed (no argument; read :meth:`selected_card_ids`).
    card_selection_changed = Signal()
    #: A change was applied to the board (no argument; the canvas items are up to date).
    board_changed = Signal()

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
        self._highlight: set[str] | None = None
        self._mentioned: set[str] = set()
        self._overview = overview if overview is not None else OverviewItem(theme)
        self._overview_on = False
        self._overview_stale = overview is None
        self._bounds = QRectF()
        #: False when a card moved or went since the bounds were measured: they may be
        #: larger than the cards (never smaller) until measured again.
        self._bounds_exact = True
        #: Exports turn the grid off.
        self.show_grid = True
        #: The cards as obstacles for routing links around them (None: to be built).
        self._obstacles: Obstacles | None = None
        #: Cards changed since links were last routed again, by their new rects.
        self._moved: list[QRectF] = []
        #: The board's frames, and the cards their collapse hides now.
        self._frame_ids = {i for i, c in board.cards.items() if c.kind is CardKind.FRAME}
        self._folded: set[str] = set()
        self.addItem(self._overview)
        #: Far out, the links at rest drawn in tiles by one item (see ``link_layer``).
        self._layer = LinkLayer()
        self.addItem(self._layer)
        #: Selected links, which paint themselves while the layer draws the others.
        self._held_links: set[LinkItem] = set()
        self.setBackgroundBrush(QColor(theme.canvas))
        self.selectionChanged.connect(self._selection_changed)
        self.selectionChanged.connect(self.card_selection_changed)
        #: What still has no item, on a large board; None once every item exists.
        self._pending: PendingItems | None = None
        #: A large board: items made where needed, bounds measured only when needed.
        self._large = len(board.cards) > LAZY_CARDS
        if self._large:
            self._pending = PendingItems(board)
            # Until a view has chosen its zoom, a large board is drawn by the overview:
            # items made for a view's first, unzoomed size would be wasted.
            self._overview_on = True
            self._overview.setVisible(True)
            if self._overview_stale:
                self._overview.rebuild(board)
                self._overview_stale = False
            # Left to itself the index tunes its depth to the items it has when it first
            # builds its tree, and a tree tuned for the first few items makes every later
            # frame slower, so the depth is fixed. Not at Qt's own choice for the full
            # count, ceil(log2(items)): an item is listed in every leaf it covers, and at
            # depth 19 (a 100,000-card board) the long links in view took 500 MB of leaf
            # lists. ln(items) makes 32 (10,000 cards) to 128 times fewer leaves, of a few
            # cards each.
            items = len(board.cards) + len(board.links)
            self.setBspTreeDepth(max(5, int(math.log(items + 1))))
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
        self._refresh_folds()
        self._update_scene_rect()

    def detach(self) -> None:
        """Stop following the board (before the board is closed)."""
        for signal, slot in self._connections:
            signal.disconnect(slot)
        self._connections = []
        self._pending = None

    # -- making items where they are needed ------------------------------------------

    @property
    def complete(self) -> bool:
        """Whether every card and link has its item (always so on a small board)."""
        return self._pending is None

    @property
    def item_count(self) -> int:
        """How many card and link items exist now."""
        return len(self._cards) + len(self._links)

    def build_all(self) -> None:
        """Make every item still missing (for exports and "select all")."""
        if self._pending is None:
            return
        self._pending = None
        self._add_cards(tuple(c for i, c in self.board.cards.items() if i not in self._cards))
        self._add_links(tuple(x for i, x in self.board.links.items() if i not in self._links))

    def show_region(self, rect: QRectF) -> None:
        """Make the items of every card and link that may lie in ``rect`` (scene units)."""
        if self._pending is None or self._overview_on:
            return
        card_ids, link_ids = self._pending.take(
            rect.left(), rect.top(), rect.right(), rect.bottom()
        )
        self._ensure_cards(card_ids)
        self._ensure_links(link_ids)

    def _ensure_cards(self, card_ids: Iterable[str]) -> None:
        cards = self.board.cards
        missing = {i: cards[i] for i in card_ids if i not in self._cards and i in cards}
        if missing:
            self._add_cards(tuple(missing.values()))

    def _ensure_links(self, link_ids: Iterable[str]) -> None:
        links = self.board.links
        missing = {i: links[i] for i in link_ids if i not in self._links and i in links}
        if missing:
            ends = [end for x in missing.values() for end in (x.source, x.target)]
            self._ensure_cards(ends)
            self._add_links(tuple(missing.values()))

    def _ensure_card_and_links(self, card_ids: Iterable[str]) -> None:
        """Items for these cards and all their links: their places are about to change.

        Once a card has an item it follows the model, so the pending index (which holds
        places as they were) is never asked about it again.
        """
        ids = [i for i in card_ids if i in self.board.cards]
        self._ensure_cards(ids)
        self._ensure_links(x.id for i in ids for x in self.board.links_of(i))

    # -- lookups ---------------------------------------------------------------------

    @property
    def theme(self) -> Theme:
        return self._theme

    @property
    def editable(self) -> bool:
        return self._editable

    def card_item(self, card_id: str) -> CardItem | None:
        self._ensure_cards((card_id,))
        return self._cards.get(card_id)

    def link_item(self, link_id: str) -> LinkItem | None:
        self._ensure_links((link_id,))
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

    def handle_at(self, scene_pos: QPointF, reach: float) -> CardItem | None:
        """The topmost card with a link handle within ``reach`` of ``scene_pos``.

        Looked up before anything else under the pointer: links attach where the
        handles are, and a press there means a new link, not the link drawn on top.
        """
        area = QRectF(scene_pos.x() - reach, scene_pos.y() - reach, 2 * reach, 2 * reach)
        for item in self.items(area):
            if (
                isinstance(item, CardItem)
                and item.isVisible()
                and item.near_handle(scene_pos, reach)
            ):
                return item
        return None

    def select_only(self, card_ids: Iterable[str] = (), link_ids: Iterable[str] = ()) -> None:
        card_ids, link_ids = list(card_ids), list(link_ids)
        self._ensure_cards(card_ids)
        self._ensure_links(link_ids)
        self.clearSelection()
        chosen: list[CardItem | LinkItem] = [
            *(card for i in card_ids if (card := self._cards.get(i)) is not None),
            *(link for i in link_ids if (link := self._links.get(i)) is not None),
        ]
        for item in chosen:
            if self._overview_on:
                # Qt selects only visible items; far out the selection is drawn as live
                # items over the overview, so a card picked in a list shows where it is.
                item.setVisible(True)
            item.setSelected(True)

    def cards_rect(self, card_ids: Iterable[str] | None = None) -> QRectF:
        """The rect around the given cards (all cards by default), in scene units.

        Items are used where they exist (a card being dragged is where its item is);
        other cards are where the model has them.
        """
        if card_ids is None:
            if not self._bounds_exact:
                self._update_scene_rect()
            return QRectF(self._bounds)
        rect = QRectF()
        for card_id in card_ids:
            if (item := self._cards.get(card_id)) is not None:
                rect = rect.united(item.scene_rect())
            elif (card := self.board.cards.get(card_id)) is not None:
                g = card.geometry
                rect = rect.united(QRectF(g.x, g.y, g.width, g.height))
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
        count = len(self.board.cards)
        if count <= OVERVIEW_CARDS or area <= 0:
            return False
        shown = visible.intersected(bounds)
        return count * shown.width() * shown.height() / area > OVERVIEW_CARDS

    # -- display state ---------------------------------------------------------------

    def set_statuses(self, statuses: dict[str, ClaimStatus]) -> None:
        self._statuses = statuses
        for card_id, item in self._cards.items():
            item.set_status(statuses.get(card_id))

    def set_highlight(self, card_ids: set[str] | None) -> None:
        """Emphasise these cards and dim the rest; None shows all cards normally."""
        self._highlight = None if card_ids is None else set(card_ids)
        for item in self._cards.values():
            self._apply_highlight(item)
        for link in self._links.values():
            self._apply_link_highlight(link)

    def set_mentioned(self, card_ids: set[str]) -> None:
        """Ring the cards that name the selected entity (nothing dims: find still can)."""
        self._mentioned = set(card_ids)
        for card_id, item in self._cards.items():
            item.set_mentioned(card_id in self._mentioned)

    def mentioned_card_ids(self) -> set[str]:
        return {card_id for card_id, item in self._cards.items() if item.mentioned}

    def _apply_highlight(self, item: CardItem) -> None:
        matched = self._highlight is not None and item.card_id in self._highlight
        item.set_matched(matched)
        item.setOpacity(1.0 if self._highlight is None or matched else DIMMED_OPACITY)

    def _apply_link_highlight(self, item: LinkItem) -> None:
        shown = self._highlight is None or (
            item.link.source in self._highlight and item.link.target in self._highlight
        )
        item.setOpacity(1.0 if shown else DIMMED_OPACITY)
        self._layer.restyled(item)

    def current_overview(self) -> OverviewItem:
        """The overview item, drawing the board as it is now (rebuilt first if stale).

        For another view of the whole board (the minimap), so that it shares the one
        drawing of the board instead of making its own.
        """
        if self._overview_stale:
            self._overview.rebuild(self.board)
            self._overview_stale = False
        return self._overview

    def set_overview(self, on: bool) -> None:
        """Swap the card and link items for the batched overview (far zoom) or back."""
        if on == self._overview_on:
            return
        self._overview_on = on
        if on and self._overview_stale:
            self._overview.rebuild(self.board)
            self._overview_stale = False
        self._overview.setVisible(on)
        folded = self._folded
        for card in self._cards.values():
            card.setVisible(card.card_id not in folded and (not on or card.isSelected()))
        for link in self._links.values():
            link.setVisible(self._link_unfolded(link.link) and (not on or link.isSelected()))
        self._layer.setVisible(self._layer.on and not on)
        self._layer.forget()

    def set_thin_links(self, thin: bool) -> None:
        """Whether the view is out so far that links are thin lines (``THIN_LOD``).

        Then the links that are neither hovered nor selected are drawn by the link
        layer, not by a ``paint()`` of their own; their items stay for hit tests.
        """
        layer = self._layer
        layer.set_on(thin, list(self._links.values()))
        layer.setVisible(thin and not self._overview_on)
        self._held_links = set(self._selected_links()) if thin else set()

    @property
    def link_layer(self) -> LinkLayer:
        return self._layer

    def _selected_links(self) -> list[LinkItem]:
        return [i for i in self.selectedItems() if isinstance(i, LinkItem)]

    def _selection_changed(self) -> None:
        layer = self._layer
        if layer.on:
            # A selected link paints itself, with its glow; the layer takes it back after.
            selected = set(self._selected_links())
            for link in selected | self._held_links:
                layer.refresh(link)
            self._held_links = selected
        if not self._overview_on:
            return
        # Far out only selected items are drawn over the overview.
        for item in (*self._cards.values(), *self._links.values()):
            if item.isVisible() and not item.isSelected():
                item.setVisible(False)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.setBackgroundBrush(QColor(theme.canvas))
        self._overview.set_theme(theme)
        self._layer.forget()
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
        self._frame_ids.update(c.id for c in cards if c.kind is CardKind.FRAME)
        self._add_cards(cards)
        self._grow_bounds(cards)
        self._moved += [item.scene_rect() for c in cards if (item := self._cards.get(c.id))]

    def _links_added(self, links: tuple[Link, ...]) -> None:
        self._ensure_cards(end for x in links for end in (x.source, x.target))
        self._add_links(links)

    def _add_cards(self, cards: tuple[Card, ...]) -> None:
        self._obstacles = None
        for card in cards:
            kind = FrameItem if card.kind is CardKind.FRAME else CardItem
            item = kind(card, self._theme, self.card_moved)
            item.set_status(self._statuses.get(card.id))
            item.set_editable(self._editable)
            item.setVisible(not self._overview_on and card.id not in self._folded)
            if card.id in self._mentioned:
                item.set_mentioned(True)
            if self._highlight is not None:
                self._apply_highlight(item)
            self._cards[card.id] = item
            self.addItem(item)

    def _change_cards(self, cards: tuple[Card, ...]) -> None:
        # A card without an item is made from the model as it is now, with its links.
        self._ensure_card_and_links(c.id for c in cards if c.id not in self._cards)
        for card in cards:
            if (item := self._cards.get(card.id)) is not None:
                # Where it was and where it is: links around either may need a new route.
                self._moved.append(item.scene_rect())
                item.set_card(card)
                self._moved.append(item.scene_rect())
        self._grow_bounds(cards)
        self._bounds_exact = False
        self._obstacles = None

    def _remove_cards(self, card_ids: tuple[str, ...]) -> None:
        self._frame_ids.difference_update(card_ids)
        self._bounds_exact = False
        self._obstacles = None
        self._moved += [item.scene_rect() for i in card_ids if (item := self._cards.get(i))]
        for card_id in card_ids:
            if (item := self._cards.pop(card_id, None)) is not None:
                self.removeItem(item)

    def _add_links(self, links: tuple[Link, ...]) -> None:
        for link in links:
            item = LinkItem(link, self._theme)
            item.setVisible(not self._overview_on and self._link_unfolded(link))
            item.set_layer(self._layer)
            if self._highlight is not None:
                self._apply_link_highlight(item)
            self._links[link.id] = item
            self.addItem(item)
            self._adjust(item)

    def _change_links(self, links: tuple[Link, ...]) -> None:
        for link in links:
            if (item := self._links.get(link.id)) is not None:
                item.set_link(link)
                self._adjust(item)
            else:
                self._ensure_links((link.id,))

    def _remove_links(self, link_ids: tuple[str, ...]) -> None:
        for link_id in link_ids:
            if (item := self._links.pop(link_id, None)) is not None:
                self._layer.drop(item)
                self._held_links.discard(item)
                self.removeItem(item)

    def _after_change(self, change: object) -> None:
        self._refresh_folds()
        self._route_again()
        if not self._large:
            self._update_scene_rect()
        else:
            # Measuring every card of a large board after each edit cost 0.15 s on
            # 100,000 cards; the bounds only grew by the cards touched, and anything
            # that needs them exact (fit all, export) measures them again.
            self._set_scene_rect()
        self.board_changed.emit()
        if not redraws_overview(change):
            return
        self._overview_stale = True
        if self._overview_on:
            self._overview.rebuild(self.board)
            self._overview_stale = False

    # -- frames ----------------------------------------------------------------------

    @property
    def frame_ids(self) -> frozenset[str]:
        """The ids of the board's frames (kept as cards come and go)."""
        return frozenset(self._frame_ids)

    @property
    def folded_card_ids(self) -> frozenset[str]:
        """The cards hidden because a frame that holds them is collapsed."""
        return frozenset(self._folded)

    def frame_item(self, frame_id: str) -> FrameItem | None:
        item = self._cards.get(frame_id)
        return item if isinstance(item, FrameItem) else None

    def ensure_items(self, card_ids: Iterable[str]) -> None:
        """Make the items of these cards and their links (a frame's cards before a drag)."""
        self._ensure_card_and_links(card_ids)

    def _link_unfolded(self, link: Link) -> bool:
        return link.source not in self._folded and link.target not in self._folded

    def _refresh_folds(self) -> None:
        """Hide the cards of collapsed frames, and show those of frames opened again."""
        if not self._frame_ids and not self._folded:
            return
        folded = hidden_card_ids(self.board, self._frame_ids)
        index = frame_index(self.board, self._frame_ids)
        counts: dict[str, int] = {}
        for card_id in folded:
            frame_id = index[card_id]
            counts[frame_id] = counts.get(frame_id, 0) + 1
        for frame_id in self._frame_ids:
            if (frame := self.frame_item(frame_id)) is not None:
                frame.set_hidden_count(counts.get(frame_id, 0))
        changed = folded ^ self._folded
        self._folded = folded
        if changed:
            self._obstacles = None
        for card_id in changed:
            if (item := self._cards.get(card_id)) is not None:
                hide = card_id in folded
                if hide:
                    item.setSelected(False)
                item.setVisible(not hide and (not self._overview_on or item.isSelected()))
            for link in self.board.links_of(card_id):
                if (line := self._links.get(link.id)) is not None:
                    if not self._link_unfolded(link):
                        line.setSelected(False)
                    line.setVisible(self._link_unfolded(link) and not self._overview_on)
                    self._layer.restyled(line)

    def card_moved(self, card_id: str) -> None:
        """Make the card's links follow it (called by the item while it moves)."""
        links = self.board.links_of(card_id)
        # Links that had no item lie in the pending index at the card's old place.
        self._ensure_links(x.id for x in links if x.id not in self._links)
        for link in links:
            if (item := self._links.get(link.id)) is not None:
                self._adjust(item)

    def _adjust(self, item: LinkItem) -> None:
        source = self._cards.get(item.link.source)
        target = self._cards.get(item.link.target)
        if source is not None and target is not None:
            start, end = source.scene_rect(), target.scene_rect()
            item.adjust(start, end, self._bends(item.link, start, end))

    def _bends(self, link: Link, start: QRectF, end: QRectF) -> tuple[QPointF, ...]:
        """Where a line between the two cards turns to pass the cards in its way.

        A large board's links stay straight: its items are made as the view moves, and
        routing each as it appears would cost frames.
        """
        if self._large:
            return ()
        if self._obstacles is None:
            rects = {}
            for card in self.board.cards.values():
                # A line runs over a frame to the cards inside it, and a hidden card
                # takes no room.
                if card.kind is CardKind.FRAME or card.id in self._folded:
                    continue
                g = card.geometry
                rects[card.id] = Rect(g.x, g.y, g.x + g.width, g.y + g.height)
            self._obstacles = Obstacles(rects, clearance=ROUTE_CLEARANCE)
        a = (start.center().x(), start.center().y())
        b = (end.center().x(), end.center().y())
        near = self._obstacles.near(a, b, leave_out=(link.source, link.target))
        path = route(a, b, near, most_in_the_way=ROUTE_AROUND, clearance=ROUTE_CLEARANCE)
        return tuple(QPointF(x, y) for x, y in path[1:-1])

    def _route_again(self) -> None:
        """Route again the links near a card that came, went or moved.

        A link that may now cross the card, or that went around it where it was, lies
        within the clearance of its old or new place; the scene's index finds those.
        """
        moved, self._moved = self._moved, []
        if not moved or self._large:
            return
        near: dict[int, LinkItem] = {}
        for rect in moved:
            grown = rect.adjusted(
                -2 * ROUTE_CLEARANCE, -2 * ROUTE_CLEARANCE, 2 * ROUTE_CLEARANCE, 2 * ROUTE_CLEARANCE
            )
            for item in self.items(grown):
                if isinstance(item, LinkItem):
                    near[id(item)] = item
        for item in near.values():
            self._adjust(item)

    def _grow_bounds(self, cards: tuple[Card, ...]) -> None:
        for card in cards:
            g = card.geometry
            self._bounds = self._bounds.united(QRectF(g.x, g.y, g.width, g.height))

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
        self._bounds_exact = True
        self._set_scene_rect()

    def _set_scene_rect(self) -> None:
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
        # Unsmoothed, as the view's background cache draws it: the same lines on screen
        # and in a picture of the board. Saved and restored: a scene's render draws the
        # items with the same painter next.
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for colour, lines in (
            (self._theme.grid, minor_lines),
            (self._theme.grid_major, major_lines),
        ):
            pen = QPen(QColor(colour), 1.0)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawLines(lines)
        painter.restore()
