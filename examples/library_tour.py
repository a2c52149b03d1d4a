"""Use claimgraph from Python: ingest a sheet, list the conflict, add a claim, query SPARQL.

Run it from anywhere: ``python examples/library_tour.py``. It uses a throw-away in-memory
store, so it writes nothing to disk.
"""

from __future__ import annotations

import kg


def main() -> None:
    with kg.open_store("memory:", writable=True) as store:
        report = kg.ingest(store, [kg.example_path()])
        print(report.summary())

        for contradiction in kg.contested(store)["contradictions"]:
            print(f"[{contradiction['kind']}] {contradiction['reason']}")

        # A later claim, built in Python rather than read from a file: a Meta spokesperson
        # denies any signing bonus to OpenAI staff. It contradicts Altman's claim as soon as
        # it is ingested, with no rebuild.
        later = kg.sheet_to_claimset(
            {
                "sheet": 1,
                "base": "https://example.org/talent-war/",
                "sources": [{"id": "later-report", "title": "A later report", "language": "en"}],
                "agents": [
                    {"id": "meta", "name": "Meta", "type": "Organization"},
                    {"id": "openai-staff", "name": "OpenAI staff", "type": "Group"},
                    {"id": "spokesperson", "name": "A Meta spokesperson", "type": "Person"},
                ],
                "predicates": [
                    {"id": "offered_signing_bonus", "label": "offered a signing bonus to"}
                ],
                "claims": [
                    {
                        "id": "meta-denies",
                        "claimant": "spokesperson",
                        "stance": "denies",
                        "statement": ["meta", "offered_signing_bonus", "openai-staff"],
                        "source": "later-report",
                        "quote": "We never offered anyone such a bonus.",
                    }
                ],
            }
        )
        print(kg.ingest_claimset(store, later).summary())

        # SPARQL over the whole graph (asserted and derived graphs together).
        result = store.query(
            "SELECT ?reason WHERE { ?x a cg:Contradiction ; cg:kind cg:OppositeStance ;"
            " rdfs:comment ?reason }"
        )
        for row in result:
            print("opposite-stance:", row["reason"].value)


if __name__ == "__main__":
    main()
