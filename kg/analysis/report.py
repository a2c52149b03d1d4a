"""What ``kg graph …`` prints: rows and reports built from the views and the analyses.

One function per subcommand, each taking a store (and ``about``) and returning plain data
(lists of dicts, or a dict of them) that the CLI renders as a table, JSON or CSV. Names,
not IRIs, lead every row; IRIs follow for programs.
"""

from __future__ import annotations

from typing import Any

from kg.analysis.camps import frustration, signed_camps
from kg.analysis.conflict import conflict_centre
from kg.analysis.contested import most_contested_entities, most_contested_propositions
from kg.analysis.credibility import ASSUMPTIONS, REFERENCES, fact_graph, sums, truthfinder
from kg.analysis.reach import claim_hops, reporting_paths
from kg.errors import InputError
from kg.store.base import Store
from kg.views import (
    build_chains,
    build_claims,
    build_disagreement,
    build_said_about,
    chains,
    claims,
    disagreement,
    said_about,
)
from kg.views.records import read_claim_data, resolve_about

__all__ = [
    "CAMPS_METHOD",
    "camps_report",
    "centrality_rows",
    "chains_rows",
    "contested_report",
    "credibility_report",
    "disagreement_rows",
    "said_about_rows",
]

CAMPS_METHOD = (
    "least-frustration local search (relocation and merging of camps, Doreian & Mrvar "
    "style) from fixed and seeded random starts; a heuristic for an NP-hard problem"
)


def _data(store: Store, about: str | None, view: Any) -> Any:
    """The claims ``view`` (a module of :mod:`kg.views`) needs, and nothing more."""
    return read_claim_data(store, about=resolve_about(store, about), **view.READS)


def said_about_rows(store: Store, *, about: str | None = None) -> list[dict[str, Any]]:
    """One row per edge of the said-about view: who said what about whom."""
    G = build_said_about(_data(store, about, said_about))
    fields = ("role", "stance", "statement", "amount", "said_on", "source")
    out = [
        {
            "speaker": G.nodes[u]["label"],
            "about": G.nodes[v]["label"],
            **{name: d[name] for name in fields},
            "claim": d["claim_id"],
            "speaker_iri": u,
            "about_iri": v,
            "claim_iri": d["claim"],
        }
        for u, v, d in G.edges(data=True)
    ]
    out.sort(key=lambda r: (r["speaker"], r["about"], r["said_on"] or "", r["claim"], r["role"]))
    return out


def disagreement_rows(store: Store, *, about: str | None = None) -> list[dict[str, Any]]:
    """One row per pair of speakers who contradict or corroborate each other, conflicts first."""
    D = build_disagreement(_data(store, about, disagreement))
    fields = ("weight", "contradictions", "corroborations", "claims")
    out = [
        {
            "speaker_1": D.nodes[u]["label"],
            "speaker_2": D.nodes[v]["label"],
            **{name: d[name] for name in fields},
            "kinds": sorted({k for e in d["evidence"] for k in e["kinds"]}),
            "reasons": d["reasons"],
            "speaker_1_iri": u,
            "speaker_2_iri": v,
        }
        for u, v, d in D.edges(data=True)
    ]
    out.sort(key=lambda r: (r["weight"], r["speaker_1"], r["speaker_2"]))
    return out


def chains_rows(store: Store, *, about: str | None = None) -> list[dict[str, Any]]:
    """One row per claim: how many hops it travelled and through whom, longest first."""
    data = _data(store, about, chains)
    R = build_chains(data)
    hops = claim_hops(R)
    out = []
    for claim, paths in reporting_paths(R).items():
        info = data.claims[claim]
        chain = " | ".join(" → ".join(R.nodes[n]["label"] for n in path) for path in paths)
        out.append(
            {
                "claim": info.id,
                "hops": hops[claim],
                "chain": chain,
                "statement": data.statement(info),
                "said_on": info.said_on,
                "claim_iri": claim,
            }
        )
    out.sort(key=lambda r: (-r["hops"], r["claim"]))
    return out


def contested_report(
    store: Store, *, about: str | None = None, n: int | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The most contested entities and propositions (see :mod:`kg.analysis.contested`)."""
    C = build_claims(_data(store, about, claims))
    return {
        "entities": most_contested_entities(C, n),
        "propositions": most_contested_propositions(C, n),
    }


def centrality_rows(
    store: Store, *, about: str | None = None, n: int | None = None
) -> list[dict[str, Any]]:
    """Speakers at the centre of conflicts (see :func:`kg.analysis.conflict_centre`)."""
    return conflict_centre(build_disagreement(_data(store, about, disagreement)), n)


def camps_report(
    store: Store, *, about: str | None = None, max_camps: int | None = None, seed: int = 0
) -> dict[str, Any]:
    """Camps of speakers, the partition's frustration, and who belongs to no camp."""
    D = build_disagreement(_data(store, about, disagreement))
    camps = signed_camps(D, max_camps=max_camps, seed=seed)
    placed = {node for camp in camps for node in camp}
    label = {node: D.nodes[node]["label"] for node in D}
    return {
        "method": CAMPS_METHOD,
        "frustration": frustration(D, camps),
        "camps": [
            {
                "camp": n,
                "speakers": sorted(label[s] for s in camp),
                "members": sorted(({"name": label[s], "iri": str(s)} for s in camp), key=_by_name),
            }
            for n, camp in enumerate(camps, start=1)
        ],
        "unaligned": sorted(label[s] for s in D if s not in placed),
    }


def _by_name(member: dict[str, str]) -> tuple[str, str]:
    return (member["name"], member["iri"])


def credibility_report(
    store: Store, *, about: str | None = None, method: str = "both"
) -> dict[str, Any]:
    """Speaker trust and fact belief by Sums and/or TruthFinder, with their assumptions."""
    methods = {"both": ["sums", "truthfinder"], "sums": ["sums"], "truthfinder": ["truthfinder"]}
    if method not in methods:
        raise InputError(f"unknown method {method!r} (sums, truthfinder or both)")
    B = fact_graph(build_claims(_data(store, about, claims)))
    results = {name: (sums if name == "sums" else truthfinder)(B) for name in methods[method]}
    speakers = [n for n, side in B.nodes(data="bipartite") if side == 0]
    facts = [n for n, side in B.nodes(data="bipartite") if side == 1]
    speaker_rows = []
    for s in speakers:
        row: dict[str, Any] = {"speaker": B.nodes[s]["label"], "facts": B.degree(s)}
        for name, (trust, _) in results.items():
            row[name] = round(trust[s], 4)
        row["iri"] = s
        speaker_rows.append(row)
    fact_rows = []
    for f in facts:
        row = {
            "stance": B.nodes[f]["stance"],
            "statement": B.nodes[f]["statement"],
            "speakers": sorted(B.nodes[s]["label"] for s in B[f] if B.nodes[s]["bipartite"] == 0),
            "conflicts": sum(1 for g in B[f] if B.nodes[g]["bipartite"] == 1),
        }
        for name, (_, belief) in results.items():
            row[name] = round(belief[f], 4)
        row["proposition"] = f[0]
        fact_rows.append(row)
    first = methods[method][-1]
    speaker_rows.sort(key=lambda r: (-r[first], r["speaker"]))
    fact_rows.sort(key=lambda r: (-r[first], r["statement"] or "", r["stance"]))
    return {
        "methods": [
            {"name": name, "reference": REFERENCES[name], "assumptions": ASSUMPTIONS[name]}
            for name in methods[method]
        ],
        "speakers": speaker_rows,
        "facts": fact_rows,
    }
