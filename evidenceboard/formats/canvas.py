"""JSON Canvas 1.0 (``.canvas``, opened by Obsidian and others): writing and reading.

Writing maps each card to a node and each link to an edge:

* articles with a URL become ``link`` nodes; documents with an attachment become
  ``file`` nodes naming the attachment's exported file (the caller passes the names it
  gives the attachments, e.g. from ``--format attachments``), and documents read from
  another canvas's file node point at the same path again; a Markdown note becomes a
  ``text`` node with its text exactly; everything else becomes a ``text`` node whose
  Markdown is a heading with the title and the card's text with Markdown syntax
  escaped, so board text never turns into links or embeds; an entity's node names its
  kind and aliases under the heading ("Person · also: A. Selvi").
* link kinds become edge colours and labels with an arrow at the target: corroborates
  ``"4"`` (green), contradicts ``"1"`` (red), derived from ``#808080`` (grey); a related
  link is labelled with its words only and drawn in the colour it came with. A line's
  sides and ends (its :class:`~evidenceboard.model.links.LinkStyle`) are written as
  they came.
* every field of ours rides along in one namespaced extension object per node and edge,
  ``"x-evidenceboard": {"card": …}`` / ``{"link": …}`` (the codec's JSON forms), and one
  at the top level with the board details and attachment descriptions, so reading our
  own file back gives the same board. Other apps ignore the extension.

Reading accepts files written by any app. Unknown keys are ignored; colours may be
presets ``"1"`` to ``"6"`` or ``#rrggbb``; optional fields may be missing. A node carrying
a valid extension is read from it (its position and size come from the node, in case it
was moved in another app, and so do a Markdown note's text and an edge's style; other
text edits made elsewhere are not taken over a valid extension). Foreign nodes:
``text`` → Markdown note (untitled: its first line's words show as its title), ``link`` →
article, ``file`` → document without bytes that keeps the path (a path from a file is
never opened). Groups become frames holding the cards that lie wholly inside them (the
smallest group wins), and their label is added as a tag to those cards too
(:mod:`evidenceboard.formats.canvas_groups`, which caps how much work and how many tags
the groups may make); our frames are written as groups. Foreign ids get fresh ids.
Edges take their kind from the extension only: another app's edge is a related link,
whatever its colour, with its label as the link's words and its colour, sides and ends
as its style. Wrong types, non-finite or out-of-range numbers, or a structure that is
not a canvas raise :class:`InvalidValueError` with the place named.
"""

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from evidenceboard.model import codec
from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.cancel import CancelCheck, Checkpoint
from evidenceboard.model.cards import (
    MAX_COORDINATE,
    MAX_SIZE,
    MAX_TITLE_LENGTH,
    MIN_SIZE,
    ArticleContent,
    Card,
    CardKind,
    DocumentContent,
    FrameContent,
    Geometry,
    NoteContent,
    clean_line,
)
from evidenceboard.model.errors import ChangeError, InvalidValueError
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.frames import is_frame
from evidenceboard.model.ids import new_id
from evidenceboard.model.links import MAX_LABEL_LENGTH, End, Link, LinkKind, LinkStyle, Side

EXTENSION = "x-evidenceboard"
KIND_COLOURS: dict[LinkKind, str | None] = {
    LinkKind.CORROBORATES: "4",
    LinkKind.CONTRADICTS: "1",
    LinkKind.DERIVED_FROM: "#808080",
    LinkKind.RELATED: None,
}
#: The preset colours as Obsidian shows them, for card colours read from presets.
PRESET_COLOURS = {
    "1": "#fb464c",
    "2": "#e9973f",
    "3": "#e0de71",
    "4": "#44cf6e",
    "5": "#53dfdd",
    "6": "#a882ff",
}
#: A card colour that came from a preset goes back out as that preset, so the other
#: app keeps following its theme's shade.
_PRESET_OF_COLOUR = {hex_: preset for preset, hex_ in PRESET_COLOURS.items()}
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~=])")
_MAX_NODES = 200_000
_SAFE_FILE = re.compile(r"[^A-Za-z0-9._-]")


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown syntax so text shows literally."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def default_file_name(sha256: str, file_name: str) -> str:
    """A file name made only of the hash and a cleaned extension, safe anywhere."""
    suffix = file_name.rsplit(".", 1)[1] if "." in file_name else ""
    suffix = _SAFE_FILE.sub("", suffix)[:10]
    return f"{sha256[:16]}.{suffix}" if suffix else sha256[:16]


def _node_text(card: Card) -> str:
    heading = f"## {escape_markdown(card.display_title)}"
    body = escape_markdown(card.text)
    source = escape_markdown(card.source_line)
    if card.kind.is_entity:
        also = ", ".join(card.aliases)
        entity = " · ".join(
            p for p in (card.kind.value.capitalize(), also and f"also: {also}") if p
        )
        source = " · ".join(p for p in (escape_markdown(entity), source) if p)
    return "\n\n".join(p for p in (heading, source and f"*{source}*", body) if p)


