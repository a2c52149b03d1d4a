"""SPARQL for claimgraph users: run a query safely, the shipped named queries, results.

* :func:`run_query` checks a query (no SERVICE or LOAD; FROM only among the store's own
  graphs), binds ``--param`` values as
  RDF terms, and runs it on any store;
* :func:`named_queries` / :func:`get_named_query` read the ``kg/queries/*.rq`` library,
  and :func:`run_named` runs one, from what the store keeps for it where it keeps something;
* :mod:`kg.sparql.results` writes the W3C result formats and the CLI's table.
"""

from kg.sparql.guard import refuse_outside_access
from kg.sparql.library import NamedQuery, get_named_query, named_queries
from kg.sparql.named import run_named
from kg.sparql.run import Outcome, param_term, parse_params, run_query

__all__ = [
    "NamedQuery",
    "Outcome",
    "get_named_query",
    "named_queries",
    "param_term",
    "parse_params",
    "refuse_outside_access",
    "run_named",
    "run_query",
]
