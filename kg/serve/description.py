"""The SPARQL 1.1 Service Description of ``kg serve``: what ``GET /sparql`` says about itself.

A client that dereferences the endpoint without a query, asking for RDF, learns the
endpoint's URL, the languages it speaks (updates only with a write token), the result
formats it writes, and its dataset: the union of the ``asserted`` and ``derived`` graphs
as default graph, each of them as a named graph.

>>> text = service_description("http://127.0.0.1:7879/sparql", updates=False).decode()
>>> "sd:SPARQL11Query" in text, "sd:SPARQL11Update" in text
(True, False)
"""

from __future__ import annotations

import io

import pyoxigraph as ox

from kg.sparql.dataset import STORE_GRAPHS

__all__ = ["service_description"]

_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "RDF_XML",
    "JSON-LD",
)


_COMMENT = (
    "Attributed claims: who said what, contradictions and corroborations. Read-only unless "
    "started with a write token. SERVICE and LOAD are refused; FROM and FROM NAMED choose "
    "among the named graphs below, and nothing is ever fetched."
)


def service_description(
    endpoint: str, *, updates: bool, fmt: ox.RdfFormat = ox.RdfFormat.TURTLE
) -> bytes:
    """The description of the endpoint at ``endpoint`` (an absolute IRI), in ``fmt``."""
    languages = "sd:SPARQL11Query" + (", sd:SPARQL11Update" if updates else "")
    formats = ", ".join(f"formats:{name}" for name in _FORMATS)
    named = ",\n      ".join(
        f"[ a sd:NamedGraph ; sd:name <{graph}> ; sd:graph [ a sd:Graph ] ]"
        for graph in STORE_GRAPHS
    )
    turtle = f"""\
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

[] a sd:Service ;
  rdfs:label "claimgraph (kg serve)" ;
  rdfs:comment "{_COMMENT}" ;
  sd:endpoint <{endpoint}> ;
  sd:supportedLanguage {languages} ;
  sd:resultFormat {formats} ;
  sd:feature sd:UnionDefaultGraph ;
  sd:defaultDataset [
    a sd:Dataset ;
    sd:defaultGraph [ a sd:Graph ; rdfs:comment "the union of the named graphs" ] ;
    sd:namedGraph
      {named}
  ] .
"""
    if fmt == ox.RdfFormat.TURTLE:
        return turtle.encode()
    quads = ox.parse(turtle.encode(), ox.RdfFormat.TURTLE)
    out = io.BytesIO()
    ox.serialize((q.triple for q in quads), out, fmt)
    return out.getvalue()