def _node(card: Card, file_names: Mapping[str, str]) -> dict[str, Any]:
    g = card.geometry
    node: dict[str, Any] = {
        "id": card.id,
        "x": round(g.x),
        "y": round(g.y),
        "width": round(g.width),
        "height": round(g.height),
        EXTENSION: {"card": codec.card_to_dict(card)},
    }
    content = card.content
    if isinstance(content, FrameContent):
        # A frame is what JSON Canvas calls a group: a labelled region behind its cards.
        node.update(type="group", label=card.title)
    elif isinstance(content, ArticleContent) and content.url:
        node.update(type="link", url=content.url)
    elif isinstance(content, DocumentContent) and content.attachment:
        name = file_names.get(content.attachment) or default_file_name(
            content.attachment, content.file_name
        )
        node.update(type="file", file=name)
    elif isinstance(content, DocumentContent) and content.file_path:
        # A file node read from another canvas points back at the same file. Obsidian
        # allows no "#" in a file's name, so the first one starts the subpath.
        path, hash_, subpath = content.file_path.partition("#")
        node.update(type="file", file=path)
        if hash_:
            node["subpath"] = hash_ + subpath
    elif isinstance(content, NoteContent) and content.markdown:
        # The user's Markdown goes out as they wrote it: no heading added, nothing escaped.
        node.update(type="text", text=content.text)
    else:
        node.update(type="text", text=_node_text(card))
    if card.colour:
        node["color"] = _PRESET_OF_COLOUR.get(card.colour, card.colour)
    return node


def _edge(link: Link) -> dict[str, Any]:
    style = link.style
    edge: dict[str, Any] = {"id": link.id, "fromNode": link.source, "toNode": link.target}
    if style.from_side is not None:
        edge["fromSide"] = style.from_side.value
    if style.to_side is not None:
        edge["toSide"] = style.to_side.value
    edge["fromEnd"] = (style.from_end or End.NONE).value
    edge["toEnd"] = (style.to_end or End.ARROW).value
    # A related line says only its own words; an evidence line names its kind.
    label = link.label or ("" if link.kind is LinkKind.RELATED else link.kind.label)
    if label:
        edge["label"] = label
    # An evidence line is drawn in its kind's colour, so a colour never misstates a kind.
    colour = style.colour if link.kind is LinkKind.RELATED else KIND_COLOURS[link.kind]
    if colour is not None:
        edge["color"] = colour
    edge[EXTENSION] = {"link": codec.link_to_dict(link)}
    return edge


