"""Analyses of the NetworkX views: plain functions over graphs, one topic per module.

==========================  ===========================================================
module                      answers
==========================  ===========================================================
:mod:`.contested`           which propositions and entities are most contested
:mod:`.conflict`            which speakers sit at the centre of conflicts
:mod:`.camps`               which camps the speakers fall into (signed partition)
:mod:`.reach`               how far each claim travelled before it reached print
:mod:`.credibility`         whom to believe: Sums and TruthFinder truth discovery
:mod:`.report`              the rows ``kg graph …`` prints, from a store
==========================  ===========================================================

Every function takes the graph first (``f(G, ...)``) and returns plain Python data.
"""

from __future__ import annotations

from kg.analysis.camps import frustration, signed_camps
from kg.analysis.conflict import conflict_centre, conflict_subgraph
from kg.analysis.contested import most_contested_entities, most_contested_propositions
from kg.analysis.credibility import ASSUMPTIONS, REFERENCES, fact_graph, sums, truthfinder
from kg.analysis.reach import claim_hops, hop_counts, reporting_paths, top_relays

__all__ = [
    "ASSUMPTIONS",
    "REFERENCES",
    "claim_hops",
    "conflict_centre",
    "conflict_subgraph",
    "fact_graph",
    "frustration",
    "hop_counts",
    "most_contested_entities",
    "most_contested_propositions",
    "reporting_paths",
    "signed_camps",
    "sums",
    "top_relays",
    "truthfinder",
]
