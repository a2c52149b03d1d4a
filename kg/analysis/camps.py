"""Camps of speakers: a partition of the signed graph that keeps opponents apart.

A partition's *frustration* is the weight of the edges it gets wrong: negative edges inside
a camp plus positive edges between camps. A structurally balanced graph (Cartwright &
Harary; "weakly balanced" in Davis's sense when there are more than two camps) has a
partition of frustration 0, and then the camps are what everyone would draw by hand.

:func:`signed_camps` looks for a partition of least frustration with a local search in
the manner of Doreian & Mrvar's relocation algorithm for signed networks:

1. each connected component of the signed graph is partitioned on its own (speakers who
   never meet have no reason to share a camp);
2. starting points: everyone together; a two-colouring grown breadth-first along the signs
   (allies on the same side, opponents on the other); and ``restarts`` random partitions
   drawn with a fixed seed;
3. from each start, repeat until nothing changes: move any speaker to the camp (or to a new
   camp of their own) where fewer of their edges are frustrated, and merge any two camps
   whose merger lowers the frustration (single moves cannot reunite a camp split in half);
4. keep the partition with the least frustration, then the fewest camps.

Limits: finding the least frustration is NP-hard, so this is a heuristic and can stop at a
local optimum on large, tangled graphs (the restarts make that less likely, not
impossible); the number of camps is chosen by the criterion itself, so a speaker whose only
edges are negative ends up alone; speakers with no signed edge belong to no camp; and an
edge's weight counts claims, so a prolific pair weighs more than a single exchange.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict, deque
from collections.abc import Hashable, Iterable

import networkx as nx

__all__ = ["frustration", "signed_camps"]

Node = Hashable
_EPSILON = 1e-12


def frustration(D: nx.Graph, camps: Iterable[Iterable[Node]], weight: str = "weight") -> float:
    """Total weight of the edges ``camps`` gets wrong: negative inside, positive across.

    Edges with a node outside every camp, self-loops and zero weights do not count.

    Examples
    --------
    >>> import networkx as nx
    >>> D = nx.Graph([("a", "b", {"weight": 1}), ("b", "c", {"weight": -1}),
    ...               ("a", "c", {"weight": -2})])
    >>> frustration(D, [{"a", "b"}, {"c"}]), frustration(D, [{"a", "b", "c"}])
    (0, 3)
    """
    camp_of = {node: n for n, camp in enumerate(camps) for node in camp}
    total = 0
    for u, v, w in D.edges(data=weight, default=0):
        if u == v or u not in camp_of or v not in camp_of or not w:
            continue
        same = camp_of[u] == camp_of[v]
        if (w < 0 and same) or (w > 0 and not same):
            total += abs(w)
    return total


def signed_camps(
    D: nx.Graph,
    *,
    max_camps: int | None = None,
    restarts: int = 4,
    seed: int = 0,
    weight: str = "weight",
) -> list[set[Node]]:
    """Camps of a signed graph, found by least-frustration local search (see module doc).

    Parameters
    ----------
    D : networkx.Graph
        Undirected signed graph; ``weight`` > 0 means agreement, < 0 conflict.
    max_camps : int, optional
        At most this many camps per connected component (2 gives the classic
        "two sides" reading); default: as many as lower the frustration.
    restarts : int
        Random starting partitions per component, besides the two fixed ones.
    seed : int
        Seed of the random starts: the same graph and seed give the same camps.

    Returns
    -------
    list of sets
        Camps, largest first (ties: by smallest member). Speakers without any non-zero
        edge are in none.

    Examples
    --------
    Two pairs of allies who oppose each other across the pairs:

    >>> import networkx as nx
    >>> D = nx.Graph()
    >>> D.add_edges_from([("a", "b"), ("c", "d")], weight=1)
    >>> D.add_edges_from([("a", "c"), ("b", "d"), ("a", "d")], weight=-1)
    >>> [sorted(camp) for camp in signed_camps(D)]
    [['a', 'b'], ['c', 'd']]
    """
    if max_camps is not None and max_camps < 1:
        raise ValueError("max_camps must be at least 1")
    signed = nx.Graph()
    for u, v, w in D.edges(data=weight, default=0):
        if u != v and w:
            signed.add_edge(u, v, w=w)
    rng = random.Random(seed)
    camps: list[set[Node]] = []
    for component in sorted(nx.connected_components(signed), key=_order_key):
        sub = signed.subgraph(component)
        camps.extend(_best_partition(sub, sorted(sub, key=str), max_camps, restarts, rng))
    camps.sort(key=lambda camp: (-len(camp), _order_key(camp)))
    return camps


def _order_key(nodes: Iterable[Node]) -> str:
    return min(str(node) for node in nodes)


def _best_partition(
    G: nx.Graph, nodes: list[Node], max_camps: int | None, restarts: int, rng: random.Random
) -> list[set[Node]]:
    limit = len(nodes) if max_camps is None else min(max_camps, len(nodes))
    # Starts: everyone apart (local moves then grow camps, as in Louvain's first phase),
    # everyone together, two sides along the signs, and shuffled visiting orders.
    apart = {node: n for n, node in enumerate(nodes)}
    starts: list[tuple[dict[Node, int], list[Node]]] = [
        (apart, nodes),
        (dict.fromkeys(nodes, 0), nodes),
        (_sign_colouring(G, nodes, limit), nodes),
    ]
    for _ in range(restarts):
        order = nodes[:]
        rng.shuffle(order)
        starts.append((apart, order))
    best: tuple[float, int, list[set[Node]]] | None = None
    for start, order in starts:
        camp_of = _improve(G, order, dict(start), len(nodes))
        if len(set(camp_of.values())) > limit:
            # Too many camps: merge the cheapest pairs down to the cap, then polish.
            _shrink(G, camp_of, limit)
            camp_of = _improve(G, order, camp_of, limit)
        grouped: dict[int, set[Node]] = defaultdict(set)
        for node, camp in camp_of.items():
            grouped[camp].add(node)
        found = sorted(grouped.values(), key=_order_key)
        score = (frustration(G, found, "w"), len(found))
        if best is None or score < best[:2]:
            best = (*score, found)
    assert best is not None
    return best[2]


def _shrink(G: nx.Graph, camp_of: dict[Node, int], limit: int) -> None:
    """Keep the ``limit`` largest camps; fold each other camp whole into the kept camp where
    its edges are least frustrated (ties: the largest)."""
    sizes = Counter(camp_of.values())
    kept = sorted(sizes, key=lambda c: (-sizes[c], c))[:limit]
    kept_set = set(kept)
    # For each camp to fold: net weight (positive minus |negative|) toward each kept camp.
    pull: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for u, v, w in G.edges(data="w"):
        for a, b in ((camp_of[u], camp_of[v]), (camp_of[v], camp_of[u])):
            if a not in kept_set and b in kept_set:
                pull[a][b] += w
    target = {
        camp: max(kept, key=lambda k: (pull[camp][k], sizes[k], -k))
        for camp in sizes
        if camp not in kept_set
    }
    for node, camp in camp_of.items():
        camp_of[node] = target.get(camp, camp)


def _sign_colouring(G: nx.Graph, nodes: list[Node], limit: int) -> dict[Node, int]:
    """Two sides grown breadth-first: allies on one's side, opponents on the other."""
    side: dict[Node, int] = {}
    for root in sorted(nodes, key=lambda n: (-G.degree(n), str(n))):
        if root in side:
            continue
        side[root] = 0
        queue = deque([root])
        while queue:
            node = queue.popleft()
            for other in sorted(G[node], key=str):
                if other not in side:
                    side[other] = side[node] if G[node][other]["w"] > 0 else 1 - side[node]
                    queue.append(other)
    if limit < 2:
        return dict.fromkeys(nodes, 0)
    return side


