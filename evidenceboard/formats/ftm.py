"""FollowTheMoney export and import: line-delimited entities that Aleph and OpenSanctions read.

Writing: people become ``Person``, organisations ``Organization``, places ``Address``,
events ``Event``, articles ``Article`` and documents ``Document``; claims and notes have
no FollowTheMoney schema and are left out. A related link between two entities becomes
an ``UnknownLink`` whose ``role`` is the link's words; a link between an article or a
document and an entity becomes a ``Documentation``. Every entity is built and its values
cleaned by the ``followthemoney`` library itself (so a country is written as its ISO
code, "Turkey" as ``tr``); ids are the cards' and links' own ids, stable UUIDs, so a file
written twice names the same entities and a board read back keeps its ids.

Reading: each line is a JSON object handed to the library, which refuses unknown schemas
and properties and cleans each value by its type; fragments sharing an id are merged, as
FollowTheMoney does. Schemas become card kinds by inheritance (a ``Company`` is an
organisation, ``Pages`` a document); every interval schema with an edge (``Ownership``,
``Employment``, ``UnknownLink``, ``Documentation``...) becomes a related link whose words
are its role, else the schema's edge words ("owns"). Other schemas are skipped and
counted. Values longer than a card field holds are cut; a latitude out of range refuses
the file, as any hostile value does. A foreign id becomes a card id derived from it, so
importing the same file twice names the same cards.

The library is large (it brings its own country, phone and ICU data, and PyICU needs a
compiler to install), so it is an optional part of EvidenceBoard
(``pip install 'evidenceboard[ftm]'``), loaded only when this format is used; without it
the format says how to get it.
"""

import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidenceboard.formats.files import MAX_IMPORT_BYTES
from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.cancel import CancelCheck, Checkpoint
from evidenceboard.model.cards import (
    MAX_ALIASES,
    MAX_TITLE_LENGTH,
    Card,
    CardKind,
    EventContent,
)
from evidenceboard.model.clock import normalize_partial_date
from evidenceboard.model.errors import ChangeError, InvalidValueError, ModelError
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.ids import is_valid_id
from evidenceboard.model.links import MAX_LABEL_LENGTH, Link, LinkKind

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy

FTM_SUFFIXES = (".ftm", ".ijson", ".ftm.json")
#: Most entities read from one file: far beyond a board, short of exhausting memory.
MAX_ENTITIES = 200_000
_ID_SPACE = uuid.UUID("6b1f0f0e-8f3b-4a55-9d0e-5a1e0b0a7f10")
_TEXT_LIMIT = 20_000_000
_COLUMNS = 6


def is_ftm_path(path: Path) -> bool:
    return path.name.lower().endswith(FTM_SUFFIXES)


FTM_MISSING = (
    "FollowTheMoney files need the followthemoney package, an optional part of "
    "EvidenceBoard: install it with pip install 'evidenceboard[ftm]' (on Debian, PyICU "
    "first needs: apt install libicu-dev pkg-config g++)."
)


def require_ftm() -> None:
    """Refuse in words, before any work, where the followthemoney package is missing."""
    import importlib.util

    try:
        found = importlib.util.find_spec("followthemoney") is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise InvalidValueError(FTM_MISSING)


# -- writing -------------------------------------------------------------------------


def _entity(schema: str, card: Card, values: dict[str, Any]) -> "EntityProxy":
    from followthemoney import model

    proxy = model.make_entity(schema)
    proxy.id = card.id
    for prop, value in values.items():
        if value not in (None, "", ()):
            # quiet: a value the type cannot clean (a country name it does not know) is
            # dropped, not allowed to stop the export.
            proxy.add(prop, list(value) if isinstance(value, tuple) else value, quiet=True)
    return proxy


