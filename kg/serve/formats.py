"""Content negotiation for ``kg serve``: which media type answers a request's Accept header.

SELECT and ASK answer in the W3C results formats (JSON by default); CONSTRUCT and DESCRIBE
in an RDF syntax (Turtle by default). ``q`` weights are honoured; a request whose Accept
admits none of them (and no wildcard) gets 406.

>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", graph=False)
'application/sparql-results+xml'
>>> negotiate(None, graph=True)
'text/turtle'
>>> negotiate("text/html,application/xml;q=0.9,*/*;q=0.8", offered=["text/turtle", "text/html"])
'text/html'
"""

from __future__ import annotations

import pyoxigraph as ox

__all__ = ["GRAPH_TYPES", "RESULT_TYPES", "negotiate"]

#: media type → format, for SELECT and ASK (the first one is the default)
RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: media type → format, for CONSTRUCT and DESCRIBE (the first one is the default)
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


def _accepted(header: str) -> list[tuple[float, int, str]]:
    """(q, order, media range) for each entry of an Accept header, parameters dropped."""
    entries = []
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        weight = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if weight > 0:
            entries.append((weight, order, media))
    return entries


def negotiate(
    accept: str | None, *, graph: bool = False, offered: list[str] | None = None
) -> str | None:
    """The media type to answer with, or None when the client accepts none we write.

    ``offered`` (first: the default) replaces the results or graph types when given.
    """
    offered = offered if offered is not None else list(GRAPH_TYPES if graph else RESULT_TYPES)
    if not accept or not accept.strip():
        return offered[0]
    best: tuple[float, int, int] | None = None
    chosen = None
    for weight, order, media in _accepted(accept):
        if media in offered:
            candidate, specificity = media, 2
        elif media.endswith("/*") and any(o.startswith(media[:-1]) for o in offered):
            candidate = next(o for o in offered if o.startswith(media[:-1]))
            specificity = 1
        elif media == "*/*":
            candidate, specificity = offered[0], 0
        else:
            continue
        rank = (weight, specificity, -order)
        if best is None or rank > best:
            best, chosen = rank, candidate
    return chosen
