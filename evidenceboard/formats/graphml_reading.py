"""Reading an untrusted GraphML file, with the node and edge caps applied while parsing.

``networkx.read_graphml`` parses the whole file into an ElementTree and builds a graph
of it before anything can look at the size, so a 6 MB file of 300,000 bare nodes
became 300,000 cards and hundreds of megabytes. Here lxml's ``iterparse`` counts nodes
and edges as their elements end and stops at the first one past :data:`MAX_NODES` or
:data:`MAX_EDGES`, asking ``cancel`` every few hundred elements on the way. The tree
is then read straight into a :class:`GraphData` (no networkx graph in between, which
took as long as the cards themselves), the way ``read_graphml`` reads it: keys with
their types (``boolean``, ``int``, ``long``, ``float``, ``double``, ``string``), an
empty value as "", yEd's node and edge labels as ``label`` (the first label that holds
text), nodes inside yEd groups, nodes named only by an edge, and the graph's own data.
A node's yEd box (``y:Geometry``: ``x``, ``y``, ``width``, ``height``) is kept too, for
the layout; one that is not four finite numbers is left out.

The parser never fetches anything: no DTD is loaded, no network is used and entities
are not substituted (an external one never opens its file; libxml2 refuses a "billion
laughs" of internal ones by its amplification limit), and libxml2's other limits stay
on (``huge_tree`` off: at most 256 levels of nesting, no text node over 10 MB).
"""

import itertools
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from evidenceboard.model.cancel import CancelCheck, Checkpoint
from evidenceboard.model.errors import InvalidValueError

#: More nodes than a hand-made or exported evidence graph holds. Making the cards is
#: most of the work (about 40 us each on a busy two-core machine), so at both caps a
#: file is read into a board in about 5 seconds and 160 MB there.
MAX_NODES = 25_000
#: Two links per node on average is already a dense evidence graph.
MAX_EDGES = 50_000

_NS = "http://graphml.graphdrawing.org/xmlns"
_NS_Y = "http://www.yworks.com/xml/graphml"
_TYPES: dict[str, Any] = {
    "boolean": bool,
    "int": int,
    "integer": int,
    "long": int,
    "float": float,
    "double": float,
    "string": str,
    "yfiles": str,
}
_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}
_NODES = frozenset((f"{{{_NS}}}node", "node"))
_EDGES = frozenset((f"{{{_NS}}}edge", "edge"))


def _parse(path: Path, cancel: CancelCheck | None) -> Any:
    """The document's root element, refused past a cap as soon as the cap is passed."""
    checkpoint = Checkpoint(cancel)
    with path.open("rb") as stream:
        return _count(path, stream, checkpoint)


