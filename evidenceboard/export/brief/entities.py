"""The brief's section on the people, organisations, places and events it covers.

The entities are those whose marking the brief has weighed (:func:`held_card_ids`):
the ones the brief draws or cites, and the ones linked to its claims. Cards left out by
their marking are not on the board the brief is made from, so they cannot appear.
Entries are grouped by kind (people, organisations, places, events), each group by name.
An entry gives the entity's name (with its portion mark, as a claim's heading has), its
description (each paragraph marked), the fields that are filled in, the words of its
links to the brief's other items ("columnist at Hurriyet") and the claims it is linked
to, by their numbers. A line naming another item is marked as the highest of the two,
as the claim sections mark a passage naming several cards. Entities are not numbered in
the text or the diagram, so they are named; a name links to its entry. The section
comes with the claim sections (``BriefSection.CLAIMS``), after the ACH matrix.

Every board string goes through :meth:`BriefText.inline` or
:meth:`BriefText.paragraphs` (escaped, isolated, given fonts) before it reaches
reportlab markup.
"""

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from evidenceboard.export.brief.claims import ClaimSections
from evidenceboard.export.brief.flowables import AccentBlock, kept_together
from evidenceboard.export.brief.marking import held_card_ids
from evidenceboard.export.brief.markup import anchor_name, escape_text, shorten
from evidenceboard.export.brief.page import Heading, chapter_opening
from evidenceboard.export.brief.scope import BriefScope
from evidenceboard.export.brief.styles import FRAME_WIDTH, KIND_STROKE, LINK_HEX, MUTED, RULE
from evidenceboard.export.brief.text import BriefText
from evidenceboard.model.cards import (
    Card,
    CardKind,
    EventContent,
    LocationContent,
    OrganisationContent,
    PersonContent,
)
from evidenceboard.model.chronology import partial_date_span
from evidenceboard.model.claimants import claimant_of
from evidenceboard.model.links import Link, LinkKind

TITLE = "People, organisations, places and events"
#: The groups of the section, in their order.
GROUPS: tuple[tuple[CardKind, str], ...] = (
    (CardKind.PERSON, "People"),
    (CardKind.ORGANISATION, "Organisations"),
    (CardKind.LOCATION, "Places"),
    (CardKind.EVENT, "Events"),
)
#: Entries beyond this are left out (a note says how many): a brief is read, not searched.
MAX_ENTITIES = 1_000
#: Most links, and most claims, listed for one entity; a row says how many more.
MAX_LINKED = 50
#: Most aliases, and most involved entities, named on one line.
MAX_NAMES = 20
#: Longest name of another item in a row (its own section has it in full).
NAME_CHARS = 200
_LABEL_WIDTH = 96
_VALUE_WIDTH = FRAME_WIDTH - _LABEL_WIDTH
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_Item = TypeVar("_Item")
MUTED_HEX = MUTED.hexval().replace("0x", "#")


def _dated(date: str) -> str:
    """A partial date with how precise it is: ``2024-12 (month)``."""
    return f"{date} ({partial_date_span(date)[2].value})"


def _when(content: EventContent) -> str:
    start, end = content.start_date, content.end_date
    if start and end and end != start:
        return f"{_dated(start)} to {_dated(end)}"
    if start:
        return _dated(start)
    return f"until {_dated(end)}" if end else ""


