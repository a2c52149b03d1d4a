"""Listings: what ``kg claims`` and ``kg contested`` show, as plain data (rows and dicts).

:mod:`kg.cli` renders them as tables, JSON or CSV; :mod:`kg.viz` and :mod:`kg.views` build
on the same reads.
"""

from kg.report.claims import list_claims, resolve_node
from kg.report.contested import contested, iter_contested, write_contested_json

__all__ = ["contested", "iter_contested", "list_claims", "resolve_node", "write_contested_json"]