def _improve(
    G: nx.Graph, nodes: list[Node], camp_of: dict[Node, int], limit: int
) -> dict[Node, int]:
    """Relocate nodes and merge camps while either lowers the frustration."""
    positive = {n: sum(w for _, _, w in G.edges(n, data="w") if w > 0) for n in nodes}
    changed = True
    while changed:
        changed = _relocate(G, nodes, camp_of, positive, limit)
        changed = _merge(G, camp_of) or changed
    return camp_of


def _relocate(
    G: nx.Graph,
    nodes: list[Node],
    camp_of: dict[Node, int],
    positive: dict[Node, float],
    limit: int,
) -> bool:
    """Move single nodes to the camp where the fewest of their edges are frustrated.

    A node in camp c has ``|negative weight into c| + positive weight out of c`` frustrated;
    every move changes the total frustration by exactly the change in that cost, so each
    move lowers it and the loop ends.
    """
    sizes = Counter(camp_of.values())
    fresh = max(sizes) + 1
    in_use = len(sizes)
    moved_any = moved = False
    first = True
    while moved or first:
        first = moved = False
        for node in nodes:
            toward: dict[int, float] = defaultdict(float)  # positive weight into each camp
            against: dict[int, float] = defaultdict(float)  # |negative| weight into each camp
            for other, attrs in G[node].items():
                if attrs["w"] > 0:
                    toward[camp_of[other]] += attrs["w"]
                else:
                    against[camp_of[other]] -= attrs["w"]
            current = camp_of[node]
            best_camp = current
            best_cost = against[current] + positive[node] - toward[current]
            for camp in sorted(set(toward) | set(against)):
                cost = against[camp] + positive[node] - toward[camp]
                if cost < best_cost - _EPSILON:
                    best_camp, best_cost = camp, cost
            # A camp of its own: only its positive edges are frustrated.
            if sizes[current] > 1 and in_use < limit and positive[node] < best_cost - _EPSILON:
                best_camp, fresh = fresh, fresh + 1
            if best_camp != current:
                sizes[current] -= 1
                in_use += (sizes[best_camp] == 0) - (sizes[current] == 0)
                sizes[best_camp] += 1
                camp_of[node] = best_camp
                moved = moved_any = True
    return moved_any


def _merge(G: nx.Graph, camp_of: dict[Node, int]) -> bool:
    """Merge pairs of camps whose union lowers frustration, best first; True if any merged."""
    between: dict[tuple[int, int], float] = defaultdict(float)
    for u, v, w in G.edges(data="w"):
        a, b = camp_of[u], camp_of[v]
        if a != b:
            # Merging turns a positive edge across into a satisfied one (-w) and a negative
            # edge across into a frustrated one (+|w|): the change is -w either way.
            between[min(a, b), max(a, b)] -= w
    target: dict[int, int] = {}
    for (a, b), delta in sorted(between.items(), key=lambda item: (item[1], item[0])):
        if delta >= -_EPSILON:
            break
        if a not in target and b not in target:  # disjoint merges: each delta stays exact
            target[a] = target[b] = a
    if not target:
        return False
    for node, camp in camp_of.items():
        camp_of[node] = target.get(camp, camp)
    return True
