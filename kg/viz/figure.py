"""Static figures (SVG, PNG) of the contradictions and of the timeline, for articles.

Drawn with matplotlib, a pure-Python install from PyPI, so ``kg demo`` can write its SVG on
a machine with nothing but Python (no Graphviz, no browser). matplotlib is imported only
here, when a figure is drawn. Text stays text in the SVG (``svg.fonttype: none``): names
and quotes are searchable and selectable, and the file is small and diffable; ids are
salted the same on every run, so the same store gives the same file.
"""

from __future__ import annotations

import os
import textwrap
from typing import Any

from kg.viz.columns import column_layout
from kg.viz.data import DrawnClaim, Picture
from kg.viz.palette import PALETTE
from kg.viz.select import Selection, choose_claims
from kg.viz.timeline import timeline_layout

__all__ = ["FIGURE_MAX_NODES", "save_figure"]

#: A printed page holds fewer nodes than a screen.
FIGURE_MAX_NODES = 120

_RC: Any = {  # Any: matplotlib types rc keys as a Literal of every known name
    "svg.fonttype": "none",
    "svg.hashsalt": "claimgraph",
    "font.family": "DejaVu Sans",
    "font.size": 8,
}
_ROW_INCHES = 0.42
_SPEAKER_CHARS = 26
_PROPOSITION_CHARS = 40


def save_figure(
    picture: Picture,
    path: str | os.PathLike[str],
    fmt: str,
    *,
    timeline: bool = False,
    max_nodes: int = FIGURE_MAX_NODES,
) -> None:
    """Write the network (or the timeline) of ``picture`` as ``fmt`` ("svg" or "png")."""
    import matplotlib

    selection = choose_claims(picture, max_nodes)
    with matplotlib.rc_context(_RC):
        fig = _timeline(picture, selection) if timeline else _network(picture, selection)
        metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(path, format=fmt, metadata=metadata, dpi=150 if fmt == "png" else None)


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=True)) or text


def _network(picture: Picture, selection: Selection) -> Any:
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch

    speaker_text = {
        k: _wrap(s.name, _SPEAKER_CHARS)
        + (f"\n(for {_wrap(s.speaks_for, 20)})" if s.speaks_for else "")
        for k, s in picture.speakers.items()
    }
    prop_text = {k: _wrap(p.label, _PROPOSITION_CHARS) for k, p in picture.propositions.items()}

    def height(key: str) -> float:
        text = speaker_text.get(key) or prop_text[key]
        return 0.32 * (text.count("\n") + 1) + 0.3

    layout = column_layout(picture, selection.claims, height)
    rows = max(layout.rows, 3.0)
    fig = Figure(figsize=(13, rows * _ROW_INCHES + 1.9))
    top = 1.0 - 0.75 / (rows * _ROW_INCHES + 1.9)
    ax = fig.add_axes(
        (0.01, 0.85 / (rows * _ROW_INCHES + 1.9), 0.98, top - 0.85 / (rows * _ROW_INCHES + 1.9))
    )
    ax.set_xlim(-0.2, 11.8)
    ax.set_ylim(rows - 0.4, -0.8)
    ax.axis("off")
    x_speaker, x_claim, x_prop = 2.4, 3.9, 7.6
    for key, y in layout.speakers.items():
        anonymous = picture.speakers[key].kind == "AnonymousSource"
        ax.text(
            x_speaker,
            y,
            speaker_text[key],
            ha="right",
            va="center",
            fontweight="bold",
            zorder=4,
            bbox={
                "boxstyle": "round,pad=0.4",
                "fc": PALETTE["speaker-fill"],
                "ec": PALETTE["speaker"],
                "lw": 1.4,
                "ls": "--" if anonymous else "-",
            },
        )
    for key, y in layout.propositions.items():
        contested = picture.propositions[key].contested
        ax.text(
            x_prop,
            y,
            prop_text[key],
            ha="left",
            va="center",
            zorder=4,
            bbox={
                "boxstyle": "square,pad=0.4",
                "fc": PALETTE["proposition-fill"],
                "ec": PALETTE["contradiction"] if contested else PALETTE["proposition"],
                "lw": 2.2 if contested else 0.8,
            },
        )
    obstacles = []  # every box drawn so far: link labels must not land on one
    for key, y in layout.claims.items():
        claim = picture.claims[key]
        ax.annotate(
            "",
            (x_claim - 0.08, y),
            (x_speaker + 0.12, layout.speakers[claim.speaker]),
            arrowprops={"arrowstyle": "-|>", "color": PALETTE["said"], "lw": 0.8},
            zorder=1,
        )
        if claim.proposition is not None:
            ax.annotate(
                "",
                (x_prop - 0.1, layout.propositions[claim.proposition]),
                (x_claim, y),
                arrowprops={"arrowstyle": "-|>", "color": PALETTE["said"], "lw": 0.8, "ls": "--"},
                zorder=1,
            )
        marker, size, colour = _claim_marker(claim)
        ax.plot([x_claim], [y], marker=marker, ms=size, zorder=5, color=colour, mec="white")
        obstacles.append(
            ax.text(
                x_claim + 0.14,
                y,
                claim.label,
                ha="left",
                va="center",
                fontsize=7.5,
                zorder=4,
                color=PALETTE["declines"] if claim.stance == "declines" else "#222222",
                fontstyle="italic" if claim.hedged else "normal",
                bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85},
            )
        )
    linked = {frozenset((link.a, link.b)) for link in picture.links}
    for key, claim in picture.claims.items():
        # A claim about claims with no link to what it answers (a non-answer): a grey line.
        for target in claim.responds_to:
            if key in layout.claims and target in layout.claims:
                if frozenset((key, target)) in linked:
                    continue
                ya, yb = sorted((layout.claims[key], layout.claims[target]))
                apart = max(yb - ya, 0.5)
                ax.add_patch(
                    FancyArrowPatch(
                        (x_claim, ya),
                        (x_claim, yb),
                        arrowstyle="-",
                        color=PALETTE["declines"],
                        lw=1.2,
                        ls=":",
                        connectionstyle=f"arc3,rad={0.5 / apart:.3f}",
                        zorder=2,
                    )
                )
    # Speaker and proposition boxes (not the empty annotations that carry arrows).
    obstacles += [t for t in ax.texts if t not in obstacles and t.get_text()]
    labels = []
    for link in picture.links:
        if link.a not in layout.claims or link.b not in layout.claims:
            continue
        ya, yb = sorted((layout.claims[link.a], layout.claims[link.b]))
        apart = max(yb - ya, 0.5)
        bulge = min(0.35 + 0.08 * apart, 1.2)  # inches, at the arc's apex
        colour = PALETTE["contradiction"] if link.is_contradiction else PALETTE["corroboration"]
        ax.add_patch(
            FancyArrowPatch(
                (x_claim, ya),
                (x_claim, yb),
                arrowstyle="-",
                color=colour,
                lw=2.6,
                connectionstyle=f"arc3,rad={2 * bulge / (apart * _ROW_INCHES):.3f}",
                zorder=3.5 if link.is_contradiction else 3,  # red above green, never hidden
            )
        )
        labels.append(
            ax.text(
                x_claim - bulge / (13 * 0.98) * 12.0,
                (ya + yb) / 2,
                link.label,  # one label per pair, every kind it meets
                ha="center",
                va="center",
                color=colour,
                fontsize=7.5,
                zorder=6,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9},
            )
        )
    _keep_apart(fig, labels, obstacles)
    _titles(fig, picture, selection)
    _legend(fig, timeline=False)
    return fig


