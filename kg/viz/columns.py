"""The network's layout: speakers | claims | propositions, read left to right like a sentence.

Claims are rows, grouped by proposition with the most contested first, so two claims that
contradict each other sit close; each speaker and proposition is level with the mean of
its claims, pushed down just enough not to overlap the one above. Stacking speakers by
that mean (the barycentre rule for layered drawings) gives the fewest crossing
speaker-to-claim lines of all speaker orders on every bundled example (tests check it
against every permutation); the crossings left come from speakers with claims in several
proposition groups. ``assets/page.js`` (function ``columns``) lays the HTML page out by
the same rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.viz.data import DrawnClaim, Picture
from kg.viz.select import claim_groups, rank_propositions

__all__ = ["ColumnLayout", "column_layout"]


@dataclass
class ColumnLayout:
    """Vertical positions in claim rows (row 0 at the top)."""

    claims: dict[str, float] = field(default_factory=dict)
    speakers: dict[str, float] = field(default_factory=dict)
    propositions: dict[str, float] = field(default_factory=dict)

    @property
    def rows(self) -> float:
        """The height of the drawing, in rows."""
        every = (*self.claims.values(), *self.speakers.values(), *self.propositions.values())
        return max(every, default=0.0) + 1


def column_layout(
    picture: Picture,
    claims: list[str],
    height: Callable[[str], float] = lambda key: 1.0,
    gap: float = 0.2,
) -> ColumnLayout:
    """Place ``claims`` and their speakers and propositions.

    ``height`` gives a speaker's or proposition's box height in rows (a wrapped label
    is taller); boxes in a column keep ``gap`` rows between them.
    """
    ranked = rank_propositions(picture)
    rank = {p: n for n, p in enumerate(ranked)}
    groups = claim_groups(picture, ranked)

    def order(claim: DrawnClaim) -> tuple[int, bool, bool, str, str]:
        # A claim about claims sits after the claims of the proposition it answers.
        return (
            rank.get(groups[claim.key] or "", len(rank)),
            claim.proposition is None,
            claim.stance != "asserts",
            claim.said_on or "~",
            claim.id,
        )

    layout = ColumnLayout()
    rows = sorted((picture.claims[k] for k in claims), key=order)
    levels: dict[str, list[float]] = defaultdict(list)
    for n, claim in enumerate(rows):
        layout.claims[claim.key] = float(n)
        levels[claim.speaker].append(float(n))
        if claim.proposition is not None:
            levels[claim.proposition].append(float(n))
    for column, keys in (
        (layout.speakers, {c.speaker for c in rows}),
        (layout.propositions, {c.proposition for c in rows if c.proposition is not None}),
    ):
        bottom = float("-inf")
        mean = {k: sum(levels[k]) / len(levels[k]) for k in keys}
        for key in sorted(keys, key=lambda k: (mean[k], k)):
            y = max(mean[key], bottom + height(key) / 2 + gap)
            column[key] = y
            bottom = y + height(key) / 2
    return layout
