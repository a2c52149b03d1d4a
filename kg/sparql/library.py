"""The named queries shipped in ``kg/queries/*.rq``, each described by its comment header.

A header is a block of ``#`` lines at the top of the file::

    # name: said-about
    # description: Who said what about an entity …
    #   (indented lines continue the field above)
    # param entity: the agent or entity, as its IRI <…>, or its id, name or alias
    # example: kg query --named said-about --param entity=meta

The files are plain SPARQL with their own PREFIX lines, so they also run unchanged in any
other SPARQL tool (bind the parameters there with VALUES).

>>> sorted(q.name for q in named_queries())[:2]
['claims-by', 'claims-over-time']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from kg.errors import QueryError

__all__ = ["NamedQuery", "get_named_query", "named_queries"]

_FIELD = re.compile(r"^#\s*(name|description|example|param\s+(\w+))\s*:\s*(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    """A shipped query: its name, what it answers, its parameters, its text."""

    name: str
    description: str
    text: str
    #: parameter name → what to pass
    params: dict[str, str] = field(default_factory=dict)
    example: str = ""

    def check_params(self, given: dict[str, str]) -> None:
        """Refuse missing or unknown parameters, naming the ones the query takes."""
        missing = [p for p in self.params if p not in given]
        unknown = [p for p in given if p not in self.params]
        takes = ", ".join(f"--param {p}=…" for p in self.params) or "no parameters"
        # An unknown name first: `--param agnt=beyer` is a typo of a missing one, and saying
        # only "needs --param agent" hides what was wrong with what the user typed.
        if unknown:
            raise QueryError(
                f"the named query {self.name!r} has no parameter "
                + ", ".join(repr(u) for u in unknown)
                + f"; it takes {takes}"
            )
        if missing:
            raise QueryError(f"the named query {self.name!r} needs {takes}")


def parse_header(text: str, origin: str) -> NamedQuery:
    """Read a ``.rq`` file's header (see the module doc)."""
    fields: dict[str, str] = {}
    params: dict[str, str] = {}
    current: tuple[str, str] | None = None  # (kind, key) of the field being continued
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _FIELD.match(line)
        if match:
            key, param, value = match.groups()
            if param:
                params[param] = value.strip()
                current = ("param", param)
            else:
                fields[key] = value.strip()
                current = ("field", key)
        elif current is not None and line[1:].strip():
            kind, key = current
            target = params if kind == "param" else fields
            target[key] += " " + line[1:].strip()
    if "name" not in fields or "description" not in fields:
        raise QueryError(f"{origin}: the header needs '# name:' and '# description:' lines")
    return NamedQuery(
        fields["name"], fields["description"], text, params, fields.get("example", "")
    )


@cache
def named_queries() -> tuple[NamedQuery, ...]:
    """Every shipped named query, sorted by name."""
    folder = resources.files("kg") / "queries"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".rq"):
            found.append(parse_header(entry.read_text(encoding="utf-8"), entry.name))
    return tuple(sorted(found, key=lambda q: q.name))


def get_named_query(name: str) -> NamedQuery:
    """The named query called ``name``; :class:`~kg.errors.QueryError` if there is none."""
    for query in named_queries():
        if query.name == name:
            return query
    known = ", ".join(q.name for q in named_queries())
    raise QueryError(f"no named query {name!r}; the named queries are: {known}")