def _timeline(picture: Picture, selection: Selection) -> Any:
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch

    layout = timeline_layout(picture, selection.claims)
    lanes = max(layout.height, 1.0)
    height = lanes * 0.6 + 2.2
    fig = Figure(figsize=(13, height))
    ax = fig.add_axes((0.16, 1.0 / height, 0.8, 1 - 1.85 / height))
    span = max(layout.span, 1.0)
    ax.set_xlim(-span * 0.03, span * 1.1)
    ax.set_ylim(lanes, -0.3)
    ax.set_yticks(layout.lane_y, [_wrap(picture.speakers[s].name, 24) for s in layout.lanes])
    ax.set_xticks(
        [x for x, _ in layout.ticks], [label for _, label in layout.ticks], rotation=30, ha="right"
    )
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="#e4e4e4", lw=0.8)
    ax.tick_params(axis="y", length=0)
    for x in layout.breaks:  # a stretch with no claim, drawn short
        ax.axvline(x, color="#cccccc", lw=1, ls=(0, (2, 3)), zorder=0)
        ax.text(x, lanes + 0.05, "≈", ha="center", va="top", color=PALETTE["muted"], zorder=1)
    if layout.undated_from is not None:
        ax.axvspan(layout.undated_from, layout.span, color="#f2f2f2", zorder=0)
        ax.text(
            (layout.undated_from + layout.span) / 2,
            -0.15,
            "undated",
            ha="center",
            color=PALETTE["muted"],
        )
    for key, x in layout.x.items():
        claim = picture.claims[key]
        marker, size, colour = _claim_marker(claim)
        ax.plot(
            [x], [layout.y[key]], marker=marker, ms=size - 1, zorder=5, color=colour, mec="white"
        )
        ax.annotate(
            claim.label,
            (x, layout.y[key]),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
            zorder=6,
            color=PALETTE["declines"] if claim.stance == "declines" else "#222222",
            fontstyle="italic" if claim.hedged else "normal",
        )
    for link in picture.links:
        if link.a not in layout.x or link.b not in layout.x:
            continue
        colour = PALETTE["contradiction"] if link.is_contradiction else PALETTE["corroboration"]
        a = (layout.x[link.a], layout.y[link.a])
        b = (layout.x[link.b], layout.y[link.b])
        upright = a[0] == b[0]  # same day: bend left, around the claims stacked between
        ax.add_patch(
            FancyArrowPatch(
                a,
                b,
                arrowstyle="-",
                color=colour,
                lw=2.2,
                zorder=3.5 if link.is_contradiction else 3,  # red above green, never hidden
                shrinkA=4,
                shrinkB=4,
                connectionstyle=f"arc3,rad={(0.5 if a[1] < b[1] else -0.5) if upright else 0}",
            )
        )
        ax.annotate(
            link.label,  # one label per pair, every kind it meets
            ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2),
            xytext=(-12 if upright else 0, 0),
            textcoords="offset points",
            ha="right" if upright else "center",
            va="center",
            color=colour,
            fontsize=7,
            zorder=6,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9},
        )
    _titles(fig, picture, selection)
    _legend(fig, timeline=True)
    return fig


