"""Pictures of the contradictions: an offline HTML page, static SVG / PNG figures, a timeline.

``write_picture(store, "out.html")`` picks the kind from the file's suffix:

==========  ==============================================================================
``.html``   an interactive page (Cytoscape.js inlined, no network), see :mod:`kg.viz.page`
``.svg``    a static figure for articles, drawn with matplotlib (:mod:`kg.viz.figure`)
``.png``    the same figure as a bitmap
==========  ==============================================================================

With ``timeline=True`` each kind shows claims over time, one lane per speaker.

Importing this package is cheap: matplotlib loads only when a figure is drawn.
"""

from __future__ import annotations

import os
from pathlib import Path

from kg.errors import InputError
from kg.store.base import Store

__all__ = ["SUFFIXES", "write_picture"]

#: File suffixes :func:`write_picture` understands.
SUFFIXES = (".html", ".svg", ".png")


def write_picture(
    store: Store,
    path: str | os.PathLike[str],
    *,
    focus: str | None = None,
    about: str | None = None,
    timeline: bool = False,
    max_nodes: int | None = None,
) -> Path:
    """Draw the store's claims into ``path`` (``.html``, ``.svg`` or ``.png``).

    ``about`` keeps the claims about one agent or entity (and the claims linked to them);
    ``focus`` starts from an agent, entity or claim; ``max_nodes`` caps what is drawn at
    first (the page lets the reader expand; a figure says what it left out). The file is
    written whole or not at all.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
        what = f"a {suffix} file" if suffix else "a file without a suffix"
        raise InputError(f"{target}: cannot draw {what}; use .html, .svg or .png")
    from kg.viz.data import build_picture

    picture = build_picture(store, about=about, focus=focus)
    partial = target.with_name(f".{target.name}.partial")
    try:
        if suffix == ".html":
            from kg.viz.page import render_page
            from kg.viz.select import MAX_NODES

            text = render_page(picture, timeline=timeline, max_nodes=max_nodes or MAX_NODES)
            partial.write_text(text, encoding="utf-8")
        else:
            from kg.viz.figure import FIGURE_MAX_NODES, save_figure

            limit = max_nodes or FIGURE_MAX_NODES
            save_figure(picture, partial, suffix[1:], timeline=timeline, max_nodes=limit)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target
