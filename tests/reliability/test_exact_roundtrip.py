"""Item 7: every export parses in an independent parser and equals the store, term for term.

For the bundled examples, the odd sheet and hypothesis-drawn odd sheets, the store on disk
is exported by `kg export` in each RDF syntax. Each file is parsed by an independent
parser — Debian's ``rapper`` (raptor2) for Turtle, TriG, N-Triples and N-Quads; rdflib for
JSON-LD, which raptor does not read — and by pyoxigraph. Both results and the store's own
terms (read by SPARQL, no serializer involved) are turned into the same canonical
N-Triples lines (:mod:`reliability.ntriples`) and compared as sorted lists: every term
equal, not only isomorphic graphs.

Then the same inputs, copied into two different directories and ingested from there by
the real `kg` with different working directories, path spellings and time zones, give
byte-identical N-Quads.
"""

from __future__ import annotations

import shutil
import subprocess
import warnings
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from conftest import KgRunner, require_program
from hypothesis import HealthCheck, Phase, example, given, seed, settings
from strategies import sheets

from kg.demo import example_path
from kg.store import open_store
from reliability.corpus import EXAMPLES, ODD_SHEET
from reliability.harness import ROOT, SEED, Figure, kg_env, run_kg, scale
from reliability.mutations import write_sheet
from reliability.ntriples import canonical_line, canonical_lines, term_of

#: `kg export --format` name → (file suffix, rapper input syntax or None, pyoxigraph syntax)
EXPORTS = {
    "turtle": (".ttl", "turtle", ox.RdfFormat.TURTLE),
    "trig": (".trig", "trig", ox.RdfFormat.TRIG),
    "nt": (".nt", "ntriples", ox.RdfFormat.N_TRIPLES),
    "nquads": (".nq", "nquads", ox.RdfFormat.N_QUADS),
    "jsonld": (".jsonld", None, ox.RdfFormat.JSON_LD),
}
GENERATED = scale(8, 150)
COUNTS: dict[str, int] = {}


