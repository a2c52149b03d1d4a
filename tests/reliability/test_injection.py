"""Item 5: hostile strings through every option that reaches SPARQL run the intended query.

The store holds the bundled example plus a sheet whose agents and entities are *named*
with hostile strings, so a hostile ``--by`` may legitimately match one speaker. Every
string then goes through every entry point:

* `kg claims --by` / `--about`: the claims listed must be exactly those of the nodes the
  string names, computed here from a table of the store's nodes (id first, then IRI, then
  names and aliases ignoring case, as documented), or a clean "no agent" refusal;
* `kg query --param`: a user query binding ``?name`` (the rows must be the nodes with
  exactly that name), a hostile parameter *name*, and three named queries, whose rows must
  equal the same query run directly in pyoxigraph with the value in a VALUES block;
* `kg graph …` (all seven analyses) and `kg viz --focus` / `--about`: the output must be
  the one the node's IRI gives, and the HTML page must carry the string only as data;
* the remote store (a real Oxigraph server), where bindings travel as query text: the same
  commands must print what they print on the embedded store;
* `kg serve`: hostile HTTP parameter values and names, headers and paths.

After all of it both stores hold the same N-Quads as before.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from conftest import KgRunner, OxigraphServer
from lxml import html as lxml_html

from kg.demo import example_path
from kg.ingest import ingest
from kg.rdf.terms import is_valid_iri, is_valid_text
from kg.sparql import get_named_query
from kg.store import open_store
from reliability.harness import SEED, Figure, http, nquads, scale, start_serve, stop_serve
from reliability.hostile_strings import hostile_strings
from reliability.mutations import write_sheet
from reliability.ntriples import LANG_STRING, XSD_STRING, Term, term_of

STRINGS = scale(20, 500)
PLANTED = 40
GRAPH_COMMANDS = (
    "said-about",
    "disagreement",
    "chains",
    "contested",
    "centrality",
    "camps",
    "credibility",
)
NAMED = {"said-about": "entity", "claims-by": "agent", "contradictions-between": "a"}
NAME_QUERY = "SELECT ?x WHERE { ?x schema:name ?name }"


@dataclass
class Node:
    iri: str
    agent: bool
    identifiers: set[str] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)  # names and aliases


@dataclass
class World:
    """The store and what the test knows about it, independently of kg's lookups."""

    store: Path
    strings: list[str]
    nodes: dict[str, Node]
    claims: dict[str, tuple[str, str, str]]  # claim → (claimant, subject, object)
    quads: bytes
    names: dict[str, set[str]] = field(default_factory=dict)  # schema:name → nodes

    def resolve(self, text: str, *, agents_only: bool) -> set[str]:
        """The nodes ``text`` names, by the documented rules (kg.report.resolve_node)."""
        needle = text[1:-1] if text.startswith("<") and text.endswith(">") else text
        pool = [n for n in self.nodes.values() if n.agent or not agents_only]
        for matches in (
            [n for n in pool if n.iri == needle],
            [n for n in pool if needle in n.identifiers],
            [n for n in pool if any(v.lower() == needle.lower() for v in n.labels | n.identifiers)],
        ):
            if matches:
                return {n.iri for n in matches}
        return set()

    def claims_by(self, nodes: set[str]) -> set[str]:
        return {c for c, (who, _, _) in self.claims.items() if who in nodes}

    def claims_about(self, nodes: set[str]) -> set[str]:
        return {c for c, (_, s, o) in self.claims.items() if s in nodes or o in nodes}


