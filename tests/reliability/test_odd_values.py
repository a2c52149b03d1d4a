"""Item 1, second half: valid but odd values are stored and exported exactly.

Quotes, backslashes, ``> } INSERT …`` in names, line breaks and tabs in quotes, emoji,
right-to-left text, tiny and huge decimals and far dates go in through a YAML file and a
JSON file (the parsers a user's sheet meets), and each value is then looked up in the
store as the exact RDF term the sheet describes, computed here from the document, not by
kg: names and labels as plain strings, quotes with their language, decimals equal as
numbers and written without exponent, dates as written. Every RDF export, parsed again,
holds the store's quads term for term; the YAML and the JSON file give the same store.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from hypothesis import HealthCheck, Phase, example, given, seed, settings
from strategies import sheets

from kg.export import export
from kg.ingest import ingest
from kg.store import Store, open_store
from reliability.corpus import ODD_SHEET
from reliability.harness import SEED, Figure, scale
from reliability.mutations import write_sheet

SCHEMA = "https://schema.org/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
CG = "https://w3id.org/claimgraph/ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
EXPORTS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
EXAMPLES = scale(25, 400)
CHECKED: dict[str, int] = {"documents": 0, "values": 0, "exports": 0}


def _iri(doc: dict[str, Any], kind: str, local: str) -> ox.NamedNode:
    base = doc.get("base", "https://w3id.org/claimgraph/id/")
    base = base if base.endswith(("/", "#")) else base + "/"
    return ox.NamedNode(f"{base}{kind}/{local}")


def _has(store: Store, subject: ox.NamedNode, predicate: str, value: ox.Literal) -> bool:
    """Whether the store holds exactly this triple (the value bound as a term, not text)."""
    query = "ASK { ?s ?p ?v }"
    return bool(store.query(query, {"s": subject, "p": ox.NamedNode(predicate), "v": value}))


def _expected(doc: dict[str, Any]) -> list[tuple[ox.NamedNode, str, ox.Literal]]:
    """The literal triples the sheet describes, term by term."""
    out: list[tuple[ox.NamedNode, str, ox.Literal]] = []
    for agent in doc["agents"]:
        node = _iri(doc, "agent", agent["id"])
        out += [(node, SCHEMA + "name", ox.Literal(agent["name"]))]
        out += [(node, RDFS + "label", ox.Literal(agent["name"]))]
        out += [(node, SCHEMA + "alternateName", ox.Literal(a)) for a in agent.get("aliases", [])]
    for entity in doc.get("entities", []):
        out += [(_iri(doc, "entity", entity["id"]), SCHEMA + "name", ox.Literal(entity["name"]))]
    for pred in doc.get("predicates", []):
        if pred.get("label"):
            out += [(_iri(doc, "predicate", pred["id"]), RDFS + "label", ox.Literal(pred["label"]))]
    languages = {}
    for source in doc["sources"]:
        out += [
            (_iri(doc, "source", source["id"]), SCHEMA + "headline", ox.Literal(source["title"]))
        ]
        languages[source["id"]] = source.get("language")
    for claim in doc["claims"]:
        node = _iri(doc, "claim", claim["id"])
        quote = claim.get("quote")
        if isinstance(quote, str):
            quote = {"text": quote, "lang": languages[claim["source"]]}
        if quote:
            lang = quote.get("lang") or languages[claim["source"]]
            literal = (
                ox.Literal(quote["text"], language=lang.lower())
                if lang
                else ox.Literal(quote["text"])
            )
            out.append((node, CG + "quote", literal))
        if claim.get("medium"):
            out.append((node, CG + "medium", ox.Literal(claim["medium"])))
        obj = claim["statement"][2] if "statement" in claim else None  # claims about claims
        if isinstance(obj, dict) and "text" in obj:
            out.append((node, "object", ox.Literal(obj["text"], language=obj["lang"].lower())))
        elif isinstance(obj, dict) and isinstance(obj.get("value"), str) and "datatype" not in obj:
            out.append((node, "object", ox.Literal(obj["value"])))
    return out


def _object_of(store: Store, claim: ox.NamedNode) -> Any:
    query = "SELECT ?c ?o WHERE { ?c cg:proposition ?p . ?p rdf:object ?o }"
    [row] = list(store.query(query, {"c": claim}))
    return row["o"]


def _check_numbers_and_dates(store: Store, doc: dict[str, Any]) -> int:
    """Amounts equal as numbers, written without exponent; dates as written."""
    checked = 0
    for claim in doc["claims"]:
        node = _iri(doc, "claim", claim["id"])
        for key, prop in (("value", "value"), ("min", "minValue"), ("max", "maxValue")):
            if key not in claim.get("amount", {}):
                continue
            amount = ox.NamedNode(node.value + "/amount")
            [row] = list(
                store.query(
                    "SELECT ?a ?p ?v WHERE { ?a ?p ?v }",
                    {"a": amount, "p": ox.NamedNode(SCHEMA + prop)},
                )
            )
            stored = row["v"]
            assert stored.datatype.value == XSD + "decimal"
            assert "E" not in stored.value.upper() and Decimal(stored.value) == Decimal(
                claim["amount"][key]
            )
            checked += 1
        if "said_on" in claim:
            [row] = list(store.query("SELECT ?c ?d WHERE { ?c cg:saidOn ?d }", {"c": node}))
            assert row["d"].value == str(claim["said_on"])
            checked += 1
        obj = claim["statement"][2] if "statement" in claim else None
        if isinstance(obj, dict) and isinstance(obj.get("value"), Decimal):
            stored = _object_of(store, node)
            assert (
                stored.datatype.value == XSD + "decimal" and Decimal(stored.value) == obj["value"]
            )
            checked += 1
        elif (
            isinstance(obj, dict)
            and isinstance(obj.get("value"), int)
            and not isinstance(obj["value"], bool)
        ):
            stored = _object_of(store, node)
            assert stored.datatype.value == XSD + "integer" and int(stored.value) == obj["value"]
            checked += 1
    return checked


def _quads(store: Store) -> set[ox.Quad]:
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.N_QUADS)
    return set(ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS))


def _check_exports(store: Store) -> None:
    quads = _quads(store)
    triples = {ox.Quad(q.subject, q.predicate, q.object) for q in quads}
    for name, syntax in EXPORTS.items():
        out = io.BytesIO()
        export(store, out, name)
        again = set(ox.parse(out.getvalue(), syntax))
        assert again == (quads if syntax.supports_datasets else triples), name
        CHECKED["exports"] += 1


def _ingest_file(doc: dict[str, Any], path: Path) -> tuple[Store, bytes]:
    path.write_bytes(write_sheet(doc, path.suffix[1:]))
    store = open_store("memory:", writable=True)
    ingest(store, [path])
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.N_QUADS)
    return store, out.getvalue()


def check_document(doc: dict[str, Any], directory: Path) -> None:
    """Ingest ``doc`` from YAML and from JSON, and check every odd value in both."""
    yaml_store, yaml_quads = _ingest_file(doc, directory / "odd.yaml")
    json_store, json_quads = _ingest_file(doc, directory / "odd.json")
    try:
        assert yaml_quads == json_quads
        for subject, predicate, value in _expected(doc):
            if predicate == "object":
                assert _object_of(yaml_store, subject) == value
            else:
                assert _has(yaml_store, subject, predicate, value), (subject, predicate, value)
            CHECKED["values"] += 1
        CHECKED["values"] += _check_numbers_and_dates(yaml_store, doc)
        _check_exports(yaml_store)
        CHECKED["documents"] += 1
    finally:
        yaml_store.close()
        json_store.close()


def test_odd_but_valid_values_are_stored_and_exported_exactly(
    tmp_path: Path, figure: Figure
) -> None:
    for key in CHECKED:
        CHECKED[key] = 0

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @seed(SEED)
    @example(doc=ODD_SHEET)
    @given(doc=sheets())
    def check(doc: dict[str, Any]) -> None:
        check_document(doc, tmp_path)

    check()
    figure.add(
        f"{CHECKED['documents']} odd sheets (YAML and JSON each), {CHECKED['values']:,} odd "
        f"values found in the store as the exact term written, {CHECKED['exports']} exports "
        f"re-read term for term: 0 differences; seed {SEED}"
    )
