"""Entry point of a ``kg serve`` query worker: ``python -m kg.serve.worker FD LOCATION …``.

Started by :class:`kg.serve.pool.WorkerPool`, never by hand. ``FD`` is the worker's end
of a socket pair; the objects sent over it are :mod:`kg.serve.pool` classes, imported
from there (not defined here) so both ends unpickle the same types.
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection

from kg.serve.pool import worker_main


def main(argv: list[str]) -> None:
    fd, location, update_url, max_results = argv
    worker_main(Connection(int(fd)), location, update_url or None, int(max_results))


if __name__ == "__main__":
    main(sys.argv[1:])
