"""One benchmark stage, run as a child process by ``measure.run_stage``: ``stages.py NAME ARGS…``.

Each stage times its own core with ``time.perf_counter`` (interpreter start-up and imports
excluded, the same for claimgraph and for the baselines; opening the store included for
both) and prints one JSON line:
``{"seconds": …, …}``. Stages that must set up first (load data into rdflib) print
``READY`` when done, so their time limit only counts the work measured.

claimgraph stages go through the same library calls as the ``kg`` commands; baselines use
pyoxigraph or rdflib directly, as a user would by hand.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ASSERTED = "https://w3id.org/claimgraph/graph/asserted"
DERIVED = "https://w3id.org/claimgraph/graph/derived"

#: The contested question as one SPARQL query, the way a user would write it by hand:
#: every claim about a contested proposition, with its contradictions.
CONTESTED_QUERY = """
PREFIX cg: <https://w3id.org/claimgraph/ns#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
SELECT ?prop ?s ?p ?o ?c ?id ?stance ?name ?x ?kind ?reason WHERE {
  ?prop cg:status cg:Contested ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  ?c cg:proposition ?prop ; cg:stance ?stance ; cg:claimant ?a ; schema:identifier ?id .
  ?a schema:name ?name .
  OPTIONAL { ?x cg:between ?c ; cg:kind ?kind ; rdfs:comment ?reason }
}
"""

#: What ``kg claims`` lists, as one SPARQL query: every claim with its statement and its
#: optional fields (the listing's own query before issue 16), for the engine's baseline.
CLAIMS_QUERY = """
PREFIX cg: <https://w3id.org/claimgraph/ns#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX schema: <https://schema.org/>
SELECT ?c ?claimant ?stance ?prop ?s ?p ?o ?source ?id ?said ?quote ?medium ?for ?hedged
WHERE {
  ?c cg:claimant ?claimant ; cg:stance ?stance ; cg:proposition ?prop ; cg:source ?source .
  ?prop rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?c schema:identifier ?id } OPTIONAL { ?c cg:saidOn ?said }
  OPTIONAL { ?c cg:quote ?quote } OPTIONAL { ?c cg:medium ?medium }
  OPTIONAL { ?c cg:onBehalfOf ?for } OPTIONAL { ?c cg:hedged ?hedged }
}
"""

#: Values for named-query parameters, taken from what benchmarks/generate.py writes.
PARAMS = {"agent": "agent-1", "a": "agent-1", "b": "agent-2", "entity": "entity-1"}

STAGES: dict[str, Callable[..., dict[str, Any]]] = {}


def stage(function: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    STAGES[function.__name__.replace("_", "-")] = function
    return function


def ready() -> None:
    print("READY", flush=True)


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


# --- claimgraph --------------------------------------------------------------------------------


@stage
def validate(path: str) -> dict[str, Any]:
    """Parse and validate: every claim read, nothing minted."""
    from kg.inputs.dispatch import stream_input
    from kg.model import ClaimSet

    seconds, count = _timed(lambda: sum(1 for _ in stream_input(Path(path), ClaimSet())))
    return {"seconds": seconds, "claims": count}


@stage
def mint(path: str) -> dict[str, Any]:
    """Parse, validate and mint every claim's triples (not written anywhere)."""
    from kg.inputs.dispatch import stream_input
    from kg.model import ClaimSet
    from kg.rdf.to_triples import (
        claim_triples,
        claimset_triples,
        proposition_iri,
        proposition_triples,
    )

    def work() -> int:
        declared, seen, count = ClaimSet(), set(), 0
        for claim in stream_input(Path(path), declared):
            prop = proposition_iri(claim.proposition)
            if prop not in seen:
                seen.add(prop)
                count += sum(1 for _ in proposition_triples(prop, claim.proposition))
            count += sum(1 for _ in claim_triples(claim, prop))
        return count + sum(1 for _ in claimset_triples(declared))

    seconds, triples = _timed(work)
    return {"seconds": seconds, "triples": triples}


@stage
def dry_run(path: str) -> dict[str, Any]:
    """``kg ingest --dry-run``: parse, validate, mint and derive, write nothing."""
    from kg.ingest import ingest
    from kg.store import open_store

    with open_store("memory:", writable=True) as store:
        seconds, report = _timed(lambda: ingest(store, [path], dry_run=True))
    return {"seconds": seconds, "triples": report.triples}


