"""Reading ``kg contested``'s rows from the graphs themselves: claims, statuses, contradictions.

This is the path for a store whose kept listing rows (:mod:`kg.report.kept`) are missing or
stale, and the code that writes those rows in the first place, so both paths name things
the same way. Rows carry what their order is made of (``subject_iri``, ``asserted``,
``labelled`` on propositions, :func:`kg.report.kept.order_entry`; each claim's
``proposition`` on contradictions); the listing drops those keys before printing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kg.report.labels import identifiers, predicate_ids, tail
from kg.rules.contradictions import KINDS
from kg.rules.reasons import Labels
from kg.store.base import (
    PREFIX_HEADER,
    Store,
    cell_text,
    in_chunks,
    string_rows,
    values_block,
)
from kg.vocab import ASSERTED_GRAPH, CG, DERIVED_GRAPH, KIND_WORDS, STANCE_WORDS

__all__ = ["ContestedReader", "proposition_row"]


@dataclass(frozen=True)
class Proposition:
    """A contested proposition as the listing shows it."""

    iri: str
    subject: str
    predicate: str
    object: str
    #: does any claim assert it (asserted ones come before those only denied)
    asserted: bool
    subject_iri: str
    #: has the subject an ``rdfs:label`` (labelled subjects are listed first)
    labelled: bool = True


def proposition_row(prop: Proposition, claims: list[str]) -> dict[str, Any]:
    """The listing's row of ``prop`` (docs/cli.md), with its two ordering keys."""
    return {
        "iri": prop.iri,
        "subject": prop.subject,
        "predicate": prop.predicate,
        "object": prop.object,
        "claims": claims,
        "subject_iri": prop.subject_iri,
        "asserted": prop.asserted,
        "labelled": prop.labelled,
    }


