"""Parsing an untrusted GraphML file into a networkx graph, with caps applied while reading.

``networkx.read_graphml`` parses the whole file into an ElementTree before it builds a
single node, so a 6 MB file of 300,000 bare nodes became 300,000 cards and hundreds of
megabytes before anything could refuse it. Here lxml's ``iterparse`` counts nodes and
edges as their elements end and stops at the first one past :data:`MAX_NODES` or
:data:`MAX_EDGES`, asking ``cancel`` every few hundred elements on the way. The tree it
built is then handed to networkx's own :class:`GraphMLReader` methods, so keys, types,
defaults and yEd labels are read exactly as ``read_graphml`` reads them.

The parser never fetches anything: no DTD is loaded, no network is used, entities are
not substituted (an internal "billion laughs" entity stays one unexpanded reference and
an external one never opens its file), and libxml2's limits stay on (``huge_tree`` off:
at most 256 levels of nesting, no text node over 10 MB).
"""

from pathlib import Path
from typing import Any

from lxml import etree
from networkx.readwrite.graphml import GraphMLReader

from evidenceboard.model.cancel import CancelCheck, Cancelled, Checkpoint
from evidenceboard.model.errors import InvalidValueError

#: More nodes than any hand-made or exported evidence graph; 100,000 read in about two
#: seconds and 150 MB, where the cards and the tree are held at once.
MAX_NODES = 50_000
#: Links are lighter than cards; two per node on average is still a dense graph.
MAX_EDGES = 100_000

_NS = GraphMLReader.NS_GRAPHML
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


def read_graphml_graph(path: Path, cancel: CancelCheck | None = None) -> Any:
    """The first graph of a GraphML file as a networkx multigraph, as ``read_graphml`` gives.

    Raises :class:`InvalidValueError` naming the file for anything that is not
    GraphML networkx can read, or that passes a cap.
    """
    try:
        root = _parse(path, cancel)
        reader = GraphMLReader(node_type=str, force_multigraph=True)
        if root.tag == "graphml":
            # A file without the GraphML namespace, which read_graphml also accepts.
            reader.NS_GRAPHML = ""
        keys, defaults = reader.find_graphml_keys(root)
        for graph in root.findall(f"{{{reader.NS_GRAPHML}}}graph"):
            return reader.make_graph(graph, keys, defaults)
    except (Cancelled, InvalidValueError):
        raise
    except etree.XMLSyntaxError as exc:
        raise InvalidValueError(f"{path.name} is not valid GraphML ({exc}).") from exc
    except Exception as exc:  # networkx raises KeyError, ValueError, TypeError, its own.
        raise InvalidValueError(
            f"{path.name} is not a GraphML file networkx can read ({exc})."
        ) from exc
    raise InvalidValueError(f"{path.name} holds no GraphML graph.")