def _claim_marker(claim: DrawnClaim) -> tuple[str, float, str]:
    """Marker, size and colour of a claim: circle asserts, diamond denies, grey square for a
    non-answer."""
    if claim.stance == "declines":
        return "s", 7, PALETTE["declines"]
    if claim.stance == "denies":
        return "D", 8, PALETTE["denies"]
    return "o", 9, PALETTE["asserts"]


def _keep_apart(fig: Any, labels: list[Any], obstacles: list[Any], pad: float = 2.0) -> None:
    """Move link labels until none overlaps another label or a box already drawn.

    Each label tries positions along its arc's side, nearest first, in steps of its own
    height; the boxes are measured by the renderer (bbox patch included), so what is checked
    is what is drawn.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()

    def box(text: Any) -> Any:
        extent = text.get_window_extent(renderer)
        patch = text.get_bbox_patch()
        if patch is not None:
            text.update_bbox_position_size(renderer)
            extent = extent.union([extent, patch.get_window_extent(renderer)])
        return extent.expanded(1, 1).padded(pad)

    placed = [box(t) for t in obstacles]
    for label in labels:
        x, y = label.get_position()
        step = box(label).height
        inverse = label.axes.transData.inverted()
        start = label.axes.transData.transform((x, y))
        for n in range(60):
            shift = (n + 1) // 2 * (1 if n % 2 else -1) * step
            sx, sy = inverse.transform((start[0] - (n // 12) * 20, start[1] + shift))
            label.set_position((sx, sy))
            here = box(label)
            if not any(here.overlaps(other) for other in placed):
                break
        placed.append(box(label))


def _titles(fig: Any, picture: Picture, selection: Selection) -> None:
    fig.suptitle(picture.summary(), x=0.01, ha="left", fontsize=11, fontweight="bold")
    shown = len(selection.claims)
    notes = [
        n
        for n in (
            shown < len(picture.claims) and f"Showing {shown:,} of {len(picture.claims):,} claims.",
            picture.scope and f"Scope: {picture.scope}.",
            selection.left_out() and selection.left_out() + ".",
        )
        if n
    ]
    if notes:
        fig.text(
            0.01,
            1 - 0.5 / fig.get_figheight(),
            _wrap(" ".join(notes), 180),
            ha="left",
            va="top",
            color=PALETTE["muted"],
        )


def _legend(fig: Any, *, timeline: bool) -> None:
    from matplotlib.artist import Artist
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Artist] = [
        Line2D(
            [],
            [],
            color=PALETTE["contradiction"],
            lw=2.6,
            label="contradiction (kind written beside it)",
        ),
        Line2D([], [], color=PALETTE["corroboration"], lw=2.6, label="corroboration"),
        Line2D([], [], ls="", marker="o", ms=8, color=PALETTE["asserts"], label="asserts"),
        Line2D([], [], ls="", marker="D", ms=7, color=PALETTE["denies"], label="denies"),
        Line2D([], [], ls="", marker="s", ms=6, color=PALETTE["declines"], label="declines"),
        Line2D([], [], ls="", label="~italic: hedged"),
    ]
    if not timeline:
        handles += [
            Patch(
                fc=PALETTE["speaker-fill"],
                ec=PALETTE["speaker"],
                label="speaker (dashed: anonymous)",
            ),
            Patch(
                fc=PALETTE["proposition-fill"],
                ec=PALETTE["contradiction"],
                lw=2,
                label="contested proposition",
            ),
        ]
    fig.legend(
        handles=handles,
        loc="lower center",
        ncol=len(handles),
        frameon=False,
        fontsize=7.5,
        bbox_to_anchor=(0.5, 0.0),
    )
