"""The query page of ``kg serve`` in a real headless Chromium, with the network off.

The browser may reach the loopback server and nothing else: every other request is
aborted and recorded (the same fences as tests/test_viz_browser.py: Chromium flags, a
proxy that leads nowhere, and a route that aborts). A person's path is followed: open
``/sparql``, type a query, run it, read the rows; click a named query, read its rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import require_program
from servers.kg_serve import start, stop
from test_serve import make_store
from test_viz_browser import CHROMIUM_FLAGS

from kg.serve import ServeConfig, SparqlServer

#: The viz tests' flags, but loopback bypasses the dead-end proxy (Chromium's default):
#: the page's own server is on loopback. Everything else still meets the proxy and the route.
FLAGS = [flag for flag in CHROMIUM_FLAGS if not flag.startswith("--proxy-bypass-list")]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    store = make_store(tmp_path_factory.mktemp("page") / "store")
    running, thread = start(ServeConfig(str(store), port=0, quiet=True))
    yield running
    stop(running, thread)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = require_program("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        yield launched
        launched.close()


class Tab:
    """A tab that lets through requests to ``origin`` only, and records every other."""

    def __init__(self, browser: Any, origin: str) -> None:
        self.origin = origin
        self.context = browser.new_context(service_workers="block")
        self.refused: list[str] = []
        self.problems: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on(
            "console", lambda m: m.type in ("error", "warning") and self.problems.append(m.text)
        )
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))

    def _route(self, route: Any) -> None:
        if route.request.url.startswith(self.origin):
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort()

    def rows(self) -> list[list[str]]:
        return self.page.eval_on_selector_all(
            "#kg-results tbody tr",
            "trs => trs.map(tr => [...tr.cells].map(td => td.textContent))",
        )


@pytest.fixture
def tab(browser: Any, server: SparqlServer) -> Iterator[Tab]:
    origin = server.url.removesuffix("/sparql")
    opened = Tab(browser, origin)
    opened.page.goto(server.url)
    opened.page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    yield opened
    opened.context.close()


def test_typing_a_query_and_running_it_shows_the_rows(tab: Tab, tmp_path: Path) -> None:
    page = tab.page
    prefilled = page.input_value("#kg-query")
    assert prefilled.startswith("PREFIX cg: <https://w3id.org/claimgraph/ns#>\n")
    page.fill(
        "#kg-query",
        "SELECT ?name WHERE { ?c cg:stance cg:Denies ; cg:claimant ?who . ?who schema:name ?name }",
    )
    page.click("#kg-run")
    page.wait_for_selector("#kg-results[data-state=done]")
    assert page.eval_on_selector_all("#kg-results th", "ths => ths.map(t => t.textContent)") == [
        "?name"
    ]
    assert tab.rows() == [["Lucas Beyer"]]
    assert page.text_content("#kg-status").startswith("1 row in ")
    page.screenshot(path=str(tmp_path / "query-page.png"), full_page=True)
    assert tab.refused == [] and tab.problems == []


def test_the_prefilled_query_runs_with_ctrl_enter(tab: Tab) -> None:
    tab.page.focus("#kg-query")
    tab.page.keyboard.press("Control+Enter")
    tab.page.wait_for_selector("#kg-results[data-state=done]")
    rows = tab.rows()
    assert len(rows) == 12  # the example's claims
    assert any(row[1] == "Sam Altman" and row[2] == "cg:Asserts" for row in rows)
    assert tab.refused == [] and tab.problems == []


def test_a_named_query_is_one_click_away(tab: Tab) -> None:
    tab.page.click("#kg-named-list button[data-name=said-about]")
    tab.page.wait_for_selector("#kg-results[data-state=done]")
    assert 'VALUES (?entity) { ("meta") }' in tab.page.input_value("#kg-query")
    assert len(tab.rows()) >= 1
    assert tab.refused == [] and tab.problems == []


def test_an_error_is_shown_not_thrown(tab: Tab) -> None:
    tab.page.fill("#kg-query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    tab.page.click("#kg-run")
    tab.page.wait_for_selector("#kg-results[data-state=error]")
    assert "SERVICE is refused" in tab.page.text_content("#kg-results pre")
    tab.page.fill("#kg-query", "ASK { ?s ?p ?o }")
    tab.page.click("#kg-run")
    tab.page.wait_for_selector("#kg-results[data-state=done]")
    assert tab.page.text_content("#kg-results") == "yes"
    # Chromium notes every 4xx response in the console; that one is expected, nothing else.
    assert tab.refused == [] and all("status of 400" in p for p in tab.problems)


def test_values_are_shown_as_text_never_as_html(tab: Tab) -> None:
    hostile = '</script><img src=x onerror="window.pwned = 1">'
    tab.page.fill("#kg-query", f"SELECT ?x WHERE {{ BIND('{hostile}' AS ?x) }}")
    tab.page.click("#kg-run")
    tab.page.wait_for_selector("#kg-results[data-state=done]")
    assert tab.rows() == [[hostile]]
    assert tab.page.evaluate("window.pwned") is None
    assert tab.refused == []
