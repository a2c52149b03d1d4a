"""Whom to believe: truth discovery over (speaker, proposition, stance).

Truth-discovery algorithms estimate, together, how trustworthy each source is and how
believable each fact is, from who says what and which facts exclude each other. Here a
*speaker* is a claimant, and a *fact* is a proposition with a stance: "Meta offered OpenAI
staff signing bonuses" asserted is one fact, the same proposition denied is another.
:func:`fact_graph` builds the bipartite speaker–fact graph from the claims graph; two facts
*conflict* when a claim of one contradicts a claim of the other (docs/rules.md: opposite stances,
incompatible functional values, rebuttals).

Two algorithms, written from their papers' definitions:

- :func:`sums` — Sums, the Hubs-and-Authorities fact-finder of Pasternack & Roth
  ("Knowing What to Believe (when you already know something)", COLING 2010): a fact's
  belief is the sum of its speakers' trust, a speaker's trust the sum of its facts'
  beliefs, both rescaled by their maximum after each step.
- :func:`truthfinder` — TruthFinder of Yin, Han & Yu ("Truth Discovery with Multiple
  Conflicting Information Providers on the Web", KDD 2007 / TKDE 2008): a speaker's trust
  is the mean confidence of its facts; a fact's confidence score is the sum of
  −ln(1 − trust) over its speakers, lowered by ρ times the score of each conflicting fact,
  and turned into a probability by a logistic with dampening factor γ.

What these numbers are not: a verdict on what is true. They measure agreement patterns in
the store, and inherit every bias of what was collected. :data:`ASSUMPTIONS` spells out,
per method, what is assumed; ``kg graph credibility`` prints it with the figures.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

__all__ = ["ASSUMPTIONS", "REFERENCES", "fact_graph", "sums", "truthfinder"]

REFERENCES = {
    "sums": "Pasternack & Roth, Knowing What to Believe (when you already know something), "
    "COLING 2010 (Sums, after Kleinberg's Hubs and Authorities)",
    "truthfinder": "Yin, Han & Yu, Truth Discovery with Multiple Conflicting Information "
    "Providers on the Web, KDD 2007 / IEEE TKDE 2008",
}

_COMMON = [
    "A speaker is a voice: a claim made on behalf of an agent (a spokesperson's) is that "
    "agent's, and agents naming the same same_as IRI are one speaker; a fact is a "
    "(proposition, stance) pair: asserting and denying one proposition are two facts.",
    "Non-answers (declines) support no fact. A claim about claims supports the facts of the "
    "claims it answers: an endorsement the same fact, a blanket denial the opposite stance. "
    "Hedged claims weigh the same as the others.",
    "Two facts conflict when a claim of one contradicts a claim of the other (opposite "
    "stance, incompatible functional value, rebuttal); amounts are not part of a fact, so two "
    "speakers asserting one proposition with different amounts support the same fact.",
    "Speakers are assumed independent: an outlet repeating another's claim counts as a second "
    "voice (reporting chains are not discounted).",
    "Scores rank speakers and facts against each other in this store; they are not "
    "probabilities that a claim is true.",
]

#: What each method assumes, in the words ``kg graph credibility`` prints.
ASSUMPTIONS: dict[str, list[str]] = {
    "sums": [
        *_COMMON,
        "Sums ignores conflicts: it rewards speakers who say many things that others also say, "
        "so a prolific, much-echoed speaker ranks high whatever its accuracy.",
        "Scores are rescaled to a maximum of 1 in each connected group of speakers and facts "
        "(speakers who share no fact are not comparable; without this the largest group would "
        "drive every other to 0).",
    ],
    "truthfinder": [
        *_COMMON,
        "TruthFinder: a speaker's trust is the mean confidence of its facts; conflicting "
        "facts lower each other's confidence (implication -1, weight rho).",
        "Parameters as in the paper: initial trust 0.9, dampening gamma 0.3, influence rho 0.5; "
        "iteration stops when the trust vector's cosine similarity changes by less than 1e-6.",
    ],
}


def fact_graph(C: nx.Graph) -> nx.Graph:
    """The bipartite speaker–fact graph of a claims graph, with conflicts between facts.

    Speaker nodes are voices (``bipartite=0``, ``label``): a node's ``voice`` attribute
    when the claims graph has one (the agent a spokesperson speaks for, one per same_as
    group), else its ``claimant``. ``declines`` claims support no fact; a claim about
    claims supports the facts of the claims it answers (an endorsement the same stance, a
    blanket denial the opposite one). Fact nodes are
    ``(proposition, stance)`` tuples (``bipartite=1``, ``label`` like
    "denies: Meta offered …", ``statement``, ``stance``, ``proposition``). A speaker–fact
    edge (``relation="supports"``) lists the speaker's ``claims``; a fact–fact edge
    (``relation="conflicts"``) lists the contradiction ``kinds`` between them.

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph()
    >>> C.add_node("c1", claimant="altman", claimant_name="Altman", proposition="p",
    ...            stance="asserts", statement="Meta offered bonuses", id="c1")
    >>> C.add_node("c2", claimant="beyer", claimant_name="Beyer", proposition="p",
    ...            stance="denies", statement="Meta offered bonuses", id="c2")
    >>> C.add_edge("c1", "c2", relation="contradicts", kinds=["opposite-stance"])
    >>> B = fact_graph(C)
    >>> sorted(B.nodes[f]["label"] for f, side in B.nodes(data="bipartite") if side == 1)
    ['asserts: Meta offered bonuses', 'denies: Meta offered bonuses']
    >>> B.edges[("p", "asserts"), ("p", "denies")]["relation"]
    'conflicts'
    """
    B = nx.Graph(name="facts")
    facts: dict[Any, list[tuple[Any, str]]] = {}

    def facts_of(node: Any, seen: frozenset[Any] = frozenset()) -> list[tuple[Any, str]]:
        """The facts a claim supports: its own, or (a claim about claims) those it answers."""
        if node in facts:
            return facts[node]
        attrs = C.nodes[node]
        stance = attrs.get("stance")
        found: list[tuple[Any, str]] = []
        if stance not in ("asserts", "denies"):
            pass  # a non-answer supports nothing
        elif attrs.get("proposition") is not None:
            found = [(attrs["proposition"], stance)]
        else:
            for target in attrs.get("responds_to") or ():
                if target in C and target not in seen:
                    for prop, their in facts_of(target, seen | {node}):
                        found.append((prop, their if stance == "asserts" else _OPPOSITE[their]))
        facts[node] = sorted(set(found), key=str)
        return facts[node]

    for node, attrs in C.nodes(data=True):
        speaker = attrs.get("voice", attrs["claimant"])
        for fact in facts_of(node):
            if speaker not in B:
                name = attrs.get("voice_name") or attrs.get("claimant_name", str(speaker))
                B.add_node(speaker, bipartite=0, label=name)
            if fact not in B:
                statement = _fact_statement(C, fact, node, attrs)
                B.add_node(
                    fact,
                    bipartite=1,
                    label=f"{fact[1]}: {statement}",
                    statement=statement,
                    stance=fact[1],
                    proposition=fact[0],
                )
            if B.has_edge(speaker, fact):
                B.edges[speaker, fact]["claims"].append(attrs.get("id", node))
            else:
                B.add_edge(speaker, fact, relation="supports", claims=[attrs.get("id", node)])
    for u, v, attrs in C.edges(data=True):
        if attrs.get("relation") != "contradicts":
            continue
        for a in facts_of(u):
            for b in facts_of(v):
                if a == b:
                    continue  # incompatible amounts within one fact: not a conflict here
                if B.has_edge(a, b):
                    B.edges[a, b]["kinds"] = sorted(
                        set(B.edges[a, b]["kinds"]) | set(attrs.get("kinds", []))
                    )
                else:
                    B.add_edge(a, b, relation="conflicts", kinds=sorted(attrs.get("kinds", [])))
    return B


_OPPOSITE = {"asserts": "denies", "denies": "asserts"}


def _fact_statement(C: nx.Graph, fact: tuple[Any, str], node: Any, attrs: dict[str, Any]) -> Any:
    """The statement of a fact's proposition, from any claim about it."""
    if attrs.get("proposition") == fact[0]:
        return attrs.get("statement", fact[0])
    for other in attrs.get("responds_to") or ():
        if other in C and C.nodes[other].get("proposition") == fact[0]:
            return C.nodes[other].get("statement", fact[0])
    return fact[0]


