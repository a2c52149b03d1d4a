"""The embedded store: locking, atomic writes both ways, and its directory rules."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import EXAMPLES

from kg.errors import StoreError, StoreLocked
from kg.ingest import ingest
from kg.report import contested
from kg.report.kept import kept_listing
from kg.store import bulk, embedded, open_store


def holder(store: Path, mode: str) -> subprocess.Popen[str]:
    """Another process that opens the store and keeps it open until its stdin closes."""
    code = textwrap.dedent(
        f"""
        import sys
        from kg.store import open_store
        store = open_store({str(store)!r}, writable={mode == "write"})
        print("open", flush=True)
        sys.stdin.read()
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
    return proc


@pytest.fixture
def filled(store_dir: Path) -> Path:
    with open_store(str(store_dir), writable=True) as store:
        ingest(store, [EXAMPLES / "meta-talent-war.yaml"])
    return store_dir


def test_a_second_writer_gets_store_in_use(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_LOCK_TIMEOUT", "0.3")
    proc = holder(filled, "write")
    try:
        with pytest.raises(StoreLocked, match="store in use"):
            open_store(str(filled), writable=True)
        with pytest.raises(StoreLocked, match="store in use"):
            open_store(str(filled))  # readers wait for the writer, then give up
    finally:
        proc.communicate("")


def test_readers_share_and_block_writers(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_LOCK_TIMEOUT", "0.3")
    proc = holder(filled, "read")
    try:
        with open_store(str(filled)) as reader:
            assert reader.count() > 0
        with pytest.raises(StoreLocked):
            open_store(str(filled), writable=True)
    finally:
        proc.communicate("")
    with open_store(str(filled), writable=True) as writer:
        assert writer.count() > 0


def test_a_reader_waits_for_a_running_write(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_LOCK_TIMEOUT", "10")
    proc = holder(filled, "write")
    started = time.monotonic()
    finisher = threading.Timer(0.5, proc.communicate, args=("",))  # the write ends in 0.5 s
    finisher.start()
    with open_store(str(filled)) as reader:
        waited = time.monotonic() - started
        assert reader.count() > 0
    finisher.join()
    assert waited >= 0.45


def test_reading_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "nothing")) as store:
        assert store.count() == 0
    assert not (tmp_path / "nothing").exists()


def test_a_foreign_directory_is_never_written_into(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a claimgraph store"):
        open_store(str(tmp_path), writable=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_read_only_handles_refuse_writes(filled: Path) -> None:
    from kg.store.base import Change

    with open_store(str(filled)) as store, pytest.raises(StoreError, match="read-only"):
        store.apply(Change(insert={"http://g": ["<http://a> <http://b> <http://c>"]}))


def dump(location: str) -> bytes:
    out = io.BytesIO()
    with open_store(location) as store:
        store.dump(out, ox.RdfFormat.N_QUADS)
    return out.getvalue()


def test_bulk_copy_path_and_transaction_path_give_the_same_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheets = [EXAMPLES / "meta-talent-war.yaml", EXAMPLES / "openai-board-2023.json"]
    for name, threshold in (("transaction", 10**9), ("bulk", 1)):
        monkeypatch.setattr(embedded, "BULK_THRESHOLD", threshold)
        with open_store(str(tmp_path / name), writable=True) as store:
            for sheet in sheets:
                ingest(store, [sheet])
    assert dump(str(tmp_path / "bulk")) == dump(str(tmp_path / "transaction"))
    # The bulk path leaves one database, the current one.
    assert len([p for p in (tmp_path / "bulk").iterdir() if p.name.startswith("db-")]) == 1


def test_a_big_write_works_out_its_listing_rows_on_the_copy_while_it_is_compacted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past COMPACT_AFTER, the engine compacts the copy on a thread while the ingest reads
    the copy for the rows kg contested keeps; they are those a one-transaction write
    leaves, and those the graphs give."""
    sheets = [EXAMPLES / "meta-talent-war.yaml", EXAMPLES / "harbour-strike.yaml"]
    compactions: list[str] = []
    compact = bulk._Compaction.run

    def recorded(self: bulk._Compaction) -> None:
        compactions.append(threading.current_thread().name)
        compact(self)

    monkeypatch.setattr(bulk._Compaction, "run", recorded)
    listed = {}
    for name, threshold, compact_after in (("transaction", 10**9, 10**9), ("bulk", 1, 1)):
        monkeypatch.setattr(embedded, "BULK_THRESHOLD", threshold)
        monkeypatch.setattr(bulk, "COMPACT_AFTER", compact_after)
        with open_store(str(tmp_path / name), writable=True) as store:
            for sheet in sheets:
                ingest(store, [sheet])
            assert kept_listing(store) is not None
            listed[name] = contested(store)
            assert listed[name] == contested(store, from_graphs=True)
    # Two writes an ingest, both past the thresholds here: its claims, then the rows.
    assert compactions == ["kg-compaction"] * 4
    assert listed["bulk"] == listed["transaction"] and listed["bulk"]["propositions"]


def test_a_compaction_that_fails_leaves_the_store_as_it_was(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dump(str(filled))
    monkeypatch.setattr(embedded, "BULK_THRESHOLD", 1)
    monkeypatch.setattr(bulk, "COMPACT_AFTER", 1)

    def full_disk(self: bulk._Compaction) -> None:
        self.error = OSError(28, "No space left on device")

    monkeypatch.setattr(bulk._Compaction, "run", full_disk)
    with (
        open_store(str(filled), writable=True) as store,
        pytest.raises(OSError, match="No space left"),
    ):
        ingest(store, [EXAMPLES / "harbour-strike.yaml"])
    assert dump(str(filled)) == before
    assert len([p for p in filled.iterdir() if p.name.startswith("db-")]) == 1


def test_a_stray_copy_from_a_crash_is_removed_and_ignored(filled: Path) -> None:
    before = dump(str(filled))
    stray = filled / "db-999999"
    stray.mkdir()
    (stray / "CURRENT").write_text("half-written")
    assert dump(str(filled)) == before
    with open_store(str(filled), writable=True):
        pass
    assert not stray.exists()


def test_string_rows_give_every_value_the_engine_holds() -> None:
    """The engine's TSV, split in bulk, gives the same values and languages as its terms."""
    from kg.store.base import cell_datatype, cell_language, cell_term, cell_value, string_rows

    engine = ox.Store()
    xsd = "http://www.w3.org/2001/XMLSchema#"
    objects = [
        ox.Literal(text)
        for text in ("tab\there\nnew\rcr", 'q"\\', "", "x\u2028y", "a\x01\x08\x0cb\x7f", "\\n")
    ] + [
        ox.Literal("😀"),
        ox.Literal("hé", language="fr-ca"),
        ox.Literal("-5", datatype=ox.NamedNode(xsd + "integer")),
        ox.Literal("true", datatype=ox.NamedNode(xsd + "boolean")),
        ox.Literal("0.10", datatype=ox.NamedNode(xsd + "decimal")),
        ox.Literal("5", datatype=ox.NamedNode(xsd + "decimal")),
        ox.Literal("12", datatype=ox.NamedNode(xsd + "int")),
        ox.Literal("1.5E0", datatype=ox.NamedNode(xsd + "double")),
        ox.Literal("2020-01", datatype=ox.NamedNode(xsd + "gYearMonth")),
        ox.NamedNode("https://example.org/é?a=b#c"),
    ]
    for term in objects:
        engine.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), term))
    query = "SELECT ?o ?unbound WHERE { ?s ?p ?o }"

    def described(term: ox.NamedNode | ox.Literal) -> tuple[str, str | None, str | None, str]:
        datatype = term.datatype.value if isinstance(term, ox.Literal) else None
        return term.value, getattr(term, "language", None), datatype, str(term)

    expected = sorted(described(s["o"]) for s in engine.query(query))
    found = string_rows(engine.query(query))
    assert all(unbound == "" and cell_value(unbound) is None for _, unbound in found)
    assert all(cell_term(unbound) is None for _, unbound in found)
    assert (
        sorted((cell_value(o), cell_language(o), cell_datatype(o), cell_term(o)) for o, _ in found)
        == expected
    )
    assert {o for o, _ in found if o.startswith("<")} == {"<https://example.org/é?a=b#c>"}


