"""Node attributes shared by the views: the same agent looks the same in every graph."""

from __future__ import annotations

from typing import Any

from kg.views.records import ClaimData

__all__ = ["node_attributes"]


def node_attributes(data: ClaimData, iri: str) -> dict[str, Any]:
    """``label``, ``id``, ``iri``, ``kind`` and ``type`` of an agent, entity or source.

    ``kind`` is "agent", "entity", "source" or "other" (an IRI the store does not describe).
    """
    node = data.nodes.get(iri)
    attrs: dict[str, Any] = {
        "label": data.label(iri),
        "id": node.id if node and node.id else data.label(iri),
        "iri": iri,
        "kind": node.kind if node else "other",
        "type": node.type if node and node.type else None,
    }
    if node is not None and node.kind == "source":
        attrs["published"] = node.published
        attrs["language"] = node.language
        attrs["publisher"] = data.label(node.publisher) if node.publisher else None
    return attrs