def store_lines(location: Path, *, graphs: bool) -> list[str]:
    """The store's quads (or triples) as canonical lines, straight from SPARQL terms: its
    two graphs, not the listing rows kept beside them (never exported)."""
    with open_store(str(location)) as store:
        named = " ".join(f"<{g}>" for g in store.graphs)
        result = store.query(
            f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?g {{ {named} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        )
        lines = []
        for row in result:
            terms = [term_of(row[name]) for name in ("s", "p", "o", "g")]
            lines.append(canonical_line(terms if graphs else terms[:3]))
    return sorted(lines)


def rapper_lines(rapper: str, path: Path, syntax: str, *, graphs: bool) -> list[str]:
    out = "nquads" if graphs else "ntriples"
    proc = subprocess.run(
        [rapper, "-q", "-i", syntax, "-o", out, str(path), "http://base.invalid/"],
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    return canonical_lines(proc.stdout)


def rdflib_lines(path: Path) -> list[str]:
    dataset = rdflib.Dataset()
    with warnings.catch_warnings():
        # rdflib 7.6's JSON-LD parser uses its own deprecated ConjunctiveGraph and
        # Dataset.default_context: its business, not a failure of the export.
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(path, format="json-ld")
    lines = []
    for s, p, o, g in dataset.quads((None, None, None, None)):
        graph = g.identifier if isinstance(g, rdflib.Graph) else g
        lines.append(canonical_line([term_of(s), term_of(p), term_of(o), term_of(graph)]))
    return sorted(lines)


def oxigraph_lines(path: Path, syntax: ox.RdfFormat, *, graphs: bool) -> list[str]:
    lines = []
    for quad in ox.parse(path=str(path), format=syntax):
        terms = [term_of(quad.subject), term_of(quad.predicate), term_of(quad.object)]
        if graphs:
            terms.append(term_of(quad.graph_name))
        lines.append(canonical_line(terms))
    return sorted(lines)


def check_exports(kg: KgRunner, store: Path, directory: Path, rapper: str) -> None:
    """Export ``store`` in every RDF syntax; each file must equal the store term for term."""
    expected = {graphs: store_lines(store, graphs=graphs) for graphs in (True, False)}
    assert expected[True], "an empty store proves nothing"
    for name, (suffix, rapper_syntax, syntax) in EXPORTS.items():
        graphs = syntax.supports_datasets
        path = directory / f"export{suffix}"
        result = kg("export", "--format", name, "-o", str(path))
        assert result.exit_code == 0, result.stderr
        independent = (
            rapper_lines(rapper, path, rapper_syntax, graphs=graphs)
            if rapper_syntax
            else rdflib_lines(path)
        )
        assert independent == expected[graphs], f"{name}: the independent parser differs: " + str(
            sorted(set(independent) ^ set(expected[graphs]))[:6]
        )
        assert oxigraph_lines(path, syntax, graphs=graphs) == expected[graphs], name
        COUNTS[name] = COUNTS.get(name, 0) + 1
        COUNTS["terms"] = COUNTS.get("terms", 0) + 3 * len(expected[graphs])


@pytest.fixture(autouse=True)
def _exact_rdflib_literals() -> Any:
    """rdflib rewrites literals into its idea of canonical form unless told not to."""
    previous = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    yield
    rdflib.NORMALIZE_LITERALS = previous


def test_exports_equal_the_store_term_for_term(tmp_path: Path, figure: Figure) -> None:
    rapper = require_program("rapper")
    COUNTS.clear()
    documents = attempts = 0

    # The examples first: several sheets, contradictions and statuses in the derived graph.
    kg = KgRunner(tmp_path / "examples-store")
    inputs = [
        example_path(),
        EXAMPLES / "openai-board-2023.json",
        ROOT / "tests/data/altman-podcast-en.yaml",
    ]
    assert kg("ingest", *map(str, inputs)).exit_code == 0
    check_exports(kg, tmp_path / "examples-store", tmp_path, rapper)

    @settings(
        max_examples=GENERATED,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @seed(SEED)
    @example(doc=ODD_SHEET)
    @given(doc=sheets())
    def check(doc: dict[str, Any]) -> None:
        nonlocal documents, attempts
        attempts += 1
        directory = tmp_path / f"doc-{attempts}"
        directory.mkdir()
        sheet = directory / "sheet.yaml"
        sheet.write_bytes(write_sheet(doc, "yaml"))
        runner = KgRunner(directory / "store")
        result = runner("ingest", str(sheet))
        assert result.exit_code == 0, result.stderr
        check_exports(runner, directory / "store", directory, rapper)
        shutil.rmtree(directory)
        documents += 1

    check()
    files = sum(COUNTS[name] for name in EXPORTS)
    figure.add(
        f"{files} exported files ({documents + 1} stores: the examples, the odd sheet and "
        f"{documents - 1} generated odd sheets; Turtle, TriG, N-Triples, N-Quads, JSON-LD): "
        f"each parsed by rapper (rdflib for JSON-LD) and by pyoxigraph, {COUNTS['terms']:,} "
        f"terms compared as canonical N-Triples lines: 0 differences; seed {SEED}"
    )


def test_the_same_input_from_two_directories_gives_the_same_nquads(
    tmp_path: Path, figure: Figure
) -> None:
    # Every input syntax: the example sheets, and RDF exported from them.
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(example_path(), source / "talent-war.yaml")
    shutil.copy(EXAMPLES / "openai-board-2023.json", source / "board.json")
    (source / "odd.yaml").write_bytes(write_sheet(ODD_SHEET, "yaml"))
    exported = tmp_path / "exported"
    assert run_kg("--store", str(exported), "ingest", *map(str, source.iterdir())).returncode == 0
    for name, suffix in (
        ("turtle", ".ttl"),
        ("trig", ".trig"),
        ("nt", ".nt"),
        ("jsonld", ".jsonld"),
    ):
        out = source / f"as-{name}{suffix}"
        assert (
            run_kg("--store", str(exported), "export", "--format", name, "-o", str(out)).returncode
            == 0
        )

    outputs = []
    for number, (timezone, relative) in enumerate((("UTC", False), ("Pacific/Kiritimati", True))):
        place = tmp_path / f"place-{number}" / ("deeper/" * number)
        place.mkdir(parents=True)
        files = []
        for path in sorted(source.iterdir()):
            copy = place / path.name
            shutil.copy(path, copy)
            files.append(path.name if relative else str(copy))
        env = kg_env(TZ=timezone, LC_ALL="C.UTF-8" if number else "C")
        for path in files:  # one ingest per file, as people add sheets one by one
            result = run_kg("--store", "store", "ingest", path, cwd=place, env=env)
            assert result.returncode == 0, result.stderr
        result = run_kg("--store", "store", "export", "--format", "nquads", cwd=place, env=env)
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout.encode())
    assert outputs[0] == outputs[1]
    lines = outputs[0].count(b"\n")
    figure.add(
        f"{len(files)} inputs (YAML, JSON, Turtle, TriG, N-Triples, JSON-LD) ingested from two "
        f"directories (absolute vs relative paths, TZ=UTC vs Pacific/Kiritimati, C vs C.UTF-8): "
        f"N-Quads byte-identical ({lines:,} quads)"
    )