def _count(path: Path, stream: Any, checkpoint: Checkpoint) -> Any:
    nodes = edges = 0
    context = etree.iterparse(
        stream,
        events=("end",),
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    for _event, element in context:
        checkpoint.tick()
        tag = element.tag
        if tag in _NODES:
            nodes += 1
            if nodes > MAX_NODES:
                raise InvalidValueError(
                    f"{path.name} has more than {MAX_NODES:,} nodes, more than can be imported."
                )
        elif tag in _EDGES:
            edges += 1
            if edges > MAX_EDGES:
                raise InvalidValueError(
                    f"{path.name} has more than {MAX_EDGES:,} edges, more than can be imported."
                )
    return context.root


@dataclass(slots=True)
class GraphData:
    """A GraphML file's first graph: its data, its nodes and its edges, in file order."""

    attrs: dict[str, Any] = field(default_factory=dict)
    #: Node id to its data; a node named only by an edge has none.
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: (source, target, the edge's id or None, its data) for every edge.
    edges: list[tuple[str, str, str | None, dict[str, Any]]] = field(default_factory=list)
    #: Node id to the box yEd draws it in: (x, y, width, height), y downwards.
    geometry: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)


class _Reader:
    """Reads the tree the way ``networkx.read_graphml`` does, without building a graph."""

    def __init__(self, root: Any, checkpoint: Checkpoint) -> None:
        # A file without the GraphML namespace, which read_graphml also accepts.
        ns = "" if root.tag == "graphml" else f"{{{_NS}}}"
        self.tags = {name: f"{ns}{name}" for name in ("key", "data", "graph", "node", "edge")}
        self.tags["hyperedge"] = f"{ns}hyperedge"
        self.checkpoint = checkpoint
        self.keys = self._keys(root)
        self.out = GraphData()

    def _keys(self, root: Any) -> dict[str | None, tuple[str, Any]]:
        keys: dict[str | None, tuple[str, Any]] = {}
        for key in root.iterchildren(self.tags["key"]):
            name, kind = key.get("attr.name"), key.get("attr.type") or "string"
            if key.get("yfiles.type") is not None:
                name, kind = key.get("yfiles.type"), "yfiles"
            if name is None or kind not in _TYPES:
                raise InvalidValueError(f"key “{key.get('id')}” has no name or an unknown type")
            keys[key.get("id")] = (name, _TYPES[kind])
        return keys

    def data(self, element: Any) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for data in element.iterchildren(self.tags["data"]):
            found = self.keys.get(data.get("key"))
            if found is None:
                raise InvalidValueError(f"data uses the undeclared key “{data.get('key')}”")
            name, kind = found
            if len(data):  # yEd's own markup: only its label is kept, as networkx does
                labels = data.iter(f"{{{_NS_Y}}}NodeLabel", f"{{{_NS_Y}}}EdgeLabel")
                texts = [label.text for label in itertools.islice(labels, 20)]
                if texts:
                    values["label"] = next((t for t in texts if t and t.strip()), texts[0])
            elif data.text is None:
                values[name] = ""
            elif kind is bool:
                if data.text.lower() not in _BOOLEANS:
                    raise InvalidValueError(f"“{data.text[:40]}” is not a boolean")
                values[name] = _BOOLEANS[data.text.lower()]
            else:
                values[name] = kind(data.text)
        return values

    def _box(self, node: Any) -> tuple[float, float, float, float] | None:
        for data in node.iterchildren(self.tags["data"]):
            geometry = next(data.iter(f"{{{_NS_Y}}}Geometry"), None)
            if geometry is None:
                continue
            try:
                box = tuple(float(geometry.get(name, "")) for name in ("x", "y", "width", "height"))
            except ValueError:
                return None
            x, y, width, height = box
            if all(math.isfinite(v) for v in box) and width >= 0 and height >= 0:
                return (x, y, width, height)
            return None
        return None

    def graph(self, graph: Any, directed: bool) -> None:
        if graph.find(self.tags["hyperedge"]) is not None:
            raise InvalidValueError("hyperedges are not supported")
        nodes, edges = self.out.nodes, self.out.edges
        for node in graph.iterchildren(self.tags["node"]):
            self.checkpoint.tick()
            node_id = str(node.get("id"))
            nodes.setdefault(node_id, {}).update(self.data(node))
            box = self._box(node)
            if box is not None:
                self.out.geometry[node_id] = box
            inner = node.find(self.tags["graph"])
            if node.get("yfiles.foldertype") == "group" and inner is not None:
                self.graph(inner, directed)  # yEd's groups; libxml2 caps the depth at 256
        for edge in graph.iterchildren(self.tags["edge"]):
            self.checkpoint.tick()
            if edge.get("directed") == ("false" if directed else "true"):
                raise InvalidValueError("directed and undirected edges are mixed")
            source, target = str(edge.get("source")), str(edge.get("target"))
            nodes.setdefault(source, {})
            nodes.setdefault(target, {})
            edges.append((source, target, edge.get("id"), self.data(edge)))
        self.out.attrs.update(self.data(graph))


def read_graphml_graph(path: Path, cancel: CancelCheck | None = None) -> GraphData:
    """The first graph of a GraphML file, read as ``networkx.read_graphml`` reads it.

    Raises :class:`InvalidValueError` naming the file for anything that is not
    GraphML we can read, or that passes a cap.
    """
    try:
        root = _parse(path, cancel)
    except etree.XMLSyntaxError as exc:
        raise InvalidValueError(f"{path.name} is not valid GraphML ({exc}).") from exc
    except OSError as exc:
        raise InvalidValueError(f"{path.name} cannot be read ({exc}).") from exc
    try:
        reader = _Reader(root, Checkpoint(cancel))
        graph = root.find(reader.tags["graph"])
        if graph is None:
            raise InvalidValueError("there is no graph in it")
        reader.graph(graph, graph.get("edgedefault") == "directed")
    except (InvalidValueError, ValueError, TypeError) as exc:
        raise InvalidValueError(f"{path.name} is not GraphML that can be read: {exc}.") from exc
    if len(reader.out.nodes) > MAX_NODES:  # nodes named only by edges count too
        raise InvalidValueError(
            f"{path.name} has more than {MAX_NODES:,} nodes, more than can be imported."
        )
    return reader.out
