"""The demo board: a real news article, the claims it reports and how they relate.

The board's content is data, ``resources/demo/assad-flight-board.json``; this module
only turns it into a :class:`BoardInfo` and the :class:`AddCards` that fills an empty
board. The article card's body is the text of ``resources/demo/assad-flight-article.txt``
(December 2024, on Bashar al-Assad's flight from Syria). The article is an article card;
the reports it cites (a Hurriyet column, the Tass story boosting it, Assad's deleted
Telegram statement, the documents that surfaced online) are source cards; the claims
are claim cards attributed as the article attributes them. The Tass story is linked
``derived_from`` the Hurriyet column, so the analysis can show that the "deal with
Israel" claim rests on one origin. The people, organisations, places and events the
article names (Abdulkadir Selvi, Hurriyet, Tass, Bashar al-Assad, the Khmeimim airbase,
the Doha talks...) are entity cards, joined to each other and to the reports and claims
by related links with words ("columnist at", "written by").

Each item of the data file has a ``name``; ids are derived from those names (UUID v5),
so every copy of the demo board has the same ids and colleagues' copies merge cleanly.
The file ships with the app, yet a slip in it must fail loudly rather than give a board
with a card missing, so every card and link goes through the model's own checks and
an unknown key is refused.
"""

import json
import uuid
from datetime import datetime
from typing import Any

from evidenceboard.model.board import BoardInfo
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.changes import AddCards
from evidenceboard.model.errors import InvalidValueError
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.grading import parse_grade
from evidenceboard.model.links import Link, LinkKind, Strength
from evidenceboard.resources_path import resource

_NAMESPACE = uuid.UUID("6f1c1b7e-3c55-4b8e-9c1e-5a0d7e2b9f10")
#: The data file holding the demo board's content, in ``resources/demo/``.
DEMO_DATA = "assad-flight-board.json"
_FORMAT = ("evidenceboard-demo", 1)
_CARD_KEYS = frozenset({"name", "kind", "title", "x", "y", "width", "height", "body_from"})
_LINK_KEYS = frozenset(
    {"name", "source", "target", "kind", "strength", "rationale", "quote", "label"}
)


def demo_id(name: str) -> str:
    """The fixed id of a named item of the demo board."""
    return uuid.uuid5(_NAMESPACE, name).hex


def _sample_text(file_name: str) -> str:
    """A sample file's text, without its provenance header."""
    raw = resource("demo", file_name).read_text(encoding="utf-8")
    _header, _sep, body = raw.partition("\n---\n")
    return body.strip()


def demo_article_text() -> str:
    """The article's text, without the provenance header of the sample file."""
    return _sample_text("assad-flight-article.txt")


def _refuse_unknown(entry: dict[str, Any], known: frozenset[str], what: str) -> None:
    unknown = set(entry) - known
    if unknown:
        raise InvalidValueError(
            f"The demo's {what} has unknown keys: {', '.join(sorted(unknown))}."
        )


def _card(entry: dict[str, Any], author: str, at: datetime) -> Card:
    _refuse_unknown(entry, _CARD_KEYS | {"fields"}, f"card {entry.get('name')!r}")
    values = dict(entry.get("fields", {}))
    if "grading" in values:
        values["grading"] = parse_grade(values["grading"])
    if "tags" in values:
        values["tags"] = tuple(values["tags"])
    if "involved" in values:
        # An event names the entities taking part as the data file names cards.
        values["involved"] = tuple(demo_id(name) for name in values["involved"])
    if "claimed_by" in values:
        values["claimed_by"] = demo_id(values["claimed_by"])
    if "body_from" in entry:
        values["body"] = _sample_text(entry["body_from"])
    return make_card(
        CardKind(entry["kind"]),
        entry["title"],
        author,
        x=entry["x"],
        y=entry["y"],
        width=entry.get("width"),
        height=entry.get("height"),
        at=at,
        card_id=demo_id(entry["name"]),
        **values,
    )


def _link(entry: dict[str, Any], author: str, at: datetime) -> Link:
    _refuse_unknown(entry, _LINK_KEYS, f"link {entry.get('name')!r}")
    return make_link(
        demo_id(entry["source"]),
        demo_id(entry["target"]),
        LinkKind(entry["kind"]),
        author,
        strength=Strength(entry.get("strength", Strength.MODERATE.value)),
        rationale=entry.get("rationale", ""),
        quote=entry.get("quote", ""),
        label=entry.get("label", ""),
        at=at,
        link_id=demo_id(entry["name"]),
    )


def build_demo() -> tuple[BoardInfo, AddCards]:
    """Return the demo board's details and the change that fills an empty board."""
    data = json.loads(resource("demo", DEMO_DATA).read_text(encoding="utf-8"))
    if (data.get("format"), data.get("version")) != _FORMAT:
        raise InvalidValueError(f"{DEMO_DATA} is not a demo board this version can read.")
    author: str = data["author"]
    at = datetime.fromisoformat(data["at"])
    board = data["board"]
    info = BoardInfo(
        id=demo_id(board["name"]),
        title=board["title"],
        description=board["description"],
        handling=board["handling"],
        created_at=at,
        authors=(author,),
    )
    cards = tuple(_card(entry, author, at) for entry in data["cards"])
    links = tuple(_link(entry, author, at) for entry in data["links"])
    return info, AddCards(cards, links)
