"""How long work tells its caller where it is: ``progress(stage, done, total)``.

Ingest, rebuild and view exports take minutes at a million claims; each calls a
:data:`Progress` function as it moves through its stages, and the CLI shows them
(``kg.cli.core.StageReporter``). A stage is named when it starts (``done`` 0) and may be
called again as it advances; ``total`` 0 means the amount of work is not known.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["Progress", "no_progress"]

#: ``progress(stage, done, total)``
Progress = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    """The :data:`Progress` of a caller who does not want to know."""