@stage
def ingest(path: str, location: str) -> dict[str, Any]:
    """``kg ingest FILE`` into a new on-disk store, end to end."""
    from kg.ingest import ingest as run
    from kg.store import open_store

    shutil.rmtree(location, ignore_errors=True)

    def work() -> Any:
        with open_store(location, writable=True) as store:
            return run(store, [path])

    seconds, report = _timed(work)
    size = sum(f.stat().st_size for f in Path(location).rglob("*") if f.is_file())
    return {
        "seconds": seconds,
        "claims": report.claims,
        "triples": report.triples,
        "contradictions": report.contradictions,
        "store_mb": round(size / 2**20),
    }


class _LineClock(io.TextIOBase):
    """A stdout that throws the text away and notes when its 100th line was written."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.lines = 0
        self.first: float | None = None

    def write(self, text: str) -> int:
        self.lines += text.count("\n")
        if self.first is None and self.lines >= 100:
            self.first = time.perf_counter() - self.started
        return len(text)


def _clocked(write: Callable[[Any], None]) -> dict[str, Any]:
    """Time ``write(out)`` into a :class:`_LineClock`: seconds, lines, and when the 100th
    line was out."""
    started = time.perf_counter()
    clock = _LineClock(started)
    write(clock)
    return {
        "seconds": time.perf_counter() - started,
        "first_100_lines": clock.first,
        "lines": clock.lines,
    }


def _cli(*argv: str) -> Callable[[Any], None]:
    """Run ``kg ARGV…`` with its standard output sent to ``out``."""
    from kg.cli import cli

    def write(out: Any) -> None:
        real, sys.stdout = sys.stdout, out
        try:
            cli.main(list(argv), standalone_mode=False)
        finally:
            sys.stdout = real

    return write


@stage
def contested(location: str) -> dict[str, Any]:
    """``kg contested --format json``, all of it, and when its first 100 lines were out."""
    return _clocked(_cli("--store", location, "contested", "--format", "json"))


@stage
def contested_from_graphs(location: str) -> dict[str, Any]:
    """The same listing read from the graphs, not the rows kept for it (the path of a
    store without them): what the kept rows save."""
    from kg.report import write_contested_json
    from kg.store import open_store

    def write(out: Any) -> None:
        with open_store(location) as store:
            write_contested_json(store, out, from_graphs=True)

    return _clocked(write)


@stage
def claims(location: str) -> dict[str, Any]:
    """``kg claims --format json``, every claim."""
    result = _clocked(_cli("--store", location, "claims", "--format", "json"))
    del result["first_100_lines"]
    return result


def _named() -> tuple[Callable[[], Any], Callable[..., Any]] | None:
    """The named-query library, wherever this checkout has it (kg.sparql or kg.query)."""
    for module in ("kg.sparql", "kg.query"):
        try:
            found = __import__(module, fromlist=["named_queries", "run_query"])
            return found.named_queries, found.run_query
        except (ImportError, AttributeError):
            continue
    return None


@stage
def named_list() -> dict[str, Any]:
    """The shipped named queries and their parameters (empty when there are none)."""
    library = _named()
    if library is None:
        return {"seconds": 0.0, "queries": None}
    return {"seconds": 0.0, "queries": {q.name: sorted(q.params) for q in library[0]()}}


@stage
def named(name: str, location: str) -> dict[str, Any]:
    """``kg query --named NAME`` with parameters from the generated data, every row read
    (through ``kg.sparql.run_named`` where the checkout has it: a kept answer if any)."""
    from kg.store import open_store

    library = _named()
    assert library is not None
    query = next(q for q in library[0]() if q.name == name)
    params = {p: PARAMS.get(p, "agent-1") for p in query.params}

    try:  # what kg query --named runs: the kept answer where the store keeps one
        from kg.sparql import run_named
    except ImportError:
        run_named = None

    def work() -> int:
        with open_store(location) as store:
            if run_named is not None:
                return _count(run_named(store, name, params).result)
            return _count(library[1](store, query.text, params).result)

    seconds, rows = _timed(work)
    return {"seconds": seconds, "rows": rows}


def _count(result: Any) -> int:
    return sum(1 for _ in result) if not isinstance(result, bool) else 1


@stage
def export(fmt: str, location: str, output: str) -> dict[str, Any]:
    """``kg export --format FMT -o FILE``."""
    from kg.export import export as run
    from kg.store import open_store

    def work() -> None:
        with open_store(location) as store, open(output, "wb") as out:
            run(store, out, fmt)

    seconds, _ = _timed(work)
    return {"seconds": seconds, "mb": round(Path(output).stat().st_size / 2**20)}


@stage
def view_list() -> dict[str, Any]:
    """The NetworkX projections this checkout has (kg.views), or none."""
    try:
        from kg.views import VIEWS
    except ImportError:
        return {"seconds": 0.0, "views": None}
    return {"seconds": 0.0, "views": sorted(VIEWS)}


@stage
def view(name: str, location: str) -> dict[str, Any]:
    """Build one NetworkX projection from the store."""
    from kg.store import open_store
    from kg.views import VIEWS

    def work() -> Any:
        with open_store(location) as store:
            return VIEWS[name](store)

    seconds, graph = _timed(work)
    return {"seconds": seconds, "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}


# --- the engine underneath: pyoxigraph straight ------------------------------------------------


def _database(location: str) -> str:
    marker = json.loads((Path(location) / "claimgraph.json").read_text())
    return str(Path(location) / marker["data"])


@stage
def dump_nquads(location: str, output: str) -> dict[str, Any]:
    """The store's quads as N-Quads: the input of every baseline (not a measured stage)."""
    import pyoxigraph as ox

    store = ox.Store.read_only(_database(location))
    seconds, _ = _timed(lambda: store.dump(output=output, format=ox.RdfFormat.N_QUADS))
    return {"seconds": seconds}