def _sides(B: nx.Graph) -> tuple[dict[Any, list[Any]], dict[Any, list[Any]], dict[Any, list[Any]]]:
    """Facts of each speaker, speakers of each fact, and conflicting facts of each fact."""
    facts_of: dict[Any, list[Any]] = {}
    speakers_of: dict[Any, list[Any]] = {}
    conflicts: dict[Any, list[Any]] = {}
    for node, side in B.nodes(data="bipartite"):
        if side == 0:
            facts_of[node] = []
        elif side == 1:
            speakers_of[node] = []
            conflicts[node] = []
        else:
            raise nx.NetworkXError(f"node {node!r} has no bipartite attribute 0 or 1")
    for u, v, relation in B.edges(data="relation", default="supports"):
        if relation == "conflicts":
            conflicts[u].append(v)
            conflicts[v].append(u)
        else:
            speaker, fact = (u, v) if u in facts_of else (v, u)
            facts_of[speaker].append(fact)
            speakers_of[fact].append(speaker)
    return facts_of, speakers_of, conflicts


def sums(
    B: nx.Graph, max_iter: int = 100, tol: float = 1e-9
) -> tuple[dict[Any, float], dict[Any, float]]:
    """Trust of speakers and belief in facts by Sums (Hubs and Authorities).

    Parameters
    ----------
    B : networkx.Graph
        A speaker–fact graph (:func:`fact_graph`): speakers have ``bipartite=0``, facts
        ``bipartite=1``; edges with ``relation="conflicts"`` are ignored by this method.
    max_iter : int
        Most iterations; P&R ran a fixed 20, here iteration stops earlier once no score
        moves by more than ``tol``.

    Returns
    -------
    (trust, belief) : tuple of dicts
        Scores in [0, 1], rescaled to a maximum of 1 in each connected component.

    Examples
    --------
    a and b say f1; c says f1 and f2. Trust converges to the leading eigenvector of
    M·Mᵀ (M: speakers × facts), here (1/√2, 1/√2, 1), so belief in f2 is √2 − 1.

    >>> import networkx as nx
    >>> B = nx.Graph()
    >>> B.add_nodes_from(["a", "b", "c"], bipartite=0)
    >>> B.add_nodes_from(["f1", "f2"], bipartite=1)
    >>> B.add_edges_from([("a", "f1"), ("b", "f1"), ("c", "f2"), ("c", "f1")])
    >>> trust, belief = sums(B)
    >>> sorted(trust, key=trust.get, reverse=True)[0], round(belief["f2"], 3)
    ('c', 0.414)
    """
    facts_of, speakers_of, _ = _sides(B)
    supports = nx.Graph()
    supports.add_nodes_from(B)
    supports.add_edges_from(
        (u, v) for u, v, rel in B.edges(data="relation", default="supports") if rel != "conflicts"
    )
    trust: dict[Any, float] = dict.fromkeys(facts_of, 1.0)
    belief: dict[Any, float] = dict.fromkeys(speakers_of, 0.0)
    components = list(nx.connected_components(supports))
    for _ in range(max_iter):
        belief = {f: sum(trust[s] for s in speakers) for f, speakers in speakers_of.items()}
        _rescale(belief, components)
        new_trust = {s: sum(belief[f] for f in facts) for s, facts in facts_of.items()}
        _rescale(new_trust, components)
        moved = max((abs(new_trust[s] - trust[s]) for s in trust), default=0.0)
        trust = new_trust
        if moved <= tol:
            break
    return trust, belief