def test_a_big_rebuild_goes_into_a_new_database_with_every_other_graph(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change that empties a graph, past the bulk threshold, is written into a new
    database (no quad-by-quad delete): the same data as the transaction, nothing else lost."""
    from kg.derive.rebuild import rebuild

    with open_store(str(filled), writable=True) as store:
        store.update(
            "INSERT DATA { <urn:x> <urn:p> 'default graph' . "
            "GRAPH <urn:other> { <urn:x> <urn:p> 'other graph' } }"
        )
    before = dump(str(filled))
    with open_store(str(filled), writable=True) as store:
        # Stale derived data a rebuild must drop.
        store.update(
            "INSERT DATA { GRAPH <https://w3id.org/claimgraph/graph/derived> "
            "{ <urn:stale> <urn:p> <urn:o> } }"
        )
    monkeypatch.setattr(embedded, "BULK_THRESHOLD", 1)

    def no_copy(*_: object) -> None:
        raise AssertionError("a rebuild must not clear a checkpoint copy")

    monkeypatch.setattr(embedded.EmbeddedStore, "_copy_write", no_copy)
    with open_store(str(filled), writable=True) as store:
        old = store.path / store._info["data"]  # type: ignore[attr-defined]
        store.apply(rebuild(store))
        assert not old.exists()
    assert dump(str(filled)) == before
    assert len([p for p in filled.iterdir() if p.name.startswith("db-")]) == 1


@pytest.mark.parametrize(
    "hostile",
    ['altman" } ?x ?p ?o . { "', 'a\\"b', "line\nbreak", "}) ; DROP ALL #", "'single'"],
)
def test_bound_values_stay_one_term_whatever_they_hold(hostile: str) -> None:
    # Bindings are written into the query as a VALUES block (the engine plans with them);
    # a value that looks like SPARQL must still match only itself.
    with open_store("memory:", writable=True) as store:
        ingest(store, [EXAMPLES / "meta-talent-war.yaml"])
        query = "SELECT ?x WHERE { ?x schema:identifier ?needle }"
        assert [r["x"] for r in store.query(query, {"needle": ox.Literal(hostile)})] == []
        found = [r["x"].value for r in store.query(query, {"needle": ox.Literal("altman")})]
        assert found == ["https://example.org/talent-war/agent/altman"]
        assert store.query("ASK { ?x schema:identifier ?needle }", {"needle": ox.Literal("beyer")})


def test_a_failing_read_beside_the_write_leaves_the_store_as_it_was(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What reads the copy (ingest's listing rows) runs inside the commit: if it is stopped
    (^C), the copy goes, compacted or not, and the store is as it was."""
    before = dump(str(filled))
    monkeypatch.setattr(embedded, "BULK_THRESHOLD", 1)
    for compact_after in (1, 10**9):
        monkeypatch.setattr(bulk, "COMPACT_AFTER", compact_after)

        def stopped(reader: object) -> None:
            raise KeyboardInterrupt

        with open_store(str(filled), writable=True) as store:
            writer = store.writer()
            # past the threshold: the write goes into a copy of the database
            lines = [f"<urn:a> <urn:p> <urn:o{n}>" for n in range(3)]
            writer.insert("https://w3id.org/claimgraph/graph/asserted", lines)
            with pytest.raises(KeyboardInterrupt):
                writer.commit(stopped)
        assert dump(str(filled)) == before
        assert len([p for p in filled.iterdir() if p.name.startswith("db-")]) == 1