def card_to_ftm(card: Card) -> "EntityProxy | None":
    """The FollowTheMoney entity of a card, or None for claims and notes."""
    mapping = _MAPPINGS.get(card.kind)
    if mapping is None:
        return None
    name = card.title or card.display_title
    if card.kind.is_entity:
        values: dict[str, Any] = {"name": name, "alias": card.aliases, "description": card.text}
    else:
        values = {"title": name}
    for field in mapping.fields:
        value = getattr(card.content, field.card)
        # The library cleans coordinates from text; a location has both or neither.
        values[field.prop] = f"{value}" if isinstance(value, float) else value
    return _entity(mapping.writes, card, values)


def _link_to_ftm(link: Link, board: Board, written: set[str]) -> "EntityProxy | None":
    from followthemoney import model

    if link.source not in written or link.target not in written:
        return None
    source, target = board.cards[link.source], board.cards[link.target]
    if source.kind.is_entity and target.kind.is_entity:
        if link.kind is not LinkKind.RELATED:
            return None
        proxy = model.make_entity("UnknownLink")
        proxy.add("subject", link.source)
        proxy.add("object", link.target)
    elif source.kind.is_entity or target.kind.is_entity:
        evidence, entity = (target, source) if source.kind.is_entity else (source, target)
        proxy = model.make_entity("Documentation")
        proxy.add("document", evidence.id)
        proxy.add("entity", entity.id)
    else:
        return None
    proxy.id = link.id
    proxy.add("role", link.label, quiet=True)
    proxy.add("description", link.rationale, quiet=True)
    return proxy


def board_to_ftm(board: Board) -> Iterator["EntityProxy"]:
    """The board's entities, then its links, in id order."""
    written: set[str] = set()
    events: list[tuple[EntityProxy, EventContent]] = []
    for card_id in sorted(board.cards):
        card = board.cards[card_id]
        proxy = card_to_ftm(card)
        if proxy is None:
            continue
        written.add(card_id)
        if isinstance(card.content, EventContent):
            events.append((proxy, card.content))
            continue
        yield proxy
    for proxy, content in events:
        # Only entities the file holds: an id of a removed card would dangle in Aleph.
        involved = [i for i in content.involved if i in written and i in board.cards]
        proxy.add("involved", [i for i in involved if board.cards[i].kind.is_entity])
        yield proxy
    for link_id in sorted(board.links):
        proxy = _link_to_ftm(board.links[link_id], board, written)
        if proxy is not None:
            yield proxy


def board_to_ftm_lines(board: Board) -> bytes:
    """The board as line-delimited FollowTheMoney entities (UTF-8)."""
    require_ftm()
    lines = (
        json.dumps(p.to_dict(), ensure_ascii=False, sort_keys=True) for p in board_to_ftm(board)
    )
    return "".join(line + "\n" for line in lines).encode("utf-8")


# -- reading -------------------------------------------------------------------------


def _card_id(ftm_id: str) -> str:
    return ftm_id if is_valid_id(ftm_id) else uuid.uuid5(_ID_SPACE, ftm_id).hex


def _line(proxy: "EntityProxy", prop: str, limit: int = MAX_TITLE_LENGTH) -> str:
    value = proxy.first(prop, quiet=True) or ""
    return " ".join(value.split())[:limit]


def _text(proxy: "EntityProxy", prop: str) -> str:
    return "\n\n".join(proxy.get(prop, quiet=True))[:_TEXT_LIMIT]


def _date(proxy: "EntityProxy", prop: str) -> str:
    # FollowTheMoney dates may carry a time; a card keeps the day at most.
    value = _line(proxy, prop)[:10]
    try:
        return normalize_partial_date(value)
    except ModelError:
        return ""


def _aliases(proxy: "EntityProxy", name: str) -> list[str]:
    names = [" ".join(a.split())[:MAX_TITLE_LENGTH] for a in proxy.get("alias", quiet=True)]
    return [a for a in names if a and a != name][:MAX_ALIASES]


def _number(proxy: "EntityProxy", prop: str) -> float | None:
    value = proxy.first(prop, quiet=True)
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class _Field:
    """A card field and the FollowTheMoney property that holds it, both ways."""

    card: str
    prop: str
    read: Callable[["EntityProxy", str], Any] = _line
    #: A property read when ``prop`` is empty (an event's or article's plain ``date``).
    fallback: str = ""


