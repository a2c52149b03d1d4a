"""claimgraph: who said what about whom, and where the claims contradict each other.

The public API, importable from ``kg`` directly::

    >>> import kg
    >>> with kg.open_store("memory:", writable=True) as store:
    ...     report = kg.ingest(store, [kg.example_path()])
    ...     [c["kind"] for c in kg.contested(store)["contradictions"]]
    ['rebuttal']

Names are loaded on first use (PEP 562), so ``import kg`` stays cheap for the CLI.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: public name → module that defines it
_EXPORTS: dict[str, str] = {
    "Agent": "kg.model",
    "AgentType": "kg.model",
    "Amount": "kg.model",
    "CG": "kg.namespace",
    "Change": "kg.store.base",
    "Claim": "kg.model",
    "ClaimSet": "kg.model",
    "During": "kg.model",
    "Entity": "kg.model",
    "IngestReport": "kg.ingest",
    "InputError": "kg.errors",
    "KgError": "kg.errors",
    "Predicate": "kg.model",
    "Problem": "kg.errors",
    "Proposition": "kg.model",
    "QueryError": "kg.errors",
    "Quote": "kg.model",
    "RdfInputError": "kg.errors",
    "RetractReport": "kg.derive.retract",
    "SheetError": "kg.errors",
    "Source": "kg.model",
    "Stance": "kg.model",
    "Store": "kg.store.base",
    "StoreConflict": "kg.errors",
    "StoreError": "kg.errors",
    "StoreLocked": "kg.errors",
    "UnknownReference": "kg.errors",
    "contested": "kg.report",
    "example_path": "kg.demo",
    "export": "kg.export",
    "ingest": "kg.ingest",
    "ingest_claimset": "kg.ingest",
    "list_claims": "kg.report",
    "load_sheet": "kg.inputs.sheets",
    "open_store": "kg.store",
    "read_inputs": "kg.ingest",
    "rebuild": "kg.derive.rebuild",
    "retract": "kg.derive.retract",
    "run_demo": "kg.demo",
    "sheet_to_claimset": "kg.inputs.sheets",
    "store_info": "kg.report.info",
    "validate_files": "kg.validate",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
