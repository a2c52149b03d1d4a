"""Which claims a picture of a big store, or of a busy node, reads: its most contested part.

A page holding every claim of a store of 100,000 took 50 s and weighed 52 MB; of a
million, no browser would open it. An entity of 33,000 claims in 358,000 contradictions
made a 91 MB page on its own. So past a budget of claims and links (:func:`fill`), a
picture reads the claims of the most contested propositions (of the store, or of the
node's claims) that fit, with the claims linked to them; :func:`kg.viz.data.build_picture`
says so in the picture's scope. The budgets are :data:`kg.viz.data.WHOLE_PICTURE_CLAIMS`
and :data:`kg.viz.data.NODE_PICTURE_BUDGET`.
"""

from __future__ import annotations

from kg.errors import InputError
from kg.report import contested, resolve_node
from kg.report.claims import one_voice, resolve_named
from kg.store.base import PREFIX_HEADER, Store, rows, select_in
from kg.store.records import propositions_about
from kg.vocab import ASSERTED_GRAPH, DERIVED_GRAPH

__all__ = [
    "claim_iris",
    "claims_of_focus",
    "fill",
    "link_counts",
    "most_claimed",
    "most_contested_claims",
    "most_contested_of",
]


def claims_of_focus(store: Store, needle: str) -> set[str]:
    """The claims a ``--focus`` picture of a big store starts from: the claim with this id,
    or the claims by or about this agent or entity (by: its one voice, a superset of its
    own claims)."""
    found = set(resolve_named(store, needle, "cg:Claim"))
    if found:
        return found
    for by, about in ((needle, None), (None, needle)):
        try:
            found |= claim_iris(store, by=by, about=about)
        except InputError:
            continue  # an entity speaks for nobody
    return found


def claim_iris(store: Store, *, by: str | None = None, about: str | None = None) -> set[str]:
    """The IRIs of the claims ``list_claims(store, by=by, about=about)`` lists (one of the
    two given), without reading their rows: for a speaker of 30,000 claims the rows took
    20 s, and the picture may keep only part of them."""
    if about is not None:
        props = propositions_about(store, resolve_node(store, about))
        query = (
            f"SELECT ?c WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ {{values}} ?c cg:proposition ?p }} }}"
        )
        return {r["c"].value for r in select_in(store, "p", props, query)}
    speakers = one_voice(store, resolve_node(store, by or "", agents_only=True))
    query = (
        f"SELECT ?c WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ {{values}} "
        "{ ?c cg:claimant ?who } UNION { ?c cg:onBehalfOf ?who } } }"
    )
    return {r["c"].value for r in select_in(store, "who", [f"<{a}>" for a in speakers], query)}


def most_contested_claims(store: Store, budget: int) -> tuple[set[str], int]:
    """The claims of the most contested propositions (most contradictions first, then in
    listing order), as many propositions as fit in ``budget`` (:func:`fill`), and how
    many propositions that is. A store with no contested proposition gives its most
    claimed propositions instead."""
    conflicts = contested(store)
    claims_of = {row["iri"]: row["claims"] for row in conflicts["propositions"]}
    if not claims_of:
        return most_claimed(store, budget)
    prop_of = {claim: prop for prop, claims in claims_of.items() for claim in claims}
    tally = dict.fromkeys(claims_of, 0)
    for entry in conflicts["contradictions"]:
        for prop in {prop_of.get(claim["iri"]) for claim in entry["claims"]} - {None}:
            tally[prop] += 1
    ranked = sorted(tally, key=lambda prop: -tally[prop])  # stable: listing order next
    return fill(store, [claims_of[prop] for prop in ranked], budget)


