"""Provenance: where each piece of evidence really comes from.

``derived_from`` links point from a report to the one it repeats, so following them to
the end of the chain gives the evidence's *origins*: a report that repeats nothing is its
own origin; one that repeats two others has both of theirs. Corroboration is then
counted in origins, not in links.

The derived_from graph is condensed into strongly connected components once, and origin
sets are computed per component in reverse topological order, so the whole board costs
time linear in its links (no per-claim walk). A cycle of derived_from links is an error
in the board (a report cannot, through others, repeat itself); its members are reported,
and a cycle that leads nowhere else counts as one origin, named by its first member in
id order, so every card still has an origin.
"""

from dataclasses import dataclass

import networkx as nx

from evidenceboard.model.board import Board
from evidenceboard.model.links import LinkKind


@dataclass(frozen=True, slots=True)
class Provenance:
    """Origins of every card that takes part in a derived_from chain, and the cycles found."""

    #: Origin ids of cards that derive from something; cards absent here are their own origin.
    derived_origins: dict[str, frozenset[str]]
    #: Each derived_from cycle as its member card ids (sorted) and the link ids inside it.
    cycles: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]

    def origins_of(self, card_id: str) -> frozenset[str]:
        found = self.derived_origins.get(card_id)
        return found if found is not None else frozenset((card_id,))


def trace_provenance(board: Board) -> Provenance:
    """Follow every derived_from chain of the board once."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    link_ids: dict[tuple[str, str], list[str]] = {}
    for link in board.links.values():
        if link.kind is LinkKind.DERIVED_FROM:
            graph.add_edge(link.source, link.target)
            link_ids.setdefault((link.source, link.target), []).append(link.id)
    if graph.number_of_nodes() == 0:
        return Provenance({}, ())

    condensed = nx.condensation(graph)
    members: dict[int, list[str]] = {
        node: sorted(data["members"]) for node, data in condensed.nodes(data=True)
    }
    component_origins: dict[int, frozenset[str]] = {}
    # Successors (what a component derives from) come later in topological order, so
    # walking it backwards sees every origin set before it is needed.
    for component in reversed(list(nx.topological_sort(condensed))):
        exits = list(condensed.successors(component))
        if exits:
            component_origins[component] = frozenset().union(*(component_origins[c] for c in exits))
        else:
            component_origins[component] = frozenset((members[component][0],))

    derived: dict[str, frozenset[str]] = {}
    mapping: dict[str, int] = condensed.graph["mapping"]
    for card_id, component in mapping.items():
        origins = component_origins[component]
        if origins != frozenset((card_id,)):
            derived[card_id] = origins

    inside: dict[int, list[str]] = {}
    for (source, target), lids in link_ids.items():
        component = mapping[source]
        if component == mapping[target] and len(members[component]) > 1:
            inside.setdefault(component, []).extend(lids)
    cycles = [(tuple(members[c]), tuple(sorted(lids))) for c, lids in inside.items()]
    cycles.sort()
    return Provenance(derived, tuple(cycles))