@stage
def engine_bulk(nquads: str, directory: str) -> dict[str, Any]:
    """Oxigraph's bulk loader into a new on-disk store: fast, not atomic."""
    import pyoxigraph as ox

    shutil.rmtree(directory, ignore_errors=True)

    def work() -> None:
        store = ox.Store(directory)
        store.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)
        store.flush()

    seconds, _ = _timed(work)
    shutil.rmtree(directory, ignore_errors=True)
    return {"seconds": seconds}


@stage
def engine_transaction(nquads: str, directory: str) -> dict[str, Any]:
    """Oxigraph's transactional load into a new on-disk store: all or nothing."""
    import pyoxigraph as ox

    shutil.rmtree(directory, ignore_errors=True)

    def work() -> None:
        store = ox.Store(directory)
        store.load(path=nquads, format=ox.RdfFormat.N_QUADS)
        store.flush()

    try:
        seconds, _ = _timed(work)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return {"seconds": seconds}


@stage
def engine_contested(location: str) -> dict[str, Any]:
    """The contested question as one SPARQL query, straight on the on-disk store."""
    import pyoxigraph as ox

    def work() -> int:
        store = ox.Store.read_only(_database(location))
        return sum(1 for _ in store.query(CONTESTED_QUERY, use_default_graph_as_union=True))

    seconds, rows = _timed(work)
    return {"seconds": seconds, "rows": rows}


@stage
def engine_contested_json(location: str) -> dict[str, Any]:
    """The contested question as one SPARQL query, written out by the engine's JSON writer.

    The floor issue 16 measures ``kg contested --format json`` against: Oxigraph's query
    and its Rust serializer, no Python term per value.
    """
    import pyoxigraph as ox

    def work() -> int:
        store = ox.Store.read_only(_database(location))
        result = store.query(CONTESTED_QUERY, use_default_graph_as_union=True)
        sink = _ByteCounter()
        result.serialize(sink, ox.QueryResultsFormat.JSON)
        return sink.size

    seconds, size = _timed(work)
    return {"seconds": seconds, "bytes": size}


@stage
def engine_claims_json(location: str) -> dict[str, Any]:
    """Every claim and its fields as one SPARQL query, written by the engine's JSON writer."""
    import pyoxigraph as ox

    def work() -> int:
        store = ox.Store.read_only(_database(location))
        result = store.query(CLAIMS_QUERY, use_default_graph_as_union=True)
        sink = _ByteCounter()
        result.serialize(sink, ox.QueryResultsFormat.JSON)
        return sink.size

    seconds, size = _timed(work)
    return {"seconds": seconds, "bytes": size}


class _ByteCounter(io.RawIOBase):
    """A binary sink that counts what it is given (the writer's output, thrown away)."""

    def __init__(self) -> None:
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.size += len(data)
        return len(data)


def _written_in(name: str) -> str:
    """A named query's text with its parameters written in as literals.

    That is the query a user would run by hand in another tool. (A trailing VALUES clause,
    the other way, is joined after the whole query is evaluated: 16.9 s instead of 0.3 s
    for contradictions-between at 100k claims.)
    """
    library = _named()
    assert library is not None
    query = next(q for q in library[0]() if q.name == name)
    text = query.text
    for param in query.params:
        value = json.dumps(PARAMS.get(param, "agent-1"))
        text = re.sub(rf"[?$]{re.escape(param)}\b", lambda _, v=value: v, text)
    return text