def _rescale(scores: dict[Any, float], components: list[set[Any]]) -> None:
    for component in components:
        members = [n for n in component if n in scores]
        top = max((scores[n] for n in members), default=0.0)
        if top > 0:
            for n in members:
                scores[n] /= top


def truthfinder(
    B: nx.Graph,
    initial_trust: float = 0.9,
    dampening: float = 0.3,
    influence: float = 0.5,
    max_iter: int = 100,
    tol: float = 1e-6,
) -> tuple[dict[Any, float], dict[Any, float]]:
    """Trust of speakers and confidence in facts by TruthFinder.

    One iteration, for speakers w and facts f (F(w): w's facts, W(f): f's speakers):

    - τ(w) = −ln(1 − t(w)), the trust score;
    - σ(f) = Σ τ(w) over W(f), the confidence score;
    - σ*(f) = σ(f) + ρ · Σ σ(f′) · imp(f′ → f) over facts f′ in conflict with f, with
      imp = −1 (a conflicting fact counts against);
    - s(f) = 1 / (1 + exp(−γ · σ*(f))), the confidence;
    - t(w) = mean of s(f) over F(w), the new trust.

    Starting from t = ``initial_trust``, it repeats until the cosine similarity of two
    successive trust vectors differs from 1 by less than ``tol``.

    Parameters
    ----------
    B : networkx.Graph
        A speaker–fact graph (:func:`fact_graph`); ``relation="conflicts"`` edges between
        facts carry the implication −1.
    initial_trust, dampening, influence : float
        t₀, γ and ρ of the paper (defaults 0.9, 0.3 and 0.5, the paper's values).

    Returns
    -------
    (trust, confidence) : tuple of dicts
        Trust of each speaker and confidence of each fact, both in (0, 1).

    Examples
    --------
    Speakers a and b agree on two objects; c contradicts them on both.

    >>> import networkx as nx
    >>> B = nx.Graph()
    >>> B.add_nodes_from("abc", bipartite=0)
    >>> B.add_nodes_from(["x1", "x2", "y1", "y2"], bipartite=1)
    >>> B.add_edges_from([("a", "x1"), ("b", "x1"), ("a", "y1"), ("b", "y1"),
    ...                   ("c", "x2"), ("c", "y2")])
    >>> B.add_edges_from([("x1", "x2"), ("y1", "y2")], relation="conflicts")
    >>> trust, confidence = truthfinder(B)
    >>> trust["a"] > trust["c"], confidence["x1"] > confidence["x2"]
    (True, True)
    """
    facts_of, speakers_of, conflicts = _sides(B)
    trust = dict.fromkeys(facts_of, initial_trust)
    confidence: dict[Any, float] = dict.fromkeys(speakers_of, 0.0)
    for _ in range(max_iter):
        score = {s: -math.log(max(1.0 - t, 1e-12)) for s, t in trust.items()}
        sigma = {f: sum(score[s] for s in speakers) for f, speakers in speakers_of.items()}
        adjusted = {f: sigma[f] - influence * sum(sigma[g] for g in conflicts[f]) for f in sigma}
        confidence = {
            f: 1.0 / (1.0 + math.exp(-dampening * value)) for f, value in adjusted.items()
        }
        new_trust = {
            s: (sum(confidence[f] for f in facts) / len(facts)) if facts else initial_trust
            for s, facts in facts_of.items()
        }
        change = 1.0 - _cosine(trust, new_trust)
        trust = new_trust
        if change < tol:
            break
    return trust, confidence


def _cosine(a: dict[Any, float], b: dict[Any, float]) -> float:
    dot = sum(a[k] * b[k] for k in a)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 1.0
