"""Write a draft claim sheet as YAML, with comments that say what a person should check.

Scalars are written as JSON strings, which YAML reads as double-quoted scalars: the quotes
keep every character of the article, accents and typographic marks included.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ClaimDraft", "SheetDraft", "write_sheet"]


@dataclass
class ClaimDraft:
    """One claim as it will be written."""

    id: str
    fields: dict[str, Any]
    checks: list[str] = field(default_factory=list)


@dataclass
class SheetDraft:
    source: dict[str, Any]
    agents: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    predicates: list[dict[str, Any]]
    claims: list[ClaimDraft]
    header: list[str]


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str) and _DATE.match(value):
        return value
    if (
        isinstance(value, str)
        and re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", value)
        and value not in ("true", "false", "yes", "no", "null", "on", "off", "y", "n")
    ):
        return value
    return json.dumps(value, ensure_ascii=False)


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value)


def _block(items: list[dict[str, Any]], indent: str = "  ") -> list[str]:
    lines = []
    for item in items:
        checks = item.pop("_checks", None) or []
        for check in checks:
            lines.append(f"{indent}# check: {check}")
        first = True
        for key, value in item.items():
            prefix = f"{indent}- " if first else f"{indent}  "
            lines.append(f"{prefix}{key}: {_flow(value)}")
            first = False
    return lines


def write_sheet(draft: SheetDraft) -> str:
    """The YAML text of ``draft``."""
    lines = [f"# {line}" if line else "#" for line in draft.header]
    lines += ["sheet: 1", "", "sources:"]
    lines += _block([dict(draft.source)])
    for name, items in (
        ("agents", draft.agents),
        ("entities", draft.entities),
        ("predicates", draft.predicates),
    ):
        if items:
            lines += ["", f"{name}:"]
            lines += _block([dict(i) for i in items])
    lines += ["", "claims:" if draft.claims else "claims: []"]
    for claim in draft.claims:
        lines.append("")
        lines += _block([{"_checks": claim.checks, "id": claim.id, **claim.fields}])
    return "\n".join(lines) + "\n"
