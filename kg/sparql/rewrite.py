"""Small, position-exact edits to a query's text: never a user's value, only structure.

Two needs:

* **Binding parameters** (``kg query --param``): :func:`values_insertion` writes the bound
  terms as a ``VALUES`` block opening the WHERE clause, where the engine plans with them
  as with a written-in value (why not Oxigraph's own substitutions: benchmarks/README.md).
* **Talking to other engines** (:mod:`kg.store.remote`): :func:`for_endpoint` declares the
  predeclared prefixes, carries bindings in a ``VALUES`` block at the start of the WHERE
  clause, and names the dataset with ``FROM`` / ``FROM NAMED``.

Every edit is an insertion at a token boundary; :class:`Rewritten` maps an engine's error
position in the edited text back to the user's text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import QueryError
from kg.sparql.lexer import Kind, QueryShape, position, shape_of

__all__ = ["Rewritten", "for_endpoint", "values_insertion"]


@dataclass
class Rewritten:
    """A query text with insertions, mapping positions back to the user's text."""

    original: str
    #: (offset in the original text, inserted text), in any order
    insertions: list[tuple[int, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        out, last = [], 0
        for offset, inserted in sorted(self.insertions, key=lambda item: item[0]):
            out.append(self.original[last:offset])
            out.append(inserted)
            last = offset
        out.append(self.original[last:])
        return "".join(out)

    def original_position(self, line: int, column: int) -> tuple[int, int]:
        """(line, column) in the original text of a 1-based position in :attr:`text`."""
        edited = self.text
        offset = 0
        for _ in range(line - 1):
            offset = edited.find("\n", offset) + 1
        offset += column - 1
        shift = 0
        for at, inserted in sorted(self.insertions, key=lambda item: item[0]):
            if offset < at + shift:
                break
            # inside an insertion: point at where it was inserted
            shift += min(len(inserted), offset - at - shift)
        return position(self.original, offset - shift)


def for_endpoint(
    text: str,
    bindings: Mapping[str, ox.NamedNode | ox.Literal] | None,
    prefixes: Mapping[str, str],
    graphs: Sequence[str],
    named_only: Sequence[str] = (),
) -> Rewritten:
    """``text`` made ready for another engine: prefixes, bindings and dataset spelled out.

    * the ``prefixes`` the query uses without declaring them are declared in front of its
      first line (on that line, so line numbers in the engine's errors stay right);
    * ``bindings`` become a ``VALUES`` block opening the WHERE clause (see below);
    * ``FROM <g>`` and ``FROM NAMED <g>`` for each of ``graphs``, so that the default
      graph is their union and ``GRAPH <g>`` still finds each one, unless the query names
      its own dataset; ``FROM NAMED`` only for each of ``named_only`` (graphs read by
      name, such as the kept listing rows, kept out of the default graph).

    Binding by ``VALUES`` is safe where formatting a raw string into the query is not: the
    terms are written in N-Triples syntax by pyoxigraph (``str(term)``); a
    :class:`pyoxigraph.NamedNode` cannot hold ``>``, spaces or quotes (its constructor
    refuses them), and a literal's quotes, backslashes and line breaks are escaped, so a
    term always stays one term.
    """
    rewritten = Rewritten(text)
    shape = shape_of(text)
    declared = {
        shape.tokens[i + 1].text[:-1]
        for i, t in enumerate(shape.tokens[:-1])
        if t.is_word("PREFIX") and shape.tokens[i + 1].kind is Kind.PNAME
    }
    used = {t.text.split(":", 1)[0] for t in shape.tokens if t.kind is Kind.PNAME}
    missing = sorted(name for name in used - declared if name in prefixes)
    header = "".join(f"PREFIX {name}: <{prefixes[name]}> " for name in missing)
    if header:
        rewritten.insertions.append((0, header))
    own_dataset = any(t.is_word("FROM") for t in shape.tokens)
    if shape.form is not None and shape.dataset_at is not None and not own_dataset:
        clauses = "".join(f" FROM <{g}>" for g in graphs)
        clauses += "".join(f" FROM NAMED <{g}>" for g in (*graphs, *named_only))
        rewritten.insertions.append((_offset_of(shape, shape.dataset_at, text), clauses + " "))
    if bindings:  # after the dataset: a DESCRIBE without WHERE gets both at one place
        rewritten.insertions.append(values_insertion(text, shape, bindings))
    return rewritten


def values_insertion(
    text: str, shape: QueryShape, bindings: Mapping[str, ox.NamedNode | ox.Literal]
) -> tuple[int, str]:
    """Where and what to insert so that ``bindings`` open the WHERE clause as ``VALUES``.

    Safe where formatting a raw string into the query is not: see :func:`for_endpoint`.
    """
    names = " ".join(f"?{name}" for name in bindings)
    row = " ".join(_term_text(term) for term in bindings.values())
    block = f" VALUES ({names}) {{ ({row}) }} "
    if shape.where_open is not None:
        return shape.tokens[shape.where_open].end, block
    if shape.form == "DESCRIBE" and shape.dataset_at is not None:
        return _offset_of(shape, shape.dataset_at, text), f" WHERE {{{block}}} "
    raise QueryError("cannot bind variables in this query: it has no WHERE clause")


def _term_text(term: ox.NamedNode | ox.Literal) -> str:
    if not isinstance(term, ox.NamedNode | ox.Literal):
        raise QueryError(f"only IRIs and literals can be bound, not {term!r}")
    return str(term)


def _offset_of(shape: QueryShape, index: int, text: str) -> int:
    return shape.tokens[index].start if index < len(shape.tokens) else len(text)