@dataclass(frozen=True, slots=True)
class _Mapping:
    #: The schema read as this kind, its descendants included (a Company is a LegalEntity).
    reads: str
    #: The schema this kind is written as.
    writes: str
    fields: tuple[_Field, ...]


#: Every kind with a FollowTheMoney schema, in the order reading tries the schemas.
_MAPPINGS: dict[CardKind, _Mapping] = {
    CardKind.PERSON: _Mapping(
        "Person",
        "Person",
        (
            _Field("birth_date", "birthDate", _date),
            _Field("nationality", "nationality"),
            _Field("position", "position"),
        ),
    ),
    CardKind.ORGANISATION: _Mapping(
        "LegalEntity",
        "Organization",
        (
            _Field("jurisdiction", "jurisdiction"),
            _Field("registration_number", "registrationNumber"),
        ),
    ),
    CardKind.LOCATION: _Mapping(
        "Address",
        "Address",
        (
            _Field("address", "full"),
            _Field("country", "country"),
            _Field("latitude", "latitude", _number),
            _Field("longitude", "longitude", _number),
        ),
    ),
    CardKind.EVENT: _Mapping(
        "Event",
        "Event",
        (
            _Field("start_date", "startDate", _date, fallback="date"),
            _Field("end_date", "endDate", _date),
            _Field("place", "location"),
        ),
    ),
    CardKind.ARTICLE: _Mapping(
        "Article",
        "Article",
        (
            _Field("body", "bodyText", _text),
            _Field("author", "author"),
            _Field("outlet", "publisher"),
            _Field("url", "sourceUrl"),
            _Field("published", "publishedAt", _date, fallback="date"),
        ),
    ),
    CardKind.DOCUMENT: _Mapping(
        "Document",
        "Document",
        (
            _Field("extracted_text", "bodyText", _text),
            _Field("file_name", "fileName"),
            _Field("media_type", "mimeType"),
            _Field("date", "date", _date),
        ),
    ),
}


def _kind_and_values(proxy: "EntityProxy") -> tuple[CardKind, str, dict[str, Any]] | None:
    found = next((k for k, m in _MAPPINGS.items() if proxy.schema.is_a(m.reads)), None)
    if found is None:
        return None
    name = _line(proxy, "name") or _line(proxy, "title") or _line(proxy, "fileName")
    values: dict[str, Any] = {}
    if found.is_entity:
        values = {"aliases": _aliases(proxy, name), "description": _text(proxy, "description")}
    for field in _MAPPINGS[found].fields:
        value = field.read(proxy, field.prop)
        if not value and field.fallback:
            value = field.read(proxy, field.fallback)
        values[field.card] = value
    if found is CardKind.LOCATION:
        name = name or values["address"]
    return found, name, values


def _proxies(lines: Iterable[bytes], checkpoint: Checkpoint) -> dict[str, "EntityProxy"]:
    from followthemoney import model
    from followthemoney.exc import FollowTheMoneyException

    proxies: dict[str, EntityProxy] = {}
    for number, raw in enumerate(lines, start=1):
        checkpoint.tick()
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
            proxy = model.get_proxy(data, cleaned=False)
        except RecursionError:
            raise InvalidValueError(f"Line {number} is nested too deeply.") from None
        except (ValueError, TypeError, AttributeError, FollowTheMoneyException) as exc:
            reason = " ".join(str(exc).split())[:160]
            raise InvalidValueError(
                f"Line {number} is not a FollowTheMoney entity ({reason})."
            ) from exc
        if not proxy.id:
            raise InvalidValueError(f"Line {number}: the entity has no id.")
        if proxy.id in proxies:
            try:
                proxies[proxy.id].merge(proxy)
            except FollowTheMoneyException as exc:
                raise InvalidValueError(f"Line {number}: {exc}") from exc
        elif len(proxies) >= MAX_ENTITIES:
            raise InvalidValueError(f"The file holds more than {MAX_ENTITIES:,} entities.")
        else:
            proxies[proxy.id] = proxy
    return proxies