@stage
def engine_named(name: str, location: str) -> dict[str, Any]:
    """A named query's text straight on the on-disk store, its parameters written in."""
    import pyoxigraph as ox

    text = _written_in(name)

    def work() -> int:
        store = ox.Store.read_only(_database(location))
        return _count(store.query(text, use_default_graph_as_union=True))

    seconds, rows = _timed(work)
    return {"seconds": seconds, "rows": rows}


@stage
def engine_dump(fmt: str, location: str, output: str) -> dict[str, Any]:
    """Oxigraph's own serializer: both graphs of the on-disk store, one after the other."""
    import pyoxigraph as ox

    syntax = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}[fmt]

    def work() -> None:
        store = ox.Store.read_only(_database(location))
        with open(output, "wb") as out:
            for graph in (ASSERTED, DERIVED):
                store.dump(out, syntax, from_graph=ox.NamedNode(graph))

    seconds, _ = _timed(work)
    return {"seconds": seconds, "mb": round(Path(output).stat().st_size / 2**20)}


# --- rdflib alone ------------------------------------------------------------------------------


@stage
def rdflib_load(nquads: str) -> dict[str, Any]:
    """rdflib parsing the same quads into a Memory dataset: its ingest."""
    from rdflib import Dataset

    ready()
    dataset = Dataset()
    seconds, _ = _timed(lambda: dataset.parse(nquads, format="nquads"))
    return {"seconds": seconds, "triples": len(dataset)}


def _rdflib_graph(nquads: str) -> Any:
    from rdflib import Dataset

    graph = Dataset(default_union=True)  # both named graphs, seen as one by queries
    graph.parse(nquads, format="nquads")
    return graph


def _rdflib_merged(nquads: str) -> Any:
    """Both named graphs' triples in one plain rdflib Graph (what Turtle holds)."""
    from rdflib import Graph

    graph = Graph()
    for triple in _rdflib_graph(nquads).triples((None, None, None)):
        graph.add(triple)
    return graph


@stage
def rdflib_contested(nquads: str) -> dict[str, Any]:
    """rdflib's SPARQL engine on the contested query (data loaded before the clock starts)."""
    graph = _rdflib_graph(nquads)
    ready()
    seconds, rows = _timed(lambda: sum(1 for _ in graph.query(CONTESTED_QUERY)))
    return {"seconds": seconds, "rows": rows}


@stage
def rdflib_named(name: str, nquads: str) -> dict[str, Any]:
    """rdflib's SPARQL engine on a named query's text (data loaded before the clock starts)."""
    text = _written_in(name)
    graph = _rdflib_graph(nquads)
    ready()
    seconds, rows = _timed(lambda: sum(1 for _ in graph.query(text)))
    return {"seconds": seconds, "rows": rows}


@stage
def rdflib_export(fmt: str, nquads: str, output: str) -> dict[str, Any]:
    """rdflib's serializer (data loaded before the clock starts)."""
    graph = _rdflib_merged(nquads)
    ready()
    syntax = {"turtle": "turtle", "nt": "nt"}[fmt]
    seconds, _ = _timed(lambda: graph.serialize(destination=output, format=syntax))
    return {"seconds": seconds, "mb": round(Path(output).stat().st_size / 2**20)}


@stage
def rdflib_view(nquads: str) -> dict[str, Any]:
    """rdflib's own NetworkX conversion of the whole graph (what a user gets by hand)."""
    from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph

    graph = _rdflib_merged(nquads)
    ready()
    seconds, result = _timed(lambda: rdflib_to_networkx_multidigraph(graph))
    return {"seconds": seconds, "nodes": result.number_of_nodes()}


@stage
def generate(claims: str, output: str) -> dict[str, Any]:
    """Write benchmarks/generate.py's data (not a measured stage)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generate import generate_sheet, write_jsonl

    def work() -> None:
        with open(output, "w", encoding="utf-8") as out:
            if output.endswith(".jsonl"):
                write_jsonl(int(claims), 42, out)
            else:
                json.dump(generate_sheet(int(claims)), out, ensure_ascii=False)

    seconds, _ = _timed(work)
    return {"seconds": seconds}


def main(argv: list[str]) -> int:
    result = STAGES[argv[0]](*argv[1:])
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
