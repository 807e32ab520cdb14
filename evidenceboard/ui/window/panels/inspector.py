"""The inspector: every field of the selected card or link, one undo step per edit.

The form is rebuilt when the selection changes to another item and refreshed when the
model changes (except the field the user is typing in). A committed field builds an
edited copy through ``edited_card``/``edited_link`` and submits one change; if the
model refuses the value or the write fails, the field keeps the typed text and the
window's message bar says why.
"""

from collections.abc import Callable
from typing import Any

from psygnal import SignalInstance
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFormLayout, QWidget

from evidenceboard.model.cards import Card, CardKind, Confidence, NoteContent
from evidenceboard.model.changes import EditCards, EditLink
from evidenceboard.model.claimants import can_claim
from evidenceboard.model.errors import InvalidValueError, ModelError
from evidenceboard.model.factory import edited_card, edited_link
from evidenceboard.model.ids import is_valid_id
from evidenceboard.model.judgement import (
    YARDSTICK_SETTING,
    YARDSTICKS,
    likelihood_terms,
    likelihood_words,
    yardstick_of,
)
from evidenceboard.model.links import Link, LinkKind, Strength
from evidenceboard.ui.board.controller import DocumentController
from evidenceboard.ui.board.scene.board_scene import BoardScene
from evidenceboard.ui.common.layouts import column, scrolling_page
from evidenceboard.ui.common.markdown_document import MarkdownLook
from evidenceboard.ui.common.markdown_view import MarkdownView
from evidenceboard.ui.common.plain import plain_label
from evidenceboard.ui.window.panels.fields import (
    CardChoiceField,
    CheckField,
    ChoiceField,
    CoordinatesField,
    EntityListField,
    FieldEditor,
    GradingField,
    LineField,
    NamesField,
    NumberField,
    TagsField,
    TextField,
)
from evidenceboard.ui.window.panels.mentions import MentionsPanel

LABELS = {
    "title": "Title",
    "tags": "Tags",
    "colour": "Colour",
    "grading": "Grade",
    "handling": "Handling",
    "pinned": "Layout",
    "outlet": "Outlet",
    "author": "Author",
    "url": "Address",
    "published": "Published",
    "language": "Language",
    "body": "Text",
    "file_name": "File name",
    "media_type": "Media type",
    "page_count": "Pages",
    "extracted_text": "Text",
    "origin": "Origin",
    "date": "Date",
    "statement": "Statement",
    "attributed_to": "Attributed to",
    "claimed_by": "Claimed by",
    "date_claimed": "Date claimed",
    "confidence": "Confidence",
    "is_hypothesis": "Analysis",
    "likelihood": "Likelihood",
    "is_assumption": "Assumption",
    "is_key_judgement": "Key judgement",
    "collapsed": "Collapsed",
    "markdown": "Markdown",
    "text": "Text",
    "aliases": "Also known as",
    "birth_date": "Born",
    "nationality": "Nationality",
    "position": "Position",
    "jurisdiction": "Jurisdiction",
    "registration_number": "Registration",
    "address": "Address",
    "country": "Country",
    "coordinates": "Lat, lon",
    "start_date": "Starts",
    "end_date": "Ends",
    "place": "Place",
    "involved": "Involved",
    "description": "Description",
    "label": "Words",
    "kind": "Kind",
    "strength": "Strength",
    "rationale": "Rationale",
    "quote": "Cited passage",
    "page": "Page",
}
COLOURS = [
    ("Kind colour", None),
    ("Red", "#d64545"),
    ("Orange", "#e07b24"),
    ("Yellow", "#d9a70f"),
    ("Green", "#2e9b5f"),
    ("Teal", "#1f9aa5"),
    ("Blue", "#2f6bd8"),
    ("Purple", "#7b48c8"),
    ("Grey", "#737b89"),
]
CONTENT_FIELDS: dict[CardKind, tuple[str, ...]] = {
    CardKind.ARTICLE: ("outlet", "author", "published", "url", "language", "body"),
    CardKind.DOCUMENT: (
        "file_name",
        "media_type",
        "origin",
        "date",
        "page_count",
        "extracted_text",
    ),
    CardKind.CLAIM: (
        "statement",
        "attributed_to",
        "claimed_by",
        "date_claimed",
        "confidence",
        "likelihood",
        "is_hypothesis",
        "is_assumption",
        "is_key_judgement",
    ),
    CardKind.NOTE: ("text", "markdown"),
    CardKind.PERSON: ("aliases", "position", "nationality", "birth_date", "description"),
    CardKind.ORGANISATION: ("aliases", "jurisdiction", "registration_number", "description"),
    CardKind.LOCATION: ("aliases", "address", "country", "coordinates", "description"),
    CardKind.EVENT: ("aliases", "start_date", "end_date", "place", "involved", "description"),
    CardKind.FRAME: ("collapsed", "description"),
}
TEXT_FIELDS = {
    "body",
    "extracted_text",
    "statement",
    "text",
    "rationale",
    "quote",
    "description",
}
DATE_FIELDS = ("published", "date", "date_claimed", "birth_date", "start_date", "end_date")
DATE_HINT = "YYYY, YYYY-MM or YYYY-MM-DD"
#: The fields shown as a check box, with the words beside it.
CHECK_FIELDS = {
    "is_hypothesis": "A hypothesis (for ACH)",
    "is_assumption": "A key assumption",
    "is_key_judgement": "A key judgement (opens the brief)",
    "markdown": "Shown formatted",
    "collapsed": "Show only the title on the canvas",
}