class ContestedReader:
    """The queries behind ``kg contested`` over the graphs, with the names learnt so far."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.claims: dict[str, list[str]] = {}
        self._names: dict[str, str] = {}
        self._named: set[str] = set()
        self._labels = Labels()
        self._pred_ids: dict[str, str] = {}
        self._all_labels = False
        #: IRIs named by an rdfs:label (the others by their identifier)
        self._labelled: set[str] = set()

    def pages(self, size: int) -> Iterator[list[tuple[str, str]]]:
        """(proposition, subject) pairs in subject order, in pages of whole subjects.

        The store's labels are read first (one scan, as long as its agents, entities and
        predicates, never its claims); then the contested propositions of the labelled
        nodes, a batch of nodes at a time in name order, so the first page is ready after
        a few batches. Subjects without a label come last, named by their identifiers.
        """
        names = self._names
        for x_cell, v_cell in self._tuples(
            f"SELECT ?x ?v WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ ?x rdfs:label ?v }} }}"
        ):
            x, value = _value(x_cell), _value(v_cell)
            names[x] = min(value, names.get(x, value))
        self._named |= set(self._names)
        self._labelled |= set(self._names)
        self._labels = Labels(self._names)
        self._all_labels = True
        ordered = sorted(self._names, key=lambda iri: (self._names[iri], iri))
        seen: set[str] = set()
        page: list[tuple[str, str]] = []
        for start in range(0, len(ordered), size):
            batch = ordered[start : start + size]
            found: dict[str, list[str]] = {}
            for prop, subject in self._tuples(
                "SELECT ?prop ?s WHERE { "
                + values_block("s", [f"<{s}>" for s in batch])
                + f" GRAPH <{ASSERTED_GRAPH}> {{ ?prop rdf:subject ?s }} "
                f"GRAPH <{DERIVED_GRAPH}> {{ ?prop cg:status cg:Contested }} }}"
            ):
                found.setdefault(subject[1:-1], []).append(prop[1:-1])
            for subject in batch:
                props = sorted(set(found.get(subject, ())) - seen)
                seen.update(props)
                page.extend((prop, subject) for prop in props)
                if len(page) >= size:
                    yield page
                    page = []
        rest = (
            [
                (_value(prop), subject[1:-1])
                for prop, subject in self._tuples(
                    "SELECT ?prop ?s WHERE { "
                    f"GRAPH <{DERIVED_GRAPH}> {{ ?prop cg:status cg:Contested }} "
                    f"GRAPH <{ASSERTED_GRAPH}> {{ ?prop rdf:subject ?s }} }}"
                )
                if _value(prop) not in seen and subject[:1] == "<"
            ]
            if self._more_contested(len(seen))
            else []
        )
        if page:
            yield page
        if rest:  # described at once below, so they come out in one order (docs: rare)
            self._learn_names({subject for _, subject in rest})
            yield rest

    def _more_contested(self, seen: int) -> bool:
        """Are there contested propositions whose subject has no label? (rare: a count)."""
        result = self.store.query(
            PREFIX_HEADER
            + f"SELECT (COUNT(DISTINCT ?prop) AS ?n) WHERE {{ GRAPH <{DERIVED_GRAPH}> "
            "{ ?prop cg:status cg:Contested } }"
        )
        return int(next(iter(result))["n"].value) > seen

    def _tuples(self, text: str) -> list[tuple[str, ...]]:
        """Solutions as tuples of cells (N-Triples syntax, ``""`` unbound), in the SELECT's
        order, serialised by the engine in one call (:func:`kg.store.base.string_rows`)."""
        return string_rows(self.store.query(PREFIX_HEADER + text))

    def pages_of(self, props: list[str], size: int) -> Iterator[list[tuple[str, str]]]:
        """(proposition, subject) pairs of ``props`` only, a page at a time, their
        subjects named (labels, else identifiers) as :meth:`pages` names them."""
        for part in in_chunks(f"<{p}>" for p in props):
            pairs = [
                (_value(prop), subject[1:-1])
                for prop, subject in self._tuples(
                    f"SELECT ?prop ?s WHERE {{ {values_block('prop', part)} "
                    f"GRAPH <{ASSERTED_GRAPH}> {{ ?prop rdf:subject ?s }} }}"
                )
                if subject[:1] == "<"
            ]
            self._learn_names({s for _, s in pairs})
            for start in range(0, len(pairs), size):
                yield pairs[start : start + size]

    def describe(self, chunk: list[tuple[str, str]]) -> list[Proposition]:
        """The page's propositions in words, with their claims, in listing order."""
        block = values_block("prop", [f"<{prop}>" for prop, _ in chunk])
        statements = [
            (_value(prop), _value(p), p[:1] == "<", o)
            for prop, p, o in self._tuples(
                f"SELECT ?prop ?p ?o WHERE {{ {block} GRAPH <{ASSERTED_GRAPH}> "
                "{ ?prop rdf:predicate ?p ; rdf:object ?o } }"
            )
        ]
        asserted: set[str] = set()
        claims = self.claims
        for prop, _ in chunk:
            claims[prop] = []
        asserts = CG.Asserts.nt
        for prop, claim, stance in self._tuples(
            f"SELECT ?prop ?c ?stance WHERE {{ {block} "
            f"GRAPH <{ASSERTED_GRAPH}> {{ ?c cg:proposition ?prop ; cg:stance ?stance }} }}"
        ):
            claims[prop[1:-1]].append(_value(claim))
            if stance == asserts:
                asserted.add(prop[1:-1])
        for prop, _ in chunk:
            claims[prop].sort()
        nodes = {p for _, p, is_iri, _ in statements if is_iri}
        nodes |= {o[1:-1] for *_, o in statements if o[:1] == "<"}
        self._learn_names(nodes)
        new_predicates = {p for _, p, _, _ in statements} - set(self._pred_ids)
        self._pred_ids.update(predicate_ids(self.store, new_predicates))
        subjects = dict(chunk)
        labels = self._labels
        props = [
            Proposition(
                prop,
                labels.name(subjects[prop]),
                self._pred_ids.get(p) or labels.name(p),
                labels.name(o[1:-1]) if o[:1] == "<" else _value(o),
                prop in asserted,
                subjects[prop],
                subjects[prop] in self._labelled,
            )
            for prop, p, _, o in statements
        ]
        props.sort(
            key=lambda p: (p.subject, subjects[p.iri], p.predicate, not p.asserted, p.object, p.iri)
        )
        return props

    def _learn_names(self, iris: set[str]) -> None:
        """Names for IRIs not named yet: their least label (unless :meth:`pages` read every
        label already), else their identifier (as :class:`Labels` does)."""
        missing = iris - self._named
        if not missing:
            return
        self._named |= missing
        if not self._all_labels:
            for block in in_chunks(f"<{i}>" for i in missing):
                for x_cell, v_cell in self._tuples(
                    f"SELECT ?x ?v WHERE {{ {values_block('x', block)} "
                    f"GRAPH <{ASSERTED_GRAPH}> {{ ?x rdfs:label ?v }} }}"
                ):
                    x, value = _value(x_cell), _value(v_cell)
                    self._names[x] = min(value, self._names.get(x, value))
                    self._labelled.add(x)
        self._names.update(identifiers(self.store, missing - set(self._names)))
        self._labels = Labels(self._names)

    def contradictions(self, only: list[str] | None = None) -> list[dict[str, Any]]:
        """Every contradiction's row (or those of ``only``), each claim with its
        ``proposition``: a few whole-store scans, or VALUES blocks for ``only``."""
        entries: dict[str, dict[str, Any]] = {}
        members: dict[str, list[str]] = {}
        blocks = (
            [""]
            if only is None
            else [values_block("x", p) for p in in_chunks(f"<{x}>" for x in only)]
        )
        found = [
            row
            for block in blocks
            for row in self._tuples(
                f"SELECT ?x ?kind ?c WHERE {{ {block} GRAPH <{DERIVED_GRAPH}> "
                "{ ?x cg:kind ?kind ; cg:between ?c } }"
            )
        ]
        for x_cell, kind_cell, claim_cell in found:
            x = _value(x_cell)
            if x not in entries:
                entries[x] = {"kinds": [], "kind": "", "reason": "", "claims": [], "iri": x}
                members[x] = []
            kind = _value(kind_cell)
            name = KIND_WORDS.get(kind, kind)
            if name not in entries[x]["kinds"]:
                entries[x]["kinds"].append(name)
            claim = _value(claim_cell)
            if claim not in members[x]:
                members[x].append(claim)
        for entry in entries.values():  # every rule the pair meets, in the rules' order
            entry["kinds"].sort(key=lambda k: KINDS.index(k) if k in KINDS else len(KINDS))
            entry["kind"] = entry["kinds"][0]
        for block in blocks:
            for x_cell, reason in self._tuples(
                f"SELECT ?x ?r WHERE {{ {block} GRAPH <{DERIVED_GRAPH}> {{ ?x rdfs:comment ?r }} }}"
            ):
                reasoned = entries.get(_value(x_cell))
                if reasoned is not None:
                    reasoned["reason"] = _value(reason)
        info = self._summaries(
            {c for claims in members.values() for c in claims}, scan=only is None
        )
        for x, entry in entries.items():
            claims = [dict(info.get(c, {"iri": c})) for c in members[x]]
            claims.sort(key=lambda c: (c.get("stance") != "asserts", c.get("id", "")))
            entry["claims"] = claims
        return list(entries.values())

    def _summaries(self, wanted: set[str], *, scan: bool = True) -> dict[str, dict[str, Any]]:
        """Id, claimant's name, stance and proposition of every claim in a contradiction.

        One join reads all four for the claims of contested propositions that have them
        all (every claim kg writes has an identifier, and every claim in a contradiction
        has its proposition contested): reached from the contested statuses, it costs
        half what the same join reached from the contradictions' members did (issue 16,
        benchmarks/README.md). The few others, if any, are read again without the
        identifier.
        """
        out: dict[str, dict[str, Any]] = {}
        claimants: dict[str, str] = {}
        if scan:
            found = self._tuples(
                f"SELECT ?c ?a ?stance ?prop ?id WHERE {{ GRAPH <{DERIVED_GRAPH}> "
                f"{{ ?prop cg:status cg:Contested }} GRAPH <{ASSERTED_GRAPH}> "
                "{ ?c cg:proposition ?prop ; cg:claimant ?a ; cg:stance ?stance ; "
                "schema:identifier ?id } }"
            )
            for claim, agent, stance, prop, ident in found:
                self._summarise(out, claimants, claim, agent, stance, prop, ident)
        else:  # the same join over the wanted claims only, required patterns first
            for part in in_chunks(f"<{c}>" for c in wanted):
                for claim, agent, stance, prop, ident in self._tuples(
                    f"SELECT ?c ?a ?stance ?prop ?id WHERE {{ {values_block('c', part)} "
                    f"GRAPH <{ASSERTED_GRAPH}> {{ ?c cg:proposition ?prop ; cg:claimant ?a ; "
                    "cg:stance ?stance ; schema:identifier ?id } }"
                ):
                    self._summarise(out, claimants, claim, agent, stance, prop, ident)
        # The others, few: claims about claims (no proposition) and claims without an
        # identifier, read with those two as optional parts (the VALUES block inside the
        # GRAPH block: kg.store.base.values_block).
        missing = sorted(f"<{c}>" for c in wanted - set(out))
        for part in in_chunks(missing):
            for claim, agent, stance, prop, ident in self._tuples(
                f"SELECT ?c ?a ?stance ?prop ?id WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ "
                f"{values_block('c', part)} ?c cg:claimant ?a ; cg:stance ?stance "
                "OPTIONAL { ?c cg:proposition ?prop } OPTIONAL { ?c schema:identifier ?id } } }"
            ):
                self._summarise(out, claimants, claim, agent, stance, prop, ident)
        names: dict[str, str] = {}
        agent_blocks = (
            [""]
            if scan
            else [values_block("a", p) for p in in_chunks(f"<{a}>" for a in claimants.values())]
        )
        for block in agent_blocks:
            for agent_cell, name_cell in self._tuples(
                f"SELECT ?a ?name WHERE {{ {block} GRAPH <{ASSERTED_GRAPH}> {{ ?a a prov:Agent ; "
                "schema:name ?name } }"
            ):
                agent, name = _value(agent_cell), _value(name_cell)
                names[agent] = min(name, names.get(agent, name))
        for iri, agent_iri in claimants.items():
            out[iri]["claimant"] = names.get(agent_iri)
        return out

    @staticmethod
    def _summarise(
        out: dict[str, dict[str, Any]],
        claimants: dict[str, str],
        claim: str,
        agent: str,
        stance: str,
        prop: str,
        ident: str,
    ) -> None:
        """One solution's cells (``""`` unbound) into ``out``."""
        iri = _value(claim)
        entry = out.get(iri)
        if entry is None:
            claimants[iri] = _value(agent)
            out[iri] = entry = {
                "iri": iri,
                "id": _value(ident) if ident else tail(iri),
                "claimant": None,
                "stance": STANCE_WORDS.get(_value(stance)),
                "proposition": _value(prop) if prop else None,
            }
        elif ident and _value(ident) < entry["id"]:
            entry["id"] = _value(ident)  # the least identifier, as the old listing's MIN


def _value(cell: str) -> str:
    """A bound cell's value, as its pyoxigraph term's ``.value`` gave it."""
    return cell_text(cell) or ""