class EntitySection:
    """Builds the entity section of one brief."""

    def __init__(self, scope: BriefScope, text: BriefText, claims: ClaimSections) -> None:
        self.scope = scope
        self.board = scope.board
        self.text = text
        self.styles = text.styles
        self.claims = claims
        #: Every card the brief's marking was decided over: the only ones it may name.
        self.held = frozenset(held_card_ids(scope))
        order = {kind: n for n, (kind, _words) in enumerate(GROUPS)}
        self.entities = sorted(
            (self.board.cards[i] for i in self.held if self.board.cards[i].kind.is_entity),
            key=lambda c: (order[c.kind], c.display_title.casefold(), c.id),
        )
        shown = self.entities[:MAX_ENTITIES]
        self.anchored = frozenset(c.id for c in shown)
        self._claim_ids = frozenset(c.id for c in scope.claims)

    def flowables(self) -> list[Flowable]:
        """The heading, the groups and their entries; nothing when no entity is covered."""
        if not self.entities:
            return []
        styles = self.styles
        flowables = chapter_opening(
            self.text,
            TITLE,
            "entities",
            "The people, organisations, places and events this brief covers, with the "
            "words of their links to its other items and the claims they are linked to. "
            "A name in blue leads to its entry.",
            4,
        )
        shown = self.entities[:MAX_ENTITIES]
        for kind, words in GROUPS:
            group = [c for c in shown if c.kind is kind]
            if not group:
                continue
            heading = Heading(
                f"{words} ({len(group):,})", styles.h2, words, 1, f"entities-{kind.value}"
            )
            flowables += self._entry(group[0], heading)
            for card in group[1:]:
                flowables += self._entry(card)
        if len(self.entities) > MAX_ENTITIES:
            more = len(self.entities) - MAX_ENTITIES
            noun = "entity" if more == 1 else "entities"
            note = f"{more:,} more {noun} of this brief not listed."
            flowables.append(self.text.parsed(note, styles.meta))
        flowables.append(PageBreak())
        return flowables

    # -- references ------------------------------------------------------------------

    def reference(self, card: Card) -> str:
        """Another item of the brief as markup: by its number where the text numbers it."""
        if card.kind is CardKind.CLAIM and card.id in self.claims.card_labels:
            label = escape_text(self.claims.card_labels[card.id])
            return f"<b>{label}</b> {self.claims.claim_reference(card, NAME_CHARS)}"
        if card.id in self.claims.labels:
            return self.claims.source_reference(card)
        name = self.text.inline(shorten(card.display_title, NAME_CHARS))
        if card.id in self.anchored:
            return f'<a href="#{anchor_name("entity", card.id)}" color="{LINK_HEX}">{name}</a>'
        note = self.claims.card_labels.get(card.id)
        return f"<b>[{escape_text(note)}]</b> {name}" if note else name

    def _phrase(self, entity: Card, link: Link) -> str:
        """The link in words, read from its source: "columnist at Hurriyet"."""
        words = escape_text(link.label) if link.label else escape_text(link.kind.label)
        if link.kind is LinkKind.RELATED and not link.label:
            words = "related to"
        # Muted, so the words stand apart from the titles either side of them.
        words = f'<font color="{MUTED_HEX}">{words}</font>'
        if link.source == entity.id:
            return f"{words} {self.reference(self.board.cards[link.target])}"
        own = self.text.inline(shorten(entity.display_title, NAME_CHARS))
        return f"{self.reference(self.board.cards[link.source])} {words} {own}"

    # -- one entry -------------------------------------------------------------------

    def _entry(self, card: Card, group_heading: Flowable | None = None) -> list[Flowable]:
        """The entry, its name kept on a page with what follows it (and the group's heading)."""
        styles = self.styles
        portion = self.claims.portion(card.id)
        name = Heading(
            f'<a name="{anchor_name("entity", card.id)}"/>'
            f"{portion}{self.text.inline(card.display_title)}",
            styles.h4,
            shorten(card.display_title, 200),
            2,
            anchor_name("entity", card.id),
        )
        flowables: list[Flowable] = [name]
        flowables += self._description(card, portion)
        rows = self._rows(card)
        if rows:
            flowables.append(self._table(card, rows))
        flowables.append(Spacer(1, 8))
        lead = [group_heading] if group_heading is not None else []
        return [*kept_together(*lead, *flowables[:2]), *flowables[2:]]

    def _description(self, card: Card, portion: str) -> list[Flowable]:
        """The description beside a bar of the kind's colour, each paragraph marked."""
        text = card.text.strip()
        if not text:
            return []
        # Capped before it is cut into paragraphs, so the cap holds for the whole text.
        limit = self.text.max_chars
        chunks: list[Flowable] = []
        for block in _PARAGRAPH_BREAK.split(text[:limit]):
            chunks += self.text.paragraphs(block, self.styles.body, FRAME_WIDTH - 16, portion)
        if len(text) > limit:
            note = (
                f"[The brief shows the first {limit:,} characters of this text; "
                f"{len(text) - limit:,} more are in the board.]"
            )
            chunks.append(self.text.parsed(note, self.styles.meta))
        return [AccentBlock(chunk, KIND_STROKE[card.kind]) for chunk in chunks]

    def _rows(self, card: Card) -> list[tuple[str, str]]:
        """(label, value markup) of each filled field, then the links and the claims."""
        inline = self.text.inline
        content = card.content
        rows: list[tuple[str, str]] = []
        if card.aliases:
            aliases = [shorten(alias, NAME_CHARS) for alias in card.aliases]
            rows.append(("Also known as", self._names(aliases, inline)))
        fields: list[tuple[str, str]] = []
        match content:
            case PersonContent():
                fields = [
                    ("Position", inline(content.position)),
                    ("Nationality", inline(content.nationality)),
                    ("Born", escape_text(_dated(content.birth_date)) if content.birth_date else ""),
                ]
            case OrganisationContent():
                fields = [
                    ("Jurisdiction", inline(content.jurisdiction)),
                    ("Registration", inline(content.registration_number)),
                ]
            case LocationContent():
                where = ""
                if content.latitude is not None and content.longitude is not None:
                    where = f"{content.latitude:.4f}, {content.longitude:.4f}"
                fields = [
                    ("Address", inline(content.address)),
                    ("Country", inline(content.country)),
                    ("Lat, lon", escape_text(where)),
                ]
            case EventContent():
                involved = [
                    self.board.cards[i]
                    for i in content.involved
                    if i in self.held and i in self.board.cards
                ]
                fields = [
                    ("When", escape_text(_when(content))),
                    ("Place", inline(content.place)),
                ]
                if involved:
                    # The line names the involved cards: marked as the highest of them.
                    marked = self.claims.combined_portion([card.id, *(c.id for c in involved)])
                    names = self._names(involved, self.reference)
                    fields.append(("Involved", marked + names))
        rows += [(label, value) for label, value in fields if value]
        rows += self._linked_rows(card)
        return rows

    @staticmethod
    def _names(items: Sequence[_Item], markup: Callable[[_Item], str]) -> str:
        shown = [markup(item) for item in items[:MAX_NAMES]]
        more = len(items) - len(shown)
        return ", ".join(shown) + (f" and {more:,} more" if more > 0 else "")

    def _linked_rows(self, card: Card) -> list[tuple[str, str]]:
        """One row per link to another item of the brief: first the others, then claims."""
        others: list[tuple[tuple[int, str], str]] = []
        claims: list[tuple[tuple[int, str], str]] = []
        numbers = {c.id: n for n, c in enumerate(self.scope.claims)}
        for link in self.board.links_of(card.id):
            other_id = link.target if link.source == card.id else link.source
            if other_id not in self.held or other_id not in self.board.cards:
                continue
            other = self.board.cards[other_id]
            line = self.claims.combined_portion([card.id, other_id]) + self._phrase(card, link)
            if other_id in self._claim_ids:
                claims.append(((numbers[other_id], link.id), line))
            elif link.kind is LinkKind.RELATED:
                key = (0 if link.source == card.id else 1, other.display_title.casefold())
                others.append((key, line))
        for claim in self.scope.claims:
            maker = claimant_of(self.board, claim)
            if maker is not None and maker.id == card.id:
                line = self.claims.combined_portion([card.id, claim.id])
                made = f'<font color="{MUTED_HEX}">makes</font>'
                claims.append(((numbers[claim.id], ""), f"{line}{made} {self.reference(claim)}"))
        rows = self._listed("Links", others)
        rows += self._listed("Claims", claims)
        return rows

    def _listed(
        self, label: str, lines: list[tuple[tuple[int, str], str]]
    ) -> list[tuple[str, str]]:
        lines.sort(key=lambda item: item[0])
        rows = [(label if n == 0 else "", line) for n, (_key, line) in enumerate(lines)]
        if len(rows) > MAX_LINKED:
            more = len(rows) - MAX_LINKED
            rows = [*rows[:MAX_LINKED], ("", f"… and {more:,} more")]
        return rows

    def _table(self, card: Card, rows: list[tuple[str, str]]) -> Table:
        styles = self.styles
        table = Table(
            [
                [
                    self.text.parsed(escape_text(label), styles.cell_head),
                    self.text.parsed(value, styles.cell),
                ]
                for label, value in rows
            ],
            colWidths=[_LABEL_WIDTH, _VALUE_WIDTH],
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                    ("LINEBEFORE", (0, 0), (0, -1), 2.2, KIND_STROKE[card.kind]),
                    ("LEFTPADDING", (0, 0), (-1, -1), 6),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        return table


def entity_section(scope: BriefScope, text: BriefText, claims: ClaimSections) -> list[Flowable]:
    """The entity section of the brief; nothing when it covers no entity."""
    return EntitySection(scope, text, claims).flowables()