def ftm_to_board(
    lines: Iterable[bytes], by: str, title: str = "", cancel: CancelCheck | None = None
) -> tuple[Board, int]:
    """The board a FollowTheMoney file describes, and how many entities it skipped."""
    checkpoint = Checkpoint(cancel)
    proxies = _proxies(lines, checkpoint)
    cards: dict[str, Card] = {}
    ids: dict[str, str] = {}
    involved: dict[str, list[str]] = {}
    skipped = 0
    edges: list[EntityProxy] = []
    for ftm_id, proxy in proxies.items():
        checkpoint.tick()
        if proxy.schema.edge:
            edges.append(proxy)
            continue
        found = _kind_and_values(proxy)
        if found is None:
            skipped += 1
            continue
        kind, name, values = found
        slot = len(cards)
        x, y = (slot % _COLUMNS) * 280.0, (slot // _COLUMNS) * 180.0
        try:
            card = make_card(kind, name, by, x=x, y=y, card_id=_card_id(ftm_id), **values)
        except ModelError as exc:
            raise InvalidValueError(f"Entity {ftm_id[:40]}: {exc}") from exc
        cards[card.id] = card
        ids[ftm_id] = card.id
        if kind is CardKind.EVENT:
            involved[card.id] = proxy.get("involved", quiet=True)
    for card_id, refs in involved.items():
        members = [ids[r] for r in refs if r in ids and cards[ids[r]].kind.is_entity]
        content = cards[card_id].content
        assert isinstance(content, EventContent)
        cards[card_id] = replace(
            cards[card_id], content=replace(content, involved=tuple(dict.fromkeys(members)))
        )
    links = _links(edges, ids, by, checkpoint)
    try:
        board = Board.from_parts(
            BoardInfo(title=title[:MAX_TITLE_LENGTH], authors=(by,)), cards.values(), links, ()
        )
    except ChangeError as exc:
        raise InvalidValueError(f"The file is inconsistent: {exc}") from exc
    return board, skipped


def _links(
    edges: list["EntityProxy"], ids: dict[str, str], by: str, checkpoint: Checkpoint
) -> list[Link]:
    links: list[Link] = []
    seen: set[tuple[str, str]] = set()
    used: set[str] = set(ids.values())
    for proxy in edges:
        checkpoint.tick()
        schema = proxy.schema
        if schema.source_prop is None or schema.target_prop is None:
            continue
        sources = proxy.get(schema.source_prop, quiet=True)
        targets = proxy.get(schema.target_prop, quiet=True)
        role = _line(proxy, "role", MAX_LABEL_LENGTH)
        if not role and schema.name not in ("UnknownLink", "Documentation"):
            role = (schema.edge_label or "")[:MAX_LABEL_LENGTH]
        for ftm_source in sources:
            for ftm_target in targets:
                source, target = ids.get(ftm_source), ids.get(ftm_target)
                if source is None or target is None or source == target:
                    continue
                if (source, target) in seen:
                    continue
                seen.add((source, target))
                # The edge's own id for its first link; an edge of many ends makes more.
                link_id: str | None = _card_id(proxy.id or "")
                if link_id in used:
                    link_id = None
                used.add(link_id or "")
                links.append(
                    make_link(
                        source,
                        target,
                        LinkKind.RELATED,
                        by,
                        label=role,
                        rationale=_line(proxy, "description", 20_000),
                        link_id=link_id,
                    )
                )
    return links


def read_ftm_board(path: Path, by: str, cancel: CancelCheck | None = None) -> Board:
    """Read a line-delimited FollowTheMoney file into a new board."""
    require_ftm()
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise InvalidValueError(f"{path.name} is too large to import.")
    with path.open("rb") as stream:
        board, _skipped = ftm_to_board(stream, by, path.name.split(".")[0], cancel)
    return board
