"""REMOVE once main's validator accepts SPEC §2's new fields (stance declines, hedged,
on_behalf_of, amount unit, source text).

Until then drafts are validated as a copy with only those fields stripped: a `declines`
claim is dropped (with any responds_to pointing at it), the others lose the new keys.
"""

from __future__ import annotations

from pathlib import Path

import yaml

__all__ = ["strip_new_fields"]


def strip_new_fields(path: Path) -> Path:
    """Write ``path`` less the new fields beside it (``NAME.compat.yaml``) and return that."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for source in data.get("sources") or []:
        source.pop("text", None)
    claims = []
    dropped = set()
    for claim in data.get("claims") or []:
        if claim.get("stance") == "declines":
            dropped.add(claim["id"])
            continue
        claim.pop("hedged", None)
        claim.pop("on_behalf_of", None)
        if isinstance(claim.get("amount"), dict):
            claim["amount"].pop("unit", None)
        claims.append(claim)
    for claim in claims:
        if claim.get("responds_to"):
            claim["responds_to"] = [c for c in claim["responds_to"] if c not in dropped] or None
            if claim["responds_to"] is None:
                del claim["responds_to"]
    data["claims"] = claims
    out = path.with_suffix(".compat.yaml")
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out
