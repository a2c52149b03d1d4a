"""Which claims a picture draws first: all of them, or the most contested part of a big graph.

A graph of thousands of nodes is a hairball. Above ``max_nodes`` nodes (speakers,
propositions and claims together), a picture starts from the most contested propositions,
with every claim about them and the claims that contradict or corroborate those, and says
what it left out; the HTML page lets the reader expand from there in the same order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kg.viz.data import Picture

__all__ = ["MAX_NODES", "Selection", "choose_claims", "claim_groups", "rank_propositions"]

#: Nodes drawn at first in the HTML page; readable on a laptop screen, and fast to lay out.
MAX_NODES = 300


@dataclass(frozen=True)
class Selection:
    """The claims drawn first, and how much of the picture that is."""

    claims: list[str]
    propositions: int
    total_claims: int
    total_propositions: int

    @property
    def complete(self) -> bool:
        return len(self.claims) == self.total_claims

    def left_out(self) -> str:
        """What was left out, in words ("" when nothing was)."""
        if self.complete:
            return ""
        return (
            f"{self.total_claims - len(self.claims):,} of {self.total_claims:,} claims and "
            f"{self.total_propositions - self.propositions:,} of {self.total_propositions:,} "
            "propositions left out; the most contested are shown"
        )


def claim_groups(picture: Picture, ranked: list[str] | None = None) -> dict[str, str | None]:
    """The proposition each claim is drawn with: its own, or for a claim about claims the
    most contested proposition among the claims it answers (so a blanket denial sits beside
    what it denies); None when it answers no drawn claim with a proposition."""
    order = {p: n for n, p in enumerate(ranked if ranked is not None else picture.propositions)}
    out: dict[str, str | None] = {}
    for key, claim in picture.claims.items():
        if claim.proposition is not None:
            out[key] = claim.proposition
            continue
        answered = {
            picture.claims[t].proposition
            for t in claim.responds_to
            if t in picture.claims and picture.claims[t].proposition is not None
        }
        out[key] = min(answered, key=lambda p: order.get(p or "", 0)) if answered else None
    return out


def rank_propositions(picture: Picture) -> list[str]:
    """Proposition keys, most contested first: by contradictions, corroborations, claims."""
    conflicts: dict[str, int] = defaultdict(int)
    agreements: dict[str, int] = defaultdict(int)
    sizes: dict[str, int] = defaultdict(int)
    for claim in picture.claims.values():
        if claim.proposition is not None:
            sizes[claim.proposition] += 1
    for link in picture.links:
        tally = conflicts if link.is_contradiction else agreements
        for end in {picture.claims[link.a].proposition, picture.claims[link.b].proposition}:
            if end is not None:
                tally[end] += 1
    return sorted(
        picture.propositions,
        key=lambda p: (-conflicts[p], -agreements[p], -sizes[p], int(p[1:])),
    )


def choose_claims(picture: Picture, max_nodes: int = MAX_NODES) -> Selection:
    """The claims to draw first: the focus (or everything) when it fits in ``max_nodes``.

    Otherwise whole groups (a proposition's claims plus their linked claims) are added,
    most contested proposition first, while the nodes fit.
    """
    candidates = picture.focus_claims or list(picture.claims)
    chosen = _Growing(picture)
    ranked = rank_propositions(picture)
    groups = claim_groups(picture, ranked)
    if _node_count(picture, candidates) <= max_nodes:
        chosen.add(candidates)
    else:
        allowed = set(candidates)
        by_prop: dict[str | None, list[str]] = defaultdict(list)
        for key in candidates:
            by_prop[groups[key]].append(key)
        partners = _partners(picture)
        for prop in ranked:
            if prop not in by_prop:
                continue
            group = by_prop[prop] + sorted(
                {p for c in by_prop[prop] for p in partners[c] if p in allowed}
            )
            if chosen.nodes_with(group) <= max_nodes:
                chosen.add(group)
            elif not chosen.claims:
                chosen.add_while_fits(group, max_nodes)
                break
            else:
                break
    ordered = [k for k in picture.claims if k in chosen.claims]
    return Selection(
        ordered,
        len(chosen.propositions),
        len(candidates),
        len({picture.claims[k].proposition for k in candidates} - {None}),
    )


def _node_count(picture: Picture, claims: Iterable[str]) -> int:
    grow = _Growing(picture)
    grow.add(claims)
    return grow.size


def _partners(picture: Picture) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for link in picture.links:
        out[link.a].add(link.b)
        out[link.b].add(link.a)
    return out


class _Growing:
    """A set of claims with the speakers and propositions they bring along."""

    def __init__(self, picture: Picture) -> None:
        self.picture = picture
        self.claims: set[str] = set()
        self.speakers: set[str] = set()
        self.propositions: set[str] = set()

    @property
    def size(self) -> int:
        return len(self.claims) + len(self.speakers) + len(self.propositions)

    def nodes_with(self, claims: Iterable[str]) -> int:
        new = {c for c in claims if c not in self.claims}
        info = [self.picture.claims[c] for c in new]
        return (
            self.size
            + len(new)
            + len({c.speaker for c in info} - self.speakers)
            + len({c.proposition for c in info if c.proposition} - self.propositions)
        )

    def add(self, claims: Iterable[str]) -> None:
        for key in claims:
            claim = self.picture.claims[key]
            self.claims.add(key)
            self.speakers.add(claim.speaker)
            if claim.proposition is not None:
                self.propositions.add(claim.proposition)

    def add_while_fits(self, claims: Iterable[str], max_nodes: int) -> None:
        for key in claims:
            if self.nodes_with([key]) > max_nodes:
                return
            self.add([key])