def most_contested_of(store: Store, claims: set[str], budget: int) -> tuple[set[str], int, int]:
    """Of ``claims``, those of the propositions in the most contradictions (then with the
    most claims, then by IRI), as many propositions as fit in ``budget`` (:func:`fill`);
    with how many propositions that is, and how many claims there were. Claims about
    claims, which have no proposition, come last, each on its own."""
    query = (
        "SELECT ?c ?p (COUNT(DISTINCT ?x) AS ?n) WHERE { "
        f"GRAPH <{ASSERTED_GRAPH}> {{ {{values}} OPTIONAL {{ ?c cg:proposition ?p }} }} "
        f"OPTIONAL {{ GRAPH <{DERIVED_GRAPH}> {{ ?x cg:between ?c }} }} }} GROUP BY ?c ?p"
    )
    members: dict[str, list[str]] = {}
    contradictions: dict[str, int] = {}
    for r in select_in(store, "c", [f"<{c}>" for c in claims], query):
        claim = r["c"].value
        group = r["p"].value if "p" in r else claim
        members.setdefault(group, []).append(claim)
        contradictions[group] = contradictions.get(group, 0) + int(r["n"].value)
    about_claims = {claim for claim in members if claim in claims}

    def rank(group: str) -> tuple[bool, int, int, str]:
        return (group in about_claims, -contradictions[group], -len(members[group]), group)

    chosen, count = fill(store, [sorted(members[g]) for g in sorted(members, key=rank)], budget)
    return chosen, count, len(claims)


def fill(store: Store, groups: list[list[str]], budget: int) -> tuple[set[str], int]:
    """The claims of the first ``groups`` (lists of claims, best first) that fit in
    ``budget``, at least one group; and how many groups that is.

    A claim costs one, plus one for each contradiction and corroboration it is in: each
    brings a link to the page and maybe a claim (an entity's 20,000 claims can be in
    300,000 contradictions, and a proposition asserted n times holds n(n-1)/2
    corroborations). The costs are read for a batch of groups at a time, so a big store
    is read only as far as the budget goes.
    """
    chosen: set[str] = set()
    spent = count = 0
    for start in range(0, len(groups), FILL_BATCH):
        batch = groups[start : start + FILL_BATCH]
        costs = link_counts(store, [claim for group in batch for claim in group])
        for group in batch:
            cost = sum(1 + costs.get(claim, 0) for claim in group)
            if chosen and spent + cost > budget:
                return chosen, count
            chosen.update(group)
            spent += cost
            count += 1
    return chosen, count


#: Groups whose costs :func:`fill` reads at once.
FILL_BATCH = 500


def link_counts(store: Store, claims: list[str]) -> dict[str, int]:
    """Claim IRI → how many contradictions and corroborating claims it has."""
    query = (
        "SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { "
        f"GRAPH <{DERIVED_GRAPH}> {{ {{values}} {{ ?x cg:between ?c }} UNION "
        "{ ?c cg:corroborates ?x } } } GROUP BY ?c"
    )
    return {
        r["c"].value: int(r["n"].value)
        for r in select_in(store, "c", [f"<{c}>" for c in claims], query)
    }


def most_claimed(store: Store, budget: int) -> tuple[set[str], int]:
    """The claims of the propositions with the most claims, as many as fit in ``budget``
    (:func:`fill`)."""
    query = (
        f"SELECT ?prop (COUNT(?c) AS ?n) WHERE {{ GRAPH <{ASSERTED_GRAPH}> "
        "{ ?c cg:proposition ?prop } } GROUP BY ?prop ORDER BY DESC(?n) STR(?prop)"
    )
    props: list[str] = []
    size = 0
    for r in rows(store.query(PREFIX_HEADER + query)):
        n = int(r["n"].value)
        if props and size + n > budget:
            break
        props.append(r["prop"].value)
        size += n
    claims_of = (
        f"SELECT ?c ?prop WHERE {{ {{values}} GRAPH <{ASSERTED_GRAPH}> "
        "{ ?c cg:proposition ?prop } }"
    )
    members: dict[str, list[str]] = {}
    for r in select_in(store, "prop", [f"<{p}>" for p in props], claims_of):
        members.setdefault(r["prop"].value, []).append(r["c"].value)
    return fill(store, [sorted(members.get(p, [])) for p in props], budget)
