"""SHACL validation of claimgraph triples against ``ontology/shapes.ttl``.

The shapes are the machine-readable form of docs/vocabulary.md: running them over what
:func:`kg.rdf.to_triples.claimset_triples` writes catches a sheet or RDF file whose data would break
queries and rules, and reports each break as a :class:`~kg.errors.Problem` carrying the
shape's own ``sh:message``. pyshacl is imported only when a check runs, so ``import kg``
stays fast.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from importlib.resources import files

from rdflib import Graph
from rdflib.namespace import RDF, SH
from rdflib.term import Node, URIRef

from kg.errors import Problem

__all__ = ["check_shapes", "shapes_graph"]


@functools.cache
def shapes_graph() -> Graph:
    """The SHACL shapes graph, parsed once per process.

    ``kg/ontology`` links to the top-level ``ontology/`` directory, so the same path works
    in a checkout and in an installed wheel. The graph is shared: do not modify it.

    >>> from rdflib.namespace import RDF, SH
    >>> from rdflib import URIRef
    >>> shape = URIRef("https://w3id.org/claimgraph/shapes#ClaimShape")
    >>> (shape, None, SH.NodeShape) in shapes_graph()
    True
    """
    text = (files("kg") / "ontology" / "shapes.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def check_shapes(ntriples: Iterable[str], *, file: str | None = None) -> list[Problem]:
    """Validate N-Triples lines (without the final `` .``) against the shapes.

    Returns one :class:`Problem` per distinct violation, sorted by place then message;
    ``where`` is the focus node and the property path in N-Triples syntax. An empty list
    means the triples conform. No inference is done and nothing is fetched.

    >>> from kg.vocab import CG, RDF
    >>> check_shapes([f'<https://example.org/c> {RDF.type.nt} {CG.Claim.nt}'])[0].message
    'A claim has a cg:proposition, or cg:respondsTo naming the claims it is about.'
    """
    # Imported here: pyshacl takes a noticeable time to load and most commands never need it.
    from pyshacl import validate

    data = Graph()
    # An rdflib graph, not pyshacl's Oxigraph backend: on 3,000 claims the latter took over
    # ten times as long, since every shape lookup crosses into Oxigraph.
    data.parse(data="".join(f"{line} .\n" for line in ntriples), format="nt")
    conforms, report, _text = validate(
        data,
        shacl_graph=shapes_graph(),
        inference="none",
        inplace=True,  # the graph is ours and no inference runs, so no need to copy it
        abort_on_first=False,
        allow_infos=False,
        allow_warnings=False,
        advanced=False,
        do_owl_imports=False,
    )
    if conforms:
        return []
    assert isinstance(report, Graph)
    problems = {
        _problem(report, result, file) for result in report.subjects(RDF.type, SH.ValidationResult)
    }
    return sorted(problems, key=lambda p: (p.where or "", p.message))


def _problem(report: Graph, result: Node, file: str | None) -> Problem:
    focus = report.value(result, SH.focusNode)
    path = report.value(result, SH.resultPath)
    message = report.value(result, SH.resultMessage)
    if message is None:  # every shape has an sh:message; this only guards a future slip
        message = report.value(result, SH.sourceConstraintComponent)
    place = [_n3(node) for node in (focus, path) if node is not None]
    return Problem(str(message), file=file, where=" ".join(place) or None)


def _n3(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    return str(node.n3())