def _planted_sheet(strings: list[str], taken: set[str]) -> dict[str, Any]:
    """Agents and entities named with hostile strings (valid, distinct ignoring case)."""
    names: list[str] = []
    for text in strings:
        key = text.lower()
        if is_valid_text(text) and text.strip() and len(text) < 2000 and key not in taken:
            taken.add(key)
            names.append(text)
        if len(names) == PLANTED:
            break
    half = max(1, len(names) // 2)
    agents = [{"id": f"h-a{i}", "name": n, "type": "Person"} for i, n in enumerate(names[:half])]
    entities = [{"id": f"h-e{i}", "name": n} for i, n in enumerate(names[half:])] or [
        {"id": "h-e0", "name": "plain entity"}
    ]
    claims = [
        {
            "id": f"h-c{i}",
            "claimant": agent["id"],
            "stance": "asserts" if i % 2 else "denies",
            "statement": [
                entities[i % len(entities)]["id"],
                "said_of",
                agents[(i + 1) % len(agents)]["id"],
            ],
            "source": "h-src",
        }
        for i, agent in enumerate(agents)
    ]
    return {
        "sheet": 1,
        "base": "https://example.org/hostile/",
        "sources": [{"id": "h-src", "title": "planted"}],
        "agents": agents,
        "entities": entities,
        "claims": claims,
    }


def _read_world(store: Path, strings: list[str]) -> World:
    nodes: dict[str, Node] = {}
    claims: dict[str, tuple[str, str, str]] = {}
    with open_store(str(store)) as opened:
        for row in opened.query(
            "SELECT ?x ?kind ?p ?v WHERE { ?x a ?kind . VALUES ?kind { prov:Agent cg:Entity } "
            "OPTIONAL { VALUES ?p { schema:identifier schema:name schema:alternateName } ?x ?p ?v } }"
        ):
            iri = row["x"].value
            node = nodes.setdefault(iri, Node(iri, row["kind"].value.endswith("Agent")))
            node.agent = node.agent or row["kind"].value.endswith("Agent")
            if row["v"] is not None:
                target = node.identifiers if row["p"].value.endswith("identifier") else node.labels
                target.add(row["v"].value)
        for row in opened.query(
            "SELECT ?c ?who ?s ?o WHERE { ?c cg:claimant ?who ; cg:proposition ?p . "
            "?p rdf:subject ?s ; rdf:object ?o }"
        ):
            claims[row["c"].value] = (row["who"].value, row["s"].value, row["o"].value)
        names: dict[str, set[str]] = {}
        for row in opened.query("SELECT ?x ?n WHERE { ?x schema:name ?n }"):
            names.setdefault(row["n"].value, set()).add(row["x"].value)
    return World(store, strings, nodes, claims, nquads(store), names)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    directory = tmp_path_factory.mktemp("injection")
    strings = hostile_strings(STRINGS, SEED)
    store = directory / "store"
    with open_store(str(store), writable=True) as opened:
        ingest(opened, [example_path()])
    first = _read_world(store, strings)
    taken = {v.lower() for n in first.nodes.values() for v in n.labels | n.identifiers}
    sheet = directory / "planted.yaml"
    sheet.write_bytes(write_sheet(_planted_sheet(strings, taken), "yaml"))
    with open_store(str(store), writable=True) as opened:
        ingest(opened, [sheet])
    return _read_world(store, strings)


# --- comparing what came out ----------------------------------------------------------------------


def _json_term(value: dict[str, str]) -> Term:
    if value["type"] == "uri":
        return ("iri", value["value"], "", "")
    if value["type"] == "bnode":
        return ("bnode", value["value"], "", "")
    lang = value.get("xml:lang", "").lower()
    return (
        "literal",
        value["value"],
        LANG_STRING if lang else value.get("datatype", XSD_STRING),
        lang,
    )


def _rows_from_json(text: str) -> list[list[tuple[str, Term]]]:
    document = json.loads(text)
    return sorted(
        sorted((k, _json_term(v)) for k, v in binding.items())
        for binding in document["results"]["bindings"]
    )


def _intended_rows(
    world: World,
    name: str,
    variable: str,
    term: ox.NamedNode | ox.Literal,
    extra: dict[str, ox.Literal],
) -> list[list[tuple[str, Term]]]:
    """A named query run directly in pyoxigraph, the values in a VALUES block: the intent."""
    text = get_named_query(name).text
    block = " ".join(f"VALUES ?{k} {{ {v} }}" for k, v in {variable: term, **extra}.items())
    at = text.index("WHERE {") + len("WHERE {")
    engine = ox.Store()
    engine.load(world.quads, ox.RdfFormat.N_QUADS)
    result = engine.query(
        text[:at] + " " + block + " " + text[at:], use_default_graph_as_union=True
    )
    names = [v.value for v in result.variables]
    return sorted(
        sorted((n, term_of(row[n])) for n in names if row[n] is not None) for row in result
    )


def _normalised(value: Any) -> Any:
    """JSON with every list sorted, so equal content in another order compares equal."""
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_normalised(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


@dataclass
class Tally:
    runs: int = 0
    matched: int = 0  # runs where the string named a node and the right rows came back
    refused: int = 0  # clean "Error:" refusals
    wrong: list[str] = field(default_factory=list)

    def check(self, ok: bool, what: str) -> None:
        self.runs += 1
        if not ok:
            self.wrong.append(what)


def _clean_refusal(result: Any, pattern: str) -> bool:
    return result.exit_code == 1 and re.search(pattern, result.stderr) is not None


def _exercise_cli(world: World, kg: KgRunner, tally: Tally, tmp_path: Path) -> dict[str, Any]:
    """Every CLI entry point with every string; returns outputs for the remote comparison."""
    outputs: dict[str, Any] = {}
    by_iri: dict[tuple[str, str], str] = {}
    for index, text in enumerate(world.strings):
        label = f"string {index} {text[:60]!r}"
        agents = world.resolve(text, agents_only=True)
        nodes = world.resolve(text, agents_only=False)

        for option, expected_nodes, select in (
            ("--by", agents, world.claims_by),
            ("--about", nodes, world.claims_about),
        ):
            result = kg("claims", option, text, "--format", "json")
            if expected_nodes:
                got = (
                    {row["iri"] for row in json.loads(result.stdout)}
                    if result.exit_code == 0
                    else None
                )
                tally.check(
                    got == select(expected_nodes), f"claims {option} {label}: {got} {result.stderr}"
                )
                tally.matched += got == select(expected_nodes)
            else:
                ok = _clean_refusal(result, r"no agent")
                tally.check(ok, f"claims {option} {label}: {result.exit_code} {result.stderr}")
                tally.refused += ok
            outputs[f"claims {option} {index}"] = (result.exit_code, result.stdout)

        # A user query with the string bound to ?name: the rows are the nodes so named.
        result = kg("query", "--format", "json", "--param", f"name={text}", NAME_QUERY)
        if text.startswith("<") and text.endswith(">") and not is_valid_iri(text[1:-1]):
            ok = _clean_refusal(result, r"not an absolute IRI")
            tally.refused += ok
        elif text.startswith("<") and text.endswith(">"):
            ok = result.exit_code == 0 and _rows_from_json(result.stdout) == []
        else:
            want = sorted([[("x", ("iri", x, "", ""))] for x in world.names.get(text, set())])
            ok = result.exit_code == 0 and _rows_from_json(result.stdout) == want
            tally.matched += ok and bool(want)
        tally.check(ok, f"query --param name= {label}: {result.exit_code} {result.stderr}")
        outputs[f"query {index}"] = (result.exit_code, result.stdout)

        # The string as a parameter *name*: refused, or binds a variable of the query.
        result = kg("query", "--format", "json", "--param", f"{text}=x", NAME_QUERY)
        ok = _clean_refusal(result, r"NAME=VALUE|no variable|given twice") or (
            result.exit_code == 0 and _rows_from_json(result.stdout) == []
        )
        tally.check(ok, f"query --param NAME {label}: {result.exit_code} {result.stderr}")

        for name, variable in NAMED.items():
            extra = ["--param", "b=altman"] if name == "contradictions-between" else []
            result = kg(
                "query",
                "--named",
                name,
                "--format",
                "json",
                "--param",
                f"{variable}={text}",
                *extra,
            )
            if text.startswith("<") and text.endswith(">"):
                inner = text[1:-1]
                if not is_valid_iri(inner):
                    ok = _clean_refusal(result, r"not an absolute IRI")
                    tally.check(ok, f"named {name} {label}: {result.stderr}")
                    tally.refused += ok
                    continue
                term: ox.NamedNode | ox.Literal = ox.NamedNode(inner)
            else:
                term = ox.Literal(text)
            bound = {"b": ox.Literal("altman")} if extra else {}
            want_rows = _intended_rows(world, name, variable, term, bound)
            got_rows = _rows_from_json(result.stdout) if result.exit_code == 0 else None
            tally.check(got_rows == want_rows, f"named {name} {label}: {result.stderr}")
            tally.matched += got_rows == want_rows and bool(want_rows)
            outputs[f"named {name} {index}"] = (result.exit_code, result.stdout)

        for command in GRAPH_COMMANDS:
            result = kg("graph", command, "--about", text, "--format", "json")
            if not nodes:
                ok = _clean_refusal(result, r"no agent or entity")
                tally.refused += ok
            elif len(nodes) == 1:
                [iri] = nodes
                if (command, iri) not in by_iri:
                    by_iri[(command, iri)] = kg(
                        "graph", command, "--about", f"<{iri}>", "--format", "json"
                    ).stdout
                ok = result.exit_code == 0 and result.stdout == by_iri[(command, iri)]
                tally.matched += ok
            else:
                ok = result.exit_code == 0
            tally.check(
                ok, f"graph {command} --about {label}: {result.exit_code} {result.stderr[:300]}"
            )
            if command in ("said-about", "disagreement"):
                outputs[f"graph {command} {index}"] = (result.exit_code, result.stdout)

        for option in ("--focus", "--about"):
            page = tmp_path / "page.html"
            page.unlink(missing_ok=True)
            result = kg("viz", option, text, "-o", str(page))
            claim_ids = {iri.rsplit("/", 1)[-1] for iri in world.claims} | set(world.claims)
            named = nodes or (option == "--focus" and text in claim_ids)
            if not named:
                ok = _clean_refusal(result, r"no (claim, )?agent")
                tally.refused += ok
            else:
                ok = result.exit_code == 0 and _page_carries(page, text)
            tally.check(ok, f"viz {option} {label}: {result.exit_code} {result.stderr[:300]}")
    return outputs


def _page_carries(page: Path, text: str) -> bool:
    """The page has its three scripts only, and the string comes back from its data intact."""
    document = lxml_html.fromstring(page.read_bytes())
    scripts = document.findall(".//script")
    data = [s for s in scripts if s.get("type") == "application/json"]
    if len(scripts) != 3 or len(data) != 1:
        return False
    return repr(text) in json.loads(data[0].text)["scope"]


def test_hostile_strings_run_the_intended_query(
    world: World, tmp_path: Path, figure: Figure, oxigraph_server: OxigraphServer
) -> None:
    tally = Tally()
    embedded = _exercise_cli(world, KgRunner(world.store), tally, tmp_path)
    assert nquads(world.store) == world.quads, "the embedded store changed"

    # The remote store: the same data on a real Oxigraph server, bindings sent as text.
    oxigraph_server.clear()
    remote = KgRunner(oxigraph_server.query_url)
    loaded = remote(
        "--update-url", oxigraph_server.update_url, "ingest", str(example_path()), store=True
    )
    assert loaded.exit_code == 0, loaded.stderr
    planted = world.store.parent / "planted.yaml"
    loaded = remote("--update-url", oxigraph_server.update_url, "ingest", str(planted), store=True)
    assert loaded.exit_code == 0, loaded.stderr
    before = remote("export", "--format", "nquads").stdout
    remote_runs = 0
    for index, text in enumerate(world.strings):
        for key, args in (
            (f"claims --by {index}", ("claims", "--by", text, "--format", "json")),
            (f"claims --about {index}", ("claims", "--about", text, "--format", "json")),
            (
                f"query {index}",
                ("query", "--format", "json", "--param", f"name={text}", NAME_QUERY),
            ),
            *(
                (
                    f"named {name} {index}",
                    (
                        "query",
                        "--named",
                        name,
                        "--format",
                        "json",
                        "--param",
                        f"{var}={text}",
                        *(["--param", "b=altman"] if name == "contradictions-between" else []),
                    ),
                )
                for name, var in NAMED.items()
            ),
            *(
                (f"graph {c} {index}", ("graph", c, "--about", text, "--format", "json"))
                for c in ("said-about", "disagreement")
            ),
        ):
            if key not in embedded:
                continue
            result = remote(*args)
            remote_runs += 1
            code, stdout = embedded[key]
            same = result.exit_code == code and (
                code != 0
                or _normalised(json.loads(result.stdout)) == _normalised(json.loads(stdout))
            )
            tally.check(
                same, f"remote {key} {text[:60]!r}: {result.exit_code} {result.stderr[:300]}"
            )
    after = remote("export", "--format", "nquads").stdout
    assert after == before, "the remote store changed"

    figure.add(
        f"{len(world.strings)} hostile strings, {tally.runs:,} runs through kg claims --by/--about, "
        f"kg query --param (value, name, 3 named queries), kg graph × 7 --about, kg viz "
        f"--focus/--about, and {remote_runs:,} of them again on a remote Oxigraph store: "
        f"{len(tally.wrong)} differing from the intended query ({tally.matched:,} matched planted "
        f"or real nodes exactly, {tally.refused:,} refused cleanly), 0 store changes; seed {SEED}"
    )
    assert not tally.wrong, "\n".join(tally.wrong[:10])


def test_hostile_strings_at_the_endpoint(world: World, tmp_path: Path, figure: Figure) -> None:
    import urllib.parse

    process, endpoint = start_serve(world.store, tmp_path / "serve.log")
    # the store's two graphs (world.quads is their dump), not the kept listing rows
    count_query = (
        "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?g { <https://w3id.org/claimgraph/graph/asserted>"
        " <https://w3id.org/claimgraph/graph/derived> } GRAPH ?g { ?s ?p ?o } }"
    )
    expected = world.quads.count(b"\n")
    requests = 0
    wrong = []

    def ask(url: str, allowed: tuple[int, ...], **kwargs: Any) -> None:
        nonlocal requests
        requests += 1
        answer = http(url, **kwargs)
        if answer.status not in allowed:
            wrong.append(f"{answer.status} (wanted {allowed}) for {url[:200]}")
        if answer.status == 200 and b'"n"' in answer.body:
            count = int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"])
            if count != expected:
                wrong.append(f"count {count} != {expected} for {url[:200]}")

    try:
        for text in world.strings:
            quoted = urllib.parse.quote(text, safe="")
            ask(f"{endpoint}?query={quoted}", (400,))
            ask(f"{endpoint}?query={urllib.parse.quote(count_query)}&{quoted}=1", (200,))
            ask(
                f"{endpoint}?query={urllib.parse.quote(count_query)}&default-graph-uri={quoted}",
                (400,),
            )
            ask(
                endpoint,
                (403,),
                data=urllib.parse.urlencode({"update": text}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            ask(endpoint.replace("/sparql", "/" + quoted), (404,))
            if not re.search(r"[\x00-\x1f\x7f]", text) and text.isascii():
                ask(
                    f"{endpoint}?query={urllib.parse.quote(count_query)}",
                    (200, 406),
                    headers={"Accept": text},
                )
        ask(f"{endpoint}?query={urllib.parse.quote(count_query)}", (200,))
    finally:
        stop_serve(process)
    assert nquads(world.store) == world.quads
    figure.add(
        f"kg serve: {requests:,} requests with the hostile strings as query, parameter names, "
        f"dataset parameters, updates without the token, paths and Accept headers: "
        f"{len(wrong)} unexpected statuses, 0 errors 5xx, every count right, store unchanged"
    )
    assert not wrong, "\n".join(wrong[:10])


def test_remote_bindings_are_one_term() -> None:
    """The remote store writes bound values as one N-Triples term each, whatever they hold."""
    from kg.sparql.rewrite import for_endpoint

    for text in hostile_strings(200, SEED):
        if not is_valid_text(text):
            continue
        rewritten = for_endpoint("SELECT ?v WHERE { }", {"v": ox.Literal(text)}, {}, ())
        engine = ox.Store()
        [row] = list(engine.query(rewritten.text))
        assert row["v"] == ox.Literal(text)