class LikelihoodField(ChoiceField):
    """The analyst's likelihood: the terms of the board's yardstick, or none.

    A term from the other yardstick (a board that switched) is shown with its own words
    and yardstick, never translated.
    """

    def __init__(self, name: str, on_commit: Any, yardstick: str) -> None:
        choices: list[tuple[str, Any]] = [("Not given", "")]
        choices += [(words.capitalize(), value) for value, words in likelihood_terms(yardstick)]
        super().__init__(name, on_commit, choices)
        self.combo.setToolTip(YARDSTICKS[yardstick][0])

    def show(self, value: Any) -> None:
        if self.combo.findData(value) < 0 and isinstance(value, str):
            name = YARDSTICKS.get(value.split(".", 1)[0], ("another yardstick", ()))[0]
            self.combo.addItem(f"{likelihood_words(value).capitalize()} ({name})", value)
        super().show(value)


def _stamp(by: str, at: Any) -> str:
    return f"{by}, {at.astimezone().strftime('%d %b %Y %H:%M')}"


class Inspector(QWidget):
    """Shows and edits the one selected card or link."""

    def __init__(self, controller: DocumentController, scene: BoardScene) -> None:
        super().__init__()
        self.setObjectName("inspector")
        self._controller = controller
        self._scene = scene
        self._fields: dict[str, FieldEditor] = {}
        #: A Markdown note's text as it reads, under its source (None for other cards).
        self.formatted: MarkdownView | None = None
        self._target: tuple[str, str] | None = None
        self.heading = plain_label(wrap=True, selectable=True)
        self.heading.setObjectName("inspector-heading")
        self.subheading = plain_label(wrap=True, selectable=True)
        self.subheading.setObjectName("inspector-subheading")
        self._form_host = QWidget()
        self._form = QFormLayout(self._form_host)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.meta = plain_label(wrap=True, selectable=True)
        self.meta.setObjectName("inspector-meta")
        self.mentions = MentionsPanel(controller)
        self.mentions.listed.connect(scene.set_mentioned)
        body = QWidget()
        fields = (self.heading, self.subheading, self._form_host, self.mentions, self.meta)
        column(body, fields, margins=(14, 12, 14, 12), spacing=8).addStretch(1)
        column(self, (scrolling_page(body),), margins=(0, 0, 0, 0), spacing=0)
        scene.selectionChanged.connect(self.refresh_selection)
        for signal, slot in self._board_slots():
            signal.connect(slot)
        self.refresh_selection()

    def _board_slots(self) -> tuple[tuple[SignalInstance, Callable[..., None]], ...]:
        board = self._controller.board
        return (
            (board.cards_changed, self._cards_changed),
            (board.links_changed, self._links_changed),
            (board.cards_removed, self._removed),
            (board.links_removed, self._removed),
            (board.info_changed, self._info_changed),
            (board.links_added, self._links_added),
            (board.cards_added, self._cards_added),
        )

    def detach(self) -> None:
        for signal, slot in self._board_slots():
            signal.disconnect(slot)

    def field(self, name: str) -> FieldEditor:
        return self._fields[name]

    # -- what to show ----------------------------------------------------------------

    def refresh_selection(self) -> None:
        cards = self._scene.selected_card_ids()
        links = self._scene.selected_link_ids()
        board = self._controller.board
        # The scene may still list items whose removal it is being told about.
        card = board.cards.get(cards[0]) if len(cards) == 1 and not links else None
        link = board.links.get(links[0]) if len(links) == 1 and not cards else None
        if card is not None:
            self._show_card(card)
        elif link is not None:
            self._show_link(link)
        else:
            count = len(cards) + len(links)
            self._clear()
            self.heading.setText(f"{count} items selected" if count else "Nothing selected")
            self.subheading.setText(
                "Select one card or link to see and edit its details."
                if count
                else "Click a card or a link on the board to inspect it."
            )

    def _clear(self) -> None:
        self._target = None
        self._fields = {}
        self.formatted = None
        while self._form.rowCount():
            self._form.removeRow(0)
        self.meta.setText("")
        self.mentions.show_for(None)

    def _add(self, editor: FieldEditor) -> None:
        self._fields[editor.name] = editor
        editor.set_editable(not self._controller.read_only)
        self._form.addRow(LABELS.get(editor.name, editor.name), editor.widget)

    def _show_card(self, card: Card) -> None:
        if self._target != ("card", card.id):
            self._clear()
            self._target = ("card", card.id)
            self._build_card_form(card)
        self.heading.setText(card.display_title)
        self.subheading.setText(f"{card.kind.value.capitalize()} card")
        self._fill(card, exclude_focused=True)
        self._show_formatted(card)
        self.mentions.show_for(card)
        self.meta.setText(
            f"Created by {_stamp(card.created_by, card.created_at)}\n"
            f"Modified by {_stamp(card.modified_by, card.modified_at)}\nId {card.id}"
        )

    def _build_card_form(self, card: Card) -> None:
        def commit(name: str) -> Any:
            return lambda: self._commit_card(name)

        self._add(LineField("title", commit("title"), "Title"))
        for name in CONTENT_FIELDS[card.kind]:
            self._add(self._content_editor(name, commit(name)))
            if name == "markdown":
                self.formatted = MarkdownView(self._markdown_look)
                self.formatted.setObjectName("inspector-formatted")
                self.formatted.setFixedHeight(200)
                self._form.addRow("Formatted", self.formatted)
        self._add(TagsField("tags", commit("tags"), "comma, separated"))
        grading = GradingField(commit("grading"))
        self._form.addRow("Scheme", grading.extra_widget())
        self._add(grading)
        self._add(LineField("handling", commit("handling"), "e.g. OFFICIAL-SENSITIVE"))
        self._add(ChoiceField("colour", commit("colour"), COLOURS))
        self._add(CheckField("pinned", commit("pinned"), "Pinned (auto-layout leaves it)"))

    def _content_editor(self, name: str, on_commit: Callable[[], None]) -> FieldEditor:
        if name in TEXT_FIELDS:
            return TextField(name, on_commit, 80 if name == "statement" else 120)
        if name in CHECK_FIELDS:
            return CheckField(name, on_commit, CHECK_FIELDS[name])
        match name:
            case "page_count":
                return NumberField(name, on_commit)
            case "confidence":
                return ChoiceField(name, on_commit, [(c.value.capitalize(), c) for c in Confidence])
            case "likelihood":
                setting = self._controller.board.info.setting(YARDSTICK_SETTING)
                return LikelihoodField(name, on_commit, yardstick_of(setting))
            case "aliases":
                return NamesField(name, on_commit, "other names; separated; by semicolons")
            case "coordinates":
                return CoordinatesField(name, on_commit, "e.g. 35.40, 35.95")
            case "involved":
                return EntityListField(name, on_commit, self._title_of, self._entity_id)
            case "claimed_by":
                return CardChoiceField(name, on_commit, self._claimants, "No card chosen")
            case _:
                return LineField(name, on_commit, DATE_HINT if name in DATE_FIELDS else "")

    def _show_formatted(self, card: Card) -> None:
        if self.formatted is None:
            return
        markdown = isinstance(card.content, NoteContent) and card.content.markdown
        self._form.setRowVisible(self.formatted, markdown)
        if markdown:
            self.formatted.show_markdown(card.text)

    def _markdown_look(self) -> MarkdownLook:
        palette = self.palette()

        def colour(role: QPalette.ColorRole) -> str:
            return palette.color(role).name()

        return MarkdownLook(
            font=self.font(),
            text=colour(QPalette.ColorRole.Text),
            strong=colour(QPalette.ColorRole.Text),
            muted=colour(QPalette.ColorRole.PlaceholderText),
            link=colour(QPalette.ColorRole.Link),
            code_fill=colour(QPalette.ColorRole.AlternateBase),
        )

    def _show_link(self, link: Link) -> None:
        if self._target != ("link", link.id):
            self._clear()
            self._target = ("link", link.id)

            def commit(name: str) -> Any:
                return lambda: self._commit_link(name)

            kinds = [(k.label.capitalize(), k) for k in LinkKind]
            self._add(ChoiceField("kind", commit("kind"), kinds))
            strengths = [(s.value.capitalize(), s) for s in Strength]
            self._add(ChoiceField("strength", commit("strength"), strengths))
            self._add(TextField("rationale", commit("rationale"), 90))
            self._add(TextField("quote", commit("quote"), 90))
            self._add(NumberField("page", commit("page")))
            self._add(LineField("label", commit("label"), "related links: “owns”, “met”…"))
        board = self._controller.board
        source, target = board.cards.get(link.source), board.cards.get(link.target)
        self.heading.setText(f"Link: {link.kind.label}")
        self.subheading.setText(
            f"{source.display_title if source else '?'}\n"
            f"→ {target.display_title if target else '?'}"
        )
        self._fill(link, exclude_focused=True)
        self.meta.setText(
            f"Created by {_stamp(link.created_by, link.created_at)}\n"
            f"Modified by {_stamp(link.modified_by, link.modified_at)}\nId {link.id}"
        )

    def _fill(self, item: Card | Link, *, exclude_focused: bool) -> None:
        for name, editor in self._fields.items():
            if exclude_focused and editor.has_focus():
                continue
            if isinstance(item, Card) and not hasattr(item, name):
                value = getattr(item.content, name)
            else:
                value = getattr(item, name)
            editor.show(value)

    def _claimants(self) -> list[tuple[str, str]]:
        """The people and organisations that can make a claim, by name."""
        board = self._controller.board
        cards = [c for c in board.cards.values() if can_claim(c)]
        cards.sort(key=lambda c: (c.display_title.casefold(), c.id))
        return [(f"{c.display_title[:60]} ({c.kind.value})", c.id) for c in cards]

    def _title_of(self, card_id: str) -> str:
        card = self._controller.board.cards.get(card_id)
        # A removed card's id stays as it is, so committing the field keeps it.
        return card.display_title if card is not None else card_id

    def _entity_id(self, name: str) -> str:
        """The id of the entity card titled ``name`` (or given by its id)."""
        board = self._controller.board
        if is_valid_id(name):
            return name
        folded = name.casefold()
        for card in board.cards.values():
            if card.kind.is_entity and folded in (
                n.casefold() for n in (card.title, *card.aliases)
            ):
                return card.id
        raise InvalidValueError(f"No person, organisation, place or event is called “{name}”.")

    # -- committing ------------------------------------------------------------------

    def _commit_card(self, name: str) -> None:
        if self._target is None or self._target[0] != "card" or self._controller.read_only:
            return
        card = self._controller.board.cards.get(self._target[1])
        if card is None:
            return
        try:
            value = self._fields[name].value()
            # Latitude and longitude are one field: a place has both or neither.
            changes = {name: value}
            if name == "coordinates":
                changes = dict(zip(("latitude", "longitude"), value, strict=True))
            after = edited_card(card, self._controller.author, **changes)
        except ModelError as exc:
            self._controller.edit_failed.emit(str(exc))
            return
        if after is card:
            return
        words = LABELS.get(name, name).lower()
        title = (
            card.display_title if len(card.display_title) <= 30 else card.display_title[:29] + "…"
        )
        self._controller.submit(
            EditCards(((card, after),), label=f"Edit {words} of {card.kind.value} “{title}”")
        )

    def _commit_link(self, name: str) -> None:
        if self._target is None or self._target[0] != "link" or self._controller.read_only:
            return
        link = self._controller.board.links.get(self._target[1])
        if link is None:
            return
        try:
            after = edited_link(link, self._controller.author, **{name: self._fields[name].value()})
        except (ModelError, ValueError) as exc:
            self._controller.edit_failed.emit(str(exc))
            return
        if after is not link:
            self._controller.submit(EditLink(link, after))

    # -- following the model ---------------------------------------------------------

    def _cards_changed(self, cards: tuple[Card, ...]) -> None:
        if self._target is not None and self._target[0] == "card":
            for card in cards:
                if card.id == self._target[1]:
                    self._show_card(card)
                    return
            # Another card's new text may name the entity shown, or stop naming it.
            self._links_added(())

    def _cards_added(self, _cards: tuple[Card, ...]) -> None:
        self._links_added(())

    def _links_changed(self, links: tuple[Link, ...]) -> None:
        if self._target is not None and self._target[0] == "link":
            for link in links:
                if link.id == self._target[1]:
                    self._show_link(link)

    def _info_changed(self, _info: object) -> None:
        # The likelihood terms offered follow the board's yardstick: build the form again.
        if self._target is not None and self._target[0] == "card":
            self._clear()
            self.refresh_selection()

    def _links_added(self, _links: tuple[Link, ...]) -> None:
        # A new link may link a mention: the count of cards left to link changes.
        if self._target is not None and self._target[0] == "card":
            self.mentions.show_for(self._controller.board.cards.get(self._target[1]))

    def _removed(self, ids: tuple[str, ...]) -> None:
        if self._target is not None and self._target[1] in ids:
            self.refresh_selection()
        else:
            self._links_added(())