def board_to_canvas(board: Board, file_names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The board as a JSON Canvas document; ``file_names`` maps SHA-256 to exported names."""
    names = file_names or {}
    return {
        # Groups first: a canvas draws its nodes in order, and a group goes behind.
        "nodes": [
            _node(board.cards[i], names)
            for i in sorted(board.cards, key=lambda i: (not is_frame(board.cards[i]), i))
        ],
        "edges": [_edge(board.links[i]) for i in sorted(board.links)],
        EXTENSION: {
            "board": codec.info_to_dict(board.info),
            "attachments": [
                codec.attachment_to_dict(board.attachments[s]) for s in sorted(board.attachments)
            ],
        },
    }


# -- reading ---------------------------------------------------------------------------


def _number(node: Mapping[str, Any], key: str, where: str, default: float | None = None) -> float:
    value = node.get(key, default)
    if value is None:
        raise InvalidValueError(f"{where} has no “{key}”.")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValueError(f"{where}: “{key}” must be a number.")
    number = float(value)
    if not math.isfinite(number) or abs(number) > MAX_COORDINATE:
        raise InvalidValueError(f"{where}: “{key}” is out of range.")
    return number


def _text(node: Mapping[str, Any], key: str, where: str, limit: int = 20_000_000) -> str:
    value = node.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidValueError(f"{where}: “{key}” must be text.")
    if len(value) > limit:
        raise InvalidValueError(f"{where}: “{key}” is too long.")
    return unicodedata.normalize("NFC", value)


def _colour(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidValueError(f"{where}: the colour must be text.")
    if value in PRESET_COLOURS:
        return PRESET_COLOURS[value]
    return value.lower() if _HEX.match(value) else None


def _geometry(node: Mapping[str, Any], where: str) -> Geometry:
    x, y = _number(node, "x", where), _number(node, "y", where)
    width = _number(node, "width", where, 240.0)
    height = _number(node, "height", where, 140.0)
    return Geometry(x, y, min(max(width, MIN_SIZE), MAX_SIZE), min(max(height, MIN_SIZE), MAX_SIZE))


def _extension(item: Mapping[str, Any], key: str) -> Any:
    ext = item.get(EXTENSION)
    return ext.get(key) if isinstance(ext, dict) else None


def _own_card(node: Mapping[str, Any], where: str) -> Card | None:
    data = _extension(node, "card")
    if data is None:
        return None
    card = codec.card_from_dict(data)
    if card.id != node.get("id"):
        raise InvalidValueError(f"{where}: the extension belongs to another node.")
    content = card.content
    if isinstance(content, NoteContent) and content.markdown and node.get("type") == "text":
        # The node's text is the note's own Markdown, so an edit made in the other app
        # is the user's and is taken; other cards' text nodes are only a rendering.
        text = _text(node, "text", where)
        if text != content.text:
            card = replace(card, content=replace(content, text=text))
    g = card.geometry
    moved = (node.get("x"), node.get("y"), node.get("width"), node.get("height")) != (
        round(g.x),
        round(g.y),
        round(g.width),
        round(g.height),
    )
    return replace(card, geometry=_geometry(node, where)) if moved else card


def _foreign_card(node: Mapping[str, Any], kind: str, where: str, by: str) -> Card:
    geometry = _geometry(node, where)
    common: dict[str, Any] = {"x": geometry.x, "y": geometry.y}
    common.update(width=geometry.width, height=geometry.height)
    colour = _colour(node.get("color"), where)
    if colour:
        common["colour"] = colour
    if kind == "link":
        url = _text(node, "url", where, MAX_TITLE_LENGTH)
        return make_card(CardKind.ARTICLE, url[:MAX_TITLE_LENGTH], by, url=url, **common)
    if kind == "file":
        path = _text(node, "file", where, MAX_TITLE_LENGTH)
        subpath = _text(node, "subpath", where, MAX_TITLE_LENGTH)
        if subpath and not subpath.startswith("#"):
            subpath = "#" + subpath
        name = re.split(r"[\\/]", path)[-1]
        return make_card(
            CardKind.DOCUMENT,
            name,
            by,
            file_name=name,
            origin=f"canvas file: {path}",
            file_path=(path + subpath)[:MAX_TITLE_LENGTH],
            **common,
        )
    text = _text(node, "text", where)
    # No title of its own: a Markdown note shows its first line's words as its title
    # (Card.display_title), and a copied title would print twice above the text.
    return make_card(CardKind.NOTE, "", by, text=text, markdown=True, **common)


def _foreign_link(edge: Mapping[str, Any], source: str, target: str, by: str, where: str) -> Link:
    """Another app's edge: a related link with its words, whatever its colour.

    A red or green line in someone's roadmap is a colour, not a verdict: reading it as
    contradicts or corroborates would put made-up evidence into the analysis (a canvas
    of 28 red lines became 28 contradictions). Only our own extension names a kind.
    """
    style = _style(edge, where)
    label = _text(edge, "label", where, MAX_TITLE_LENGTH)
    words = clean_line(label)
    if words == label.strip() and len(words) <= MAX_LABEL_LENGTH:
        return make_link(source, target, LinkKind.RELATED, by, label=words, style=style)
    # Words too long or on several lines for a line's label are kept as its rationale.
    return make_link(source, target, LinkKind.RELATED, by, rationale=label, style=style)


def _style(edge: Mapping[str, Any], where: str) -> LinkStyle:
    """How the edge is drawn; values the spec does not know are left out, not refused."""
    colour = edge.get("color")
    if colour is not None and not isinstance(colour, str):
        raise InvalidValueError(f"{where}: the colour must be text.")
    if colour is not None and colour not in PRESET_COLOURS:
        colour = colour.lower() if _HEX.match(colour) else None
    values: dict[str, Any] = {"colour": colour}
    for key, name, kind in (
        ("fromSide", "from_side", Side),
        ("toSide", "to_side", Side),
        ("fromEnd", "from_end", End),
        ("toEnd", "to_end", End),
    ):
        value = edge.get(key)
        if isinstance(value, str) and value in {member.value for member in kind}:
            values[name] = kind(value)
    # The spec's own defaults are written on every line, so they are no style.
    if values.get("from_end") is End.NONE:
        del values["from_end"]
    if values.get("to_end") is End.ARROW:
        del values["to_end"]
    return LinkStyle(**values)


def canvas_to_board(data: Any, by: str, cancel: CancelCheck | None = None) -> Board:
    """Read a JSON Canvas document (ours or another app's) into a new board.

    ``cancel`` is asked every few hundred nodes, groups and edges; when it says stop,
    :class:`~evidenceboard.model.cancel.Cancelled` is raised.
    """
    checkpoint = Checkpoint(cancel)
    if not isinstance(data, dict):
        raise InvalidValueError("A canvas file must hold a JSON object.")
    nodes, edges = data.get("nodes", []), data.get("edges", [])
    if not isinstance(nodes, list) or not isinstance(edges, list):
        raise InvalidValueError("A canvas's “nodes” and “edges” must be lists.")
    if len(nodes) > _MAX_NODES or len(edges) > _MAX_NODES:
        raise InvalidValueError("The canvas has too many nodes or edges to import.")
    info_data = _extension(data, "board")
    info = codec.info_from_dict(info_data) if info_data is not None else BoardInfo(authors=(by,))
    attachments = [codec.attachment_from_dict(a) for a in (_extension(data, "attachments") or [])]
    cards: dict[str, Card] = {}
    node_ids: dict[str, str] = {}
    groups: list[tuple[str, Geometry]] = []
    #: Another app's groups as frames, in file order (their cards are found below).
    foreign_frames: list[Card] = []
    for index, node in enumerate(nodes):
        checkpoint.tick()
        where = f"node {index + 1}"
        if not isinstance(node, dict):
            raise InvalidValueError(f"{where} is not an object.")
        node_id, kind = node.get("id"), node.get("type")
        if not isinstance(node_id, str) or not isinstance(kind, str):
            raise InvalidValueError(f"{where} needs a text “id” and “type”.")
        if kind == "group":
            own = _own_card(node, where)
            if own is not None and is_frame(own):
                if own.id in cards:
                    own = replace(own, id=new_id())
                node_ids[node_id] = own.id
                cards[own.id] = own
                continue
            label = _text(node, "label", where, MAX_TITLE_LENGTH).strip()
            area = _geometry(node, where)
            groups.append((label, area))
            frame = make_card(
                CardKind.FRAME,
                clean_line(label)[:MAX_TITLE_LENGTH],
                by,
                x=area.x,
                y=area.y,
                width=area.width,
                height=area.height,
                colour=_colour(node.get("color"), where),
            )
            node_ids[node_id] = frame.id
            foreign_frames.append(frame)
            continue
        if kind not in ("text", "file", "link"):
            continue
        card = _own_card(node, where) or _foreign_card(node, kind, where, by)
        if card.id in cards:
            card = replace(card, id=new_id())
        node_ids[node_id] = card.id
        cards[card.id] = card
    # Loaded here: the group pass uses numpy, which writing a canvas never needs.
    from evidenceboard.formats.canvas_groups import groups_of_cards, tag_cards_in_groups

    evidence = {i: c for i, c in cards.items() if not is_frame(c)}
    # Each card joins the smallest group it lies in: a frame holds no frames, and a
    # card is in one frame only.
    areas = [f.geometry for f in foreign_frames]
    # One key for all: a card counts once against the cap, however many groups hold it.
    inside = groups_of_cards(evidence, areas, checkpoint, ["frame"] * len(areas))
    held: dict[int, list[str]] = {}
    for card_id, indices in inside.items():
        smallest = min(
            indices,
            key=lambda i: foreign_frames[i].geometry.width * foreign_frames[i].geometry.height,
        )
        held.setdefault(smallest, []).append(card_id)
    for index, frame in enumerate(foreign_frames):
        members = tuple(held.get(index, ()))
        cards[frame.id] = replace(frame, content=FrameContent(members=members))
    # The labels stay on the cards as tags too, so a search for #label still finds them.
    tagged = tag_cards_in_groups(evidence, [g for g in groups if g[0]], checkpoint)
    cards.update(tagged)
    links: list[Link] = []
    for index, edge in enumerate(edges):
        checkpoint.tick()
        where = f"edge {index + 1}"
        if not isinstance(edge, dict):
            raise InvalidValueError(f"{where} is not an object.")
        source = node_ids.get(str(edge.get("fromNode")))
        target = node_ids.get(str(edge.get("toNode")))
        if source is None or target is None or source == target:
            continue  # An edge to a group, a missing node or itself has no card to join.
        own = _extension(edge, "link")
        if own is not None:
            link = codec.link_from_dict(own)
            # Sides and colours as the file has them now: the other app may have changed
            # them. An evidence line's colour is its kind's, not a style.
            style = _style(edge, where)
            if link.kind is not LinkKind.RELATED:
                style = replace(style, colour=None)
            links.append(replace(link, source=source, target=target, style=style))
            continue
        links.append(_foreign_link(edge, source, target, by, where))
    try:
        return Board.from_parts(info, cards.values(), _unique(links), attachments)
    except ChangeError as exc:
        raise InvalidValueError(f"The canvas is inconsistent: {exc}") from exc


def _unique(links: list[Link]) -> list[Link]:
    seen: set[str] = set()
    out = []
    for link in links:
        if link.id in seen:
            link = replace(link, id=new_id())
        seen.add(link.id)
        out.append(link)
    return out
