"""Run a shipped named query, from what the store keeps for it where it keeps something.

A few named queries aggregate over every claim; at a million claims the engine takes
seconds for them however the text is written. Where every write keeps what such a query
needs (:mod:`kg.report.quote_languages` for ``multilingual-agents``), :func:`run_named`
asks the engine for the kept answer instead — a query over a VALUES block, so the
solutions, their order and every output format are the engine's as for the text — and
runs the text when the store keeps nothing that adds up. ``kg query --named`` goes through
here; :func:`~kg.sparql.run.run_query` with a query's text always runs that text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from kg.sparql.library import get_named_query
from kg.sparql.run import Outcome, run_query
from kg.store.base import Store

__all__ = ["kept_answer", "run_named"]


def run_named(
    store: Store,
    name: str,
    params: Mapping[str, str] | None = None,
    *,
    allow_remote: bool = False,
    hint: str = "",
) -> Outcome:
    """Run the named query ``name`` with ``params`` (checked against what it takes); the
    keywords as :func:`~kg.sparql.run.run_query` takes them."""
    query = get_named_query(name)
    given = dict(params or {})
    query.check_params(given)
    text = (kept_answer(store, name) if not given else None) or query.text
    return run_query(store, text, given, allow_remote=allow_remote, hint=hint)


def kept_answer(store: Store, name: str) -> str | None:
    """The query text that reads the kept answer of ``name``, or None when the store keeps
    none for it (or none that adds up)."""
    reader = _KEPT_ANSWERS.get(name)
    return None if reader is None else reader(store)


def _multilingual_agents(store: Store) -> str | None:
    from kg.report.quote_languages import answer_text, kept_quote_languages

    kept = kept_quote_languages(store)
    return None if kept is None else answer_text(kept)


#: Named query → what reads its kept answer as a query text (None: nothing kept).
_KEPT_ANSWERS: dict[str, Callable[[Store], str | None]] = {
    "multilingual-agents": _multilingual_agents,
}
