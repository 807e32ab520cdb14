"""Provenance: where each piece of evidence really comes from.

``derived_from`` links point from a report to the one it repeats, so following them to
the end of the chain gives the evidence's *origins*: a report that repeats nothing is its
own origin; one that repeats two others has both of theirs. Corroboration is then
counted in origins, not in links.

The derived_from graph is condensed into strongly connected components once (Tarjan's
algorithm, which finishes a component only after every component it leads to), and
origin sets are computed per component in that order, so the whole board costs time
linear in its links (no per-claim walk). This is plain Python, as networkx's own
condensation is: importing networkx for it alone would double the start-up of the
``analyze`` command. A cycle of derived_from links is an error
in the board (a report cannot, through others, repeat itself); its members are reported,
and a cycle that leads nowhere else counts as one origin, named by its first member in
id order, so every card still has an origin.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

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
    successors: dict[str, list[str]] = {}
    link_ids: dict[tuple[str, str], list[str]] = {}
    for link in board.links.values():
        if link.kind is LinkKind.DERIVED_FROM:
            successors.setdefault(link.source, [])
            successors.setdefault(link.target, [])
            if (link.source, link.target) not in link_ids:
                successors[link.source].append(link.target)
            link_ids.setdefault((link.source, link.target), []).append(link.id)
    if not successors:
        return Provenance({}, ())

    components = _components_sinks_first(successors)
    mapping = {card_id: c for c, group in enumerate(components) for card_id in group}
    members = [sorted(group) for group in components]
    component_origins: list[frozenset[str]] = []
    # A component is finished after every component it derives from, so their origin
    # sets are all known when it is reached.
    for component, group in enumerate(components):
        exits = {mapping[t] for card_id in group for t in successors[card_id]} - {component}
        if exits:
            component_origins.append(frozenset().union(*(component_origins[c] for c in exits)))
        else:
            component_origins.append(frozenset((members[component][0],)))

    derived: dict[str, frozenset[str]] = {}
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


def _components_sinks_first(successors: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Strongly connected components, each after every component it has an arc to.

    Tarjan's algorithm with an explicit stack, so a chain of thousands of reports does
    not reach Python's recursion limit.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in successors:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work: list[tuple[str, Iterable[str]]] = [(root, iter(successors[root]))]
        while work:
            node, pending = work[-1]
            for child in pending:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(successors[child])))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group: list[str] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    found.append(group)
    return found
