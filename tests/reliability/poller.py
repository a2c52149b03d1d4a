"""A reader process for item 3: ``python poller.py STORE STOP_FILE``.

Until STOP_FILE exists it opens the store read-only, as `kg query` does, reads three
counts in one query (asserted triples, derived triples, claims), closes it, and prints
them as one JSON line with the time. A half-written store would show as a combination of
counts that no committed state has.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from kg.errors import StoreLocked
from kg.namespace import ASSERTED_GRAPH, DERIVED_GRAPH
from kg.store import open_store

STATE_QUERY = f"""
SELECT ?asserted ?derived ?claims WHERE {{
  {{ SELECT (COUNT(*) AS ?asserted) WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ ?s ?p ?o }} }} }}
  {{ SELECT (COUNT(*) AS ?derived) WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?s ?p ?o }} }} }}
  {{ SELECT (COUNT(*) AS ?claims) WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ ?c a cg:Claim }} }} }}
}}
"""


def state(store: object) -> list[int]:
    """The three counts of the store's current state."""
    [row] = list(store.query(STATE_QUERY))  # type: ignore[attr-defined]
    return [int(row[name].value) for name in ("asserted", "derived", "claims")]


def main(location: str, stop: str) -> None:
    while not Path(stop).exists():
        try:
            with open_store(location) as store:
                counts = state(store)
        except StoreLocked as exc:  # waited the whole lock timeout: say so, keep polling
            print(json.dumps({"locked": str(exc), "at": time.time()}), flush=True)
            continue
        print(json.dumps({"state": counts, "at": time.time()}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
