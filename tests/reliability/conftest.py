"""Fixtures of the reliability suite, and the summary of the figures its tests print."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reliability.harness import FIGURES, FULL, Figure


@pytest.fixture
def figure(request: pytest.FixtureRequest) -> Iterator[Figure]:
    """Where a test puts its figure; it is printed in the run's summary even when it fails."""
    item = Figure(request.node.nodeid)
    yield item
    if item.lines:
        FIGURES.append(item)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print every figure recorded, so a run's log holds the numbers RELIABILITY.md quotes."""
    if not FIGURES:
        return
    size = "full (KG_RELIABILITY_FULL=1)" if FULL else "fast (default)"
    terminalreporter.section(f"claimgraph reliability figures, {size} run")
    for item in FIGURES:
        terminalreporter.write_line(item.test)
        for line in item.lines:
            terminalreporter.write_line(f"    {line}")
