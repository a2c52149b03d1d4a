"""A process that ingests one hostile file at a time and says what happened (item 1).

Run by :class:`reliability.harness.FuzzWorker`, never by hand::

    python fuzz_worker.py BASELINE_FILE…

It holds an in-memory store with the baseline files ingested, reads one JSON request a
line on stdin (``{"path": …}``), ingests that file with :func:`kg.ingest.ingest` — what
``kg ingest`` runs — and answers one JSON line on the original stdout:

* ``outcome``: ``accepted``, ``refused`` (a :class:`kg.errors.KgError`, which the CLI
  prints as ``Error: …``), ``bug`` (any other exception: the CLI would print
  "internal error", a defect) or ``lost`` (a sheet accepted with fewer claims stored
  than it lists, a silent loss);
* ``changed``: whether the store's N-Quads differ from before the ingest;
* ``detail``: the error message, or the traceback of a bug.

The parent enforces the time limit by killing this process; a crash of the interpreter
(a native stack overflow, an abort) shows as the pipe closing. Memory is capped so that a
blow-up becomes a ``MemoryError`` here instead of the machine swapping.
"""

from __future__ import annotations

import io
import json
import os
import resource
import sys
import time
import traceback
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.ingest import ingest
from kg.inputs.documents import read_document
from kg.store import Store, open_store

MEMORY_LIMIT = 3 << 30


def _fresh(baseline: list[str]) -> tuple[Store, bytes]:
    store = open_store("memory:", writable=True)
    ingest(store, baseline)
    return store, _dump(store)


def _dump(store: Store) -> bytes:
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.N_QUADS)
    return out.getvalue()


def _listed_claims(path: str) -> int | None:
    """How many claims an accepted claim sheet lists (None for RDF input)."""
    if not path.endswith((".yaml", ".yml", ".json")):
        return None
    data, _ = read_document(Path(path))
    if not isinstance(data, dict) or "sheet" not in data:
        return None  # JSON-LD in a .json file
    claims = data.get("claims")
    return len(claims) if isinstance(claims, list) else 0


def main(baseline: list[str]) -> None:
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    sys.stdout = sys.stderr  # nothing but replies on the protocol stream
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    store, snapshot = _fresh(baseline)
    replies.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        request = json.loads(line)
        started = time.perf_counter()
        try:
            report = ingest(store, [request["path"]])
            outcome, detail = "accepted", ""
            listed = _listed_claims(request["path"])
            if listed is not None and listed != report.claims:
                outcome = "lost"
                detail = f"the sheet lists {listed} claims, the ingest took {report.claims}"
        except KgError as exc:
            outcome, detail = "refused", str(exc)[:2000]
        except Exception:
            outcome, detail = "bug", traceback.format_exc()[-6000:]
        seconds = time.perf_counter() - started
        try:
            changed = _dump(store) != snapshot
        except Exception:
            changed, detail = True, detail + "\n(the store could not be dumped afterwards)"
        if changed or outcome == "bug":
            store.close()
            store, snapshot = _fresh(baseline)  # the next input starts from the baseline
        replies.write(
            json.dumps(
                {"outcome": outcome, "changed": changed, "detail": detail, "seconds": seconds}
            )
            + "\n"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
